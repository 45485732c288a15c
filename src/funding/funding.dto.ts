import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { IsCalendarDate } from '../common/dates';
import { NOT_BLANK } from '../common/validation';
import { PROJECT_PHASES, type ProjectPhase } from '../projects/project.entity';

/**
 * No single funding entry can be larger than the whole MPSC budget (820 M€).
 * A sanity bound for input only: the real limits (grant, budget, commitments)
 * are rules in FundingService, checked against the database.
 */
export const MAX_ENTRY_CENTS = 82_000_000_000;
/** Sanity bounds for a budget year; FundingService narrows it to the programme's years. */
export const MIN_BUDGET_YEAR = 2000;
export const MAX_BUDGET_YEAR = 2100;
export const MAX_NOTE_LENGTH = 2000;

export class CreateCommitmentDto {
  @ApiProperty({
    type: 'integer',
    description: 'Amount committed, in euro cents: a positive whole number (no strings, no fractions).',
    minimum: 1,
    maximum: MAX_ENTRY_CENTS,
    example: 550_000_000,
  })
  @IsInt()
  @Min(1)
  @Max(MAX_ENTRY_CENTS)
  amountCents!: number;

  @ApiProperty({
    description: "Date of the grant notice (Zuwendungsbescheid), YYYY-MM-DD; must lie within the programme's life.",
    format: 'date',
    example: '2021-03-15',
  })
  @IsCalendarDate()
  date!: string;

  @ApiProperty({ enum: PROJECT_PHASES, description: 'The project phase the commitment funds (A: strategy, B: implementation).' })
  @IsIn(PROJECT_PHASES)
  phase!: ProjectPhase;

  @ApiPropertyOptional({
    type: 'integer',
    description:
      "Federal budget year (Haushaltsjahr) the commitment is charged to; defaults to the year of `date`. Must lie within the programme's years.",
    minimum: MIN_BUDGET_YEAR,
    maximum: MAX_BUDGET_YEAR,
    example: 2021,
  })
  @IsOptional()
  @IsInt()
  @Min(MIN_BUDGET_YEAR)
  @Max(MAX_BUDGET_YEAR)
  budgetYear?: number;

  @ApiPropertyOptional({ description: 'Free text, e.g. the file number of the notice.', maxLength: MAX_NOTE_LENGTH })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_NOTE_LENGTH)
  note?: string;
}

export class CreateDisbursementDto {
  @ApiProperty({
    type: 'integer',
    description:
      "Amount paid out, in euro cents: a positive whole number. The project's disbursements may not exceed its commitments (422 FUNDING.OVER_DISBURSED).",
    minimum: 1,
    maximum: MAX_ENTRY_CENTS,
    example: 120_000_000,
  })
  @IsInt()
  @Min(1)
  @Max(MAX_ENTRY_CENTS)
  amountCents!: number;

  @ApiProperty({
    description:
      "Date of the drawdown (Mittelabruf), YYYY-MM-DD; within the programme's life and not before the project's first commitment.",
    format: 'date',
    example: '2022-06-30',
  })
  @IsCalendarDate()
  date!: string;

  @ApiProperty({
    type: 'integer',
    description:
      "Federal budget year (Haushaltsjahr) the payment is charged to: within the programme's years and not after the year of `date` (funds of a later year cannot be drawn yet; an earlier year is allowed for carried-over funds).",
    minimum: MIN_BUDGET_YEAR,
    maximum: MAX_BUDGET_YEAR,
    example: 2022,
  })
  @IsInt()
  @Min(MIN_BUDGET_YEAR)
  @Max(MAX_BUDGET_YEAR)
  budgetYear!: number;

  @ApiPropertyOptional({ description: 'Free text, e.g. the number of the payment request.', maxLength: MAX_NOTE_LENGTH })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_NOTE_LENGTH)
  note?: string;
}

/** What commitments and disbursements have in common. */
export class FundingEntryDto {
  @ApiProperty()
  id!: number;

  @ApiProperty()
  projectId!: number;

  @ApiProperty({ type: 'integer', description: 'Euro cents.', example: 120_000_000 })
  amountCents!: number;

  @ApiProperty({ format: 'date', example: '2022-06-30' })
  date!: string;

  @ApiProperty({ type: 'integer', example: 2022 })
  budgetYear!: number;

  @ApiProperty({ type: String, nullable: true })
  note!: string | null;

  @ApiProperty({ type: Number, nullable: true, description: 'The account that recorded the entry.' })
  createdById!: number | null;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;
}

export class DisbursementDto extends FundingEntryDto {}

export class CommitmentDto extends FundingEntryDto {
  @ApiProperty({ enum: PROJECT_PHASES })
  phase!: ProjectPhase;
}

/** A reversal (Storno) of a commitment or disbursement. */
export class ReversalDto {
  @ApiProperty()
  id!: number;

  @ApiProperty({ description: 'The commitment or disbursement it reverses.' })
  originalId!: number;

  @ApiProperty()
  projectId!: number;

  @ApiProperty({ type: 'integer', description: 'Euro cents taken off the original (positive).', example: 5_000_000 })
  amountCents!: number;

  @ApiProperty({ format: 'date', example: '2023-02-01' })
  date!: string;

  @ApiProperty({ type: 'integer', description: "The original's budget year.", example: 2022 })
  budgetYear!: number;

