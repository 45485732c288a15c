import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Programme } from './programme.entity';

/** A call of the programme ("Staffel"). */
@Entity('funding_round')
@Index(['programmeId', 'number'], { unique: true })
export class FundingRound {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'integer' })
  programmeId!: number;

  @ManyToOne(() => Programme, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'programme_id' })
  programme?: Programme;

  @Column({ type: 'integer' })
  number!: number;

  @Column({ type: 'integer' })
  year!: number;

  @Column({ type: 'varchar', length: 300, nullable: true })
  motto!: string | null;

  @Column({ type: 'integer' })
  selectedCount!: number;

  @Column({ type: 'date', nullable: true })
  announcedOn!: string | null;

  @Column({ type: 'text' })
  source!: string;
}
