import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { Worker } from 'node:worker_threads';
import type { EntryBatch, ExportMeta, ProjectRow, TransactionRow } from '../export.model';
import type { FormatWriter } from './format-writer';
import { drained } from './format-writer';
import type { XlsxCall, XlsxMessage } from './xlsx.worker';
import { XLSX_CONTENT_TYPE } from '../export-format';

/**
 * The worker's heap (MiB). exceljs makes several objects per cell; in the
 * process's own heap that garbage grew the old generation, and the RSS with
 * it, to ≈ 300 MiB for 250 000 rows. In a heap of its own with this bound the
 * worker collects early instead of growing. What it keeps alive is small (rows
 * are committed as they are written), so a young generation of 2 MiB and an
 * old one of 32 MiB suffice: peak RSS of 250 000 rows 214–218 MiB in three
 * runs, against 229–234 MiB with 96/16 and 220–248 MiB with 48/4, no slower;
 * 1.14 million rows run in it too (docs/benchmarks.md).
 */
const WORKER_HEAP = { maxOldGenerationSizeMb: 32, maxYoungGenerationSizeMb: 2 };

/** How long a worker asked to stop may take to end by itself before it is terminated. */
const STOP_GRACE_MS = 10_000;

/**
 * Running from the TypeScript sources (Jest, the bench), a worker thread has
 * no compiler: it registers the one bench/register.js sets up (@swc/core,
 * cached compiled files) before loading its .ts body. Built (dist), the
 * body is plain JavaScript.
 */
function startWorker(meta: ExportMeta): Worker {
  const options = { workerData: meta, resourceLimits: WORKER_HEAP, stdout: false, stderr: false };
  if (!__filename.endsWith('.ts')) return new Worker(join(__dirname, 'xlsx.worker.js'), options);
  const register = join(__dirname, '..', '..', '..', 'bench', 'register.js');
  const body = join(__dirname, 'xlsx.worker.ts');
  return new Worker(`require(${JSON.stringify(register)}); require(${JSON.stringify(body)});`, { ...options, eval: true });
}

/**
 * XLSX written by XlsxWriter in a worker thread: the rows go there in
 * batches, the zip's bytes come back in chunks and leave through `output`,
 * so the artifact file (temporary name, hash, rename) works as for any
 * writer. Each call waits for the worker's answer and for room in `output`:
 * at most one batch and its compressed bytes are on their way at a time.
 * When `output` closes (finished, or destroyed after a failure) the worker
 * is asked to stop and ends by itself once what it is doing is done; a
 * failure in the worker (an error, a crash, its heap bound) rejects the call
 * waiting on it, which fails the run.
 */
export class XlsxThreadWriter implements FormatWriter {
  readonly output = new PassThrough();
  readonly contentType = XLSX_CONTENT_TYPE;
  readonly extension = 'xlsx';
  private readonly worker: Worker;
  private nextId = 0;
  private readonly waiting = new Map<number, { resolve: () => void; reject: (error: Error) => void }>();
  private failure: Error | null = null;
  private exited = false;

  constructor(meta: ExportMeta) {
    this.worker = startWorker(meta);
    this.worker.on('message', (message: XlsxMessage) => {
      if ('chunk' in message) {
        if (!this.output.destroyed)
          this.output.write(Buffer.from(message.chunk.buffer, message.chunk.byteOffset, message.chunk.byteLength));
        return;
      }
      const call = this.waiting.get(message.id);
      this.waiting.delete(message.id);
      if (!message.error) return call?.resolve();
      const error = new Error(message.error.message);
      if (message.error.stack) error.stack = message.error.stack;
      call?.reject(error);
    });
    this.worker.on('error', (error) => this.fail(error));
    this.worker.on('exit', (code) => {
      this.exited = true;
      this.fail(new Error(`the XLSX worker stopped (exit code ${code})`));
    });
    this.output.on('close', () => this.stop());
  }

  /**
   * Not `worker.terminate()`: termination can land between the moment zlib
   * makes a deflate stream's native handle and the moment it initialises it
   * (the zip makes one per entry), and Node (20 and 26 both) then aborts the
   * whole process when the worker's handles are cleaned up ("close before
   * init"; it did so once in CI). The worker closes its port instead and its thread ends when
   * its event loop is empty. Only a worker still there after STOP_GRACE_MS is
   * terminated.
   */
  private stop(): void {
    if (this.exited) return; // it crashed or hit its heap bound: nothing to ask, nothing to wait for
    this.worker.postMessage({ id: this.nextId++, call: 'stop' } satisfies XlsxCall);
    const late = setTimeout(() => void this.worker.terminate(), STOP_GRACE_MS).unref();
    this.worker.once('exit', () => clearTimeout(late));
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const call of this.waiting.values()) call.reject(this.failure);
    this.waiting.clear();
  }

  private async call(call: XlsxCall['call'], rows?: unknown[], batch?: EntryBatch): Promise<void> {
    if (this.failure) throw this.failure;
    const id = this.nextId++;
    const answered = new Promise<void>((resolve, reject) => this.waiting.set(id, { resolve, reject }));
    this.worker.postMessage({ id, call, rows, batch } satisfies XlsxCall);
    await answered;
    await drained(this.output);
  }

  begin(): Promise<void> {
    return this.call('begin');
  }

  projects(rows: ProjectRow[]): Promise<void> {
    return this.call('projects', rows);
  }

  transactions(rows: TransactionRow[]): Promise<void> {
    return this.call('transactions', rows);
  }

  /** Entries go as the driver's arrays; the worker makes the row objects (their garbage in its small heap, not here). */
  entries(batch: EntryBatch): Promise<void> {
    return this.call('entries', undefined, batch);
  }

  async end(): Promise<void> {
    await this.call('end');
    this.output.end();
  }
}
