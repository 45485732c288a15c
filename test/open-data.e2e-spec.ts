import { parse } from 'csv-parse/sync';
import { JobScheduleService, NIGHTLY_ROLLUPS } from '../src/jobs/job-schedule.service';
import { buildCatalog } from '../src/open-data/dcat-catalog';
import { OpenDataSource } from '../src/open-data/open-data.source';
import { createAccount } from './support/accounts';
import { commit, projectId } from './support/funding';
import { compile360GivingPackage } from './support/giving360-schema';
import { finishedJob } from './support/jobs';
import type { TestApp } from './support/test-app';
import { createTestApp } from './support/test-app';

interface Grant {
  id: string;
  title: string;
  amountAwarded: number;
  awardDate: string;
  recipientOrganization: { id: string; name: string }[];
  fundingOrganization: { id: string; name: string }[];
  classifications: { vocabulary: string; code: string }[];
  beneficiaryLocation: { geoCode: string; countryCode: string }[];
}

const BASE = '/api/v1/open-data';

describe('Open data: 360Giving, DCAT-AP.de catalogue, public CSVs', () => {
  let t: TestApp;
  let officer: string;

  beforeAll(async () => {
    t = await createTestApp({ redisUrl: null });
    officer = (await createAccount(t, 'officer', 'office@bund.example')).auth;
  });
  afterAll(() => t.close());

  /** What the nightly schedule does: enqueue the open-data run with the roll-ups, and wait for it. */
  async function nightly(at: string): Promise<void> {
    const runs = await t.app.get(JobScheduleService).fire(NIGHTLY_ROLLUPS, new Date(at));
    for (const id of runs) expect((await finishedJob(t.http, officer, id)).status).toBe('completed');
  }

  it('the 360Giving package validates against the official 1.4.3 schema, one grant per known grant', async () => {
    const res = await t.http.get(`${BASE}/360giving.json`).expect(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    const validate = compile360GivingPackage();
    expect(validate(res.body) ? [] : validate.errors).toEqual([]);
    const grants = res.body.grants as Grant[];
    expect(grants).toHaveLength(59);
    expect(grants.every((g) => g.amountAwarded > 0)).toBe(true);
    const cents = grants.reduce((sum, g) => sum + Math.round(g.amountAwarded * 100), 0);
    expect(cents).toBe(57_363_131_750);
    // The 14 unknown grants are named in the description, never published as 0.
    expect(res.body.description).toContain('59 von 73');
    expect((res.body.description as string).match(/keine Quelle nennt die Fördersumme/g)).toHaveLength(14);
  });

  it('grants carry stable identifiers, the federal programme as funder, Staffel, category and Länder', async () => {
    const grants = (await t.http.get(`${BASE}/360giving.json`).expect(200)).body.grants as Grant[];
    const hannover = grants.find((g) => g.id === '360G-mpsc-hannover') as Grant;
    expect(hannover.amountAwarded).toBe(8_462_377.5);
    expect(hannover.awardDate).toBe('2021-07-15');
    expect(hannover.recipientOrganization).toEqual([expect.objectContaining({ id: '360G-mpsc-body-hannover', name: 'Hannover' })]);
    expect(hannover.fundingOrganization[0]).toEqual(expect.objectContaining({ id: '360G-mpsc-programme-mpsc' }));
    expect(hannover.classifications).toEqual([
      expect.objectContaining({ vocabulary: 'mpsc-staffel', code: '3' }),
      expect.objectContaining({ vocabulary: 'mpsc-kategorie', code: 'GROSSSTADT' }),
    ]);
    const twins = grants.find((g) => g.title.includes('Connected Urban Twins')) as Grant;
    expect(twins.beneficiaryLocation.map((l) => l.geoCode)).toEqual(['DE-BY', 'DE-HH', 'DE-SN']);
    const suedwestfalen = grants.find((g) => g.title === '5 für Südwestfalen') as Grant;
    expect(suedwestfalen.recipientOrganization).toHaveLength(5);
  });

  it('the schema check can fail: a grant with its amount as text is refused', async () => {
    const body = (await t.http.get(`${BASE}/360giving.json`).expect(200)).body;
    body.grants[0].amountAwarded = '1.000,00';
    expect(compile360GivingPackage()(body)).toBe(false);
  });

  it('the DCAT-AP.de catalogue names every dataset with the required properties and download URLs', async () => {
    const res = await t.http.get(`${BASE}/catalog.jsonld`).expect(200);
    expect(res.headers['content-type']).toMatch(/^application\/ld\+json/);
    const catalog = res.body;
    expect(catalog['@type']).toBe('dcat:Catalog');
    for (const key of ['dct:title', 'dct:description', 'dct:publisher', 'dct:license', 'dct:modified', 'dcat:dataset']) {
      expect(catalog).toHaveProperty([key]);
    }
    const datasets = catalog['dcat:dataset'] as Record<string, unknown>[];
    const urls = datasets.map((d) => (d['dcat:distribution'] as Record<string, { '@id': string }>[])[0]['dcat:downloadURL']['@id']);
    expect(urls.map((u) => u.replace(/^.*\/open-data\//, '')).sort()).toEqual(['360giving.json', 'funding-summary.csv', 'projects.csv']);
    for (const dataset of datasets) {
      for (const key of [
        'dct:title',
        'dct:description',
        'dct:publisher',
        'dcat:theme',
        'dcat:contactPoint',
        'dct:temporal',
        'dct:modified',
      ]) {
        expect(dataset).toHaveProperty([key]);
      }
      expect(dataset['dct:temporal']).toEqual(expect.objectContaining({ 'dcat:startDate': '2019-01-01', 'dcat:endDate': '2030-12-31' }));
      const [distribution] = dataset['dcat:distribution'] as Record<string, unknown>[];
      for (const key of ['dcat:accessURL', 'dcat:downloadURL', 'dct:license', 'dct:format', 'dct:modified']) {
        expect(distribution).toHaveProperty([key]);
      }
      expect(distribution['dct:license']).toEqual({ '@id': 'http://dcat-ap.de/def/licenses/dl-by-de/2.0' });
    }
    for (const url of urls) await t.http.get(new URL(url).pathname).expect(200);
  });

  it('the licence comes from the configuration (CC BY 4.0 instead of dl-de/by-2-0)', async () => {
    const input = await t.app.get(OpenDataSource).read();
    const entry = {
      file: 'projects.csv',
      title: 't',
      description: 'd',
      format: 'CSV' as const,
      mediaType: 'text/csv',
      modified: 'x',
      keywords: [],
    };
    const catalog = buildCatalog(input, { ...t.config.openData, licence: 'cc-by-4.0' }, [entry]);
    expect(JSON.stringify(catalog)).toContain('http://dcat-ap.de/def/licenses/cc-by/4.0');
    expect(JSON.stringify(catalog)).not.toContain('dl-by-de');
  });

  it('the projects CSV has stable English columns, one row per project, unknown grants empty', async () => {
    const res = await t.http.get(`${BASE}/projects.csv`).expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    const rows = parse(res.text, { columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0])).toEqual([
      'project_id', 'slug', 'name', 'motto', 'round', 'round_year', 'category', 'states', 'lead_body', 'members',
      'grant_eur', 'grant_known', 'grant_uncertain', 'grant_source', 'phase', 'status',
    ]); // prettier-ignore
    expect(rows).toHaveLength(73);
    expect(rows.filter((r) => r.grant_known === 'false').every((r) => r.grant_eur === '')).toBe(true);
    expect(rows.find((r) => r.slug === 'hannover')?.grant_eur).toBe('8462377.50');
  });

  it('ETag and Last-Modified revalidate with 304; the nightly run changes only what changed', async () => {
    const first = await t.http.get(`${BASE}/funding-summary.csv`).expect(200);
    const projects = await t.http.get(`${BASE}/projects.csv`).expect(200);
    const summary = parse(first.text, { columns: true }) as Record<string, string>[];
    expect(summary[0]).toEqual(
      expect.objectContaining({ dimension: 'programme', granted_eur: '573631317.50', projects_with_unknown_grant: '14' }),
    );
    await t.http.get(`${BASE}/funding-summary.csv`).set('If-None-Match', first.headers.etag).expect(304);
    await t.http.get(`${BASE}/funding-summary.csv`).set('If-Modified-Since', first.headers['last-modified']).expect(304);
    await t.http.get(`${BASE}/funding-summary.csv`).set('If-None-Match', '"other"').expect(200);

    expect((await commit(t, officer, await projectId(t, 'kassel'), { amountCents: 100_000_000 })).status).toBe(201);
    // Served from the last nightly run until the next one:
    expect((await t.http.get(`${BASE}/funding-summary.csv`).expect(200)).headers.etag).toBe(first.headers.etag);
    await nightly('2031-01-02T02:00:00Z');
    const after = await t.http.get(`${BASE}/funding-summary.csv`).set('If-None-Match', first.headers.etag).expect(200);
    expect(after.headers.etag).not.toBe(first.headers.etag);
    expect((parse(after.text, { columns: true }) as Record<string, string>[])[0].committed_eur).toBe('1000000.00');
    const unchanged = await t.http.get(`${BASE}/projects.csv`).set('If-None-Match', projects.headers.etag).expect(304);
    expect(unchanged.headers['last-modified']).toBe(projects.headers['last-modified']);
  });
});
