#!/usr/bin/env node
// npm run build (and `prepare`, so `npm ci` builds): the server, its OpenAPI document, and the web app.
//   1. tsc -p tsconfig.build.json                     src/ -> dist/
//   2. node dist/scripts/openapi-dump.js web/openapi.json   (boots on in-memory SQLite, never listens)
//   3. openapi-typescript web/openapi.json -o web/src/api/schema.d.ts   the web app's typed client
//   4. tsc -p web/tsconfig.json, then vite build --config web/vite.config.ts   web/ -> web/dist (served at /)
//   5. .br and .gz beside each text file of web/dist   the server sends them to browsers that accept them
// Steps 3-4 run only once the web app exists (web/vite.config.ts); without it the API builds alone.
// `--server-only` stops after step 2 (build-if-stale uses it when only src/ changed).
const { existsSync, readdirSync, readFileSync, writeFileSync } = require('node:fs');
const { brotliCompressSync, constants, gzipSync } = require('node:zlib');
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
  // Vite strips types without checking them: tsc makes a renamed API field break the build, not the page.
  run('web app type check (tsc)', bin('typescript', 'tsc'), ['-p', 'web/tsconfig.json']);
  run('web app (vite)', bin('vite'), ['build', '--config', 'web/vite.config.ts']);
  console.error('build: brotli and gzip copies of web/dist');
  precompress(join(root, 'web', 'dist'));
}

/** Brotli and gzip copies of the build's text files (the server picks one by Accept-Encoding; @fastify/static preCompressed). */
function precompress(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) precompress(path);
    else if (/\.(js|mjs|css|html|svg|json|txt|map)$/.test(entry.name)) {
      const bytes = readFileSync(path);
      if (bytes.length < 1024) continue;
      writeFileSync(`${path}.br`, brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
      writeFileSync(`${path}.gz`, gzipSync(bytes, { level: 9 }));
    }
  }
}

module.exports = { buildServer, buildWeb, precompress };

if (require.main === module) {
  buildServer();
  if (!process.argv.includes('--server-only')) buildWeb();
}
