import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One row per change, written in the same transaction as the change. There is
 * no route that updates or deletes these rows.
 */
@Entity('audit_event')
@Index(['entityType', 'entityId'])
export class AuditEvent {
  @PrimaryGeneratedColumn()
  id!: number;

  @Index()
  @Column({ type: Date })
  occurredAt!: Date;

  @Index()
  @Column({ type: 'integer', nullable: true })
  actorId!: number | null;

  @Column({ type: 'varchar', length: 20, nullable: true })
  actorRole!: string | null;

  @Column({ type: 'varchar', length: 254, nullable: true })
  actorEmail!: string | null;

  /** e.g. `report.submit`, `funding.commitment.create`, `auth.login_failed`. */
  @Index()
  @Column({ type: 'varchar', length: 60 })
  action!: string;

  @Column({ type: 'varchar', length: 40 })
  entityType!: string;

  @Column({ type: 'varchar', length: 100, nullable: true })
  entityId!: string | null;

  /** JSON of the entity before and after the change (null for creations and deletions respectively). */
  @Column({ type: 'text', nullable: true })
  before!: string | null;

  @Column({ type: 'text', nullable: true })
  after!: string | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  requestId!: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  ip!: string | null;
}
