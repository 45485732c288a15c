import { QueryClientProvider } from '@tanstack/react-query';
import { Suspense, useEffect } from 'react';
import { Layout, type NavItem } from '../components/Layout';
import { Loading, NotFoundPage, Alert, PageTitle } from '../components/Page';
import { texts } from '../components/texts';
import { AccountMenu } from '../features/auth/AccountMenu';
import { useMe, type Me } from '../features/auth/session';
import { useUnreadCount } from '../features/notifications/notifications';
import { signInPath } from '../lib/api-client';
import { queryClient } from '../lib/query-client';
import { matchPath, RouterProvider, useRouter } from '../lib/router';
import { routes } from './routes';

function navFor(me: Me | null | undefined, unread: number): NavItem[] {
  const items: NavItem[] = [
    { to: '/', label: texts.nav.overview },
    { to: '/projekte', label: texts.nav.projects },
  ];
  if (me?.role === 'officer' || me?.role === 'auditor') items.push({ to: '/cockpit', label: texts.nav.cockpit });
  if (me?.role === 'officer' || me?.role === 'auditor') items.push({ to: '/handlungsfelder', label: texts.nav.fieldsOfAction });
  if (me?.role === 'municipality') items.push({ to: '/meine-projekte', label: texts.nav.myProjects });
  if (me?.role === 'officer' || me?.role === 'auditor')
    items.push({ to: '/pruefung', label: texts.nav.review }, { to: '/protokoll', label: texts.nav.audit });
  if (me?.role === 'officer') items.push({ to: '/konten', label: texts.nav.accounts });
  if (me?.role === 'officer') items.push({ to: '/import', label: texts.nav.imports });
  if (me) items.push({ to: '/exporte', label: texts.nav.exports });
  if (me)
    items.push({ to: '/benachrichtigungen', label: unread ? `${texts.nav.notifications} (${unread} ungelesen)` : texts.nav.notifications });
  return items;
}

function CurrentPage() {
  const { location, navigate } = useRouter();
  const me = useMe();
  let found: { route: (typeof routes)[number]; params: Record<string, string> } | null = null;
  for (const route of routes) {
    const params = matchPath(route.path, location.pathname);
    if (params) {
      found = { route, params };
      break;
    }
  }
  const needsSignIn = Boolean(found?.route.roles && me.isSuccess && !me.data);
  useEffect(() => {
    if (needsSignIn) navigate(signInPath(location.pathname + location.search), { replace: true });
  }, [needsSignIn, navigate, location.pathname, location.search]);
  if (!found) return <NotFoundPage />;
  if (found.route.roles) {
    if (!me.isSuccess || !me.data) return <Loading />;
    if (!found.route.roles.includes(me.data.role)) {
      return (
        <>
          <PageTitle title={texts.forbiddenTitle}>{texts.forbiddenTitle}</PageTitle>
          <Alert kind="warning" title={texts.forbiddenTitle}>
            {texts.forbiddenText}
          </Alert>
        </>
      );
    }
  }
  const Page = found.route.page;
  return (
    <Suspense fallback={<Loading />}>
      <Page params={found.params} />
    </Suspense>
  );
}

function Shell() {
  const me = useMe();
  const unread = useUnreadCount(me.data);
  return (
    <Layout nav={navFor(me.data, unread)} account={<AccountMenu me={me.data} />}>
      <CurrentPage />
    </Layout>
  );
}

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <RouterProvider>
        <Shell />
      </RouterProvider>
    </QueryClientProvider>
  );
}
