#!/usr/bin/env node
// npm run build (and `prepare`, so `npm ci` builds): the server, its OpenAPI document, and the web app.
//   1. tsc -p tsconfig.build.json                     src/ -> dist/
//   2. node dist/scripts/openapi-dump.js web/openapi.json   (boots on in-memory SQLite, never listens)
//   3. openapi-typescript web/openapi.json -o web/src/api/schema.d.ts   the web app's typed client
//   4. vite build --config web/vite.config.ts          web/ -> web/dist (served at /)
// Steps 3-4 run only once the web app exists (web/vite.config.ts); without it the API builds alone.
// `--server-only` stops after step 2 (build-if-stale uses it when only src/ changed).
const { existsSync } = require('node:fs');
const { join } = require('node:path');
const { execFileSync } = require('node:child_process');

const root = join(__dirname, '..');
/** A package's command-line entry, as its package.json names it. */
const bin = (pkg, name = pkg) => {
  const dir = join(root, 'node_modules', pkg);
  const { bin: entries } = require(join(dir, 'package.json'));
  return join(dir, typeof entries === 'string' ? entries : entries[name]);
};
const run = (label, script, args) => {
  console.error(`build: ${label}`);
  execFileSync(process.execPath, [script, ...args], { cwd: root, stdio: 'inherit' });
};

function buildServer() {
  run('server (tsc)', bin('typescript', 'tsc'), ['-p', 'tsconfig.build.json']);
  run('OpenAPI document -> web/openapi.json', join(root, 'dist', 'scripts', 'openapi-dump.js'), ['web/openapi.json']);
}

function buildWeb() {
  if (!existsSync(join(root, 'web', 'vite.config.ts'))) {
    console.error('build: no web/vite.config.ts yet, so no web app to build (the API serves without it)');
    return;
  }
  run('typed API client (openapi-typescript)', bin('openapi-typescript'), ['web/openapi.json', '-o', 'web/src/api/schema.d.ts']);
  run('web app (vite)', bin('vite'), ['build', '--config', 'web/vite.config.ts']);
}

module.exports = { buildServer, buildWeb };

if (require.main === module) {
  buildServer();
  if (!process.argv.includes('--server-only')) buildWeb();
}
