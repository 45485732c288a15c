import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { Actor } from '../auth/actor';
import { ProjectAccessService } from '../projects/project-access.service';
import { ValidationFailed } from '../common/errors/domain-error';
import { artifactExpired, artifactMissing, idempotencyKeyReused, jobNotFound, noArtifact } from './job.errors';
import { Page } from '../common/pagination';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { Clock } from '../common/clock';
import { COALESCE_PREFIX, type JobCatalogue, type JobKind } from './job-catalogue';
import { JOB_DRIVER, type JobDriver, OUTCOME_WAIT_MS } from './job-driver';
import { JobAcceptedDto, JobRunDto, ListJobsQuery } from './job.dto';
import { JobRun, waitingRun } from './job-run.entity';
import { JobAdmission } from './job-admission';
import { isUniqueViolation } from '../database/unique-violation';
import { JobRunWriter } from './job-run.writer';
import { uuidV7 } from '../common/uuid-v7';

const IDEMPOTENCY_KEY = /^[A-Za-z0-9_.-]{1,100}$/;
/** Tries of one request whose dedupe key another run holds and releases again in between (a coalesced run starting). */
const MAX_ADMISSIONS = 3;

export interface EnqueueOptions {
  /** The client's `Idempotency-Key`: the same key from the same caller returns the same run. */
  idempotencyKey?: string;
  /** Merge with an identical request that is still waiting (roll-ups, schedules). */
  coalesce?: boolean;
  scopeBodyId?: number | null;
}

