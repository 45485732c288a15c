import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import OverviewPage from '../features/overview/OverviewPage';
import type { Role } from '../features/auth/session';

/*
 * Every page and its URL. Each page is its own chunk (React.lazy), except the overview, the landing page, which is
 * in the entry so it renders without a second round trip.
 * `roles`: who may open it (signed-in roles); none = public. Part 2 adds its pages here.
 */
export interface RouteDef {
  path: string;
  page: LazyExoticComponent<ComponentType<{ params: Record<string, string> }>> | ComponentType<{ params: Record<string, string> }>;
  roles?: Role[];
}

export const routes: RouteDef[] = [
  { path: '/', page: OverviewPage },
  { path: '/projekte', page: lazy(() => import('../features/projects/ExplorerPage')) },
  { path: '/projekte/:slug', page: lazy(() => import('../features/projects/ProjectPage')) },
  { path: '/projekte/:slug/finanzen', page: lazy(() => import('../features/funding/FundingPage')), roles: ['officer', 'auditor', 'municipality'] },
  { path: '/anmelden', page: lazy(() => import('../features/auth/SignInPage')) },
  { path: '/cockpit', page: lazy(() => import('../features/cockpit/CockpitPage')), roles: ['officer', 'auditor'] },
  { path: '/import', page: lazy(() => import('../features/imports/ImportPage')), roles: ['officer'] },
  { path: '/exporte', page: lazy(() => import('../features/exports/ExportsPage')), roles: ['officer', 'auditor', 'municipality'] },
];
