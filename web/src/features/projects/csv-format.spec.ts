import { describe, expect, it } from '@jest/globals';
import type { Project } from '../../lib/portfolio';
import { csvCell, projectRow, toCsv } from './csv-format';

const project: Project = {
  id: 1, slug: 'kassel', name: 'Kassel', motto: '=HYPERLINK("x")', round: { number: 2, year: 2020 }, category: 'GROSSSTADT',
  states: ['DE-HE'], lead: { id: 7, name: 'Stadt Kassel' }, members: [], grantCents: null, grantUncertain: false,
  source: 'Pressemitteilung; 2020', phase: 'B', status: 'active',
};

describe('the explorer CSV', () => {
  it('quotes separators, quotes and line breaks, and guards formula-looking text', () => {
    expect(csvCell('a;b')).toBe('"a;b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('=SUM(A1)')).toBe("'=SUM(A1)");
    expect(csvCell('@x')).toBe("'@x");
    expect(csvCell('plain')).toBe('plain');
  });

  it('writes an unknown grant as an empty cell, never 0', () => {
    const row = projectRow(project, () => 'Großstädte', () => 'Hessen');
    expect(row[9]).toBe('');
    expect(row.slice(0, 7)).toEqual(['kassel', 'Kassel', '=HYPERLINK("x")', '2', '2020', 'Großstädte', 'Hessen']);
  });

  it('starts with a BOM and ends every line with CRLF', () => {
    const text = toCsv([['a', 'b'], [projectRow(project, String, String)[2]]]);
    expect(text).toBe('\ufeffa;b\r\n"\'=HYPERLINK(""x"")"\r\n');
  });
});
