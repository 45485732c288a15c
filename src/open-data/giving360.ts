import type { OpenDataConfig } from '../config/data-exchange-config';
import { slugify } from '../common/text';
import { centsToEuroNumber, type OpenBody, type OpenDataInput, type OpenProject } from './open-data.model';
import { licenceOf } from './licences';

/**
 * Identifiers (stable across databases and re-seeds, never row ids):
 * - grant:        `<prefix>-<project slug>`          e.g. 360G-mpsc-kassel
 * - recipient:    `<prefix>-body-<slug of the body's name>`  e.g. 360G-mpsc-body-landkreis-giessen
 * - funder:       `<prefix>-programme-<programme code>`      e.g. 360G-mpsc-programme-mpsc
 * Body names are unique (one row per name) and come from the seed files, so the slug of the name is stable.
 */
export const bodyIdentifier = (prefix: string, body: OpenBody): string => `${prefix}-body-${slugify(body.name)}`;

export interface GivingDocument {
  package: Record<string, unknown>;
  /** Projects left out, with the reason (no grant stated, no award date). */
  left: { slug: string; reason: string }[];
}

function recipients(config: OpenDataConfig, project: OpenProject) {
  const bodies = project.lead ? [project.lead] : project.members;
  return bodies.map((b) => ({
    id: bodyIdentifier(config.prefix360, b),
    name: b.name,
    addressCountry: 'DE',
    ...(b.stateCode ? { addressRegion: b.stateCode } : {}),
  }));
}

function grant(input: OpenDataInput, config: OpenDataConfig, project: OpenProject, modified: string) {
  const round = input.rounds.get(project.roundId);
  const programme = input.programme;
  const notes = [
    project.motto ? `„${project.motto}“.` : '',
    project.lead ? '' : 'Keine Quelle nennt einen federführenden Träger; Empfänger sind die Mitglieder des Verbunds.',
    project.grantUncertain ? 'Der Betrag ist der, den die Quelle nennt; die Quellen sind nicht eindeutig.' : '',
    `Quelle: ${project.source}`,
  ].filter(Boolean);
  return {
    id: `${config.prefix360}-${project.slug}`,
    title: project.name,
    description: `Modellprojekt Smart Cities, Staffel ${round?.number} (${round?.year}). ${notes.join(' ')}`,
    currency: programme.currency,
    amountAwarded: centsToEuroNumber(project.grantCents as number),
    awardDate: round?.announcedOn as string,
    url: `${config.publicBaseUrl}/projekte/${encodeURIComponent(project.slug)}`,
    recipientOrganization: recipients(config, project),
    fundingOrganization: [{ id: `${config.prefix360}-programme-${programme.code.toLowerCase()}`, name: programme.name }],
    grantProgramme: [{ code: programme.code, title: programme.name }],
    classifications: [
      { vocabulary: 'mpsc-staffel', code: String(round?.number), title: `Staffel ${round?.number} (${round?.year})` },
      {
        vocabulary: 'mpsc-kategorie',
        code: project.categoryCode,
        title: input.categories.get(project.categoryCode) ?? project.categoryCode,
      },
    ],
    beneficiaryLocation: project.states.map((code) => ({ name: input.states.get(code) ?? code, countryCode: 'DE', geoCode: code })),
    dateModified: modified,
  };
}

function leftOut(input: OpenDataInput, project: OpenProject): string | null {
  if (project.grantCents === null) return 'keine Quelle nennt die Fördersumme';
  if (!input.rounds.get(project.roundId)?.announcedOn) return 'das Datum der Auswahl ist unbekannt';
  return null;
}

/** A 360Giving 1.4 grant package: one grant per project whose amount a source states; the others named in the description. */
export function build360Giving(input: OpenDataInput, config: OpenDataConfig, modified: string): GivingDocument {
  const left: GivingDocument['left'] = [];
  const grants = [];
  for (const project of input.projects) {
    const reason = leftOut(input, project);
    if (reason) left.push({ slug: project.slug, reason });
    else grants.push(grant(input, config, project, modified));
  }
  const unknown = left.map((l) => `${l.slug} (${l.reason})`).join(', ');
  return {
    left,
    package: {
      version: '1.4',
      title: `${input.programme.name}: Zuwendungen (360Giving)`,
      description:
        `Eine Zuwendung je Modellprojekt, dessen Bundesförderung eine Quelle nennt (${grants.length} von ${input.projects.length}). ` +
        (left.length ? `Nicht enthalten, weil unbekannt (nie als 0 €): ${unknown}.` : 'Alle Fördersummen sind bekannt.'),
      issued: modified,
      modified,
      identifier: `${config.prefix360}-grants`,
      publisher: { name: config.publisherName, website: config.publisherUrl },
      license: licenceOf(config.licence).url,
      downloadURL: `${config.publicBaseUrl}/api/v1/open-data/360giving.json`,
      grants,
    },
  };
}
