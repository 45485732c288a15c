import { CSV_CATEGORY, csvProjects, LAENDER, sumCents } from './support/seed-csv';
import type { TestApp } from './support/test-app';
import { createTestApp } from './support/test-app';

/** The figures a programme office quotes: every one checked against the CSV or the published table (mpsc-facts.md §2). */
const csv = csvProjects();
const CUT = 'Hamburg, Leipzig und München (Connected Urban Twins)';

/** mpsc-facts.md §2, "Counts per Staffel and category" (BBSR brochures, behoerden-spiegel.de). */
const PUBLISHED_SPLIT: Record<string, [number, number, number]> = {
  GROSSSTADT: [3, 13, 12],
  MITTELSTADT: [3, 3, 6],
  KLEINSTADT_LANDGEMEINDE: [4, 4, 2],
  INTERKOMMUNAL_LANDKREIS: [3, 12, 8],
};

interface Project {
  id: number;
  slug: string;
  name: string;
  round: { number: number; year: number };
  category: string;
  states: string[];
  lead: { id: number; name: string } | null;
  members: { id: number; name: string }[];
  grantCents: number | null;
  grantUncertain: boolean;
  phase: string;
  status: string;
}

describe('the seeded portfolio', () => {
  let t: TestApp;
  let all: Project[];
  const byName = (name: string) => {
    const found = all.find((p) => p.name === name);
    if (!found) throw new Error(`no project named ${name}`);
    return found;
  };

  beforeAll(async () => {
    t = await createTestApp();
    all = (await t.http.get('/api/v1/projects?limit=500').expect(200)).body.items;
  });
  afterAll(() => t.close());

  describe('the programme', () => {
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

    it('adds up to exactly the sum of the grants the CSV states, to the cent', async () => {
      const res = await t.http.get('/api/v1/programme').expect(200);
      expect(sumCents(csv)).toBe(57_363_131_750n);
      expect(BigInt(res.body.grantedCents)).toBe(sumCents(csv));
      expect(res.body.projectCount).toBe(csv.length);
      expect(res.body.projectsWithUnknownGrant).toBe(csv.filter((p) => p.grantCents === null).length);
    });

    it('lists the three rounds with 13, 32 and 28 projects, in /programme and in /rounds alike', async () => {
      const expected = [
        { number: 1, year: 2019, projectCount: 13 },
        { number: 2, year: 2020, projectCount: 32 },
        { number: 3, year: 2021, projectCount: 28 },
      ];
      const programme = await t.http.get('/api/v1/programme').expect(200);
      const rounds = await t.http.get('/api/v1/rounds').expect(200);
      expect(programme.body.rounds).toMatchObject(expected);
      expect(rounds.body).toMatchObject(expected);
      expect(rounds.body).toHaveLength(3);
      expect(programme.body.rounds).toEqual(rounds.body);
    });

    it('gives each round the exact sum of its known grants and its count of unknown ones', async () => {
      const rounds = (await t.http.get('/api/v1/rounds').expect(200)).body as {
        number: number;
        grantedCents: number;
        projectsWithUnknownGrant: number;
        selectedCount: number;
        projectCount: number;
      }[];
      for (const round of rounds) {
        const rows = csv.filter((p) => p.round === round.number);
        expect({ round: round.number, granted: BigInt(round.grantedCents) }).toEqual({ round: round.number, granted: sumCents(rows) });
        expect(round.projectsWithUnknownGrant).toBe(rows.filter((p) => p.grantCents === null).length);
        expect(round.projectCount).toBe(round.selectedCount);
      }
      const total = rounds.reduce((sum, r) => sum + BigInt(r.grantedCents), 0n);
      expect(total).toBe(57_363_131_750n);
    });
  });

  describe('categories', () => {
    it('counts 28 Großstädte, 12 Mittelstädte, 10 Kleinstädte and 23 Kooperationen, with their grant sums', async () => {
      const res = await t.http.get('/api/v1/categories').expect(200);
      expect(res.body.map((c: { code: string; projectCount: number }) => [c.code, c.projectCount])).toEqual([
        ['GROSSSTADT', 28],
        ['MITTELSTADT', 12],
        ['KLEINSTADT_LANDGEMEINDE', 10],
        ['INTERKOMMUNAL_LANDKREIS', 23],
      ]);
      for (const category of res.body as { code: string; grantedCents: number; projectsWithUnknownGrant: number }[]) {
        const rows = csv.filter((p) => p.category === CSV_CATEGORY[category.code]);
        expect(BigInt(category.grantedCents)).toBe(sumCents(rows));
        expect(category.projectsWithUnknownGrant).toBe(rows.filter((p) => p.grantCents === null).length);
      }
    });

    it.each(Object.entries(PUBLISHED_SPLIT))('splits %s across the rounds as the BBSR brochures publish (%j)', async (code, counts) => {
      for (const [index, expected] of counts.entries()) {
        const res = await t.http.get(`/api/v1/projects?round=${index + 1}&category=${code}&limit=1`).expect(200);
        expect({ round: index + 1, total: res.body.total }).toEqual({ round: index + 1, total: expected });
      }
    });
  });

  describe('Länder', () => {
    it('lists all 16 Länder by ISO 3166-2 code, Bremen with no project', async () => {
      const res = await t.http.get('/api/v1/states').expect(200);
      const states = res.body as { code: string; name: string; projectCount: number; grantedCents: number }[];
      expect(Object.fromEntries(states.map((s) => [s.code, s.name]))).toEqual(LAENDER);
      expect(states).toHaveLength(16);
      expect(states.find((s) => s.code === 'DE-HB')).toMatchObject({ name: 'Bremen', projectCount: 0, grantedCents: 0 });
    });

    it('counts a project that spans several Länder in each of them, with its whole grant', async () => {
      const states = (await t.http.get('/api/v1/states').expect(200)).body as {
        code: string;
        projectCount: number;
        grantedCents: number;
        multiStateProjectCount: number;
      }[];
      for (const state of states) {
        const rows = csv.filter((p) => p.stateNames.includes(LAENDER[state.code]));
        expect({ code: state.code, count: state.projectCount, granted: BigInt(state.grantedCents) }).toEqual({
          code: state.code,
          count: rows.length,
          granted: sumCents(rows),
        });
      }
      const multi = states
        .filter((s) => s.multiStateProjectCount > 0)
        .map((s) => s.code)
        .sort();
      expect(multi).toEqual(['DE-BY', 'DE-HH', 'DE-SN']);
      const counted = states.reduce((sum, s) => sum + s.projectCount, 0);
      expect(counted).toBe(73 + 2);
    });

    it('finds exactly Darmstadt, Kassel, Eichenzell and Landkreis Gießen in Hessen', async () => {
      const res = await t.http.get('/api/v1/projects?state=DE-HE').expect(200);
      expect(res.body.total).toBe(4);
      expect(res.body.items.map((p: Project) => p.name).sort()).toEqual(['Darmstadt', 'Eichenzell', 'Kassel', 'Landkreis Gießen']);
    });
  });

  describe('grants', () => {
    it('marks the 14 unknown grants as null, never as 0', () => {
      const unknown = all
        .filter((p) => p.grantCents === null)
        .map((p) => p.name)
        .sort();
      expect(unknown).toHaveLength(14);
      expect(unknown).toEqual(
        csv
          .filter((p) => p.grantCents === null)
          .map((p) => p.name)
          .sort(),
      );
      expect(all.filter((p) => p.grantCents === 0)).toEqual([]);
    });

    it('gives every project the grant its row states, to the cent', () => {
      expect(all).toHaveLength(73);
      for (const row of csv) {
        const project = byName(row.name);
        expect({ name: row.name, grant: project.grantCents === null ? null : BigInt(project.grantCents) }).toEqual({
          name: row.name,
          grant: row.grantCents,
        });
      }
    });

    it('keeps the cents of Hannover’s grant: 8 462 377.50 € is 846 237 750 cents', () => {
      expect(byName('Hannover').grantCents).toBe(846_237_750);
    });

    it('flags a grant as uncertain exactly where its source says so', () => {
      const uncertain = all
        .filter((p) => p.grantUncertain)
        .map((p) => p.name)
        .sort();
      expect(uncertain).toEqual(
        csv
          .filter((p) => p.uncertain)
          .map((p) => p.name)
          .sort(),
      );
      expect(uncertain.length).toBeGreaterThan(0);
    });
  });

  describe('projects as the sources describe them', () => {
    it('has Connected Urban Twins span Hamburg, Sachsen and Bayern, led by Hamburg with Leipzig and München', () => {
      const cut = byName(CUT);
      expect([...cut.states].sort()).toEqual(['DE-BY', 'DE-HH', 'DE-SN']);
      expect(cut.lead?.name).toBe('Hamburg');
      expect(cut.members.map((m) => m.name).sort()).toEqual(['Hamburg', 'Leipzig', 'München']);
    });

    it('has “5 für Südwestfalen” without a lead (no source names one) and with its 5 member towns', () => {
      const project = byName('5 für Südwestfalen');
      expect(project.lead).toBeNull();
      expect(project.members.map((m) => m.name).sort()).toEqual(['Arnsberg', 'Bad Berleburg', 'Menden (Sauerland)', 'Olpe', 'Soest']);
    });

    it('seeds every project in phase B, active, except Hagenow which has completed', () => {
      expect(all.filter((p) => p.phase !== 'B')).toEqual([]);
      expect(all.filter((p) => p.status !== 'active').map((p) => [p.name, p.status])).toEqual([['Hagenow', 'completed']]);
    });
  });

  describe('one project', () => {
    it('is served by slug with its round, Land, lead, grant and source', async () => {
      const res = await t.http.get('/api/v1/projects/kassel').expect(200);
      expect(res.body).toEqual({
        id: expect.any(Number),
        slug: 'kassel',
        name: 'Kassel',
        motto: 'Smart Kassel',
        round: { number: 2, year: 2020 },
        category: 'GROSSSTADT',
        states: ['DE-HE'],
        lead: { id: expect.any(Number), name: 'Kassel' },
        members: [],
        grantCents: 1_100_000_000,
        grantUncertain: false,
        source: expect.stringContaining('kassel.de'),
        phase: 'B',
        status: 'active',
      });
    });

    it('is the same by numeric id as by slug', async () => {
      const bySlug = await t.http.get('/api/v1/projects/landkreis-giessen').expect(200);
      const byId = await t.http.get(`/api/v1/projects/${bySlug.body.id}`).expect(200);
      expect(byId.body).toEqual(bySlug.body);
      expect(byId.body.name).toBe('Landkreis Gießen');
    });

    it('answers an unknown id or slug with 404 PROJECT.NOT_FOUND in the error contract', async () => {
      for (const id of ['999999', '0', 'no-such-project']) {
        const res = await t.http.get(`/api/v1/projects/${id}`).expect(404);
        expect(res.body).toEqual({ statusCode: 404, code: 'PROJECT.NOT_FOUND', message: expect.any(String), details: [] });
      }
    });
  });
});
