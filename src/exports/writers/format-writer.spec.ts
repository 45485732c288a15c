import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import type { WritableStateful } from './format-writer';
import { roomIn } from './format-writer';

/** The stream an exceljs sheet writes into: the zip entry's input, a PassThrough of the readable-stream package made by archiver. */
function sheetEntryInput(): WritableStateful & PassThrough {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: new PassThrough() });
  const sheet = workbook.addWorksheet('x') as unknown as { stream: { pipes: (WritableStateful & PassThrough)[] } };
  return sheet.stream.pipes[0];
}

const LIMIT = 1 << 20;
const fill = (input: { write(chunk: Buffer): unknown }, bytes: number) => {
  for (let i = 0; i < bytes / 65_536; i++) input.write(Buffer.alloc(65_536));
};
/** Fails instead of hanging: a promise that never settles would end a real process silently. */
const settlesWithin = <T>(promise: Promise<T>, ms: number) =>
  Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`still waiting after ${ms} ms`)), ms))]);

describe.each([
  ['Node stream', () => new PassThrough() as unknown as WritableStateful & PassThrough],
  ["an exceljs sheet's zip entry", sheetEntryInput],
])('waiting for room in a writer that ignores backpressure (%s)', (_, make) => {
  it('waits while more than the limit is buffered and goes on once it is read', async () => {
    const input = make();
    fill(input, 2 * LIMIT);
    let done = false;
    const waiting = roomIn(input, LIMIT).then(() => (done = true));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(done).toBe(false);
    input.resume();
    await settlesWithin(waiting, 2000);
    expect(done).toBe(true);
  });

  it('does not wait on an input that was ended: it empties without a drain event', async () => {
    const input = make();
    fill(input, 2 * LIMIT);
    input.end();
    // Settles at once (a hang would time out): an ended input empties without a drain event.
    await expect(settlesWithin(roomIn(input, LIMIT), 500)).resolves.toBeUndefined();
    input.resume();
  });
});
