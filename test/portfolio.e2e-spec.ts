import { createTestApp, TestApp } from './support/test-app';

describe('the seeded portfolio', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('serves the programme with the budget and the known and unknown grant totals', async () => {
    const res = await t.http.get('/api/v1/programme').expect(200);
    expect(res.body).toMatchObject({
      code: 'MPSC',
      budgetCents: 82_000_000_000,
      currency: 'EUR',
      projectCount: 73,
      grantedCents: 57_363_131_750,
      projectsWithUnknownGrant: 14,
    });
  });
});
