import { Injectable } from '@nestjs/common';
import { In, type EntityManager } from 'typeorm';
import type { Actor } from '../auth/actor';
import { DomainError } from '../common/errors/domain-error';
import { Commitment } from '../funding/commitment.entity';
import { Disbursement } from '../funding/disbursement.entity';
import { FundingService } from '../funding/funding.service';
import type { ProjectPhase } from '../projects/project.entity';
import { Project } from '../projects/project.entity';
import { type ImportKind, type ImportRow, type RowError, rowError } from './import-rows';
import { projectAmbiguous, projectUnknown } from './imports.errors';

export interface ApplyResult {
  rows: number;
  written: number;
  alreadyPresent: number;
  errors: RowError[];
}

/** The funding service's field names, as the import's columns. */
const COLUMN_OF: Record<string, string> = {
  amountCents: 'amount_eur',
  date: 'date',
  budgetYear: 'budget_year',
  phase: 'phase',
  note: 'note',
};

/** Finds a project by id, slug or exact name; a name two projects share is ambiguous, never guessed. */
class ProjectIndex {
  private readonly byId = new Map<string, number>();
  private readonly bySlug = new Map<string, number>();
  private readonly byName = new Map<string, number[]>();

  constructor(projects: Pick<Project, 'id' | 'slug' | 'name'>[]) {
    for (const p of projects) {
      this.byId.set(String(p.id), p.id);
      this.bySlug.set(p.slug, p.id);
      this.byName.set(p.name, [...(this.byName.get(p.name) ?? []), p.id]);
    }
  }

  find(text: string): number | DomainError {
    const found = this.byId.get(text) ?? this.bySlug.get(text);
    if (found !== undefined) return found;
    const named = this.byName.get(text) ?? [];
    if (named.length === 1) return named[0];
    return named.length > 1 ? projectAmbiguous(text, named.length) : projectUnknown(text);
  }
}

/**
 * Applies import rows inside the caller's transaction, each through the funding service's own create method (the
 * same rules, audit rows and locks as a single entry). A row whose external reference is stored already is
 * counted, not written again. Rule violations become row errors; the caller decides whether to commit.
 */
@Injectable()
export class ImportApplier {
  constructor(private readonly funding: FundingService) {}

  async apply(
    manager: EntityManager,
    actor: Actor,
    kind: ImportKind,
    rows: ImportRow[],
    onRow?: (done: number) => void,
  ): Promise<ApplyResult> {
    const projects = new ProjectIndex(await manager.getRepository(Project).find({ select: { id: true, slug: true, name: true } }));
    const present = await this.presentRefs(manager, kind, rows);
    const result: ApplyResult = { rows: rows.length, written: 0, alreadyPresent: 0, errors: [] };
    for (const [i, row] of rows.entries()) {
      onRow?.(i);
      const projectId = projects.find(row.project);
      if (projectId instanceof DomainError) {
        result.errors.push(rowError(row.row, 'project', projectId));
      } else if (present.has(row.externalRef)) {
        result.alreadyPresent += 1;
      } else {
        await this.write(manager, actor, kind, projectId, row, result);
      }
    }
    return result;
  }

  private async write(manager: EntityManager, actor: Actor, kind: ImportKind, projectId: number, row: ImportRow, result: ApplyResult) {
    try {
      if (kind === 'commitments') {
        const dto = {
          amountCents: row.amountCents,
          date: row.date,
          phase: row.phase as ProjectPhase,
          budgetYear: row.budgetYear,
          note: row.note,
        };
        await this.funding.addCommitment(actor, projectId, dto, manager, row.externalRef);
      } else {
        const dto = { amountCents: row.amountCents, date: row.date, budgetYear: row.budgetYear as number, note: row.note };
        await this.funding.addDisbursement(actor, projectId, dto, manager, row.externalRef);
      }
      result.written += 1;
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      const field = error.details[0]?.field;
      result.errors.push(rowError(row.row, (field && COLUMN_OF[field]) ?? 'project', error));
    }
  }

  /** External references of these rows that are stored already (in chunks: SQLite allows ~32 k parameters). */
  private async presentRefs(manager: EntityManager, kind: ImportKind, rows: ImportRow[]): Promise<Set<string>> {
    const repo = manager.getRepository<{ externalRef: string | null }>(kind === 'commitments' ? Commitment : Disbursement);
    const present = new Set<string>();
    const refs = rows.map((r) => r.externalRef);
    for (let i = 0; i < refs.length; i += 500) {
      const found = await repo.find({ select: { externalRef: true }, where: { externalRef: In(refs.slice(i, i + 500)) } });
      for (const f of found) present.add(f.externalRef as string);
    }
    return present;
  }
}
