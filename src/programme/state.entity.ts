import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A German Land, keyed by its ISO 3166-2 code. */
@Entity('state')
export class State {
  @PrimaryColumn({ type: 'varchar', length: 5 })
  code!: string;

  @Column({ type: 'varchar', length: 60 })
  name!: string;
}
