import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { Body } from '../bodies/body.entity';

export const ROLES = ['officer', 'municipality', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

@Entity('app_user')
export class User {
  @PrimaryGeneratedColumn()
  id!: number;

  /** Stored lower-case; compared lower-case. */
  @Index({ unique: true })
  @Column({ type: 'varchar', length: 254 })
  email!: string;

  @Column({ type: 'varchar', length: 255, select: false })
  passwordHash!: string;

  @Column({ type: 'varchar', length: 20 })
  role!: Role;

  /** The body a municipality account acts for; null for officers and auditors. */
  @Index()
  @Column({ type: 'integer', nullable: true })
  bodyId!: number | null;

  @ManyToOne(() => Body, { nullable: true })
  @JoinColumn({ name: 'body_id' })
  body?: Body | null;

  @Column({ type: 'boolean', default: true })
  active!: boolean;

  /**
   * When the account last signed out of a browser session, in epoch milliseconds: every session token issued up to
   * then is refused, wherever a copy of the cookie is kept (bearer tokens are not sessions). Null: never signed out.
   */
  @Column({
    type: 'bigint',
    nullable: true,
    transformer: { to: (v: number | null) => v, from: (v: unknown) => (v == null ? null : Number(v)) },
  })
  signedOutAtMs!: number | null;

  @CreateDateColumn()
  createdAt!: Date;

  @UpdateDateColumn()
  updatedAt!: Date;
}
