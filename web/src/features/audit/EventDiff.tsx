import { texts } from './texts';

/* One audit event's before and after as a difference: only the fields that changed (all fields for a create or delete). */
const show = (value: unknown) => (value === undefined ? '–' : typeof value === 'string' ? value : JSON.stringify(value));

function flat(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : value === null || value === undefined ? {} : { Wert: value };
}

export function changedFields(before: unknown, after: unknown): [string, unknown, unknown][] {
  const a = flat(before);
  const b = flat(after);
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
  return keys.filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k])).map((k) => [k, a[k], b[k]]);
}

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
