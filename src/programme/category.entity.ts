import { Column, Entity, PrimaryColumn } from 'typeorm';

export const CATEGORY_CODES = ['GROSSSTADT', 'MITTELSTADT', 'KLEINSTADT_LANDGEMEINDE', 'INTERKOMMUNAL_LANDKREIS'] as const;
export type CategoryCode = (typeof CATEGORY_CODES)[number];

@Entity('category')
export class Category {
  @PrimaryColumn({ type: 'varchar', length: 40 })
  code!: CategoryCode;

  @Column({ type: 'varchar', length: 120 })
  name!: string;

  @Column({ type: 'integer' })
  sortOrder!: number;
}
