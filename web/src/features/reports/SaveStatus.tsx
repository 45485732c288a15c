import { Button } from '../../components/forms';
import type { SessionState } from './draft-session';
import { texts } from './texts';

const time = new Intl.DateTimeFormat('de-DE', { hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Berlin' });

function message(state: SessionState): string {
  switch (state.status) {
    case 'saved': return state.savedAt ? texts.save.saved(time.format(state.savedAt)) : texts.save.saved(time.format(new Date()));
    case 'pending': return texts.save.pending;
    case 'saving': return texts.save.saving;
    case 'retrying': return texts.save.retrying;
    case 'invalid': return texts.save.invalid;
    case 'conflict': return texts.save.conflict;
    case 'expired': return texts.save.expired;
    case 'locked': return texts.save.locked;
  }
}

/** The save state, always visible and announced politely: "Gespeichert 14:03", "Nicht gespeichert – wird erneut versucht". */
export function SaveStatus({ state, onSaveNow }: { state: SessionState; onSaveNow: () => void }) {
  const problem = state.status === 'retrying' || state.status === 'invalid' || state.status === 'conflict' || state.status === 'expired' || state.status === 'locked';
  return (
    <div className={`save-status${problem ? ' save-status--problem' : ''}`}>
      <p className="kern-body" role="status" aria-live="polite" data-save-status={state.status}>{message(state)}</p>
      {(state.status === 'retrying' || state.status === 'pending') && <Button variant="secondary" onClick={onSaveNow}>{texts.save.now}</Button>}
    </div>
  );
}
