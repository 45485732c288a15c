import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { writeFileAtomically } from './artifact-file';
import { writeChunk } from './writers/format-writer';

describe('export files are written whole or not at all', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'mpsc-artifact-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('renames the finished file into place and reports its relative path, size and SHA-256', async () => {
    const output = new PassThrough();
    const chunk = 'x'.repeat(100_000);
    const file = await writeFileAtomically(root, 'exports/run-1', 'a.csv', output, async () => {
      for (let i = 0; i < 50; i++) await writeChunk(output, chunk);
      output.end();
    });
    const bytes = readFileSync(join(root, 'exports/run-1/a.csv'));
    expect(file).toEqual({ path: 'exports/run-1/a.csv', bytes: 5_000_000, sha256: createHash('sha256').update(bytes).digest('hex') });
    expect(readdirSync(join(root, 'exports/run-1'))).toEqual(['a.csv']);
  });

  it('leaves no file behind when the producer fails half-way, and keeps an earlier complete file', async () => {
    writeFileSync(join(root, 'previous.csv'), 'complete');
    const output = new PassThrough();
    await expect(
      writeFileAtomically(root, '.', 'previous.csv', output, async () => {
        await writeChunk(output, 'half of a file');
        throw new Error('database went away');
      }),
    ).rejects.toThrow('database went away');
    expect(readdirSync(root)).toEqual(['previous.csv']);
    expect(readFileSync(join(root, 'previous.csv'), 'utf8')).toBe('complete');
  });

  it('stops waiting for room when the file cannot be written, and removes partial files of a crashed attempt', async () => {
    const output = new PassThrough();
    writeFileSync(join(root, '.partial-crashed'), 'left by a killed worker');
    const failing = writeFileAtomically(root, '.', 'b.csv', output, async () => {
      // The stream breaks once the file is being written (before that, nothing listens to it yet:
      // on a loaded machine a timer started outside fired before the pipeline was set up).
      setTimeout(() => output.destroy(new Error('disk full')), 20);
      // Nobody reads the stream once it breaks: without the race this would wait for 'drain' forever.
      for (;;) await writeChunk(output, 'y'.repeat(65_536));
    });
    await expect(failing).rejects.toThrow('disk full');
    expect(readdirSync(root)).toEqual([]);
  });
});
