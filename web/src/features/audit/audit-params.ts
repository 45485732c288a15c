import type { paths } from '../../api/schema';

/* The audit viewer's filters as URL parameters (German) and as the API's query. Dates are whole days in Berlin time. */
export type AuditQuery = NonNullable<paths['/api/v1/audit']['get']['parameters']['query']>;
export interface AuditFilters { wer: string; aktion: string; art: string; datensatz: string; von: string; bis: string; seite: number }
export const PAGE_SIZE = 25;
const KEYS = ['wer', 'aktion', 'art', 'datensatz', 'von', 'bis'] as const;

export function readFilters(params: URLSearchParams): AuditFilters {
  const page = Number(params.get('seite') ?? '1');
  const filters = Object.fromEntries(KEYS.map((k) => [k, params.get(k) ?? ''])) as Omit<AuditFilters, 'seite'>;
  return { ...filters, seite: Number.isSafeInteger(page) && page > 0 ? page : 1 };
}

export function auditUrl(f: AuditFilters): string {
  const query = new URLSearchParams();
  for (const k of KEYS) if (f[k]) query.set(k, f[k]);
  if (f.seite > 1) query.set('seite', String(f.seite));
  const text = query.toString();
  return `/protokoll${text ? `?${text}` : ''}`;
}

const berlinHour = new Intl.DateTimeFormat('en-GB', { hour: 'numeric', hourCycle: 'h23', timeZone: 'Europe/Berlin' });

/** Midnight at the start of a calendar day in Berlin, as an ISO instant. At 00:00 UTC Berlin's clock shows its offset (1 or 2). */
function berlinMidnight(day: string): string {
  const utcMidnight = Date.parse(`${day}T00:00:00Z`);
  const hour = berlinHour.formatToParts(utcMidnight).find((part) => part.type === 'hour')?.value ?? '0';
  return new Date(utcMidnight - Number(hour) * 3_600_000).toISOString().replace('.000Z', 'Z');
}

function nextDay(day: string): string {
  const date = new Date(`${day}T12:00:00Z`);
  date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString().slice(0, 10);
}

export function apiQuery(f: AuditFilters): AuditQuery {
  const query: AuditQuery = {};
  if (/^\d+$/.test(f.wer)) query.actorId = Number(f.wer);
  if (f.aktion) query.action = f.aktion;
  if (f.art) query.entityType = f.art;
  if (f.datensatz) query.entityId = f.datensatz;
  if (/^\d{4}-\d{2}-\d{2}$/.test(f.von)) query.from = berlinMidnight(f.von);
  if (/^\d{4}-\d{2}-\d{2}$/.test(f.bis)) query.to = berlinMidnight(nextDay(f.bis));
  return query;
}
