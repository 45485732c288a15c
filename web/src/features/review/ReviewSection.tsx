import { useMutation, useQueryClient } from '@tanstack/react-query';
import { DecisionForm, type Decision } from '../../components/DecisionForm';
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
const DECISION_TEXTS = {
  title: texts.reviewTitle, decision: texts.decision, accept: texts.accept, requestChanges: texts.requestChanges, comment: texts.comment,
  commentHint: texts.commentHint, send: texts.send, commentRequired: texts.commentRequired, commentTooLong: texts.commentTooLong,
};

function ReviewForm({ report }: { report: Report }) {
  const client = useQueryClient();
  const mutation = useMutation({
    mutationFn: async ({ decision, comment }: { decision: Decision; comment: string | undefined }) => unwrap(await api.POST('/api/v1/reports/{id}/review', {
      params: { path: { id: report.id }, header: { 'If-Match': String(report.version) } },
      body: { decision, comment },
    })),
    onSuccess: (saved) => {
      client.setQueryData(['report', report.id], saved);
      void client.invalidateQueries({ queryKey: ['report', report.id] });
      void client.invalidateQueries({ queryKey: ['review-queue'] });
    },
  });
  const failure = mutation.error ? (mutation.error instanceof ApiRequestError && mutation.error.status === 409 ? texts.conflict : texts.failed) : null;
  return <DecisionForm draftKey={`bericht:${report.id}:${report.version}`} decided={mutation.isSuccess} texts={DECISION_TEXTS} pending={mutation.isPending} failure={failure} onDecide={(decision, comment) => mutation.mutate({ decision, comment })} />;
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
