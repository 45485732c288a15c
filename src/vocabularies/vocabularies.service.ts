import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import type { ErrorDetail } from '../common/errors/domain-error';
import { TransactionService } from '../database/transaction.service';
import { termExists } from './vocabularies.errors';
import { CreateFieldOfActionInput, TermDto, VocabulariesDto } from './vocabulary.dto';
import { VocabularyKind, VocabularyTerm } from './vocabulary-term.entity';

@Injectable()
export class VocabulariesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly transactions: TransactionService,
    private readonly audit: AuditService,
  ) {}

  async all(manager: EntityManager = this.dataSource.manager): Promise<VocabulariesDto> {
    const rows = await manager.getRepository(VocabularyTerm).find({ order: { kind: 'ASC', position: 'ASC', id: 'ASC' } });
    const of = (kind: VocabularyKind): TermDto[] => rows.filter((r) => r.kind === kind).map(({ code, label }) => ({ code, label }));
    return { qualities: of('quality'), guidelines: of('guideline'), values: of('value'), fieldsOfAction: of('fieldOfAction') };
  }

  /** Fields of action are the one open vocabulary: officers add to it. Terms are never deleted (measures refer to them). */
  async addFieldOfAction(actor: Actor, input: CreateFieldOfActionInput): Promise<TermDto> {
    return this.transactions.run(async (manager) => {
      const terms = manager.getRepository(VocabularyTerm);
      if (await terms.existsBy({ kind: 'fieldOfAction', code: input.code })) throw termExists(input.code);
      const position = await terms.countBy({ kind: 'fieldOfAction' });
      const term = { kind: 'fieldOfAction' as const, code: input.code, label: input.label.trim(), position };
      await terms.insert(term);
      await this.audit.record(manager, actor, {
        action: 'vocabulary.add',
        entityType: 'vocabulary_term',
        entityId: input.code,
        after: term,
      });
      return { code: term.code, label: term.label };
    });
  }
}

/** Names every code in `codes` that is not a term of `kind`, as a detail on `field`. */
export function unknownTerms(known: TermDto[], codes: string[], field: string): ErrorDetail[] {
  const set = new Set(known.map((t) => t.code));
  return codes.filter((c) => !set.has(c)).map((c) => ({ field, message: `${field} contains unknown code ${c}` }));
}
