import { ConfigError } from './config-error';

type Env = Record<string, string | undefined>;

export const OPEN_DATA_LICENCES = ['dl-de-by-2.0', 'cc-by-4.0'] as const;
export type OpenDataLicence = (typeof OPEN_DATA_LICENCES)[number];

export interface OpenDataConfig {
  /** Licence of every published dataset: Datenlizenz Deutschland – Namensnennung 2.0 (default) or CC BY 4.0. */
  licence: OpenDataLicence;
  /** Absolute address the API is reached at from outside; download URLs in the catalogue start with it. */
  publicBaseUrl: string;
  publisherName: string;
  publisherUrl: string;
  /** 360Giving identifier prefix for grants and organisations (one registered with 360Giving in production). */
  prefix360: string;
}

export interface ImportsConfig {
  /** Largest accepted upload in bytes (IMPORT_MAX_BYTES). */
  maxBytes: number;
  /** Most data rows accepted in one file (IMPORT_MAX_ROWS). */
  maxRows: number;
}

function readUrl(env: Env, name: string, fallback: string): string {
  const raw = env[name]?.trim() || fallback;
  try {
    const url = new URL(raw);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error();
  } catch {
    throw new ConfigError(name, `must be an http:// or https:// URL (got "${raw.slice(0, 60)}")`);
  }
  return raw.replace(/\/+$/, '');
}

export function readOpenData(env: Env, port: number): OpenDataConfig {
  const licence = env.OPEN_DATA_LICENCE?.trim() || 'dl-de-by-2.0';
  if (!(OPEN_DATA_LICENCES as readonly string[]).includes(licence)) {
    throw new ConfigError('OPEN_DATA_LICENCE', `must be one of ${OPEN_DATA_LICENCES.join(', ')} (got "${licence}")`);
  }
  const prefix360 = env.OPEN_DATA_360G_PREFIX?.trim() || '360G-mpsc';
  if (!/^360G-[A-Za-z0-9-]{1,40}$/.test(prefix360)) {
    throw new ConfigError('OPEN_DATA_360G_PREFIX', 'must look like 360G-name (letters, digits and -)');
  }
  return {
    licence: licence as OpenDataLicence,
    publicBaseUrl: readUrl(env, 'PUBLIC_BASE_URL', `http://localhost:${port}`),
    publisherName: env.OPEN_DATA_PUBLISHER?.trim() || 'Programmbüro Modellprojekte Smart Cities',
    publisherUrl: readUrl(env, 'OPEN_DATA_PUBLISHER_URL', 'https://www.smart-city-dialog.de'),
    prefix360,
  };
}

function readWhole(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < min || n > max) throw new ConfigError(name, `must be a whole number from ${min} to ${max} (got "${raw}")`);
  return n;
}

export function readImports(env: Env): ImportsConfig {
  return {
    maxBytes: readWhole(env, 'IMPORT_MAX_BYTES', 20 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
    maxRows: readWhole(env, 'IMPORT_MAX_ROWS', 100_000, 1, 1_000_000),
  };
}
