import { IMPORT_COLUMNS, type ImportKind } from './import-rows';

const EXAMPLES: Record<ImportKind, string[][]> = {
  commitments: [['ZB-2021-0001', 'kassel', '2021-03-15', '1.100.000,00', 'B', '2021', 'Zuwendungsbescheid Phase B']],
  disbursements: [['BK-2022-000123', 'kassel', '2022-04-01', '250.000,00', '2022', 'Mittelabruf 1']],
  reversals: [
    ['ST-2022-0001', 'disbursement', 'BK-2022-000123', '', '2022-05-02', '50.000,00', 'Fehlbuchung: Betrag zu hoch'],
    ['ST-2022-0002', 'commitment', '', '17', '2022-06-30', '10.000,00', 'Teilaufhebung des Bescheids'],
  ],
  repayments: [['RZ-2023-0001', 'kassel', '2023-02-15', '12.500,00', '2023', 'Rückforderung nach Verwendungsnachweis']],
};

/** The CSV template: German Excel dialect (BOM, `;`, decimal comma), header and one example row. */
export function csvTemplate(kind: ImportKind): Buffer {
  const lines = [IMPORT_COLUMNS[kind], ...EXAMPLES[kind]].map((cells) => cells.join(';'));
  return Buffer.from(`\ufeff${lines.join('\r\n')}\r\n`, 'utf8');
}

/** The XLSX template: header, one example row, every cell text so Excel keeps references and dates as typed. */
export async function xlsxTemplate(kind: ImportKind): Promise<Buffer> {
  const excel = (await import('exceljs')).default; // on demand, as in import-file.ts
  const workbook = new excel.Workbook();
  const sheet = workbook.addWorksheet(kind);
  sheet.addRow(IMPORT_COLUMNS[kind]);
  for (const example of EXAMPLES[kind]) sheet.addRow(example);
  sheet.getRow(1).font = { bold: true };
  sheet.columns.forEach((column) => {
    column.width = 22;
    column.numFmt = '@';
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
