import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { centsTransformer } from '../database/money';

/** A federal funding programme. The real one is MPSC; synthetic ones (benchmarks) say so. */
@Entity('programme')
export class Programme {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar', length: 40, unique: true })
  code!: string;

  @Column({ type: 'varchar', length: 300 })
  name!: string;

  @Column({ type: 'bigint', transformer: centsTransformer })
  budgetCents!: number;

  @Column({ type: 'varchar', length: 3 })
  currency!: string;

  /** Grant rates in basis points (6500 = 65 %), so no float ever touches a rate. */
  @Column({ type: 'integer' })
  standardRateBp!: number;

  @Column({ type: 'integer' })
  reducedRateBp!: number;

  @Column({ type: 'varchar', length: 20, nullable: true })
  kfwProgramme!: string | null;

  /** The programme's life: funding dates outside it are refused. */
  @Column({ type: 'date' })
  startsOn!: string;

  @Column({ type: 'date' })
  endsOn!: string;

  @Column({ type: 'boolean', default: false })
  synthetic!: boolean;

  @Column({ type: 'text' })
  source!: string;
}
