import type { components } from '../../api/schema';
import { api, unwrap } from '../../lib/api-client';
import { download } from '../projects/csv';
import { toCsv } from '../projects/csv-format';
import type { AuditQuery } from './audit-params';
import { texts } from './texts';

/* "Als CSV herunterladen": exactly the filtered events, all pages (read in pages of 500), not only the one shown. */
export type AuditEvent = components['schemas']['AuditEventDto'];

export async function fetchAllEvents(query: AuditQuery): Promise<AuditEvent[]> {
  const rows: AuditEvent[] = [];
  for (let offset = 0; ; offset += 500) {
    const page = unwrap(await api.GET('/api/v1/audit', { params: { query: { ...query, limit: 500, offset } } }));
    rows.push(...page.items);
    if (rows.length >= page.total || page.items.length === 0) return rows;
  }
}

const json = (value: unknown) => (value === null || value === undefined ? '' : JSON.stringify(value));

export function eventRow(e: AuditEvent): string[] {
  return [
    e.occurredAt, e.actorId === null ? '' : String(e.actorId), e.actorRole ?? '', e.actorEmail ?? '',
    e.action, e.entityType, e.entityId ?? '', json(e.before), json(e.after), e.requestId ?? '',
  ];
}

export async function downloadEvents(query: AuditQuery): Promise<number> {
  const events = await fetchAllEvents(query);
  download(toCsv([texts.csvHeader, ...events.map(eventRow)]), `mpsc-protokoll-${new Date().toISOString().slice(0, 10)}.csv`);
  return events.length;
}