  @ApiProperty({ example: 'Doppelt gebucht' })
  reason!: string;

  @ApiProperty({ type: Number, nullable: true })
  createdById!: number | null;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;
}

/** A repayment (Rückzahlung) of disbursed funds by the municipality. */
export class RepaymentDto {
  @ApiProperty()
  id!: number;

  @ApiProperty()
  projectId!: number;

  @ApiProperty({ type: 'integer', description: 'Euro cents paid back (positive).', example: 2_000_000 })
  amountCents!: number;

  @ApiProperty({ format: 'date', example: '2024-05-02' })
  date!: string;

  @ApiProperty({ type: 'integer', example: 2024 })
  budgetYear!: number;

  @ApiProperty({ example: 'Nicht verwendete Mittel' })
  reason!: string;

  @ApiProperty({ type: Number, nullable: true })
  createdById!: number | null;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;
}

export class LedgerCommitmentDto extends CommitmentDto {
  @ApiProperty({ type: 'integer', description: 'amountCents minus its reversals.' })
  netAmountCents!: number;

  @ApiProperty({ type: [ReversalDto], description: 'Its reversals, oldest first.' })
  reversals!: ReversalDto[];
}

export class LedgerDisbursementDto extends DisbursementDto {
  @ApiProperty({ type: 'integer', description: 'amountCents minus its reversals.' })
  netAmountCents!: number;

  @ApiProperty({ type: [ReversalDto], description: 'Its reversals, oldest first.' })
  reversals!: ReversalDto[];
}

const REASON = { description: 'Why (required, 1–2000 characters).', minLength: 1, maxLength: MAX_NOTE_LENGTH, example: 'Doppelt gebucht' };

export class CreateReversalDto {
  @ApiProperty({
    type: 'integer',
    description:
      'Euro cents to take off the original entry: at most what its earlier reversals leave (422 FUNDING.REVERSAL_EXCEEDS_ORIGINAL).',
    minimum: 1,
    maximum: MAX_ENTRY_CENTS,
  })
  @IsInt()
  @Min(1)
  @Max(MAX_ENTRY_CENTS)
  amountCents!: number;

  @ApiProperty({
    description: "Booking date of the reversal, YYYY-MM-DD: not before the original's date, within the programme.",
    format: 'date',
  })
  @IsCalendarDate()
  date!: string;

  @ApiProperty(REASON)
  @IsString()
  @Matches(NOT_BLANK, { message: 'reason must not be blank' })
  @MaxLength(MAX_NOTE_LENGTH)
  reason!: string;
}

export class CreateRepaymentDto extends CreateReversalDto {
  @ApiProperty({
    type: 'integer',
    description: "Budget year the returned money is booked to, within the programme's years.",
    example: 2024,
  })
  @IsInt()
  @Min(MIN_BUDGET_YEAR)
  @Max(MAX_BUDGET_YEAR)
  budgetYear!: number;
}

export class FundingTotalsDto {
  @ApiProperty({ type: 'integer', description: "Net commitments: the project's commitments minus their reversals, in euro cents." })
  committedCents!: number;

  @ApiProperty({
    type: 'integer',
    description: "Net disbursements: the project's disbursements minus their reversals and minus repayments, in euro cents.",
  })
  disbursedCents!: number;

  @ApiProperty({ type: 'integer', description: 'Sum of the reversals of commitments, in euro cents (positive).' })
  reversedCommitmentCents!: number;

  @ApiProperty({ type: 'integer', description: 'Sum of the reversals of disbursements, in euro cents (positive).' })
  reversedDisbursementCents!: number;

  @ApiProperty({ type: 'integer', description: 'Sum of the repayments, in euro cents (positive).' })
  repaidCents!: number;

  @ApiProperty({
    type: 'integer',
    description:
      "Sum of the spending lines of the project's reports in status submitted or accepted, in euro cents (drafts and reports sent back for changes do not count).",
  })
  reportedSpendCents!: number;

  @ApiProperty({ type: 'integer', description: 'committedCents − disbursedCents: committed funds not yet drawn down. Never negative.' })
  remainingCents!: number;
}

export class FundingSummaryDto extends FundingTotalsDto {
  @ApiProperty()
  projectId!: number;

  @ApiProperty({
    type: 'integer',
    nullable: true,
    description: "The project's federal grant as a source states it, in euro cents; null when unknown.",
  })
  grantCents!: number | null;

  @ApiProperty({ enum: ['active', 'completed', 'withdrawn'] })
  status!: string;

  @ApiProperty({
    type: 'integer',
    nullable: true,
    description: 'For a withdrawn project: the net disbursements, to be recovered (Rückforderung) until repaid; null otherwise.',
  })
  toBeRecoveredCents!: number | null;

  @ApiProperty({
    type: [LedgerCommitmentDto],
    description: 'All commitments, oldest first, each with its reversals; their netAmountCents add up to committedCents.',
  })
  commitments!: LedgerCommitmentDto[];

  @ApiProperty({
    type: [LedgerDisbursementDto],
    description:
      'All disbursements, oldest first, each with its reversals; their netAmountCents minus the repayments add up to disbursedCents.',
  })
  disbursements!: LedgerDisbursementDto[];

  @ApiProperty({ type: [RepaymentDto], description: 'All repayments, oldest first; they add up to repaidCents.' })
  repayments!: RepaymentDto[];
}
