import { InitialSchema1795806754551 } from './1795806754551-InitialSchema';
import { AccountsReportsAudit1795806854794 } from './1795806854794-AccountsReportsAudit';
import { JobsRollupsNotifications1795807060474 } from './1795807060474-JobsRollupsNotifications';
import { LedgerStatusObligations1796048890211 } from './1796048890211-LedgerStatusObligations';
import { StrategyCascade1796051148653 } from './1796051148653-StrategyCascade';
import { ReportCascadeProgress1796052614436 } from './1796052614436-ReportCascadeProgress';
import { ImportExternalRefs1796060000000 } from './1796060000000-ImportExternalRefs';
import { AppSettings1796070000000 } from './1796070000000-AppSettings';
import { SignedOutAt1796080000000 } from './1796080000000-SignedOutAt';
import { StrategyRollupSummary1796100000000 } from './1796100000000-StrategyRollupSummary';
import { ReportSpendingTotal1796110000000 } from './1796110000000-ReportSpendingTotal';
import { ReportProgressFigures1796200000000 } from './1796200000000-ReportProgressFigures';
import { FundingRollupIndexes1796210000000 } from './1796210000000-FundingRollupIndexes';
import { ProjectJson1796220000000 } from './1796220000000-ProjectJson';
import { ReportSummaries1796230000000 } from './1796230000000-ReportSummaries';
import { DisbursementLedgerIndex1796240000000 } from './1796240000000-DisbursementLedgerIndex';
import { ProjectJsonLock1796250000000 } from './1796250000000-ProjectJsonLock';
import { ObligationStateLock1796260000000 } from './1796260000000-ObligationStateLock';

/** Every migration in order. Listed here (not globbed) so Nest, the CLI and Jest load the same set. */
export const MIGRATIONS = [
  InitialSchema1795806754551,
  AccountsReportsAudit1795806854794,
  JobsRollupsNotifications1795807060474,
  LedgerStatusObligations1796048890211,
  StrategyCascade1796051148653,
  ReportCascadeProgress1796052614436,
  ImportExternalRefs1796060000000,
  AppSettings1796070000000,
  SignedOutAt1796080000000,
  StrategyRollupSummary1796100000000,
  ReportSpendingTotal1796110000000,
  ReportProgressFigures1796200000000,
  FundingRollupIndexes1796210000000,
  ProjectJson1796220000000,
  ReportSummaries1796230000000,
  DisbursementLedgerIndex1796240000000,
  ProjectJsonLock1796250000000,
  ObligationStateLock1796260000000,
];
