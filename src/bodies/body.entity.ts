import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { State } from '../programme/state.entity';

export const BODY_KINDS = ['municipality', 'district', 'amt', 'association_of_municipalities', 'regional_association', 'company'] as const;
export type BodyKind = (typeof BODY_KINDS)[number];

/** A public body that leads or joins a project: a municipality, a district, an Amt, a regional association. */
@Entity('body')
export class Body {
  @PrimaryGeneratedColumn()
  id!: number;

  @Index({ unique: true })
  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Column({ type: 'varchar', length: 40 })
  kind!: BodyKind;

  @Column({ type: 'varchar', length: 5, nullable: true })
  stateCode!: string | null;

  @ManyToOne(() => State, { nullable: true })
  @JoinColumn({ name: 'state_code' })
  state?: State | null;
}
