import { randomBytes } from 'node:crypto';
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import type { WritableStateful } from './format-writer';
import { roomIn } from './format-writer';

interface Writer {
  input: WritableStateful & PassThrough;
  /** Lets whatever reads the input go on (for the zip entry: the file the workbook writes is read too). */
  read(): void;
}

/** The stream an exceljs sheet writes into: the zip entry's input, a PassThrough of the readable-stream package made by archiver. */
function sheetEntryInput(): Writer {
  const file = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: file });
  const sheet = workbook.addWorksheet('x') as unknown as { stream: { pipes: (WritableStateful & PassThrough)[] } };
  const input = sheet.stream.pipes[0];
  return { input, read: () => (input.resume(), file.resume()) };
}

function nodeStream(): Writer {
  const input = new PassThrough() as unknown as WritableStateful & PassThrough;
  return { input, read: () => input.resume() };
}

const LIMIT = 1 << 20;
const fill = (input: { write(chunk: Buffer): unknown }, bytes: number) => {
  // Incompressible: zeros deflate a thousandfold, so the zip would swallow megabytes before the unread file pushes back.
  for (let i = 0; i < bytes / 65_536; i++) input.write(randomBytes(65_536));
};
/** Fails instead of hanging: a promise that never settles would end a real process silently. */
const settlesWithin = <T>(promise: Promise<T>, ms: number) =>
  Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`still waiting after ${ms} ms`)), ms))]);

describe.each([
  ['Node stream', nodeStream],
  ["an exceljs sheet's zip entry", sheetEntryInput],
])('waiting for room in a writer that ignores backpressure (%s)', (_, make) => {
  it('waits while more than the limit is buffered and goes on once it is read', async () => {
    const { input, read } = make();
    fill(input, 2 * LIMIT);
    let done = false;
    const waiting = roomIn(input, LIMIT).then(() => (done = true));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(done).toBe(false);
    read();
    await settlesWithin(waiting, 2000);
    expect(done).toBe(true);
  });

  it('does not wait on an input that was ended: it empties without a drain event', async () => {
    const { input, read } = make();
    fill(input, 2 * LIMIT);
    input.end();
    // Settles at once (a hang would time out): an ended input empties without a drain event.
    await expect(settlesWithin(roomIn(input, LIMIT), 500)).resolves.toBeUndefined();
    read();
  });
});
