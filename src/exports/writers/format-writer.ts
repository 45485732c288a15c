import type { Readable, Writable } from 'node:stream';
import type { EntryBatch } from '../export-source';
import type { ExportMeta, ProjectRow, TransactionRow } from '../export.model';

/**
 * One output format. The handler pipes `output` to the file and feeds the
 * writer batch by batch; each call resolves once the output has room again,
 * so a slow disk slows the reading down instead of filling the memory.
 */
export interface FormatWriter {
  readonly output: Readable;
  readonly contentType: string;
  readonly extension: string;
  begin(): Promise<void>;
  projects(rows: ProjectRow[]): Promise<void>;
  transactions(rows: TransactionRow[]): Promise<void>;
  /** The same rows as the driver's arrays, for a writer that formats them without an object per row (CSV). */
  entries?(batch: EntryBatch): Promise<void>;
  /** Writes the closing parts and ends `output`. */
  end(): Promise<void>;
}

export type FormatWriterFactory = (meta: ExportMeta) => FormatWriter;

function closedError(stream: { errored?: Error | null }): Error {
  return stream.errored ?? new Error('the export stream was closed before it finished');
}

/** Resolves on 'drain'; rejects when the stream fails or closes first (the pipeline gave up). */
export function drained(stream: Writable): Promise<void> {
  if (stream.destroyed) return Promise.reject(closedError(stream));
  if (!stream.writableNeedDrain) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const done = (error?: Error) => {
      stream.off('drain', onDrain);
      stream.off('error', onError);
      stream.off('close', onClose);
      if (error) reject(error);
      else resolve();
    };
    const onDrain = () => done();
    const onError = (error: Error) => done(error);
    const onClose = () => done(closedError(stream));
    stream.on('drain', onDrain);
    stream.on('error', onError);
    stream.on('close', onClose);
  });
}

/** write() that waits when the stream's buffer is full. */
export async function writeChunk(stream: Writable, chunk: unknown): Promise<void> {
  if (stream.destroyed) throw closedError(stream);
  if (!stream.write(chunk)) await drained(stream);
}

/**
 * For producers that push into their own readable buffer without asking
 * (pdfkit): waits until the consumer has taken the buffer below `limit`.
 */
export async function consumedBelow(stream: Readable, limit: number): Promise<void> {
  while (stream.readableLength > limit) {
    if (stream.destroyed) throw closedError(stream);
    await new Promise<void>((resolve, reject) => {
      const done = (error?: Error) => {
        stream.off('data', onData);
        stream.off('error', onError);
        stream.off('close', onClose);
        if (error) reject(error);
        else resolve();
      };
      const onData = () => done();
      const onError = (error: Error) => done(error);
      const onClose = () => done(closedError(stream));
      stream.on('data', onData);
      stream.on('error', onError);
      stream.on('close', onClose);
    });
  }
}

/** A writable seen through its state, which both Node's streams and the readable-stream package keep. */
export interface WritableStateful {
  _writableState?: { length: number; ending?: boolean; finished?: boolean; destroyed?: boolean };
  on(event: string, listener: (...args: unknown[]) => void): unknown;
  off(event: string, listener: (...args: unknown[]) => void): unknown;
}

/**
 * Waits while more than `limit` bytes sit in `input`'s write buffer, for a
 * writer that ignores write()'s answer and so cannot be paused itself
 * (exceljs' sheet streams). An ended input is never waited on: it empties
 * without emitting 'drain' (Node and readable-stream alike), and nothing
 * writes to it any more.
 */
export async function roomIn(input: WritableStateful, limit: number): Promise<void> {
  for (;;) {
    const state = input._writableState;
    if (!state || state.ending || state.finished || state.length <= limit) return;
    if (state.destroyed) throw new Error('the export stream was closed before it finished');
    await new Promise<void>((resolve, reject) => {
      const done = (error?: unknown) => {
        input.off('drain', onRoom);
        input.off('finish', onRoom);
        input.off('error', onError);
        input.off('close', onClose);
        if (error) reject(error instanceof Error ? error : new Error(String(error)));
        else resolve();
      };
      const onRoom = () => done();
      const onError = (error: unknown) => done(error ?? new Error('the export stream failed'));
      const onClose = () => done(new Error('the export stream was closed before it finished'));
      input.on('drain', onRoom);
      input.on('finish', onRoom);
      input.on('error', onError);
      input.on('close', onClose);
    });
  }
}
