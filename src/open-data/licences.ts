import type { OpenDataLicence } from '../config/data-exchange-config';

interface Licence {
  /** The licence's canonical address (360Giving `license`). */
  url: string;
  /** The DCAT-AP.de licence vocabulary URI (dct:license). */
  dcatAp: string;
  /** Attribution text (dcatde:licenseAttributionByText). */
  title: string;
}

const LICENCES: Record<OpenDataLicence, Licence> = {
  'dl-de-by-2.0': {
    url: 'https://www.govdata.de/dl-de/by-2-0',
    dcatAp: 'http://dcat-ap.de/def/licenses/dl-by-de/2.0',
    title: 'Datenlizenz Deutschland – Namensnennung – Version 2.0',
  },
  'cc-by-4.0': {
    url: 'https://creativecommons.org/licenses/by/4.0/',
    dcatAp: 'http://dcat-ap.de/def/licenses/cc-by/4.0',
    title: 'Creative Commons Namensnennung 4.0 International',
  },
};

export const licenceOf = (licence: OpenDataLicence): Licence => LICENCES[licence];
