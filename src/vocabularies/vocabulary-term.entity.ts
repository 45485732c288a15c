import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** The four vocabularies of the strategy cascade, from the BBSR deck "Von der Vision zur Umsetzung". */
export const VOCABULARY_KINDS = ['quality', 'guideline', 'value', 'fieldOfAction'] as const;
export type VocabularyKind = (typeof VOCABULARY_KINDS)[number];

/** One term: a stable code (what the API and the roll-ups use) and its German label. */
@Entity('vocabulary_term')
@Index(['kind', 'code'], { unique: true })
export class VocabularyTerm {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar', length: 20 })
  kind!: VocabularyKind;

  @Column({ type: 'varchar', length: 60 })
  code!: string;

  @Column({ type: 'varchar', length: 300 })
  label!: string;

  @Column({ type: 'integer' })
  position!: number;
}
