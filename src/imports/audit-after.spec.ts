import Database from 'better-sqlite3';
import type { Disbursement } from '../funding/disbursement.entity';
import { disbursementDto } from '../funding/ledger-view';
import { AFTER_SQL, afterJson, afterSql } from './bulk-disbursements';

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

describe('AFTER_SQL (the same audit text, built by SQLite for a bulk import there)', () => {
  const db = new Database(':memory:');
  db.exec(`CREATE TABLE disbursement (id integer PRIMARY KEY, project_id integer NOT NULL, amount_cents bigint NOT NULL, date date NOT NULL,
    budget_year integer NOT NULL, note varchar(2000), created_by_id integer, created_at datetime NOT NULL DEFAULT (datetime('now')))`);
  afterAll(() => db.close());

  it.each([
    ['a plain note', 'Mittelabruf 12 für Köln', 7, 'text'],
    ['quotes, backslashes and umlauts', 'Abruf 3 "Rest" \\ – Übergang ß €', 7, 'text'],
    ['line breaks and tabs', 'Zeile 1\nZeile 2\r\n\tEnde', 7, 'value'],
    ['no note and no creator', null, null, 'text'],
  ])(
    'writes what afterJson writes, with %s (the same text, or where escapes may differ the same value)',
    (_case, note, createdById, same) => {
      const entry = { projectId: 12, amountCents: 82_000_000_000, date: '2022-03-04', budgetYear: 2022, note, createdById };
      const { lastInsertRowid } = db
        .prepare('INSERT INTO disbursement (project_id, amount_cents, date, budget_year, note, created_by_id) VALUES (?, ?, ?, ?, ?, ?)')
        .run(entry.projectId, entry.amountCents, entry.date, entry.budgetYear, entry.note, entry.createdById);
      const id = Number(lastInsertRowid);
      const { after, created } = db
        .prepare(`SELECT ${AFTER_SQL} AS after, created_at AS created FROM disbursement WHERE id = ?`)
        .get(id) as {
        after: string;
        created: string;
      };
      const expected = afterJson(entry, id, new Date(`${created.replace(' ', 'T')}Z`).toISOString());
      if (same === 'text') expect(after).toBe(expected);
      expect(JSON.parse(after)).toEqual(JSON.parse(expected));
    },
  );
});

/** Entries created at the given times and one by the column default; `texts` reads each one's `after` by the given SQL. */
function entriesCreatedAt(created: string[]) {
  const db = new Database(':memory:');
  db.exec(`CREATE TABLE disbursement (id integer PRIMARY KEY, project_id integer NOT NULL, amount_cents bigint NOT NULL, date date NOT NULL,
    budget_year integer NOT NULL, note varchar(2000), created_by_id integer, created_at datetime NOT NULL DEFAULT (datetime('now')))`);
  const insert = db.prepare(
    'INSERT INTO disbursement (project_id, amount_cents, date, budget_year, note, created_by_id, created_at) VALUES (12, ?, ?, 2022, ?, 7, ?)',
  );
  created.forEach((at, i) => insert.run(100 + i, `2022-03-0${1 + i}`, i % 2 ? null : `Abruf "${i}" – ß`, at));
  db.prepare(
    "INSERT INTO disbursement (project_id, amount_cents, date, budget_year, note, created_by_id) VALUES (12, 1, '2022-04-01', 2022, NULL, NULL)",
  ).run();
  const texts = (sql: string) => db.prepare(`SELECT ${sql} AS after FROM disbursement ORDER BY id`).all() as { after: string }[];
  return { db, texts };
}

describe('afterSql (AFTER_SQL with the date conversion skipped for entries created in the current second)', () => {
  it('writes the same text as AFTER_SQL for entries of that second, of other seconds and of the column default', () => {
    const created = ['2026-12-01 06:13:20', '2026-12-01 06:13:19', '2026-12-01 06:13:21', '2025-01-01 00:00:00', '2026-12-01 06:13:20'];
    const { db, texts } = entriesCreatedAt(created);
    const reference = texts(AFTER_SQL);
    expect(reference).toHaveLength(6);
    for (const now of [
      new Date('2026-12-01T06:13:20.345Z'),
      new Date('2026-12-01T06:13:20.000Z'),
      new Date(),
      new Date('1999-01-01T00:00:00Z'),
    ]) {
      expect(afterSql(now)).not.toBe(AFTER_SQL);
      expect(texts(afterSql(now))).toEqual(reference);
    }
    expect(afterSql(new Date('2026-12-01T06:13:20.999Z'))).toContain("created_at = '2026-12-01 06:13:20' THEN '2026-12-01T06:13:20.000Z'");
    db.close();
  });

  it('over several seconds (an import that took longer than one): the same text for entries of each, of others and of the default', () => {
    const { db, texts } = entriesCreatedAt([
      '2026-12-01 06:13:17',
      '2026-12-01 06:13:18',
      '2026-12-01 06:13:19',
      '2026-12-01 06:13:20',
      '2026-12-01 06:13:21',
    ]);
    const sql = afterSql(new Date('2026-12-01T06:13:20.400Z'), new Date('2026-12-01T06:13:18.900Z'));
    for (const second of ['18', '19', '20']) {
      expect(sql).toContain(`created_at = '2026-12-01 06:13:${second}' THEN '2026-12-01T06:13:${second}.000Z'`);
    }
    expect(sql).not.toContain("'2026-12-01 06:13:17'");
    expect(sql).not.toContain("'2026-12-01 06:13:21'");
    expect(texts(sql)).toEqual(texts(AFTER_SQL));
    expect(afterSql(new Date('2026-12-01T06:13:20Z'), new Date('2026-12-01T05:00:00Z')).match(/WHEN created_at =/g)).toHaveLength(60);
    db.close();
  });
});