const stableJson = (value: unknown): string =>
  JSON.stringify(value, (_, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** Same key, same run: an Idempotency-Key per caller and kind, or (coalesce) the parameters themselves. */
function dedupeKeyOf(actor: Actor, kind: JobKind, paramsJson: string, options: EnqueueOptions): string | null {
  if (options.idempotencyKey !== undefined) {
    if (!IDEMPOTENCY_KEY.test(options.idempotencyKey)) {
      throw new ValidationFailed([{ field: 'Idempotency-Key', message: 'Idempotency-Key must be 1–100 letters, digits, ".", "_" or "-"' }]);
    }
    return `idem:${actor.userId ?? 'system'}:${kind}:${options.idempotencyKey}`;
  }
  if (options.coalesce) return `${COALESCE_PREFIX}${kind}:${createHash('sha256').update(paramsJson).digest('hex').slice(0, 32)}`;
  return null;
}

/** The job API of the application: enqueue after commit, read runs, serve artifacts. */
@Injectable()
export class JobsService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Jobs');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(JOB_DRIVER) private readonly driver: JobDriver,
    private readonly clock: Clock,
    private readonly access: ProjectAccessService,
    private readonly writer: JobRunWriter,
  ) {
    this.admission = new JobAdmission(writer, driver);
  }

  private readonly admission: JobAdmission;

  get driverName(): JobDriver['name'] {
    return this.driver.name;
  }

  async onApplicationBootstrap(): Promise<void> {
    const processes =
      this.driver.name === 'in-process' ? this.config.role === 'api' : this.config.role === 'worker' || this.config.jobs.workInApi;
    if (processes) await this.driver.start();
    if (this.config.role === 'api') await this.recover();
  }

  /**
   * Before shutdown, not on it: running jobs must finish while the database
   * connection is still open (TypeORM closes it in onApplicationShutdown).
   */
  async beforeApplicationShutdown(): Promise<void> {
    await this.driver.close();
    await this.writer.drain();
  }

  /**
   * Runs a stopped process left waiting or half-done: those the queue saw end (a completion written behind that
   * never reached the database) are repaired from the queue; the others are handed to the driver again
   * (duplicates collapse by run id; a run the queue no longer holds runs again).
   */
  private async recover(): Promise<void> {
    const runs = await this.dataSource.getRepository(JobRun).find({
      where: { status: In(['queued', 'running']) },
      select: { id: true, kind: true },
      order: { createdAt: 'ASC' },
    });
    let repaired = 0;
    for (let i = 0; i < runs.length; i += 500) {
      const slice = runs.slice(i, i + 500);
      const ended = await this.driver.outcomes(slice.map((run) => run.id));
      await Promise.all([...ended].map(([id, outcome]) => this.writer.repair(id, outcome)));
      repaired += ended.size;
      await this.driver.dispatch(slice.filter((run) => !ended.has(run.id)));
    }
    if (repaired) this.logger.log(`Recorded the end of ${repaired} job run(s) from the queue.`);
    if (runs.length > repaired)
      this.logger.log(`Handed ${runs.length - repaired} unfinished job run(s) back to the ${this.driver.name} driver.`);
  }

  /**
   * Rows that say queued or running, checked against the queue: one whose end the queue already holds is shown
   * with it and repaired (its completion was written behind, or has not been written yet). A repair that fails
   * leaves the row for the next read or recovery; what is shown is the queue's answer either way.
   */
  private async reconcile(runs: JobRun[]): Promise<void> {
    const open = runs.filter((run) => run.status === 'queued' || run.status === 'running');
    if (!open.length) return;
    const ended = await this.driver.outcomes(
      open.map((run) => run.id),
      OUTCOME_WAIT_MS,
    );
    for (const run of open) {
      const outcome = ended.get(run.id);
      if (!outcome) continue;
      if (outcome.status === 'completed') Object.assign(run, outcome.completion);
      else Object.assign(run, { status: 'failed', error: outcome.error, finishedAt: outcome.finishedAt, attempts: outcome.attempts });
      await this.writer
        .repair(run.id, outcome)
        .catch((error: unknown) => this.logger.warn(`repairing job run ${run.id} from the queue: ${(error as Error).message}`));
    }
  }

  async enqueue<K extends JobKind>(
    actor: Actor,
    kind: K,
    params: JobCatalogue[K],
    options: EnqueueOptions = {},
  ): Promise<{ run: JobRun; created: boolean }> {
    const paramsJson = stableJson(params);
    const dedupeKey = dedupeKeyOf(actor, kind, paramsJson, options);

    const existing = async () => (dedupeKey ? this.dataSource.getRepository(JobRun).findOneBy({ dedupeKey }) : null);
    const found = await existing();
    if (found) return { run: this.sameRequest(found, kind, paramsJson), created: false };

    const run = waitingRun({
      // Time-ordered: a burst of runs goes to the right edge of the primary-key index, not to random pages.
      id: uuidV7(),
      kind,
      params: paramsJson,
      dedupeKey,
      requestedById: actor.userId,
      scopeBodyId: options.scopeBodyId ?? null,
      // Set here, not by the database, so the row needs no read-back after the insert.
      createdAt: this.clock.now(),
    });
    // Stored and queued with whatever else arrives meanwhile (see JobAdmission); refused without a row if the queue is down.
    for (let attempt = 1; ; attempt++) {
      try {
        const holder = await this.admission.admit(run);
        return holder === run ? { run, created: true } : { run: this.sameRequest(holder, kind, paramsJson), created: false };
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        // An identical request was stored between the check above and this INSERT: answer with its run. If there is
        // none, that run has started meanwhile and released its coalescing key: this request gets a run of its own.
        const winner = await existing();
        if (winner) return { run: this.sameRequest(winner, kind, paramsJson), created: false };
        if (attempt === MAX_ADMISSIONS) throw error;
      }
    }
  }

  private sameRequest(run: JobRun, kind: string, paramsJson: string): JobRun {
    if (run.kind !== kind || run.params !== paramsJson) {
      throw idempotencyKeyReused();
    }
    return run;
  }

  accepted(run: JobRun): JobAcceptedDto {
    return { id: run.id, status: run.status, url: `/api/v1/jobs/${run.id}` };
  }

  private async visibleRun(actor: Actor, id: string): Promise<JobRun> {
    const run = await this.dataSource.getRepository(JobRun).findOneBy({ id });
    // A municipality sees only the runs it started; to it, others do not exist.
    if (!run || !this.access.canSeeRun(actor, run)) throw jobNotFound(id);
    await this.reconcile([run]);
    return run;
  }

  async get(actor: Actor, id: string): Promise<JobRunDto> {
    return this.toDto(await this.visibleRun(actor, id));
  }

  async list(actor: Actor, query: ListJobsQuery): Promise<Page<JobRunDto>> {
    const qb = this.access.narrowRuns(this.dataSource.getRepository(JobRun).createQueryBuilder('j'), actor);
    if (query.kind) qb.andWhere('j.kind = :kind', { kind: query.kind });
    if (query.status) qb.andWhere('j.status = :status', { status: query.status });
    const [rows, total] = await qb
      .orderBy('j.created_at', 'DESC')
      .addOrderBy('j.id', 'ASC')
      .take(query.limit)
      .skip(query.offset)
      .getManyAndCount();
    await this.reconcile(rows);
    return { items: rows.map((r) => this.toDto(r)), total, limit: query.limit, offset: query.offset };
  }

  async artifact(actor: Actor, id: string): Promise<{ stream: Readable; name: string; contentType: string; bytes: number }> {
    const run = await this.visibleRun(actor, id);
    if (run.status === 'expired') {
      throw artifactExpired(this.config.exportRetentionDays);
    }
    if (run.status !== 'completed' || !run.artifactPath) {
      throw noArtifact(run.status);
    }
    const path = this.artifactPath(run.artifactPath);
    if (!existsSync(path)) throw artifactMissing(id);
    return {
      stream: createReadStream(path),
      name: run.artifactName ?? `${run.id}.bin`,
      contentType: run.artifactType ?? 'application/octet-stream',
      bytes: run.artifactBytes ?? 0,
    };
  }

  /** Artifacts are stored relative to ARTIFACTS_DIR; a path that would leave it is refused. */
  artifactPath(stored: string): string {
    const root = resolve(this.config.artifactsDir);
    const path = resolve(root, stored);
    const rel = relative(root, path);
    if (rel.startsWith('..') || isAbsolute(rel)) throw artifactMissing(stored);
    return path;
  }

  toDto(run: JobRun): JobRunDto {
    return {
      id: run.id,
      kind: run.kind,
      params: JSON.parse(run.params),
      status: run.status,
      progress: run.progress,
      attempts: run.attempts,
      result: run.result === null ? null : JSON.parse(run.result),
      error: run.error,
      createdAt: run.createdAt.toISOString(),
      startedAt: iso(run.startedAt),
      finishedAt: iso(run.finishedAt),
      dataAsOf: iso(run.dataAsOf),
      contentHash: run.contentHash,
      artifact:
        run.status === 'completed' && run.artifactPath
          ? {
              name: run.artifactName ?? '',
              contentType: run.artifactType ?? '',
              bytes: run.artifactBytes ?? 0,
              url: `/api/v1/jobs/${run.id}/artifact`,
            }
          : null,
    };
  }
}
