import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button } from '../../components/forms';
import { Loading, LoadError, PageTitle } from '../../components/Page';
import { api, unwrap } from '../../lib/api-client';
import { formatDate } from '../../lib/format';
import { useMe } from '../auth/session';
import { AccountForm } from './AccountForm';
import { texts } from './texts';

/* /konten — the officer's account management: create, list, deactivate (and reactivate). Never one's own account. */
export default function AccountsPage() {
  const client = useQueryClient();
  const me = useMe();
  const users = useQuery({ queryKey: ['users'], queryFn: async () => unwrap(await api.GET('/api/v1/users', { params: { query: { limit: 500 } } })) });
  const projects = useQuery({ queryKey: ['projects', 'all'], queryFn: async () => unwrap(await api.GET('/api/v1/projects', { params: { query: { limit: 500 } } })) });
  const toggle = useMutation({
    mutationFn: async ({ id, active }: { id: number; active: boolean }) => unwrap(await api.PATCH('/api/v1/users/{id}', { params: { path: { id } }, body: { active } })),
    onSuccess: () => client.invalidateQueries({ queryKey: ['users'] }),
  });
  const error = users.error ?? projects.error;
  if (error) return <LoadError error={error} />;
  if (!users.data || !projects.data) return <Loading />;
  const bodies = new Map<number, string>();
  for (const p of projects.data.items) for (const b of [p.lead, ...p.members]) if (b) bodies.set(b.id, b.name);
  const bodyOptions = [...bodies].map(([id, name]) => ({ value: String(id), label: name })).sort((a, b) => a.label.localeCompare(b.label, 'de'));
  const c = texts.columns;
  return (
    <>
      <PageTitle title={texts.title}>{texts.title}</PageTitle>
      <p className="kern-body">{texts.intro}</p>
      <AccountForm bodies={bodyOptions} />
      <section aria-labelledby="liste-titel" className="page-section">
        <h2 id="liste-titel" className="kern-heading-large">{texts.listTitle}</h2>
        <div className="kern-table-responsive">
          <table className="kern-table">
            <caption className="kern-title">{texts.listTitle}</caption>
            <thead><tr><th scope="col">{c.email}</th><th scope="col">{c.role}</th><th scope="col">{c.body}</th><th scope="col">{c.since}</th><th scope="col">{c.state}</th><th scope="col">{c.action}</th></tr></thead>
            <tbody>
              {users.data.items.map((u) => (
                <tr key={u.id}>
                  <th scope="row">{u.email}</th>
                  <td>{texts.roles[u.role]}</td>
                  <td>{u.bodyId ? bodies.get(u.bodyId) ?? `#${u.bodyId}` : '–'}</td>
                  <td>{formatDate(u.createdAt)}</td>
                  <td>{u.active ? texts.active : texts.inactive}</td>
                  <td>{u.id !== me.data?.id && (
                    <Button variant="secondary" onClick={() => toggle.mutate({ id: u.id, active: !u.active })}>{u.active ? texts.deactivate(u.email) : texts.reactivate(u.email)}</Button>
                  )}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </>
  );
}
