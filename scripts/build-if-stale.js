#!/usr/bin/env node
// Builds only what is older than its sources: the server (dist/) when src/ changed, the web app
// (web/dist/) when web/ changed or the server's API did (the typed client is generated from it).
// `npm ci` builds everything once (prepare), so `npm start` on a fresh clone serves within seconds;
// after an edit, the next start rebuilds.
const { existsSync, readdirSync, statSync } = require('node:fs');
const { join } = require('node:path');
const { buildServer, buildWeb } = require('./build');

const root = join(__dirname, '..');
const newest = (path) => {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path, { withFileTypes: true })
    .filter((entry) => entry.name !== 'dist' && entry.name !== 'node_modules')
    .reduce((latest, entry) => Math.max(latest, newest(join(path, entry.name))), 0);
};
const builtAt = (file) => (existsSync(file) ? statSync(file).mtimeMs : 0);

const server = Math.max(newest(join(root, 'src')), newest(join(root, 'tsconfig.build.json')));
const serverStale = builtAt(join(root, 'dist', 'main.js')) < server;
if (serverStale) {
  console.error('Building dist/ (src/ changed since the last build) …');
  buildServer();
}
const hasWeb = existsSync(join(root, 'web', 'vite.config.ts'));
if (hasWeb && (serverStale || builtAt(join(root, 'web', 'dist', 'index.html')) < newest(join(root, 'web')))) {
  console.error('Building web/dist/ (web/ changed since the last build) …');
  buildWeb();
}
