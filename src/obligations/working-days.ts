import Holidays from 'date-holidays';
import { addDays } from '../common/dates';

/**
 * Working days by Land: Monday to Friday except the public holidays of the
 * Land (data: date-holidays, type `public` only: regional and optional days
 * such as Fronleichnam in parts of Sachsen do not count). Dates are compared
 * as `YYYY-MM-DD` strings, never as Date objects, so no time zone shifts a day.
 */
export class WorkingDays {
  private readonly holidays = new Map<string, Set<string>>();

  /** `enabled` false: every day counts as a working day (the § 31 (3) VwVfG rule switched off). */
  constructor(private readonly enabled = true) {}

  /** The public holidays of a Land (ISO code such as `DE-HE`) in a year, as `YYYY-MM-DD`. */
  publicHolidays(land: string, year: number): Set<string> {
    const key = `${land}|${year}`;
    let days = this.holidays.get(key);
    if (!days) {
      const region = land.replace(/^DE-/, '');
      const calendar = new Holidays('DE', region);
      days = new Set((calendar.getHolidays(year) || []).filter((h) => h.type === 'public').map((h) => h.date.slice(0, 10)));
      this.holidays.set(key, days);
    }
    return days;
  }

  isWorkingDay(date: string, land: string | null): boolean {
    if (!this.enabled) return true;
    const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
    if (weekday === 0 || weekday === 6) return false;
    return land === null || !this.publicHolidays(land, Number(date.slice(0, 4))).has(date);
  }

  /** The date itself when it is a working day, otherwise the next one (§ 31 (3) VwVfG). */
  onOrAfter(date: string, land: string | null): string {
    let day = date;
    while (!this.isWorkingDay(day, land)) day = addDays(day, 1);
    return day;
  }

  /** `n` working days after (positive) or before (negative) a date; with the rule off, calendar days. */
  addWorkingDays(date: string, n: number, land: string | null): string {
    let day = date;
    const step = n < 0 ? -1 : 1;
    for (let left = Math.abs(n); left > 0;) {
      day = addDays(day, step);
      if (this.isWorkingDay(day, land)) left--;
    }
    return day;
  }
}
