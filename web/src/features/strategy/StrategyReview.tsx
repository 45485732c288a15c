import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { ErrorSummary, TextAreaField, type FieldErrors } from '../../components/forms';
import { api, ApiRequestError, unwrap } from '../../lib/api-client';
import type { Strategy } from './model';
import { strategyKey } from './queries';
import { texts } from './texts';

/* The officer's decision on a submitted cascade, on the same page: accept, or request changes with a required comment. */
type Decision = 'accept' | 'request_changes';
const t = texts.review;

export function StrategyReview({ strategy }: { strategy: Strategy }) {
  const client = useQueryClient();
  const [decision, setDecision] = useState<Decision>('accept');
  const [comment, setComment] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const mutation = useMutation({
    mutationFn: async () => unwrap(await api.POST('/api/v1/projects/{id}/strategy/review', {
      params: { path: { id: strategy.projectId }, header: { 'If-Match': String(strategy.version) } },
      body: { decision, comment: comment.trim() ? comment : undefined },
    })),
    onSuccess: (saved) => client.setQueryData(strategyKey(strategy.projectId), saved),
    onError: (error) => setErrors({ form: error instanceof ApiRequestError && error.status === 409 ? t.conflict : t.failed }),
  });
  const send = (event: FormEvent) => {
    event.preventDefault();
    const found: FieldErrors = {};
    if (decision === 'request_changes' && !comment.trim()) found['strategie-kommentar'] = t.commentRequired;
    else if (comment.length > 5000) found['strategie-kommentar'] = t.commentTooLong;
    setErrors(found);
    if (!Object.keys(found).length) mutation.mutate();
  };
  const radio = (value: Decision, label: string) => (
    <div className="kern-form-check">
      <input id={`strategie-${value}`} className="kern-form-check__radio" type="radio" name="strategie-entscheidung" checked={decision === value} onChange={() => setDecision(value)} />
      <label className="kern-label" htmlFor={`strategie-${value}`}>{label}</label>
    </div>
  );
  return (
    <section aria-labelledby="strategie-pruefen" className="page-section">
      <h2 id="strategie-pruefen" className="kern-heading-large">{t.title}</h2>
      <form onSubmit={send} noValidate className="narrow-form">
        <ErrorSummary errors={errors} order={['strategie-kommentar']} />
        <fieldset className="kern-fieldset">
          <legend className="kern-label">{t.decision}</legend>
          <div className="kern-fieldset__body">{radio('accept', t.accept)}{radio('request_changes', t.requestChanges)}</div>
        </fieldset>
        <TextAreaField id="strategie-kommentar" label={t.comment} hint={t.commentHint} error={errors['strategie-kommentar']} rows={5} value={comment} onChange={(e) => setComment(e.target.value)} />
        <button type="submit" className="kern-btn kern-btn--primary" disabled={mutation.isPending}><span className="kern-label">{t.send}</span></button>
      </form>
    </section>
  );
}
