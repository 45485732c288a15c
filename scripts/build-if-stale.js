#!/usr/bin/env node
// Compiles src/ to dist/ only when dist/ is missing or older than src/.
// `npm ci` builds once (prepare), so `npm start` on a fresh clone serves within seconds;
// after an edit, the next start rebuilds.
const { existsSync, readdirSync, statSync } = require('node:fs');
const { join } = require('node:path');
const { execFileSync } = require('node:child_process');

const root = join(__dirname, '..');
const newest = (dir) =>
  readdirSync(dir, { withFileTypes: true }).reduce((latest, entry) => {
    const path = join(dir, entry.name);
    return Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }, 0);

const stamp = join(root, 'dist', 'main.js');
const sources = Math.max(newest(join(root, 'src')), statSync(join(root, 'tsconfig.build.json')).mtimeMs);
if (existsSync(stamp) && statSync(stamp).mtimeMs >= sources) process.exit(0);
console.error('Building dist/ (src/ changed since the last build) …');
execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
