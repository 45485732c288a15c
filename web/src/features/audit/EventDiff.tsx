import { changedFields } from './event-diff';
import { texts } from './texts';

/* One audit event's before and after as a difference: only the fields that changed (all fields for a create or delete). */
const show = (value: unknown) => (value === undefined ? '–' : typeof value === 'string' ? value : JSON.stringify(value));

export function EventDiff({ before, after }: { before: unknown; after: unknown }) {
  const rows = changedFields(before, after);
  if (!rows.length) return <span>{texts.diff.none}</span>;
  return (
    <table className="kern-table diff-table diff-table--small">
      <thead><tr><th scope="col">{texts.diff.field}</th><th scope="col">{texts.diff.before}</th><th scope="col">{texts.diff.after}</th></tr></thead>
      <tbody>
        {rows.map(([key, from, to]) => (
          <tr key={key}>
            <th scope="row">{key}</th>
            <td className="preserve"><del>{show(from)}</del></td>
            <td className="preserve"><ins>{show(to)}</ins></td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
