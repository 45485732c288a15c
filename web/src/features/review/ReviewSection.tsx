import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { ErrorSummary, TextAreaField, type FieldErrors } from '../../components/forms';
import { Alert } from '../../components/Page';
import { api, ApiRequestError, unwrap } from '../../lib/api-client';
import type { Role } from '../auth/session';
import type { Report } from '../reports/model';
import { texts } from './texts';
import { VersionHistory } from './VersionHistory';

/*
 * Below a report, for officers and auditors: the difference to the previous submission and the history; an
 * officer also decides (accept, or request changes with a required comment, refused GOV.UK-style when empty).
 */
type Decision = 'accept' | 'request_changes';
const COMMENT_MAX = 5000;

function check(decision: Decision, comment: string): FieldErrors {
  if (decision === 'request_changes' && !comment.trim()) return { kommentar: texts.commentRequired };
  if (comment.length > COMMENT_MAX) return { kommentar: texts.commentTooLong };
  return {};
}

function ReviewForm({ report }: { report: Report }) {
  const client = useQueryClient();
  const [decision, setDecision] = useState<Decision>('accept');
  const [comment, setComment] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const mutation = useMutation({
    mutationFn: async () => unwrap(await api.POST('/api/v1/reports/{id}/review', {
      params: { path: { id: report.id }, header: { 'If-Match': String(report.version) } },
      body: { decision, comment: comment.trim() ? comment : undefined },
    })),
    onSuccess: (saved) => {
      client.setQueryData(['report', report.id], saved);
      void client.invalidateQueries({ queryKey: ['report', report.id] });
      void client.invalidateQueries({ queryKey: ['review-queue'] });
    },
    onError: (error) => setErrors({ form: error instanceof ApiRequestError && error.status === 409 ? texts.conflict : texts.failed }),
  });
  const send = (event: FormEvent) => {
    event.preventDefault();
    const found = check(decision, comment);
    setErrors(found);
    if (!Object.keys(found).length) mutation.mutate();
  };
  const radio = (value: Decision, label: string) => (
    <div className="kern-form-check">
      <input id={`entscheidung-${value}`} className="kern-form-check__radio" type="radio" name="entscheidung" checked={decision === value} onChange={() => setDecision(value)} />
      <label className="kern-label" htmlFor={`entscheidung-${value}`}>{label}</label>
    </div>
  );
  return (
    <section aria-labelledby="pruefen-titel" className="page-section">
      <h2 id="pruefen-titel" className="kern-heading-large">{texts.reviewTitle}</h2>
      <form onSubmit={send} noValidate className="narrow-form">
        <ErrorSummary errors={errors} order={['kommentar']} />
        <fieldset className="kern-fieldset">
          <legend className="kern-label">{texts.decision}</legend>
          <div className="kern-fieldset__body">{radio('accept', texts.accept)}{radio('request_changes', texts.requestChanges)}</div>
        </fieldset>
        <TextAreaField id="kommentar" label={texts.comment} hint={texts.commentHint} error={errors.kommentar} rows={5} value={comment} onChange={(e) => setComment(e.target.value)} />
        <button type="submit" className="kern-btn kern-btn--primary" disabled={mutation.isPending}><span className="kern-label">{texts.send}</span></button>
      </form>
    </section>
  );
}

export default function ReviewSection({ report, role }: { report: Report; role: Role }) {
  return (
    <>
      {report.status === 'accepted' && <Alert kind="success" title={texts.accepted} />}
      {report.status === 'changes_requested' && <Alert kind="info" title={texts.sentBack} />}
      <VersionHistory reportId={report.id}>
        {role === 'officer' && report.status === 'submitted' && <ReviewForm report={report} />}
      </VersionHistory>
    </>
  );
}
