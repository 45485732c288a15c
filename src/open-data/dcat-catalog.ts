import type { OpenDataConfig } from '../config/data-exchange-config';
import { licenceOf } from './licences';
import type { OpenDataInput } from './open-data.model';

const CONTEXT = {
  dcat: 'http://www.w3.org/ns/dcat#',
  dct: 'http://purl.org/dc/terms/',
  dcatde: 'http://dcat-ap.de/def/dcatde/',
  foaf: 'http://xmlns.com/foaf/0.1/',
  vcard: 'http://www.w3.org/2006/vcard/ns#',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
};

const EU = 'http://publications.europa.eu/resource/authority';

/** One published file, with the moment its content last changed. */
export interface CatalogEntry {
  file: string;
  title: string;
  description: string;
  format: 'CSV' | 'JSON';
  mediaType: string;
  modified: string;
  keywords: string[];
}

const date = (value: string) => ({ '@value': value, '@type': 'xsd:dateTime' });

function dataset(input: OpenDataInput, config: OpenDataConfig, entry: CatalogEntry, publisher: object) {
  const url = `${config.publicBaseUrl}/api/v1/open-data/${entry.file}`;
  const licence = licenceOf(config.licence);
  return {
    '@id': `${config.publicBaseUrl}/api/v1/open-data/catalog.jsonld#${entry.file}`,
    '@type': 'dcat:Dataset',
    'dct:title': entry.title,
    'dct:description': entry.description,
    'dct:identifier': `${config.prefix360}-${entry.file}`,
    'dct:publisher': publisher,
    'dcatde:maintainer': publisher,
    'dcat:contactPoint': {
      '@type': 'vcard:Organization',
      'vcard:fn': config.publisherName,
      'vcard:hasURL': { '@id': config.publisherUrl },
    },
    'dcat:theme': [{ '@id': `${EU}/data-theme/GOVE` }, { '@id': `${EU}/data-theme/REGI` }],
    'dcat:keyword': entry.keywords,
    'dct:language': { '@id': `${EU}/language/DEU` },
    'dct:spatial': { '@id': 'http://publications.europa.eu/resource/authority/country/DEU' },
    'dcatde:politicalGeocodingLevelURI': { '@id': 'http://dcat-ap.de/def/politicalGeocoding/Level/federal' },
    'dct:temporal': { '@type': 'dct:PeriodOfTime', 'dcat:startDate': input.programme.startsOn, 'dcat:endDate': input.programme.endsOn },
    'dct:accrualPeriodicity': { '@id': `${EU}/frequency/DAILY` },
    'dct:modified': date(entry.modified),
    'dcat:landingPage': { '@id': `${config.publicBaseUrl}/` },
    'dcat:distribution': [
      {
        '@id': url,
        '@type': 'dcat:Distribution',
        'dct:title': entry.title,
        'dcat:accessURL': { '@id': url },
        'dcat:downloadURL': { '@id': url },
        'dct:format': { '@id': `${EU}/file-type/${entry.format}` },
        'dcat:mediaType': { '@id': `https://www.iana.org/assignments/media-types/${entry.mediaType}` },
        'dct:license': { '@id': licence.dcatAp },
        'dcatde:licenseAttributionByText': `${config.publisherName}, ${licence.title}`,
        'dct:modified': date(entry.modified),
      },
    ],
  };
}

/** The DCAT-AP.de catalogue (JSON-LD) of the open-data files, for data portals (GovData) to harvest. */
export function buildCatalog(input: OpenDataInput, config: OpenDataConfig, entries: CatalogEntry[]): Record<string, unknown> {
  const publisher = { '@type': 'foaf:Organization', 'foaf:name': config.publisherName, 'foaf:homepage': { '@id': config.publisherUrl } };
  const modified = entries
    .map((e) => e.modified)
    .sort()
    .at(-1) as string;
  return {
    '@context': CONTEXT,
    '@id': `${config.publicBaseUrl}/api/v1/open-data/catalog.jsonld`,
    '@type': 'dcat:Catalog',
    'dct:title': `${input.programme.name}: offene Daten`,
    'dct:description': 'Modellprojekte, Fördersummen und Mittelabflüsse des Bundesprogramms Modellprojekte Smart Cities.',
    'dct:publisher': publisher,
    'dct:language': { '@id': `${EU}/language/DEU` },
    'dct:license': { '@id': licenceOf(config.licence).dcatAp },
    'dct:modified': date(modified),
    'foaf:homepage': { '@id': `${config.publicBaseUrl}/` },
    'dcat:dataset': entries.map((entry) => dataset(input, config, entry, publisher)),
  };
}
