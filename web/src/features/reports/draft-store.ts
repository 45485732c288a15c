import { REPORT_DRAFT_PREFIX } from '../../lib/draft';
import type { Draft } from './model';

/*
 * What the user typed, kept in localStorage per report until the server has it: it survives a reload, a lost
 * connection and an expired session. `baseVersion` is the server version the text was written against, so a
 * restored text that meets a newer server version goes to the side-by-side choice instead of overwriting it.
 */
export interface StoredDraft { baseVersion: number; draft: Draft; changedAt: string }

const key = (reportId: number) => `${REPORT_DRAFT_PREFIX}${reportId}.entwurf`;

export function loadStoredDraft(reportId: number): StoredDraft | null {
  try {
    const raw = window.localStorage.getItem(key(reportId));
    if (!raw) return null;
    const parsed = JSON.parse(raw) as StoredDraft;
    return typeof parsed.baseVersion === 'number' && parsed.draft ? parsed : null;
  } catch {
    return null;
  }
}

export function storeDraft(reportId: number, baseVersion: number, draft: Draft): void {
  try {
    const value: StoredDraft = { baseVersion, draft, changedAt: new Date().toISOString() };
    window.localStorage.setItem(key(reportId), JSON.stringify(value));
  } catch {
    // Storage full or disabled: the server copy is then the only one; the save state says whether it has it.
  }
}

export function clearStoredDraft(reportId: number): void {
  try {
    window.localStorage.removeItem(key(reportId));
  } catch {
    // nothing to clear
  }
}
