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
  kinds: {
    report_due: 'Bericht bald fällig', report_overdue: 'Bericht überfällig',
    report_accepted: 'Bericht angenommen', report_changes_requested: 'Änderungen am Bericht erbeten',
  } as Record<string, string>,
  dueText: (_date: string) => 'Bitte reichen Sie den Bericht rechtzeitig ein.',
  overdueText: (date: string) => `Fällig war er am ${date}; bitte reichen Sie ihn ein.`,
  comment: 'Kommentar der Programmstelle:',
  myProjects: 'Zu Meine Projekte',
};

/** Reminders are said in German from their dates; a review outcome shows the officer's comment as written. */
function Body({ kind, message, dueDate }: { kind: string; message: string; dueDate: string }) {
  if (kind === 'report_changes_requested') return <p className="kern-body"><strong>{texts.comment}</strong> <span className="preserve">{message}</span></p>;
  if (kind === 'report_accepted') return null;
  return <p className="kern-body">{kind === 'report_overdue' ? texts.overdueText(formatDate(dueDate)) : texts.dueText(formatDate(dueDate))}</p>;
}

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
                <Body kind={n.kind} message={n.message} dueDate={n.dueDate} />
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
