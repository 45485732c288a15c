import { readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createAccount } from './support/accounts';
import { download, finishedExport, requestExport } from './support/exports';
import type { TestApp } from './support/test-app';
import { createTestApp } from './support/test-app';

/**
 * Issue 11, item 3: the artifacts storage unwritable (here: its exports folder is a file, which even root cannot
 * write into). The export run fails with a clear error, no partial file is left or served, and the next run
 * works once the storage is back.
 */
function files(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => statSync(join(dir, f)).isFile());
}

describe('export runs while the artifacts storage is unwritable', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('fail with a clear error and serve nothing, and work again once it is writable', async () => {
    const officer = await createAccount(t, 'officer', 'officer@bund.example');
    const blocker = join(t.config.artifactsDir, 'exports');
    writeFileSync(blocker, 'not a folder');

    const failed = await finishedExport(t, officer.auth, (await requestExport(t, officer.auth, { format: 'csv' }).expect(202)).body.id);
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatch(/could not be written: the artifacts storage is full or not writable \(ENOTDIR\)/);
    expect(failed.error).not.toContain(t.config.artifactsDir);
    expect(failed.artifact).toBeNull();
    const { res } = await download(t, officer.auth, failed.id);
    expect(res.status).toBe(409);
    expect(JSON.parse(res.body.toString())).toMatchObject({ statusCode: 409, code: 'JOB.NO_ARTIFACT' });
    expect(files(t.config.artifactsDir)).toEqual(['exports']);

    rmSync(blocker);
    const next = await finishedExport(t, officer.auth, (await requestExport(t, officer.auth, { format: 'csv' }).expect(202)).body.id);
    expect(next.status).toBe('completed');
    const file = await download(t, officer.auth, next.id);
    expect(file.res.status).toBe(200);
    expect(file.bytes.length).toBe(next.artifact?.bytes);
    expect(files(t.config.artifactsDir)).toEqual([join('exports', next.id, next.artifact?.name as string)]);
  });
});
