import { AuditEvent } from '../audit/audit-event.entity';
import { AppSetting } from './app-setting.entity';
import { Body } from '../bodies/body.entity';
import { Commitment } from '../funding/commitment.entity';
import { Disbursement } from '../funding/disbursement.entity';
import { JobRun } from '../jobs/job-run.entity';
import { Notification } from '../notifications/notification.entity';
import { ReportingObligation } from '../obligations/reporting-obligation.entity';
import { Category } from '../programme/category.entity';
import { FundingRound } from '../programme/funding-round.entity';
import { Programme } from '../programme/programme.entity';
import { State } from '../programme/state.entity';
import { ProjectStatusChange } from '../projects/project-status-change.entity';
import { ProjectJson } from '../projects/project-json.entity';
import { ProjectReportSummary } from '../reports/project-report-summary.entity';
import { Project } from '../projects/project.entity';
import { RollupSnapshot } from '../rollups/rollup-snapshot.entity';
import { ReportIndicator, ReportMilestone, ReportRisk, ReportSpending } from '../reports/report-parts.entity';
import { ReportIndicatorActual, ReportMeasureProgress } from '../reports/report-cascade.entity';
import { ReportVersion } from '../reports/report-version.entity';
import { Report } from '../reports/report.entity';
import { Strategy, StrategyGoal, StrategyMeasure, StrategyMeasureTerm, StrategyVersion } from '../strategy/strategy.entity';
import { User } from '../users/user.entity';
import { VocabularyTerm } from '../vocabularies/vocabulary-term.entity';

/** Every entity, listed once, for Nest and for the migration CLI alike. */
export const ENTITIES = [
  Programme,
  FundingRound,
  Category,
  State,
  Body,
  Project,
  Commitment,
  Disbursement,
  User,
  Report,
  ReportMilestone,
  ReportIndicator,
  ReportSpending,
  ReportRisk,
  ReportVersion,
  AuditEvent,
  JobRun,
  RollupSnapshot,
  Notification,
  ProjectStatusChange,
  ReportingObligation,
  VocabularyTerm,
  Strategy,
  StrategyGoal,
  StrategyMeasure,
  StrategyMeasureTerm,
  StrategyVersion,
  ReportMeasureProgress,
  ReportIndicatorActual,
  AppSetting,
  ProjectJson,
  ProjectReportSummary,
];
