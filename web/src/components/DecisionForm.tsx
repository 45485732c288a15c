import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { useDraft } from '../lib/draft';
import { ErrorSummary, TextAreaField, type FieldErrors } from './forms';

/*
 * The programme office's decision on a submission (a report, a strategy cascade): accept, or request changes with a
 * comment — required then, refused GOV.UK-style when empty. `prefix` keeps the ids of two such forms apart. What the
 * officer typed is kept per submission (`draftKey`) until the decision is recorded, so an expired session loses nothing.
 */
export type Decision = 'accept' | 'request_changes';
export interface DecisionTexts {
  title: string; decision: string; accept: string; requestChanges: string; comment: string; commentHint: string; send: string;
  commentRequired: string; commentTooLong: string;
}
const COMMENT_MAX = 5000;

export function DecisionForm({ prefix = '', draftKey, decided, texts: t, pending, failure, onDecide }: {
  prefix?: string; texts: DecisionTexts; pending: boolean;
  /** Names what is decided on (e.g. "bericht:12"); `decided` once the server has the decision (the kept text goes). */
  draftKey: string; decided: boolean;
  /** The server's refusal in words, shown in the summary; null while there is none. */
  failure: string | null;
  onDecide: (decision: Decision, comment: string | undefined) => void;
}) {
  const initial = useMemo(() => ({ decision: 'accept' as Decision, comment: '' }), []);
  const [draft, setDraft, discard] = useDraft(`entscheidung:${draftKey}`, initial);
  const { decision, comment } = draft;
  const setDecision = (next: Decision) => setDraft({ ...draft, decision: next });
  const setComment = (next: string) => setDraft({ ...draft, comment: next });
  useEffect(() => {
    if (decided) discard();
  }, [decided, discard]);
  const [errors, setErrors] = useState<FieldErrors>({});
  const commentId = `${prefix}kommentar`;
  const send = (event: FormEvent) => {
    event.preventDefault();
    const found: FieldErrors = {};
    if (decision === 'request_changes' && !comment.trim()) found[commentId] = t.commentRequired;
    else if (comment.length > COMMENT_MAX) found[commentId] = t.commentTooLong;
    setErrors(found);
    if (!Object.keys(found).length) onDecide(decision, comment.trim() ? comment : undefined);
  };
  const radio = (value: Decision, label: string) => (
    <div className="kern-form-check">
      <input id={`${prefix}entscheidung-${value}`} className="kern-form-check__radio" type="radio" name={`${prefix}entscheidung`} checked={decision === value} onChange={() => setDecision(value)} />
      <label className="kern-label" htmlFor={`${prefix}entscheidung-${value}`}>{label}</label>
    </div>
  );
  return (
    <section aria-labelledby={`${prefix}pruefen-titel`} className="page-section">
      <h2 id={`${prefix}pruefen-titel`} className="kern-heading-large">{t.title}</h2>
      <form onSubmit={send} noValidate className="narrow-form">
        <ErrorSummary errors={failure ? { ...errors, form: failure } : errors} order={[commentId]} />
        <fieldset className="kern-fieldset">
          <legend className="kern-label">{t.decision}</legend>
          <div className="kern-fieldset__body">{radio('accept', t.accept)}{radio('request_changes', t.requestChanges)}</div>
        </fieldset>
        <TextAreaField id={commentId} label={t.comment} hint={t.commentHint} error={errors[commentId]} rows={5} value={comment} onChange={(e) => setComment(e.target.value)} />
        <button type="submit" className="kern-btn kern-btn--primary" disabled={pending}><span className="kern-label">{t.send}</span></button>
      </form>
    </section>
  );
}
