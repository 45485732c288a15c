import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import OverviewPage from '../features/overview/OverviewPage';
import ExplorerPage from '../features/projects/ExplorerPage';
import type { Role } from '../features/auth/session';

/*
 * Every page and its URL. Each page is its own chunk (React.lazy), except the two public pages people land on (the
 * overview and the explorer), which are in the entry so they render without a second round trip.
 * `roles`: who may open it (signed-in roles); none = public. Part 2 adds its pages here.
 */
export interface RouteDef {
  path: string;
  page: LazyExoticComponent<ComponentType<{ params: Record<string, string> }>> | ComponentType<{ params: Record<string, string> }>;
  roles?: Role[];
}

export const routes: RouteDef[] = [
  { path: '/', page: OverviewPage },
  { path: '/projekte', page: ExplorerPage },
  { path: '/projekte/:slug', page: lazy(() => import('../features/projects/ProjectPage')) },
  {
    path: '/projekte/:slug/finanzen',
    page: lazy(() => import('../features/funding/FundingPage')),
    roles: ['officer', 'auditor', 'municipality'],
  },
  { path: '/projekte/:slug/strategie', page: lazy(() => import('../features/strategy/StrategyPage')) },
  {
    path: '/projekte/:slug/strategie/bearbeiten',
    page: lazy(() => import('../features/strategy/StrategyEditPage')),
    roles: ['municipality'],
  },
  { path: '/handlungsfelder', page: lazy(() => import('../features/strategy/PortfolioPage')), roles: ['officer', 'auditor'] },
  { path: '/anmelden', page: lazy(() => import('../features/auth/SignInPage')) },
  { path: '/cockpit', page: lazy(() => import('../features/cockpit/CockpitPage')), roles: ['officer', 'auditor'] },
  { path: '/meine-projekte', page: lazy(() => import('../features/workspace/MyProjectsPage')), roles: ['municipality'] },
  { path: '/berichte/:id', page: lazy(() => import('../features/reports/ReportPage')), roles: ['officer', 'auditor', 'municipality'] },
  { path: '/pruefung', page: lazy(() => import('../features/review/ReviewQueuePage')), roles: ['officer', 'auditor'] },
  { path: '/protokoll', page: lazy(() => import('../features/audit/AuditPage')), roles: ['officer', 'auditor'] },
  {
    path: '/benachrichtigungen',
    page: lazy(() => import('../features/notifications/NotificationsPage')),
    roles: ['officer', 'auditor', 'municipality'],
  },
  { path: '/konten', page: lazy(() => import('../features/accounts/AccountsPage')), roles: ['officer'] },
  { path: '/import', page: lazy(() => import('../features/imports/ImportPage')), roles: ['officer'] },
  { path: '/exporte', page: lazy(() => import('../features/exports/ExportsPage')), roles: ['officer', 'auditor', 'municipality'] },
];
