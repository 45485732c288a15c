/**
 * `node -r ./bench/register.js bench/run.ts`: runs the TypeScript sources as
 * they are, compiled on load by @swc/core with the same options as the tests
 * (jest.config.js). Running from source keeps every path the code resolves
 * from __dirname (seeds/) exactly as under Jest; a tsc build into another
 * folder would move them. Only .ts files are compiled: the ES modules of
 * @nestjs load through Node's own require(esm) (Node >= 20.19), as in `npm start`.
 *
 * Compiled files are kept in node_modules/.cache/mpsc-bench-swc/ (keyed by
 * path and content), so the child processes the bench measures (peak RSS of
 * an export) load plain JavaScript and never load the compiler.
 */
'use strict';
const { createHash } = require('node:crypto');
const { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const Module = require('node:module');

// Stack traces point into the .ts files; the source maps cost memory, so measured children can turn them off (BENCH_SOURCE_MAPS=0).
if (process.env.BENCH_SOURCE_MAPS !== '0') process.setSourceMapsEnabled(true);

const OPTIONS = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2022',
    keepClassNames: true,
  },
  module: { type: 'commonjs' },
  sourceMaps: 'inline',
  swcrc: false,
  configFile: false,
};
const CACHE = join(__dirname, '..', 'node_modules', '.cache', 'mpsc-bench-swc');
const VERSION = `${require('@swc/core/package.json').version} ${JSON.stringify(OPTIONS)}`;
let swc = null;

function compile(source, filename) {
  const key = createHash('sha256').update(VERSION).update('\0').update(filename).update('\0').update(source).digest('hex');
  const cached = join(CACHE, `${key}.js`);
  try {
    return readFileSync(cached, 'utf8');
  } catch {
    swc ??= require('@swc/core');
    const { code } = swc.transformSync(source, { ...OPTIONS, filename });
    try {
      mkdirSync(CACHE, { recursive: true });
      const partial = `${cached}.${process.pid}.tmp`;
      writeFileSync(partial, code);
      renameSync(partial, cached);
    } catch {
      /* a read-only tree: compile every time */
    }
    return code;
  }
}

Module._extensions['.ts'] = function compileTypeScript(module, filename) {
  module._compile(compile(readFileSync(filename, 'utf8'), filename), filename);
};

/**
 * Compiles every .ts file under the given folders into the cache without
 * loading it. The bench calls it before it starts a measured child: a child
 * that finds a file uncompiled loads @swc/core, ≈ 30 MiB of resident memory
 * that would count in the child's peak RSS (on a clean clone the cache is
 * empty: the export children and the XLSX worker's body, which the bench
 * process itself never loads).
 */
function warm(...folders) {
  for (const folder of folders)
    for (const entry of readdirSync(folder, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile() || !entry.name.endsWith('.ts') || /\.(d|spec|e2e-spec)\.ts$/.test(entry.name)) continue;
      const filename = join(entry.parentPath ?? entry.path, entry.name);
      compile(readFileSync(filename, 'utf8'), filename);
    }
}

module.exports = { warm };
