import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * A value the application keeps about itself between starts, by key: e.g. `obligations.calendar`, the calendar
 * settings the reporting obligations were last brought in line with (see src/obligations/obligation-startup.ts).
 */
@Entity('app_setting')
export class AppSetting {
  @PrimaryColumn({ type: 'varchar', length: 100 })
  key!: string;

  @Column({ type: 'varchar', length: 2000 })
  value!: string;

  @UpdateDateColumn()
  updatedAt!: Date;
}
