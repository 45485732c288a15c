import { Project } from '../src/projects/project.entity';
import { SeedService } from '../src/seeds/seed.service';
import { createAccount } from './support/accounts';
import type { TestApp } from './support/test-app';
import { createTestApp } from './support/test-app';

describe('the public portfolio cache', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ portfolioCacheSeconds: 1 });
  });
  afterAll(() => t.close());

  it('answers a repeated read from memory with the same JSON', async () => {
    const first = await t.http.get('/api/v1/projects?limit=3&sort=-grantCents').expect(200);
    const second = await t.http.get('/api/v1/projects?limit=3&sort=-grantCents').expect(200);
    expect(first.headers['x-cache']).toBe('miss');
    expect(second.headers['x-cache']).toBe('hit');
    expect(second.headers['content-type']).toMatch(/^application\/json/);
    expect(second.body).toEqual(first.body);
    expect(second.body.items).toHaveLength(3);
    // A project page is kept as the bytes it was answered with: the same text (umlauts and all) and the same type.
    for (const url of ['/api/v1/projects?limit=500&sort=name', '/api/v1/projects/kassel']) {
      const miss = await t.http.get(url).expect(200);
      const hit = await t.http.get(url).expect(200);
      expect([miss.headers['x-cache'], hit.headers['x-cache']]).toEqual(['miss', 'hit']);
      expect(hit.text).toBe(miss.text);
      expect([miss.headers['content-type'], hit.headers['content-type']]).toEqual(Array(2).fill('application/json; charset=utf-8'));
    }
    expect((await t.http.get('/api/v1/projects?limit=500&sort=name').expect(200)).text).toMatch(/Gießen/);
    const programme = await t.http.get('/api/v1/programme').expect(200);
    expect((await t.http.get('/api/v1/programme').expect(200)).body).toEqual(programme.body);
  });

  it('never caches errors, and checks every new URL', async () => {
    for (let i = 0; i < 2; i++) {
      const missing = await t.http.get('/api/v1/projects/nowhere').expect(404);
      expect(missing.headers['x-cache']).not.toBe('hit');
      expect(missing.body.code).toBe('PROJECT.NOT_FOUND');
      await t.http.get('/api/v1/projects?limit=0').expect(400);
    }
  });

  it('shows a change made behind its back after PORTFOLIO_CACHE_SECONDS, and the seed clears it at once', async () => {
    const before = await t.http.get('/api/v1/projects/kassel').expect(200);
    await t.dataSource.getRepository(Project).update({ slug: 'kassel' }, { motto: 'Changed by plain SQL' });
    expect((await t.http.get('/api/v1/projects/kassel').expect(200)).body.motto).toBe(before.body.motto);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect((await t.http.get('/api/v1/projects/kassel').expect(200)).body.motto).toBe('Changed by plain SQL');
    await t.app.get(SeedService).seed();
    const restored = await t.http.get('/api/v1/projects/kassel').expect(200);
    expect(restored.headers['x-cache']).toBe('miss');
    expect(restored.body.motto).toBe(before.body.motto);
  });

  it("an officer's status change or grant confirmation shows at once, not after the cache's lifetime", async () => {
    const slow = await createTestApp({ portfolioCacheSeconds: 3600 });
    try {
      const officer = (await createAccount(slow, 'officer', 'office@bund.example')).auth;
      const kassel = (await slow.http.get('/api/v1/projects/kassel').expect(200)).body;
      expect((await slow.http.get('/api/v1/projects/kassel').expect(200)).headers['x-cache']).toBe('hit');
      await slow.http
        .post(`/api/v1/projects/${kassel.id}/commitments`)
        .set('Authorization', officer)
        .send({ amountCents: 1_000_000, date: '2021-03-15', phase: 'B' })
        .expect(201);
      await slow.http
        .post(`/api/v1/projects/${kassel.id}/grant`)
        .set('Authorization', officer)
        .send({ grantCents: 1_700_000_000, uncertain: false, source: 'Zuwendungsbescheid 2021', reason: 'Bescheid liegt vor' })
        .expect(201);
      expect((await slow.http.get('/api/v1/projects/kassel').expect(200)).body.grantCents).toBe(1_700_000_000);
      await slow.http
        .post(`/api/v1/projects/${kassel.id}/status`)
        .set('Authorization', officer)
        .send({ status: 'withdrawn', effectiveDate: '2024-06-30', reason: 'Ausstieg' })
        .expect(201);
      expect((await slow.http.get('/api/v1/projects/kassel').expect(200)).body.status).toBe('withdrawn');
    } finally {
      await slow.close();
    }
  });
});

describe('with PORTFOLIO_CACHE_SECONDS=0', () => {
  it('reads the database on every request', async () => {
    const t = await createTestApp({ portfolioCacheSeconds: 0 });
    try {
      await t.http.get('/api/v1/projects/kassel').expect(200);
      const res = await t.http.get('/api/v1/projects/kassel').expect(200);
      expect(res.headers['x-cache']).toBeUndefined();
      expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
      await t.dataSource.getRepository(Project).update({ slug: 'kassel' }, { motto: 'At once' });
      expect((await t.http.get('/api/v1/projects/kassel').expect(200)).body.motto).toBe('At once');
    } finally {
      await t.close();
    }
  });
});
