/**
 * Compares a roll-up's content with a reference field by field, so a difference names its place
 * (e.g. `content.groups.state.BY.reportsOverdue`): keys first, then each value; array items by their `key`.
 */
export function expectSameFields(current: unknown, reference: unknown, path = 'content'): void {
  if (reference !== null && typeof reference === 'object') {
    expect({ path, keys: Object.keys(current as object).sort() }).toEqual({ path, keys: Object.keys(reference).sort() });
    const entries = Array.isArray(reference)
      ? reference.map((item, i) => [String((item as { key?: string }).key ?? i), item, (current as unknown[])[i]] as const)
      : Object.entries(reference).map(([k, v]) => [k, v, (current as Record<string, unknown>)[k]] as const);
    for (const [key, ref, cur] of entries) expectSameFields(cur, ref, `${path}.${key}`);
    return;
  }
  expect({ path, value: current }).toEqual({ path, value: reference });
}
