import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { startServer } from '../e2e/support/server';
import { BenchOptions, ROOT, Row } from './support';

/**
 * The web app's figures: the public overview's initial JavaScript (every script the built index.html
 * loads at once: its module entry and modulepreloads, gzipped as a server would send them) against a
 * 150 KB budget, and Lighthouse's performance and accessibility scores for / and /projekte against
 * 90 and 95, run against the real server with Debian's Chromium (CHROME_PATH, default /usr/bin/chromium).
 * Without a build (web/dist) the rows say so instead of failing the run.
 */
const BUDGET_KB = 150;
const TARGETS = { performance: 90, accessibility: 95 } as const;
const PAGES = ['/', '/projekte'];
const CHROME = process.env.CHROME_PATH || process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const webRoot = () => process.env.WEB_ROOT || join(ROOT, 'web', 'dist');

/** The scripts index.html makes the browser fetch before anything else: module entries and modulepreloads. */
export function initialScripts(html: string): string[] {
  const found = new Set<string>();
  for (const tag of html.match(/<script\b[^>]*>/gi) ?? []) {
    const src = /\bsrc=["']([^"']+)["']/i.exec(tag)?.[1];
    if (src) found.add(src);
  }
  for (const tag of html.match(/<link\b[^>]*>/gi) ?? []) {
    if (!/\brel=["']modulepreload["']/i.test(tag)) continue;
    const href = /\bhref=["']([^"']+)["']/i.exec(tag)?.[1];
    if (href) found.add(href);
  }
  return [...found].filter((url) => !/^(https?:)?\/\//.test(url));
}

function bundleRow(root: string): Row {
  const scripts = initialScripts(readFileSync(join(root, 'index.html'), 'utf8'));
  const sizes = scripts.map((url) => {
    const bytes = readFileSync(join(root, url.replace(/^\//, '').split('?')[0]));
    return { url, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
  });
  const kb = sizes.reduce((sum, s) => sum + s.gzip, 0) / 1024;
  return {
    area: 'web',
    name: 'overview initial JavaScript (gzip)',
    value: Math.round(kb * 10) / 10,
    unit: 'KB',
    baseline: BUDGET_KB,
    baselineName: 'budget',
    ratio: kb / BUDGET_KB,
    target: `≤ ${BUDGET_KB} KB`,
    pass: kb <= BUDGET_KB,
    note: `${sizes.length} file(s), ${Math.round(sizes.reduce((s, f) => s + f.raw, 0) / 1024)} KB before gzip`,
    extra: { files: sizes },
  };
}

interface LighthouseScores {
  performance: number;
  accessibility: number;
  metrics: Record<string, number | undefined>;
}

async function lighthouse(url: string, outDir: string, name: string): Promise<LighthouseScores> {
  const cli = join(dirname(require.resolve('lighthouse/package.json')), 'cli', 'index.js');
  const output = join(outDir, `lighthouse-${name}.json`);
  await promisify(execFile)(
    process.execPath,
    [
      cli,
      url,
      '--quiet',
      '--only-categories=performance,accessibility',
      '--output=json',
      `--output-path=${output}`,
      '--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run',
    ],
    { env: { ...process.env, CHROME_PATH: CHROME }, maxBuffer: 64 << 20, timeout: 180_000 },
  );
  const report = JSON.parse(readFileSync(output, 'utf8'));
  const metric = (id: string) => report.audits[id]?.numericValue as number | undefined;
  return {
    performance: Math.round(report.categories.performance.score * 100),
    accessibility: Math.round(report.categories.accessibility.score * 100),
    metrics: {
      fcpMs: metric('first-contentful-paint'),
      lcpMs: metric('largest-contentful-paint'),
      tbtMs: metric('total-blocking-time'),
      cls: metric('cumulative-layout-shift'),
    },
  };
}

function scoreRows(path: string, scores: LighthouseScores): Row[] {
  const ms = (n: number | undefined) => (n === undefined ? '–' : `${Math.round(n)} ms`);
  return (['performance', 'accessibility'] as const).map((category) => ({
    area: 'web',
    name: `Lighthouse ${category} ${path}`,
    value: scores[category],
    unit: 'score',
    target: `≥ ${TARGETS[category]}`,
    pass: scores[category] >= TARGETS[category],
    note:
      category === 'performance'
        ? `mobile, simulated throttling; FCP ${ms(scores.metrics.fcpMs)}, LCP ${ms(scores.metrics.lcpMs)}, TBT ${ms(scores.metrics.tbtMs)}`
        : undefined,
    extra: scores.metrics,
  }));
}

const missing = (name: string, note: string): Row => ({ area: 'web', name, value: null, unit: '', pass: null, note });

export async function benchWeb(options: BenchOptions): Promise<Row[]> {
  const root = webRoot();
  if (!existsSync(join(root, 'index.html'))) {
    const note = `no web build at ${root}: run npm run build (needs web/vite.config.ts)`;
    options.log(`web: ${note}`);
    return [missing('overview initial JavaScript (gzip)', note), missing('Lighthouse', note)];
  }
  const rows = [bundleRow(root)];
  options.log(`web: initial JavaScript ${rows[0].value} KB gzip`);
  if (!existsSync(CHROME)) return [...rows, missing('Lighthouse', `no Chromium at ${CHROME} (apt-get install chromium, or set CHROME_PATH)`)];
  const server = await startServer({ NODE_ENV: 'production', WEB_ROOT: root });
  try {
    for (const path of PAGES) {
      options.log(`web: Lighthouse ${path} …`);
      try {
        const scores = await lighthouse(`${server.base}${path}`, options.workDir, path === '/' ? 'overview' : path.slice(1).replace(/\W+/g, '-'));
        rows.push(...scoreRows(path, scores));
      } catch (error) {
        // Lighthouse names the reason on stderr (e.g. NO_FCP: the page painted nothing).
        const stderr = String((error as { stderr?: string }).stderr ?? (error as Error).message);
        const reason = stderr.split('\n').find((line) => /error|NO_|fail/i.test(line)) ?? stderr.split('\n')[0];
        options.log(`web: Lighthouse ${path} failed: ${reason}`);
        rows.push({ ...missing(`Lighthouse ${path}`, `Lighthouse failed: ${reason.slice(0, 160)}`), pass: false });
      }
    }
  } finally {
    await server.stop();
  }
  return rows;
}
