import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { STATUS_BY_KIND } from '../src/common/errors/error.filter';

/**
 * The error-code catalogue and docs/api.md agree: every code a catalogue (`src/<feature>/<feature>.errors.ts`) holds is
 * documented with its status, every documented code is in a catalogue, and no code is written anywhere else.
 */
const ROOT = join(__dirname, '..');
const CODE = /\b[A-Z]{2,}(?:_[A-Z]+)*\.[A-Z]{2,}(?:_[A-Z]+)*\b/g;
const CODE_LITERAL = /'([A-Z]{2,}(?:_[A-Z]+)*(?:\.[A-Z]{2,}(?:_[A-Z]+)*)?)'/g;
const STATUS_BY_CLASS: Record<string, string> = {
  NotFound: '404',
  RuleViolation: '422',
  Conflict: '409',
  Forbidden: '403',
  Unauthenticated: '401',
  ValidationFailed: '400',
  SyntheticPortfolioError: 'CLI',
};

function sources(dir: string, specs = false): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && (specs || !/\.(e2e-)?spec\.ts$/.test(e.name)))
    .map((e) => relative(ROOT, join(e.parentPath, e.name)));
}

const files = sources('src');
const catalogues = files.filter((f) => f.endsWith('.errors.ts'));
const text = (file: string) => readFileSync(join(ROOT, file), 'utf8');

/** The status a catalogue gives a code, read from how it is raised there. */
function statusIn(source: string, code: string): string | undefined {
  const q = code.replace('.', '\\.');
  const patterns: [RegExp, (m: RegExpExecArray) => string | undefined][] = [
    [new RegExp(`(\\d{3}): '${q}'`), (m) => m[1]],
    [new RegExp(`statusCode: (\\d{3}),\\s*code: '${q}'`), (m) => m[1]],
    [new RegExp(`new DomainError\\(\\s*'(\\w+)',\\s*'${q}'`), (m) => String(STATUS_BY_KIND[m[1] as keyof typeof STATUS_BY_KIND])],
    [new RegExp(`new (\\w+)\\(\\s*'${q}'`), (m) => STATUS_BY_CLASS[m[1]]],
  ];
  for (const [pattern, status] of patterns) {
    const match = pattern.exec(source);
    if (match) return status(match);
  }
  return undefined;
}

const catalogued = new Map<string, { file: string; status?: string }>();
for (const file of catalogues) {
  const source = text(file);
  for (const [, code] of source.matchAll(CODE_LITERAL)) catalogued.set(code, { file, status: statusIn(source, code) });
}
// The two codes whose class or filter decides them, not a call in a catalogue.
catalogued.get('VALIDATION.INVALID')!.status ??= '400';
catalogued.get('INTERNAL')!.status ??= '500';

function documented(): Map<string, string> {
  const api = readFileSync(join(ROOT, 'docs/api.md'), 'utf8');
  const section = api.slice(api.indexOf('\n## Error codes\n'));
  const end = section.indexOf('\n## ', 1);
  const rows = (end > 0 ? section.slice(0, end) : section).matchAll(/^\| `([^`]+)` \| ([^|]+?) \|/gm);
  return new Map([...rows].map(([, code, status]) => [code, status.trim()]));
}

describe('error codes: one catalogue per feature, each code documented', () => {
  it('has catalogues, and each feature raises codes of one prefix', () => {
    expect(catalogues.length).toBeGreaterThanOrEqual(10);
    expect(catalogued.has('PROJECT.NOT_FOUND')).toBe(true);
    const prefixes = new Map<string, Set<string>>();
    for (const [code, { file }] of catalogued) {
      if (file.startsWith('src/common/') || file === 'src/auth/auth.errors.ts') continue;
      prefixes.set(file, (prefixes.get(file) ?? new Set()).add(code.split('.')[0]));
    }
    for (const [file, set] of prefixes) expect({ file, prefixes: [...set] }).toEqual({ file, prefixes: [expect.any(String)] });
    expect([...catalogued.keys()].filter((c) => c.startsWith('JOBS.'))).toEqual([]);
  });

  it('docs/api.md lists every code a catalogue holds, with the status it is raised with', () => {
    const docs = documented();
    const missing = [...catalogued.keys()].filter((code) => !docs.has(code));
    expect(missing).toEqual([]);
    for (const [code, { status }] of catalogued) {
      expect({ code, status }).toEqual({ code, status: docs.get(code) });
    }
  });

  it('docs/api.md lists no code that nothing raises', () => {
    const stale = [...documented().keys()].filter((code) => !catalogued.has(code));
    expect(stale).toEqual([]);
  });

  it('no code is written outside a catalogue, and every code mentioned in the code base exists', () => {
    const outside = files.filter((f) => !catalogues.includes(f));
    const literals = outside.flatMap((f) =>
      [...text(f).matchAll(CODE_LITERAL)].filter(([, c]) => c.includes('.')).map(([l]) => `${f}: ${l}`),
    );
    expect(literals).toEqual([]);
    const everywhere = [...outside, ...sources('src', true), ...sources('test', true), ...sources('bench')];
    const unknown = everywhere.flatMap((f) => [...text(f).matchAll(CODE)].filter(([c]) => !catalogued.has(c)).map(([c]) => `${f}: ${c}`));
    expect(unknown).toEqual([]);
  });
});
