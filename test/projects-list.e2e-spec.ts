import type { TestApp } from './support/test-app';
import { createTestApp, tableCounts } from './support/test-app';

/** GET /api/v1/projects: filters, search, sorting and paging agree with each other and with the aggregates. */
interface Project {
  id: number;
  name: string;
  round: { number: number };
  grantCents: number | null;
}

interface ProjectPage {
  items: Project[];
  total: number;
  limit: number;
  offset: number;
}

const CUT = 'Hamburg, Leipzig und München (Connected Urban Twins)';

describe('listing projects', () => {
  let t: TestApp;
  const list = async (query: string): Promise<ProjectPage> => (await t.http.get(`/api/v1/projects?${query}`).expect(200)).body;
  const names = async (query: string) => (await list(query)).items.map((p) => p.name).sort();

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  describe('paging', () => {
    it('defaults to 50 per page, sorted by name, and says how many match in all', async () => {
      const page = await list('');
      expect(page).toMatchObject({ total: 73, limit: 50, offset: 0 });
      expect(page.items).toHaveLength(50);
    });

    it.each(['name', '-name', 'grantCents', '-grantCents', 'round', '-round'])(
      'pages through sort=%s yielding every project exactly once, in the order of one big page',
      async (sort) => {
        const whole = await list(`sort=${sort}&limit=500`);
        expect(whole.items).toHaveLength(73);
        const paged: number[] = [];
        for (let offset = 0; offset < 80; offset += 7) {
          const page = await list(`sort=${sort}&limit=7&offset=${offset}`);
          expect(page).toMatchObject({ total: 73, limit: 7, offset });
          expect(page.items.length).toBe(Math.max(0, Math.min(7, 73 - offset)));
          paged.push(...page.items.map((p) => p.id));
        }
        expect(paged).toEqual(whole.items.map((p) => p.id));
        expect(new Set(paged).size).toBe(73);
      },
    );

    it('counts the total before paging, with filters applied', async () => {
      const page = await list('round=2&limit=5&offset=5');
      expect(page).toMatchObject({ total: 32, limit: 5, offset: 5 });
      expect(page.items).toHaveLength(5);
      expect(page.items.every((p) => p.round.number === 2)).toBe(true);
    });

    it('returns an empty page past the end, still with the total', async () => {
      expect(await list('offset=100')).toEqual({ items: [], total: 73, limit: 50, offset: 100 });
    });
  });

  describe('sorting', () => {
    it('sorts by grant descending with the 14 unknown grants last', async () => {
      const { items } = await list('sort=-grantCents&limit=500');
      const grants = items.map((p) => p.grantCents);
      expect(grants.slice(59).every((g) => g === null)).toBe(true);
      const known = grants.slice(0, 59) as number[];
      expect(known.every((g) => typeof g === 'number')).toBe(true);
      expect(known).toEqual([...known].sort((a, b) => b - a));
      expect(known[0]).toBe(2_100_000_000); // Connected Urban Twins, 21 Mio
    });

    it('sorts by grant ascending with the unknown grants still last', async () => {
      const { items } = await list('sort=grantCents&limit=500');
      const known = items.slice(0, 59).map((p) => p.grantCents) as number[];
      expect(known).toEqual([...known].sort((a, b) => a - b));
      expect(items.slice(59).every((p) => p.grantCents === null)).toBe(true);
    });

    it('sorts by round, and -round reverses the rounds', async () => {
      const up = (await list('sort=round&limit=500')).items.map((p) => p.round.number);
      const down = (await list('sort=-round&limit=500')).items.map((p) => p.round.number);
      expect(up).toEqual([...up].sort());
      expect(up.slice(0, 13).every((n) => n === 1)).toBe(true);
      expect(down).toEqual([...up].reverse());
    });

    it('sorts -name in exactly the reverse order of name', async () => {
      const up = (await list('sort=name&limit=500')).items.map((p) => p.id);
      const down = (await list('sort=-name&limit=500')).items.map((p) => p.id);
      expect(down).toEqual([...up].reverse());
    });
  });

  describe('filters', () => {
    it('combine: round 2 in Hessen is Darmstadt, Kassel and Eichenzell', async () => {
      expect(await names('round=2&state=DE-HE')).toEqual(['Darmstadt', 'Eichenzell', 'Kassel']);
      expect(await names('round=3&state=DE-HE')).toEqual(['Landkreis Gießen']);
      expect(await names('category=GROSSSTADT&state=DE-HE')).toEqual(['Darmstadt', 'Kassel']);
    });

    it('find a project spanning several Länder under each of them', async () => {
      for (const state of ['DE-HH', 'DE-SN', 'DE-BY']) {
        expect(await names(`state=${state}`)).toContain(CUT);
      }
    });

    it('filter by status: Hagenow is the completed project, none is withdrawn', async () => {
      expect(await names('status=completed')).toEqual(['Hagenow']);
      expect(await list('status=withdrawn')).toMatchObject({ items: [], total: 0 });
      expect((await list('status=active')).total).toBe(72);
    });

    it('agree with the per-Land and per-category aggregates', async () => {
      const states = (await t.http.get('/api/v1/states').expect(200)).body as {
        code: string;
        projectCount: number;
        grantedCents: number;
      }[];
      for (const state of states) {
        const page = await list(`state=${state.code}&limit=500`);
        const granted = page.items.reduce((sum, p) => sum + (p.grantCents ?? 0), 0);
        expect({ code: state.code, total: page.total, granted }).toEqual({
          code: state.code,
          total: state.projectCount,
          granted: state.grantedCents,
        });
      }
      const categories = (await t.http.get('/api/v1/categories').expect(200)).body as { code: string; projectCount: number }[];
      for (const category of categories) {
        expect((await list(`category=${category.code}&limit=1`)).total).toBe(category.projectCount);
      }
    });
  });

  describe('text search (q)', () => {
    it.each(['GIESSEN', 'gießen', 'Gießen', 'giessen'])('finds Landkreis Gießen for q=%s', async (q) => {
      expect(await names(`q=${encodeURIComponent(q)}`)).toEqual(['Landkreis Gießen']);
    });

    it.each(['münchen', 'muenchen', 'MÜNCHEN'])('finds Connected Urban Twins (and Kirchheim b. München) for q=%s', async (q) => {
      expect(await names(`q=${encodeURIComponent(q)}`)).toEqual([CUT, 'Kirchheim b. München'].sort());
    });

    it('finds a project by a member that is not in its name: Arnsberg is in “5 für Südwestfalen”', async () => {
      expect(await names('q=arnsberg')).toEqual(['5 für Südwestfalen']);
      expect(await names(`q=${encodeURIComponent('Großpösna')}`)).toEqual(['Brandis – Kooperation Partheland']);
    });

    it('ignores accents: “chosebuz” finds Cottbus/Chóśebuz', async () => {
      expect(await names('q=chosebuz')).toEqual(['Cottbus/Chóśebuz']);
    });

    it('takes % and _ literally', async () => {
      expect(await list(`q=${encodeURIComponent('%')}`)).toMatchObject({ items: [], total: 0 });
      expect(await list(`q=${encodeURIComponent('100%')}`)).toMatchObject({ items: [], total: 0 });
      expect(await names('q=_')).toEqual(['Regensburg']); // its motto is REGENSBURG_NEXT
      expect(await names('q=regensburg_next')).toEqual(['Regensburg']);
      expect(await list('q=k_ssel')).toMatchObject({ total: 0 }); // as a wildcard, _ would match Kassel
    });

    it('combines with the other filters and paging', async () => {
      const smart = await list('q=smart&limit=500');
      const smartRound1 = await list('q=smart&round=1&limit=500');
      expect(smartRound1.total).toBeGreaterThan(0);
      expect(smartRound1.total).toBeLessThan(smart.total);
      expect(smartRound1.items.map((p) => p.id)).toEqual(smart.items.filter((p) => p.round.number === 1).map((p) => p.id));
    });

    it('treats SQL in q as text: it finds nothing and changes nothing', async () => {
      const before = await tableCounts(t.dataSource);
      for (const q of ["' OR '1'='1", "x' OR 1=1 --", "'; DROP TABLE project; --", '" OR ""="', '\\', "%' --"]) {
        const page = await list(`q=${encodeURIComponent(q)}`);
        expect({ q, total: page.total, items: page.items }).toEqual({ q, total: 0, items: [] });
      }
      expect(await tableCounts(t.dataSource)).toEqual(before);
      expect((await list('')).total).toBe(73);
    });

    it('treats SQL in the id as a slug that does not exist: 404', async () => {
      for (const id of ['1 OR 1=1', "1'; DROP TABLE project; --", "kassel' OR '1'='1", '1;1', 'kassel\u0000', 'KASSEL']) {
        const res = await t.http.get(`/api/v1/projects/${encodeURIComponent(id)}`).expect(404);
        expect(res.body.code).toBe('PROJECT.NOT_FOUND');
      }
      expect((await list('')).total).toBe(73);
    });
  });

  describe('bad input', () => {
    const cases: [string, string][] = [
      ['limit=0', 'limit'],
      ['limit=501', 'limit'],
      ['limit=abc', 'limit'],
      ['limit=1e2', 'limit'],
      ['offset=-1', 'offset'],
      ['offset=x', 'offset'],
      ['round=0', 'round'],
      ['round=9', 'round'],
      ['round=1.5', 'round'],
      ['round=abc', 'round'],
      ['category=FOO', 'category'],
      ['state=DE-XX', 'state'],
      ['status=foo', 'status'],
      ['sort=bogus', 'sort'],
      ['sort=-bogus', 'sort'],
      ['foo=1', 'foo'],
      ['round=1&round=2', 'round'],
      ['state=DE-HE&state=DE-BY', 'state'],
      [`q=${'x'.repeat(10_000)}`, 'q'],
      ['q=a%00b', 'q'],
      ['q=a%0Ab', 'q'],
    ];

    it.each(
      cases.map(([query, field]) => [query.length > 40 ? `${query.slice(0, 12)}… (${query.length - 2} characters)` : query, field, query]),
    )('refuses ?%s with 400 naming the field %s', async (_label, field, query) => {
      const res = await t.http.get(`/api/v1/projects?${query}`);
      expect(res.status).toBe(400);
      expect(res.body).toEqual({
        statusCode: 400,
        code: expect.stringMatching(/^[A-Z_]+\.[A-Z_]+$/),
        message: expect.any(String),
        details: expect.any(Array),
      });
      expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
    });

    it('never answers odd input with a 500', async () => {
      const values = [
        '',
        ' ',
        '-',
        '%00',
        '%FF',
        '999999999999999999999',
        '-0',
        '1%200',
        '[]',
        '{}',
        'null',
        encodeURIComponent('ä'),
        'a'.repeat(300),
      ];
      const fields = ['limit', 'offset', 'round', 'category', 'state', 'status', 'sort', 'q'];
      for (const field of fields) {
        for (const value of values) {
          const res = await t.http.get(`/api/v1/projects?${field}=${value}`);
          expect({ field, value, status: res.status < 500 }).toEqual({ field, value, status: true });
          expect(res.body).toHaveProperty(res.status === 200 ? 'items' : 'code');
        }
      }
      for (const path of ['%00', '%FF', encodeURIComponent('../../etc/passwd'), 'x'.repeat(1000), '-1', '1.5', '00001']) {
        const res = await t.http.get(`/api/v1/projects/${path}`);
        expect({ path, status: res.status < 500 }).toEqual({ path, status: true });
        expect(res.body).toHaveProperty(res.status === 200 ? 'id' : 'code');
      }
    });

    it('answers a URL the router cannot take (bad %-escape, over-long id) in the error contract too', async () => {
      const badEscape = await t.http.get('/api/v1/projects/%FF').expect(400);
      expect(badEscape.body).toEqual({
        statusCode: 400,
        code: 'REQUEST.MALFORMED_URL',
        message: expect.any(String),
        details: [{ field: 'url', message: expect.any(String) }],
      });
      const tooLong = await t.http.get(`/api/v1/projects/${'x'.repeat(1000)}`).expect(414);
      expect(tooLong.body).toEqual({
        statusCode: 414,
        code: 'REQUEST.URI_TOO_LONG',
        message: expect.any(String),
        details: [{ field: 'url', message: expect.any(String) }],
      });
    });

    it('answers an unknown route with 404 in the error contract', async () => {
      const res = await t.http.get('/api/v1/no-such-thing').expect(404);
      expect(res.body).toEqual({ statusCode: 404, code: expect.any(String), message: expect.any(String), details: [] });
    });
  });
});
