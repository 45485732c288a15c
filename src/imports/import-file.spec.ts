import { parseCsv, readTable, splitSimpleCsv } from './import-file';

/** Texts the direct split must read exactly as csv-parse does (or leave to it). */
const TEXTS: [string, string][] = [
  ['LF, no final break', 'external_ref;project;amount_eur\nBK-1;kassel;1,00\nBK-2;ulm;2,00'],
  ['LF, final break', 'external_ref;project;amount_eur\nBK-1;kassel;1,00\n'],
  ['CRLF throughout', 'external_ref;project;amount_eur\r\nBK-1;kassel;1,00\r\nBK-2;ulm;2,00\r\n'],
  ['blank lines counted and skipped', 'external_ref;project\n\nBK-1;kassel\n\n\nBK-2;ulm\n\n'],
  ['blank lines before the header', '\n\nexternal_ref;project\nBK-1;kassel\n'],
  ['rows of separators only (Excel’s emptied rows)', 'external_ref;project;note\r\n;;\r\nBK-1;kassel;x\r\n ; ;\r\n'],
  ['short and long rows', 'external_ref;project;note\nBK-1\nBK-2;ulm;a;b;c\n'],
  ['spaces around cells and headers', ' Buchungsnummer ; Projekt  ;Betrag (EUR)\n  BK-1 ;  kassel ; 1.234,56 \n'],
  ['tabs and non-breaking spaces', 'external_ref;note\nBK-1;\ta\u00a0b\t\n'],
  ['comma dialect', 'external_ref,project,amount_eur\nBK-1,kassel,1234.56\n'],
  ['the other separator inside a cell', 'external_ref;note\nBK-1;a, b, c\n'],
  ['umlauts and a BOM-free UTF-8 text', 'external_ref;note\nBK-1;Überweisung für Köln – ß\n'],
  ['duplicate header names', 'external_ref;note;note\nBK-1;a;b\n'],
  ['header only', 'external_ref;project\n'],
  ['header only, no break', 'external_ref;project'],
  ['empty text', ''],
  ['only breaks', '\n\n\r\n'],
  ['a single quote character', 'external_ref;note\nBK-1;5" Rohr\n'],
  ['quoted cells with separators and breaks', 'external_ref;note\n"BK-1";"a;b\nc"\nBK-2;"x ""y"""\n'],
  ['mixed LF and CRLF', 'external_ref;note\r\nBK-1;a\nBK-2;b\r\n'],
  ['lone CR line breaks (old Mac)', 'external_ref;note\rBK-1;a\rBK-2;b\r'],
  ['a CR inside a line', 'external_ref;note\nBK-1;a\rb\n'],
  ['a final blank line with spaces', 'external_ref;note\nBK-1;a\n   '],
];

describe('splitSimpleCsv (the direct split of quote-free CSV) reads what csv-parse reads', () => {
  it.each(TEXTS)('%s', (_case, text) => {
    const delimiter = text.startsWith('external_ref,') ? ',' : ';';
    const simple = splitSimpleCsv(text, delimiter);
    // Quotes (csv-parse may refuse the text: "5\" Rohr" is malformed), lone or mixed CRs: left to csv-parse.
    if (text.includes('"') || /\r(?!\n)/.test(text) || (text.includes('\r\n') && /[^\r]\n|^\n/.test(text))) {
      expect(simple).toBeNull();
    } else {
      const parsed = parseCsv(text, delimiter);
      expect({ columns: simple?.columns, rows: [...(simple?.rows ?? [])] }).toEqual(parsed);
      expect(simple?.rows.length).toBe(parsed.rows.length);
    }
  });

  it('is the path a quote-free upload takes, with the same rows and row numbers', async () => {
    const text =
      'Buchungsnummer;Projekt;Datum;Betrag;Haushaltsjahr\r\n\r\nBK-1;kassel;15.03.2022;1.234,56;2022\r\n;;;;\r\nBK-2;ulm;2022-04-01;7,00;2022\r\n';
    const table = await readTable(Buffer.from(text, 'utf8'), 10);
    expect(table.dialect).toBe('excel-de');
    expect(table.columns).toEqual(['external_ref', 'project', 'date', 'amount_eur', 'budget_year']);
    expect([...table.rows]).toEqual([
      {
        row: 3,
        cells: { external_ref: 'BK-1', project: 'kassel', date: '15.03.2022', amount_eur: '1.234,56', budget_year: '2022' },
        formulas: [],
      },
      {
        row: 5,
        cells: { external_ref: 'BK-2', project: 'ulm', date: '2022-04-01', amount_eur: '7,00', budget_year: '2022' },
        formulas: [],
      },
    ]);
    const simple = splitSimpleCsv(text, ';');
    expect(simple?.columns).toEqual(table.columns);
    expect([...(simple?.rows ?? [])]).toEqual([...table.rows]);
  });

  it('counts the rows of a quote-free file against the limit as csv-parse did', async () => {
    const text = `external_ref;project\n${['BK-1;a', 'BK-2;b', 'BK-3;c'].join('\n')}\n`;
    await expect(readTable(Buffer.from(text), 2)).rejects.toMatchObject({ code: 'IMPORT.TOO_MANY_ROWS' });
    const table = await readTable(Buffer.from(text), 3);
    expect(table.rows.length).toBe(3);
    expect([...table.rows]).toMatchObject([{ row: 2 }, { row: 3 }, { row: 4 }]);
  });
});
