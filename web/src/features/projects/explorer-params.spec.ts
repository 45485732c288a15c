import { describe, expect, it } from '@jest/globals';
import { apiQuery, explorerUrl, readFilters } from './explorer-params';

describe('the explorer view is its URL', () => {
  it('reads every filter from the query string and writes the same URL back', () => {
    const url = '/projekte?staffel=2&kategorie=GROSSSTADT&land=DE-HE&status=active&q=kassel&sort=-grantCents&seite=2';
    const filters = readFilters(new URLSearchParams(url.split('?')[1]));
    expect(filters).toEqual({ staffel: '2', kategorie: 'GROSSSTADT', land: 'DE-HE', status: 'active', q: 'kassel', sort: '-grantCents', seite: 2 });
    expect(explorerUrl(filters)).toBe(url);
  });

  it('leaves defaults out of the URL and falls back on nonsense', () => {
    expect(explorerUrl(readFilters(new URLSearchParams('sort=drop-table&seite=-3')))).toBe('/projekte');
    expect(explorerUrl({ q: '  ', seite: 1, sort: 'name' })).toBe('/projekte');
  });

  it('turns the German parameters into the API query', () => {
    const filters = readFilters(new URLSearchParams('staffel=3&land=DE-BY&q=%20m%C3%BCnchen%20'));
    expect(apiQuery(filters)).toEqual({ sort: 'name', round: 3, state: 'DE-BY', q: 'münchen' });
  });
});
