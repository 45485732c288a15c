import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { ErrorSummary, type FieldErrors } from '../../components/forms';
import { Alert } from '../../components/Page';
import { api, ApiRequestError, unwrap } from '../../lib/api-client';
import { CascadeEditPart, useCascade } from './CascadeParts';
import { ConflictView } from './ConflictView';
import { DraftSession } from './draft-session';
import { MilestonesPart, IndicatorsPart, RisksPart, SpendingPart } from './ListParts';
import { PARTS, type Report } from './model';
import { NarrativeSection } from './NarrativeSection';
import { SaveStatus } from './SaveStatus';
import { SubmitDialog } from './SubmitDialog';
import { texts } from './texts';
import { submissionErrors } from './validation';

/*
 * The municipality's editor: every part of the report, checked while typing, saved by itself (DraftSession), the
 * side-by-side choice on a conflict, and submission after a summary.
 */
function useDraftSession(report: Report) {
  const session = useMemo(() => new DraftSession(report), [report.id]); // eslint-disable-line react-hooks/exhaustive-deps
  useEffect(() => {
    session.start();
    return () => session.dispose();
  }, [session]);
  const state = useSyncExternalStore(session.subscribe, session.snapshot);
  return { session, state };
}

async function submitReport(report: Report): Promise<Report> {
  return unwrap(await api.POST('/api/v1/reports/{id}/submit', { params: { path: { id: report.id }, header: { 'If-Match': String(report.version) } } }));
}

function incompleteErrors(error: unknown): FieldErrors {
  if (!(error instanceof ApiRequestError) || error.body?.code !== 'REPORT.INCOMPLETE') return { form: texts.errors.submitFailed };
  const byField: Record<string, string> = { narrative: texts.errors.narrativeRequired, overallStatus: texts.errors.statusRequired, overallStatusReason: texts.errors.reasonRequired };
  return Object.fromEntries((error.body.details ?? []).map((d) => [d.field ?? 'form', byField[d.field ?? ''] ?? texts.errors.submitFailed]));
}

export function ReportEditor({ report }: { report: Report }) {
  const { session, state } = useDraftSession(report);
  const cascade = useCascade(report.projectId);
  const client = useQueryClient();
  const [submitErrors, setSubmitErrors] = useState<FieldErrors>({});
  const submit = async () => {
    const missing = { ...state.errors, ...submissionErrors(state.draft) };
    setSubmitErrors(missing);
    if (Object.keys(missing).length) return;
    if (!(await session.flush())) return setSubmitErrors({ form: texts.errors.submitFailed });
    try {
      const submitted = await submitReport(session.snapshot().report);
      client.setQueryData(['report', report.id], submitted);
      await client.invalidateQueries({ queryKey: ['report', report.id] });
    } catch (error) {
      setSubmitErrors(incompleteErrors(error));
    }
  };
  const errors = { ...state.errors, ...submitErrors };
  const props = { draft: state.draft, errors, onChange: (draft: typeof state.draft) => { setSubmitErrors({}); session.edit(draft); } };
  return (
    <>
      <SaveStatus state={state} onSaveNow={() => void session.flush()} />
      {state.restored && state.status !== 'conflict' && <Alert kind="info" title={texts.save.restored} />}
      {state.status === 'conflict' && state.conflict ? (
        <ConflictView mine={state.draft} server={state.conflict} onResolve={(choice) => session.resolve(choice)} />
      ) : (
        <form className="report-form" onSubmit={(event) => event.preventDefault()} noValidate>
          <ErrorSummary errors={submitErrors} order={[...PARTS, ...Object.keys(state.errors)]} />
          <NarrativeSection {...props} />
          <MilestonesPart {...props} />
          <IndicatorsPart {...props} />
          <SpendingPart {...props} />
          <RisksPart {...props} />
          {report.type === 'progress' && cascade.data && <CascadeEditPart cascade={cascade.data} {...props} />}
          <div className="actions">
            <SubmitDialog draft={state.draft} report={state.report} disabled={false} onConfirm={() => void submit()} />
          </div>
        </form>
      )}
    </>
  );
}
