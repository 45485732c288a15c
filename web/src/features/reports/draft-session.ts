import type { FieldErrors } from '../../components/forms';
import { api, ApiRequestError, unwrap } from '../../lib/api-client';
import { clearStoredDraft, loadStoredDraft, storeDraft } from './draft-store';
import { fromServer, partToApi, PARTS, samePart, withAllParts, type Draft, type Part, type Patch, type Report } from './model';
import { validateDraft, validParts } from './validation';

/*
 * One report being edited. Every change goes to localStorage at once and to the server after a pause (debounced
 * PATCH with If-Match). The save state is what the page shows: saved (with the time), pending, saving, retrying
 * (connection lost or server error: tried again with growing pauses), invalid (some parts wait for corrections),
 * conflict (409: the server's newer version is held for the side-by-side choice), expired (401), locked (422: the
 * report was submitted meanwhile, e.g. from another window; the text stays in the browser).
 */
export type SaveStatus = 'saved' | 'pending' | 'saving' | 'retrying' | 'invalid' | 'conflict' | 'expired' | 'locked';

export interface SessionState {
  draft: Draft;
  report: Report;
  status: SaveStatus;
  savedAt: Date | null;
  errors: FieldErrors;
  restored: boolean;
  conflict: Report | null;
}

export const DEBOUNCE_MS = 800;
const RETRY_MS = [1000, 2000, 4000, 8000];

async function patchReport(id: number, version: number, body: Patch): Promise<Report> {
  return unwrap(await api.PATCH('/api/v1/reports/{id}', { params: { path: { id }, header: { 'If-Match': String(version) } }, body }));
}

export async function fetchReport(id: number): Promise<Report> {
  return unwrap(await api.GET('/api/v1/reports/{id}', { params: { path: { id } } }));
}

export class DraftSession {
  private state: SessionState;
  private listeners = new Set<() => void>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private attempt = 0;
  private inFlight: Promise<void> | null = null;
  private disposed = false;

  constructor(report: Report) {
    const server = fromServer(report);
    const loaded = loadStoredDraft(report.id);
    const stored = loaded && { ...loaded, draft: withAllParts(loaded.draft, server) };
    const differs = stored !== null && JSON.stringify(stored.draft) !== JSON.stringify(server);
    this.state = { draft: server, report, status: 'saved', savedAt: null, errors: {}, restored: false, conflict: null };
    if (stored && differs && stored.baseVersion === report.version) {
      this.state = { ...this.state, draft: stored.draft, restored: true, errors: validateDraft(stored.draft), status: 'pending' };
    } else if (stored && differs) {
      this.state = { ...this.state, draft: stored.draft, restored: true, status: 'conflict', conflict: report };
    } else if (stored) clearStoredDraft(report.id);
  }

  subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  snapshot = () => this.state;

  /** Mounted: listens for the connection coming back and saves a restored text. Paired with dispose (React may repeat both). */
  start() {
    this.disposed = false;
    window.addEventListener('online', this.onOnline);
    if (this.state.status === 'pending') this.schedule(0);
  }

  /** Unmounted (the user went to another page): what waits for the pause is sent now; it stays in the browser anyway. */
  dispose() {
    this.disposed = true;
    clearTimeout(this.timer);
    if (this.state.status === 'pending') void this.save();
    window.removeEventListener('online', this.onOnline);
  }

  /** The user changed something: keep it in the browser now, send it after a pause. */
  edit(draft: Draft) {
    storeDraft(this.state.report.id, this.state.report.version, draft);
    const conflict = this.state.status === 'conflict';
    this.set({ draft, errors: validateDraft(draft), status: conflict ? 'conflict' : 'pending' });
    if (!conflict) this.schedule(DEBOUNCE_MS);
  }

  /** Saves now and tells whether the server holds everything (used before submitting). */
  async flush(): Promise<boolean> {
    clearTimeout(this.timer);
    if (this.inFlight) await this.inFlight;
    await this.save();
    return this.state.status === 'saved';
  }

  /** The side-by-side choice: for each part, the user's or the server's text; then saved against the server's version. */
  resolve(choice: Record<Part, 'mine' | 'theirs'>) {
    const server = this.state.conflict;
    if (!server) return;
    const theirs = fromServer(server);
    const draft = { ...this.state.draft };
    for (const part of PARTS) if (choice[part] === 'theirs') (draft as Record<Part, unknown>)[part] = theirs[part];
    storeDraft(server.id, server.version, draft);
    this.set({ draft, report: server, conflict: null, status: 'pending', errors: validateDraft(draft) });
    this.schedule(0);
  }

  private onOnline = () => {
    if (this.state.status === 'retrying') this.schedule(0);
  };

  private set(patch: Partial<SessionState>) {
    this.state = { ...this.state, ...patch };
    for (const listener of this.listeners) listener();
  }

  private schedule(ms: number) {
    clearTimeout(this.timer);
    if (!this.disposed) this.timer = setTimeout(() => void this.save(), ms);
  }

  private body(draft: Draft): Patch {
    const server = fromServer(this.state.report);
    const body: Record<string, unknown> = {};
    for (const part of validParts(validateDraft(draft))) if (!samePart(draft, server, part)) body[part] = partToApi(draft, part);
    return body as Patch;
  }

  private async save(): Promise<void> {
    if (this.inFlight) {
      await this.inFlight;
      if (this.state.status === 'pending') this.schedule(0);
      return;
    }
    this.inFlight = this.send().finally(() => (this.inFlight = null));
    await this.inFlight;
  }

  private async send(): Promise<void> {
    const { draft, report } = this.state;
    if (this.state.status === 'conflict' || this.state.status === 'locked') return;
    const body = this.body(draft);
    if (Object.keys(body).length === 0) return this.settled(draft, report);
    this.set({ status: 'saving' });
    try {
      const saved = await patchReport(report.id, report.version, body);
      this.attempt = 0;
      this.settled(draft, saved);
    } catch (error) {
      await this.failed(error);
    }
  }

  /** The server holds `sent`; if the user typed on meanwhile, that is saved next. */
  private settled(sent: Draft, report: Report) {
    const current = this.state.draft;
    const errors = validateDraft(current);
    if (current !== sent) {
      storeDraft(report.id, report.version, current);
      this.set({ report, status: 'pending', errors });
      this.schedule(DEBOUNCE_MS);
      return;
    }
    const complete = Object.keys(errors).length === 0;
    if (complete) clearStoredDraft(report.id);
    else storeDraft(report.id, report.version, current);
    this.set({ report, status: complete ? 'saved' : 'invalid', savedAt: new Date(), errors });
  }

  private async failed(error: unknown) {
    const status = error instanceof ApiRequestError ? error.status : 0;
    if (status === 409) {
      const server = await fetchReport(this.state.report.id).catch(() => null);
      if (server) return this.set({ status: 'conflict', conflict: server });
    }
    if (status === 401) return this.set({ status: 'expired' });
    if (status === 400) return this.set({ status: 'invalid' });
    if (status === 422) return this.set({ status: 'locked' });
    const wait = RETRY_MS[Math.min(this.attempt, RETRY_MS.length - 1)];
    this.attempt += 1;
    this.set({ status: 'retrying' });
    this.schedule(wait);
  }
}
