import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Button } from '../../components/forms';
import { Alert } from '../../components/Page';
import { api, unwrap } from '../../lib/api-client';
import { useJob } from './queries';
import { texts } from './texts';

function JobProgress({ id, name }: { id: string; name: string }) {
  const job = useJob(id);
  const status = job.data?.status ?? 'queued';
  const progress = status === 'completed' ? 100 : job.data?.progress ?? 0;
  return (
    <div className="progress-block">
      <label htmlFor={`job-${id}`} className="kern-label">{texts.jobProgressLabel(name, texts.jobStatus[status] ?? status)}</label>
      <progress id={`job-${id}`} max={100} value={progress}>{progress} %</progress>
      {status === 'failed' && <Alert kind="danger" title={texts.failed}>{job.data?.error}</Alert>}
    </div>
  );
}

/** "Neue Auswertung starten": a funding and a progress roll-up, their progress live, then the figures reload. */
export function RollupRunner() {
  const client = useQueryClient();
  const [jobs, setJobs] = useState<{ funding: string; progress: string } | null>(null);
  const [error, setError] = useState(false);
  const funding = useJob(jobs?.funding ?? null);
  const progress = useJob(jobs?.progress ?? null);
  const finished = funding.data?.status === 'completed' && progress.data?.status === 'completed';
  useEffect(() => {
    if (finished) void client.invalidateQueries({ queryKey: ['rollup'] });
  }, [finished, client]);
  const start = async () => {
    setError(false);
    try {
      // One key per click: a repeated request (double click, retry) returns the same run instead of a second one.
      const key = `cockpit-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
      const request = (kind: 'funding' | 'progress') =>
        api.POST('/api/v1/rollups', { params: { header: { 'idempotency-key': `${key}-${kind}` } }, body: { kind, groupBy: 'round' } });
      const f = unwrap(await request('funding'));
      const p = unwrap(await request('progress'));
      setJobs({ funding: f.id, progress: p.id });
    } catch {
      setError(true);
    }
  };
  const busy = Boolean(jobs) && !finished && funding.data?.status !== 'failed' && progress.data?.status !== 'failed';
  return (
    <div aria-live="polite">
      <Button onClick={() => void start()} disabled={busy}>{busy ? texts.running : texts.start}</Button>
      {error && <Alert kind="danger" title={texts.startFailed} />}
      {jobs && <JobProgress id={jobs.funding} name={texts.jobFunding} />}
      {jobs && <JobProgress id={jobs.progress} name={texts.jobProgress} />}
      {finished && <Alert kind="success" title={texts.done} />}
    </div>
  );
}
