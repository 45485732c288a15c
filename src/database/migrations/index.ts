import { InitialSchema1795806754551 } from './1795806754551-InitialSchema';
import { AccountsReportsAudit1795806854794 } from './1795806854794-AccountsReportsAudit';
import { JobsRollupsNotifications1795807060474 } from './1795807060474-JobsRollupsNotifications';
import { ImportExternalRefs1795900000000 } from './1795900000000-ImportExternalRefs';

/** Every migration in order. Listed here (not globbed) so Nest, the CLI and Jest load the same set. */
export const MIGRATIONS = [
  InitialSchema1795806754551,
  AccountsReportsAudit1795806854794,
  JobsRollupsNotifications1795807060474,
  ImportExternalRefs1795900000000,
];
