/**
 * The body of the XLSX writer's worker thread (xlsx-thread.writer.ts): an
 * XlsxWriter whose zip output goes back to the main thread chunk by chunk.
 * Calls come one at a time ({ id, call, rows }); each is answered once it is
 * done ({ id } or { id, error }), after the chunks it produced. 'stop'
 * closes the port: the thread ends once the work under way is done.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { EntryBatch, ExportMeta } from '../export.model';
import { transactionRow } from '../export.model';
import { XlsxWriter } from './xlsx.writer';

export interface XlsxCall {
  id: number;
  call: 'begin' | 'projects' | 'transactions' | 'entries' | 'end' | 'stop';
  rows?: unknown[];
  /** For 'entries': a batch as the database driver returned it. */
  batch?: EntryBatch;
}

export type XlsxMessage = { chunk: Uint8Array } | { id: number; error?: { message: string; stack?: string } };

const port = parentPort;
if (!port) throw new Error('xlsx.worker runs in a worker thread');

const writer = new XlsxWriter(workerData as ExportMeta);
const ended = new Promise<void>((resolve, reject) => {
  writer.output.on('end', resolve);
  writer.output.on('error', reject);
});
writer.output.on('data', (chunk: Buffer) => port.postMessage({ chunk } satisfies XlsxMessage));

async function handle({ call, rows, batch }: XlsxCall): Promise<void> {
  switch (call) {
    case 'begin':
      return writer.begin();
    case 'projects':
      return writer.projects(rows as never);
    case 'transactions':
      return writer.transactions(rows as never);
    case 'entries':
      if (!batch) throw new Error('an entries call without its batch');
      return writer.transactions(batch.rows.map(transactionRow(batch)));
    case 'end':
      await writer.end();
      return ended;
  }
}

port.on('message', (message: XlsxCall) => {
  if (message.call === 'stop') return port.close();
  handle(message).then(
    () => port.postMessage({ id: message.id } satisfies XlsxMessage),
    (error: unknown) => {
      const e = error instanceof Error ? error : new Error(String(error));
      port.postMessage({ id: message.id, error: { message: e.message, stack: e.stack } } satisfies XlsxMessage);
    },
  );
});
