import { fromQueued, toQueued } from './job-outcome';
import { completion } from '../../test/support/jobs';
import type { Completion } from './job-run.statements';

const noop = completion({
  finishedAt: new Date('2026-12-01T17:00:01.234Z'),
  startedAt: new Date('2026-12-01T17:00:00.999Z'),
  result: '{"ok":true}',
});

const exported: Completion = {
  ...noop,
  contentHash: 'f'.repeat(64),
  dataAsOf: new Date('2026-12-01T00:00:00.000Z'),
  artifactPath: 'exports/a.xlsx',
  artifactName: 'Förderung – Runde 2.xlsx',
  artifactType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  artifactBytes: 0,
  attempts: 3,
};

/** The completion a worker hands BullMQ as the job's return value (kept in Redis), and read back from it. */
describe('a completion carried by the queue', () => {
  it('comes back as it went, through the JSON Redis keeps', () => {
    for (const completion of [noop, exported]) expect(fromQueued(JSON.parse(JSON.stringify(toQueued(completion))))).toEqual(completion);
  });

  it('carries only the fields that are set (a zero is set)', () => {
    expect(Object.keys(toQueued(noop).run).sort()).toEqual(['attempts', 'finishedAt', 'progress', 'result', 'startedAt', 'status']);
    expect(toQueued(exported).run.artifactBytes).toBe(0);
  });

  it('reads the earlier form that listed every field, nulls included', () => {
    const earlier = { run: { ...noop, finishedAt: noop.finishedAt!.toISOString(), startedAt: noop.startedAt!.toISOString() } };
    expect(fromQueued(JSON.parse(JSON.stringify(earlier)))).toEqual(noop);
  });

  it('finds no completion in what a schedule firing, a failed run or nothing returned', () => {
    for (const value of [undefined, null, 'done', 42, {}, { run: null }, { run: { status: 'failed' } }])
      expect(fromQueued(value)).toBeNull();
  });
});
