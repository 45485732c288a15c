import { uuidV7 } from './uuid-v7';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('uuidV7', () => {
  it('is a version-7 UUID with the RFC 9562 variant', () => {
    for (let i = 0; i < 1000; i++) expect(uuidV7()).toMatch(UUID_V7);
  });

  it('starts with the time in milliseconds, so ids of later milliseconds sort after earlier ones', () => {
    const at = Date.UTC(2026, 11, 1, 16, 30, 0, 123);
    const id = uuidV7(at);
    expect(parseInt(id.slice(0, 8) + id.slice(9, 13), 16)).toBe(at);
    const ids = [at + 2, at, at + 1, at + 1000].map((t) => uuidV7(t));
    expect([...ids].sort()).toEqual([ids[1], ids[2], ids[0], ids[3]]);
  });

  it('differs within one millisecond', () => {
    const at = Date.now();
    expect(new Set(Array.from({ length: 10_000 }, () => uuidV7(at))).size).toBe(10_000);
  });
});
