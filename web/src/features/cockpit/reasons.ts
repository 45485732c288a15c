import { formatNumber } from '../../lib/format';

/*
 * The roll-up explains a project's health in English sentences of a fixed form (README, "Health"): they are shown
 * here in German. A sentence of an unknown form is shown as the API wrote it rather than dropped.
 */
const STATUS: Record<string, string> = { off_track: 'nicht im Plan', at_risk: 'gefährdet', on_track: 'im Plan' };
const n = (text: string) => formatNumber(Number(text));
const days = (text: string) => `${n(text)} ${text === '1' ? 'Tag' : 'Tage'}`;

const RULES: [RegExp, (m: RegExpMatchArray) => string][] = [
  [/^(\d+) reports? overdue \(up to (\d+) days? late\)$/, (m) => `${n(m[1])} ${m[1] === '1' ? 'Bericht' : 'Berichte'} im Verzug (bis zu ${days(m[2])})`],
  [/^(\d+) reports? overdue \((\d+) days? late\)$/, (m) => `${n(m[1])} ${m[1] === '1' ? 'Bericht' : 'Berichte'} im Verzug (${days(m[2])})`],
  [/^(\d+) reports? overdue$/, (m) => `${n(m[1])} ${m[1] === '1' ? 'Bericht' : 'Berichte'} im Verzug`],
  [/^(off_track|at_risk|on_track) in (\S+)$/, (m) => `Bericht ${m[2]}: ${STATUS[m[1]] ?? m[1]}`],
  [/^no disbursement in (\d+) months?$/, (m) => `seit ${n(m[1])} ${m[1] === '1' ? 'Monat' : 'Monaten'} keine Auszahlung`],
  [/^(\d+) milestones? late$/, (m) => `${n(m[1])} ${m[1] === '1' ? 'Meilenstein' : 'Meilensteine'} verspätet`],
];

export function reasonInGerman(reason: string): string {
  for (const [pattern, say] of RULES) {
    const match = reason.match(pattern);
    if (match) return say(match);
  }
  return reason;
}
