import { describe, expect, it } from '@jest/globals';
import { apiQuery, auditUrl, readFilters } from './audit-params';
import { changedFields } from './event-diff';

describe('the audit viewer', () => {
  it('keeps its filters in the URL and reads them back', () => {
    const url = auditUrl({ wer: '3', aktion: 'report.submit', art: 'report', datensatz: '12', von: '2026-01-01', bis: '2026-06-30', seite: 2 });
    expect(url).toBe('/protokoll?wer=3&aktion=report.submit&art=report&datensatz=12&von=2026-01-01&bis=2026-06-30&seite=2');
    expect(readFilters(new URLSearchParams(url.split('?')[1]))).toMatchObject({ wer: '3', datensatz: '12', seite: 2 });
    expect(auditUrl(readFilters(new URLSearchParams('seite=-4')))).toBe('/protokoll');
  });

  it('asks the API for whole Berlin days: from midnight to the next midnight, summer and winter time', () => {
    expect(apiQuery(readFilters(new URLSearchParams('von=2026-01-10&bis=2026-07-31&wer=7&art=report&datensatz=12')))).toEqual({
      actorId: 7, entityType: 'report', entityId: '12', from: '2026-01-09T23:00:00Z', to: '2026-07-31T22:00:00Z',
    });
    expect(apiQuery(readFilters(new URLSearchParams('von=2026-03-29&bis=2026-10-25')))).toEqual({ from: '2026-03-28T23:00:00Z', to: '2026-10-25T23:00:00Z' });
    expect(apiQuery(readFilters(new URLSearchParams('wer=jemand&von=gestern')))).toEqual({});
  });

  it("shows only an event's changed fields", () => {
    expect(changedFields({ status: 'draft', version: 1, narrative: 'a' }, { status: 'submitted', version: 2, narrative: 'a' })).toEqual([
      ['status', 'draft', 'submitted'],
      ['version', 1, 2],
    ]);
    expect(changedFields(null, { id: 5 })).toEqual([['id', undefined, 5]]);
  });
});
