import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button } from '../../components/forms';
import { Loading, LoadError, PageTitle } from '../../components/Page';
import { api, unwrap } from '../../lib/api-client';
import { formatDate, formatDateTime } from '../../lib/format';
import { Link } from '../../lib/router';
import { notificationsKey } from './notifications';

/* /benachrichtigungen — reminders and review outcomes, unread first marked, each can be marked as read. */
const texts = {
  title: 'Benachrichtigungen',
  unread: (n: number) => (n === 1 ? '1 ungelesene Benachrichtigung' : `${n} ungelesene Benachrichtigungen`),
  empty: 'Keine Benachrichtigungen.',
  due: 'Fällig am',
  received: 'Eingegangen',
  read: 'Gelesen',
  markRead: (what: string) => `Als gelesen markieren: ${what}`,
  kinds: { report_due: 'Bericht bald fällig', report_overdue: 'Bericht überfällig' } as Record<string, string>,
  myProjects: 'Zu Meine Projekte',
};

export default function NotificationsPage() {
  const client = useQueryClient();
  const list = useQuery({ queryKey: [...notificationsKey, 'all'], queryFn: async () => unwrap(await api.GET('/api/v1/notifications', { params: { query: { limit: 200 } } })) });
  const markRead = useMutation({
    mutationFn: async (id: number) => unwrap(await api.POST('/api/v1/notifications/{id}/read', { params: { path: { id } } })),
    onSuccess: () => client.invalidateQueries({ queryKey: notificationsKey }),
  });
  if (list.error) return <LoadError error={list.error} onRetry={() => void list.refetch()} />;
  if (!list.data) return <Loading />;
  return (
    <>
      <PageTitle title={texts.title}>{texts.title}</PageTitle>
      <p className="kern-body" role="status">{texts.unread(list.data.unread)}</p>
      {list.data.items.length === 0 ? <p className="kern-body">{texts.empty}</p> : (
        <ul className="notification-list">
          {list.data.items.map((n) => {
            const what = `${texts.kinds[n.kind] ?? n.kind} ${n.period}`;
            return (
              <li key={n.id} className={`notification${n.readAt ? '' : ' notification--unread'}`}>
                <h2 className="kern-heading-small">{what}</h2>
                <p className="kern-body preserve">{n.message}</p>
                <p className="kern-body kern-body--small">{texts.due} {formatDate(n.dueDate)} · {texts.received} {formatDateTime(n.createdAt)}{n.readAt && ` · ${texts.read} ${formatDateTime(n.readAt)}`}</p>
                {!n.readAt && <Button variant="secondary" aria-label={texts.markRead(what)} onClick={() => markRead.mutate(n.id)}>{texts.markRead(what)}</Button>}
              </li>
            );
          })}
        </ul>
      )}
      <p className="kern-body"><Link to="/meine-projekte">{texts.myProjects}</Link></p>
    </>
  );
}
