/** The fields an audit event changed: [field, before, after] for each field whose value differs (all of them for a create). */
function flat(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : value === null || value === undefined ? {} : { Wert: value };
}

export function changedFields(before: unknown, after: unknown): [string, unknown, unknown][] {
  const a = flat(before);
  const b = flat(after);
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
  return keys.filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k])).map((k) => [k, a[k], b[k]]);
}
