import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, readdir, rename, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export interface WrittenFile {
  /** Relative to the artifacts root, as stored on the run. */
  path: string;
  bytes: number;
  /** SHA-256 (hex) of exactly the bytes written. */
  sha256: string;
}

const PARTIAL_PREFIX = '.partial-';
const COALESCE_BYTES = 64 * 1024;

/**
 * Streams `output` into `<root>/<dir>/<name>` while `produce` feeds it: into a
 * temporary file first, renamed when everything was written. A run that fails
 * (or a stream that breaks) leaves no file behind, only the previous complete
 * one if there was one; partial files of a crashed attempt are removed by the
 * next attempt. Bytes are counted and hashed as they pass.
 */
/** Errors of a full, read-only or misconfigured artifacts storage: said plainly, without the server's paths. */
const STORAGE_ERRORS = new Set(['ENOSPC', 'EDQUOT', 'EROFS', 'EACCES', 'EPERM', 'ENOTDIR', 'EEXIST', 'EISDIR']);

function storageError(error: unknown): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !STORAGE_ERRORS.has(code)) return error;
  return new Error(`The export file could not be written: the artifacts storage is full or not writable (${code}).`);
}

export async function writeFileAtomically(
  root: string,
  dir: string,
  name: string,
  output: Readable,
  produce: () => Promise<void>,
): Promise<WrittenFile> {
  const folder = resolve(root, dir);
  try {
    await mkdir(folder, { recursive: true });
    for (const leftover of (await readdir(folder)).filter((f) => f.startsWith(PARTIAL_PREFIX))) {
      await rm(join(folder, leftover), { force: true });
    }
  } catch (error) {
    throw storageError(error);
  }
  const temporary = join(folder, `${PARTIAL_PREFIX}${randomUUID()}`);
  const hash = createHash('sha256');
  let bytes = 0;
  // Writers push small chunks (a CSV record each): they go to the file in pieces of 64 KiB, not one iovec each.
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  const takePending = () => {
    const piece = pending.length === 1 ? pending[0] : Buffer.concat(pending, pendingBytes);
    pending = [];
    pendingBytes = 0;
    return piece;
  };
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      bytes += chunk.length;
      pending.push(chunk);
      pendingBytes += chunk.length;
      callback(null, pendingBytes >= COALESCE_BYTES ? takePending() : undefined);
    },
    flush(callback) {
      callback(null, pendingBytes > 0 ? takePending() : undefined);
    },
  });
  const piping = pipeline(output, counter, createWriteStream(temporary, { flags: 'wx' }));
  try {
    // Either side failing ends the wait: a broken disk must not leave produce() waiting for room forever.
    await Promise.all([produce(), piping]);
  } catch (error) {
    output.destroy();
    await piping.catch(() => undefined);
    await rm(temporary, { force: true });
    throw storageError(error);
  }
  await rename(temporary, join(folder, name)).catch((error: unknown) => {
    throw storageError(error);
  });
  return { path: `${dir}/${name}`, bytes, sha256: hash.digest('hex') };
}
