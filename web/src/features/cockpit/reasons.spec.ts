import { describe, expect, it } from '@jest/globals';
import { reasonInGerman } from './reasons';

describe('health reasons in German', () => {
  it.each([
    ['2 reports overdue (up to 227 days late)', '2 Berichte im Verzug (bis zu 227 Tage)'],
    ['1 report overdue (up to 1 day late)', '1 Bericht im Verzug (bis zu 1 Tag)'],
    ['off_track in 2024-H2', 'Bericht 2024-H2: nicht im Plan'],
    ['at_risk in 2025-H1', 'Bericht 2025-H1: gefährdet'],
    ['no disbursement in 25 months', 'seit 25 Monaten keine Auszahlung'],
    ['1 milestone late', '1 Meilenstein verspätet'],
    ['3 milestones late', '3 Meilensteine verspätet'],
    ['12 reports overdue (up to 1948 days late)', '12 Berichte im Verzug (bis zu 1.948 Tage)'],
  ])('%s → %s', (english, german) => {
    expect(reasonInGerman(english)).toBe(german);
  });

  it('shows a sentence of an unknown form as the API wrote it', () => {
    expect(reasonInGerman('something new')).toBe('something new');
  });
});
