import type { Disbursement } from '../funding/disbursement.entity';
import { disbursementDto } from '../funding/ledger-view';
import { afterJson } from './bulk-disbursements';

describe('afterJson (the audit row of an imported disbursement)', () => {
  it.each([
    ['a plain note', 'Abruf 3 "Rest" – Übergang\\n', 7],
    ['no note and no creator', null, null],
  ])('reads back as the DTO a single booking records, with %s', (_case, note, createdById) => {
    const entry = { projectId: 12, amountCents: 123456, date: '2022-03-04', budgetYear: 2022, note, createdById };
    const createdAt = '2026-11-30T18:00:01.000Z';
    const dto = disbursementDto({ ...entry, id: 99, createdAt: new Date(createdAt) } as unknown as Disbursement);
    expect(afterJson(entry, 99, createdAt)).toBe(JSON.stringify(dto));
  });
});
