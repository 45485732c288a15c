import { Column, Index } from 'typeorm';
import type { WorkflowStatus } from './versioned-workflow';

/*
 * The columns every document under the review workflow carries (reports, strategy cascades), declared once: TypeORM
 * gives each entity that extends these classes the same columns in its own table (the schema is unchanged).
 */

/** Status, optimistic-concurrency version and the last submission and review of a document under review. */
export abstract class ReviewedDocument {
  @Index()
  @Column({ type: 'varchar', length: 20 })
  status!: WorkflowStatus;

  /** Optimistic-concurrency version: sent as ETag, required back as If-Match; +1 on every change. */
  @Column({ type: 'integer' })
  version!: number;

  @Column({ type: Date, nullable: true })
  submittedAt!: Date | null;

  @Column({ type: Date, nullable: true })
  reviewedAt!: Date | null;

  @Column({ type: 'integer', nullable: true })
  reviewedById!: number | null;

  @Column({ type: 'varchar', length: 5000, nullable: true })
  reviewComment!: string | null;
}

/** A submission, frozen: its number (1, 2, … per document), the content as JSON, when and by whom. Never updated. */
export abstract class FrozenSubmission {
  /** 1 for the first submission, 2 for the resubmission after changes were requested, … */
  @Column({ type: 'integer' })
  submission!: number;

  /** JSON of the submitted content. */
  @Column({ type: 'text' })
  content!: string;

  @Column({ type: Date })
  submittedAt!: Date;

  @Column({ type: 'integer', nullable: true })
  submittedById!: number | null;
}
