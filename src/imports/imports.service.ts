import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import type { Actor } from '../auth/actor';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { TransactionService } from '../database/transaction.service';
import { type JobContext, PermanentJobError } from '../jobs/job-catalogue';
import { JobsService } from '../jobs/jobs.service';
import { type ApplyResult, ImportApplier } from './import-apply';
import { readTable } from './import-file';
import { type ImportKind, type ImportRow, readRows, REQUIRED_COLUMNS, type RowError } from './import-rows';
import { columnsMissing, rowsInvalid } from './imports.errors';

export interface DryRunResult {
  rows: number;
  valid: number;
  alreadyPresent: number;
  errors: RowError[];
}

/** Thrown to end a dry run's transaction: everything it did is rolled back. */
class DryRunDone extends Error {
  constructor(readonly result: ApplyResult) {
    super('dry run: rolled back');
  }
}

const byRow = (a: RowError, b: RowError) => a.row - b.row;

/**
 * Bulk import of commitments, disbursements, reversals and repayments. A dry run applies every row through the funding (or ledger) service in a
 * transaction that is always rolled back, so it finds exactly what a commit would; a commit stores the file and
 * queues an 'import' run, which applies all rows in one transaction and commits only when no row has an error.
 */
@Injectable()
export class ImportsService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly transactions: TransactionService,
    private readonly applier: ImportApplier,
    private readonly jobs: JobsService,
  ) {}

  async dryRun(actor: Actor, kind: ImportKind, bytes: Buffer): Promise<DryRunResult> {
    const { total, rows, errors } = await this.read(kind, bytes);
    let applied: ApplyResult;
    try {
      await this.transactions.run(async (manager) => {
        throw new DryRunDone(await this.applier.apply(manager, actor, kind, rows, { write: false }));
      });
      throw new Error('unreachable');
    } catch (error) {
      if (!(error instanceof DryRunDone)) throw error;
      applied = error.result;
    }
    const all = [...errors, ...applied.errors].sort(byRow);
    return { rows: total, valid: total - new Set(all.map((e) => e.row)).size, alreadyPresent: applied.alreadyPresent, errors: all };
  }

  async submit(actor: Actor, kind: ImportKind, bytes: Buffer, fileName: string) {
    const { errors } = await this.read(kind, bytes);
    if (errors.length) {
      const error = rowsInvalid(errors.length);
      error.details.push(...errors.slice(0, 1000).map((e) => ({ field: e.column, ...e })));
      throw error;
    }
    const folder = join(this.config.artifactsDir, 'imports');
    await mkdir(folder, { recursive: true });
    const file = `imports/${randomUUID()}`;
    await writeFile(join(this.config.artifactsDir, file), bytes);
    const { run } = await this.jobs.enqueue(actor, 'import', {
      kind,
      file,
      fileName: fileName.slice(0, 200),
      userId: actor.userId as number,
    });
    return this.jobs.accepted(run);
  }

  /** The queued run: every row or none. Progress is written while reading, and inside the transaction on PostgreSQL. */
  async commit(actor: Actor, params: JobContext<'import'>['params'], progress: JobContext<'import'>['progress']) {
    const path = join(this.config.artifactsDir, params.file);
    const { total, rows, errors } = await this.read(params.kind, await readFile(path).catch(() => missing(params.file)));
    if (errors.length) throw new PermanentJobError(describe(errors));
    await progress(10);
    const live = !this.transactions.isSqlite; // SQLite: one connection, busy with this transaction
    const every = Math.max(1, Math.floor(rows.length / 20));
    const result = await this.transactions.run(async (manager) => {
      // Progress is a hint: a failed write of it must neither stop the import nor go unhandled (it would end the worker).
      const onRow = (i: number) => {
        if (live && i % every === 0) progress(10 + (85 * i) / rows.length).catch(() => undefined);
      };
      const applied = await this.applier.apply(manager, actor, params.kind, rows, { write: true, onRow });
      if (applied.errors.length) throw new PermanentJobError(describe(applied.errors.sort(byRow)));
      return applied;
    });
    await rm(path, { force: true });
    return { rows: total, written: result.written, alreadyPresent: result.alreadyPresent };
  }

  private async read(kind: ImportKind, bytes: Buffer): Promise<{ total: number; rows: ImportRow[]; errors: RowError[] }> {
    const table = await readTable(bytes, this.config.imports.maxRows);
    const missingColumns = REQUIRED_COLUMNS[kind].filter((c) => !table.columns.includes(c));
    if (missingColumns.length) throw columnsMissing(missingColumns);
    return { total: table.rows.length, ...readRows(table, kind) };
  }
}

function missing(file: string): never {
  throw new PermanentJobError(`the uploaded file ${file} is gone from ARTIFACTS_DIR`);
}

function describe(errors: RowError[]): string {
  const first = errors.slice(0, 5).map((e) => `row ${e.row}, ${e.column}: ${e.code} ${e.message}`);
  return `${errors.length} row(s) have errors; nothing was written. ${first.join(' | ')}`;
}
