import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Actor } from '../auth/actor';
import { Clock } from '../common/clock';
import { Page } from '../common/pagination';
import { insertRows, runOnSqlite } from '../database/bulk-insert';
import { AuditEvent } from './audit-event.entity';
import { AuditEventDto, ListAuditQuery } from './audit.dto';

export interface AuditEntry {
  action: string;
  entityType: string;
  entityId: string | number | null;
  before?: unknown;
  after?: unknown;
  /** `after` already serialised as JSON (bulk writes build it from a template); takes the place of `after`. */
  afterJson?: string;
}

const json = (value: unknown): string | null => (value === undefined || value === null ? null : JSON.stringify(value));

/** The row an audit entry is stored as. */
const auditRow = (actor: Actor, entry: AuditEntry, occurredAt: Date) => ({
  occurredAt,
  actorId: actor.userId,
  actorRole: actor.role,
  actorEmail: actor.email,
  action: entry.action,
  entityType: entry.entityType,
  entityId: entry.entityId === null ? null : String(entry.entityId),
  before: json(entry.before),
  after: entry.afterJson ?? json(entry.after),
  requestId: actor.requestId,
  ip: actor.ip,
});

@Injectable()
export class AuditService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  /** Writes the audit row inside the caller's transaction: the change and its record commit or roll back together. */
  async record(manager: EntityManager, actor: Actor, entry: AuditEntry): Promise<void> {
    await manager.getRepository(AuditEvent).insert(auditRow(actor, entry, this.clock.now()));
  }

  /** Many audit rows of one actor at once (bulk import), inside the caller's transaction; the same rows as record() writes. */
  async recordMany(manager: EntityManager, actor: Actor, entries: AuditEntry[]): Promise<void> {
    const occurredAt = this.clock.now();
    await insertRows(
      manager,
      AuditEvent,
      entries.map((entry) => auditRow(actor, entry, occurredAt)),
    );
  }

  /**
   * Many audit rows of one actor and action on SQLite, one per row of a SELECT the database runs itself (bulk import:
   * no JS object or JSON text per row): `select.entityId` and `select.after` are SQL expressions over `select.from`
   * (a table and its WHERE, bound by `select.params`), the rest as recordMany writes it. Returns the rows written,
   * or null when this is not SQLite inside a transaction (write with recordMany then).
   */
  recordSelected(
    manager: EntityManager,
    actor: Actor,
    entry: { action: string; entityType: string },
    select: { entityId: string; after: string; from: string; params: unknown[] },
  ): number | null {
    const metadata = manager.connection.getMetadata(AuditEvent);
    const occurredColumn = metadata.findColumnWithPropertyName('occurredAt');
    const occurredAt = manager.connection.driver.preparePersistentValue(this.clock.now(), occurredColumn as never) as unknown;
    const sql =
      'INSERT INTO audit_event (occurred_at, actor_id, actor_role, actor_email, action, entity_type, entity_id, before, after, request_id, ip) ' +
      `SELECT ?, ?, ?, ?, ?, ?, ${select.entityId}, NULL, ${select.after}, ?, ? FROM ${select.from}`;
    const params = [occurredAt, actor.userId, actor.role, actor.email, entry.action, entry.entityType, actor.requestId, actor.ip];
    return runOnSqlite(manager, sql, [...params, ...select.params]);
  }

  async list(query: ListAuditQuery): Promise<Page<AuditEventDto>> {
    const qb = this.dataSource.getRepository(AuditEvent).createQueryBuilder('e');
    if (query.entityType) qb.andWhere('e.entity_type = :entityType', { entityType: query.entityType });
    if (query.entityId) qb.andWhere('e.entity_id = :entityId', { entityId: query.entityId });
    if (query.actorId !== undefined) qb.andWhere('e.actor_id = :actorId', { actorId: query.actorId });
    if (query.action) qb.andWhere('e.action = :action', { action: query.action });
    if (query.from) qb.andWhere('e.occurred_at >= :from', { from: new Date(query.from) });
    if (query.to) qb.andWhere('e.occurred_at < :to', { to: new Date(query.to) });
    const [rows, total] = await qb
      .orderBy('e.occurred_at', 'DESC')
      .addOrderBy('e.id', 'DESC')
      .take(query.limit)
      .skip(query.offset)
      .getManyAndCount();
    return {
      items: rows.map((e) => ({
        id: e.id,
        occurredAt: e.occurredAt.toISOString(),
        actorId: e.actorId,
        actorRole: e.actorRole,
        actorEmail: e.actorEmail,
        action: e.action,
        entityType: e.entityType,
        entityId: e.entityId,
        before: e.before === null ? null : JSON.parse(e.before),
        after: e.after === null ? null : JSON.parse(e.after),
        requestId: e.requestId,
      })),
      total,
      limit: query.limit,
      offset: query.offset,
    };
  }
}
