import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '../common/clock';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { buildCatalog, type CatalogEntry } from './dcat-catalog';
import { build360Giving } from './giving360';
import type { OpenDataFile, OpenDataInput } from './open-data.model';
import { fundingSummaryCsv, projectsCsv } from './open-csv';
import { OpenDataSource } from './open-data.source';

interface FileState {
  /** SHA-256 of the content without its own timestamps: unchanged data keeps its modification date. */
  contentKey: string;
  sha256: string;
  modified: string;
  bytes: number;
}

type Manifest = Partial<Record<OpenDataFile, FileState>>;

export interface OpenDataBody {
  body: Buffer;
  etag: string;
  lastModified: Date;
}

type Render = (modified: string) => string;

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

const DATASETS: Omit<CatalogEntry, 'modified'>[] = [
  {
    file: 'projects.csv',
    title: 'Modellprojekte Smart Cities: Projekte',
    description:
      'Eine Zeile je Modellprojekt: Staffel, Kategorie, Länder, Träger, Fördersumme mit Quelle (leer, wo keine Quelle sie nennt), Status.',
    format: 'CSV',
    mediaType: 'text/csv',
    keywords: ['Smart City', 'Förderung', 'Stadtentwicklung', 'Digitalisierung'],
  },
  {
    file: 'funding-summary.csv',
    title: 'Modellprojekte Smart Cities: Fördermittel nach Staffel, Kategorie und Land',
    description: 'Bekannte Fördersummen (mit der Zahl der unbekannten), Zusagen und Auszahlungen je Programm, Staffel, Kategorie und Land.',
    format: 'CSV',
    mediaType: 'text/csv',
    keywords: ['Smart City', 'Förderung', 'Haushalt', 'Mittelabfluss'],
  },
  {
    file: '360giving.json',
    title: 'Modellprojekte Smart Cities: Zuwendungen im 360Giving-Standard',
    description: 'Eine Zuwendung je Modellprojekt mit bekannter Fördersumme, im 360Giving Data Standard 1.4.',
    format: 'JSON',
    mediaType: 'application/json',
    keywords: ['Smart City', 'Förderung', '360Giving'],
  },
];

/**
 * The open-data files (projects CSV, funding summary CSV, 360Giving package, DCAT-AP.de catalogue), written to
 * ARTIFACTS_DIR/open-data by the nightly job and served from there. A file whose data did not change keeps its
 * modification date and ETag; the catalogue lists each file with its own date.
 */
@Injectable()
export class OpenDataService {
  private pending: Promise<Manifest> | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly source: OpenDataSource,
    private readonly clock: Clock,
  ) {}

  private get folder(): string {
    return join(this.config.artifactsDir, 'open-data');
  }

  /** A published file; generated first if no run has written the files yet. */
  async file(name: OpenDataFile): Promise<OpenDataBody> {
    let manifest = await this.manifest();
    if (!manifest[name]) manifest = await this.regenerate();
    const state = manifest[name] as FileState;
    const body = await readFile(join(this.folder, name));
    return { body, etag: `"${state.sha256.slice(0, 40)}"`, lastModified: new Date(state.modified) };
  }

  /** Rebuilds every file from the database; one generation at a time per process. */
  regenerate(): Promise<Manifest> {
    this.pending ??= this.generate().finally(() => (this.pending = null));
    return this.pending;
  }

  private async generate(): Promise<Manifest> {
    const input = await this.source.read();
    const previous = await this.manifest();
    const now = new Date(Math.floor(this.clock.now().getTime() / 1000) * 1000).toISOString();
    const next: Manifest = {};
    const contents = new Map<OpenDataFile, string>();
    const renders: [OpenDataFile, Render][] = [
      ['projects.csv', () => projectsCsv(input)],
      ['funding-summary.csv', () => fundingSummaryCsv(input)],
      ['360giving.json', (modified) => JSON.stringify(build360Giving(input, this.config.openData, modified).package, null, 1)],
    ];
    for (const [name, render] of renders) {
      const contentKey = sha256(render('1970-01-01T00:00:00.000Z'));
      const modified = previous[name]?.contentKey === contentKey ? previous[name].modified : now;
      contents.set(name, render(modified));
      next[name] = { contentKey, modified, sha256: '', bytes: 0 };
    }
    contents.set('catalog.jsonld', JSON.stringify(this.catalog(input, next), null, 1));
    for (const [name, content] of contents) {
      const state = next[name] ?? { contentKey: sha256(content), modified: '', sha256: '', bytes: 0 };
      state.sha256 = sha256(content);
      state.bytes = Buffer.byteLength(content);
      state.modified ||= previous[name]?.sha256 === state.sha256 ? previous[name].modified : now;
      next[name] = state;
      await this.write(name, content);
    }
    await this.write('manifest.json', JSON.stringify(next));
    return next;
  }

  private catalog(input: OpenDataInput, states: Manifest): Record<string, unknown> {
    const entries = DATASETS.map((d) => ({ ...d, modified: states[d.file as OpenDataFile]?.modified as string }));
    return buildCatalog(input, this.config.openData, entries);
  }

  private async write(name: string, content: string): Promise<void> {
    await mkdir(this.folder, { recursive: true });
    const temporary = join(this.folder, `.partial-${randomUUID()}`);
    await writeFile(temporary, content);
    await rename(temporary, join(this.folder, name));
  }

  private async manifest(): Promise<Manifest> {
    try {
      return JSON.parse(await readFile(join(this.folder, 'manifest.json'), 'utf8')) as Manifest;
    } catch {
      return {};
    }
  }
}
