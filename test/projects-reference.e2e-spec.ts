import { CATEGORY_CODES } from '../src/programme/category.entity';
import { PROJECT_SORTS, STATE_CODES, type ListProjectsQuery } from '../src/projects/project.dto';
import { PROJECT_STATUSES } from '../src/projects/project.entity';
import { ProjectsReference } from './support/projects-reference';
import type { TestApp } from './support/test-app';
import { createTestApp } from './support/test-app';

/*
 * GET /api/v1/projects and GET /api/v1/projects/:id read with prepared statements, rows as arrays (issue 13 item 4).
 * The reads they replaced (four statements a page through DataSource.query, rows as objects) are kept as a reference
 * in test/support/projects-reference.ts: for every one of the real 73 projects (by id and by slug) and for list
 * queries over every filter, sort and paging edge, the answer's bytes must be the reference's, serialised.
 */

function query(fields: Partial<ListProjectsQuery>): ListProjectsQuery {
  return Object.assign({ limit: 50, offset: 0, sort: 'name' }, fields) as ListProjectsQuery;
}

function queryString(fields: Partial<ListProjectsQuery>): string {
  return Object.entries(fields)
    .map(([key, value]) => `${key}=${encodeURIComponent(String(value))}`)
    .join('&');
}

describe('project reads: the same bytes as the reads they replaced', () => {
  let t: TestApp;
  let reference: ProjectsReference;

  beforeAll(async () => {
    t = await createTestApp();
    reference = new ProjectsReference(t.dataSource);
  });
  afterAll(() => t.close());

  const LISTS: Partial<ListProjectsQuery>[] = [
    {},
    { limit: 50 },
    { limit: 500 },
    { limit: 1 },
    { limit: 7, offset: 70 },
    { limit: 7, offset: 73 },
    { limit: 7, offset: 80 },
    { limit: 73 },
    { limit: 72, offset: 1 },
    ...PROJECT_SORTS.flatMap((sort) => [{ sort }, { sort, limit: 10, offset: 30 }, { sort, limit: 500 }]),
    ...[1, 2, 3].map((round) => ({ round, limit: 500 })),
    { round: 2, limit: 5, offset: 5 },
    ...CATEGORY_CODES.map((category) => ({ category, limit: 500 })),
    ...STATE_CODES.map((state) => ({ state, limit: 500 })),
    ...PROJECT_STATUSES.map((status) => ({ status, limit: 500 })),
    { q: 'muenchen' },
    { q: 'stadt', sort: '-grantCents', limit: 3, offset: 2 },
    { q: 'no such project anywhere' },
    { q: '100%_' },
    { round: 2, state: 'DE-BY', sort: '-round' },
    { category: CATEGORY_CODES[0], status: 'active', sort: 'grantCents', limit: 2, offset: 1 },
  ];

  it('answers every list query with the reference page, byte for byte', async () => {
    for (const fields of LISTS) {
      const url = `/api/v1/projects?${queryString(fields)}`;
      const res = await t.http.get(url);
      expect({ url, status: res.status }).toEqual({ url, status: 200 });
      const expected = JSON.stringify(await reference.list(query(fields)));
      expect({ url, body: res.text }).toEqual({ url, body: expected });
    }
  });

  it('answers every one of the 73 projects, by id and by slug, with the reference project, byte for byte', async () => {
    const all = await reference.list(query({ limit: 500 }));
    expect(all.total).toBe(73);
    for (const project of all.items) {
      for (const key of [String(project.id), project.slug]) {
        const res = await t.http.get(`/api/v1/projects/${key}`).expect(200);
        expect({ key, body: res.text }).toEqual({ key, body: JSON.stringify(await reference.get(key)) });
      }
    }
    // The members and Länder of a project are where the two reads differ most: some projects have several.
    expect(all.items.some((p) => p.members.length > 1)).toBe(true);
    expect(all.items.some((p) => p.states.length > 1)).toBe(true);
    expect(all.items.some((p) => p.lead === null)).toBe(true);
    expect(all.items.some((p) => p.grantCents === null)).toBe(true);
  });

  it('answers an unknown round, project id or slug as the reference does', async () => {
    await expect(reference.list(query({ round: 9 }))).rejects.toThrow();
    const round = await t.http.get('/api/v1/projects?round=9').expect(400);
    expect(round.body.details).toEqual([{ field: 'round', message: 'round 9 does not exist' }]);
    for (const key of ['999999', 'no-such-project']) {
      await expect(reference.get(key)).rejects.toThrow();
      expect((await t.http.get(`/api/v1/projects/${key}`).expect(404)).body.code).toBe('PROJECT.NOT_FOUND');
    }
  });
});
