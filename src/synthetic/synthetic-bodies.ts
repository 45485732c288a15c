import type { BodyKind } from '../bodies/body.entity';
import type { CategoryCode } from '../programme/category.entity';
import type { Prng } from './prng';
import type { BodyPlan } from './synthetic-project';

/** The lead and member bodies of a synthetic project, and its title: made-up place names in real Länder. */

const LAND_WEIGHTS: readonly (readonly [string, number])[] = [
  ['DE-BW', 11],
  ['DE-BY', 14],
  ['DE-BE', 1],
  ['DE-BB', 5],
  ['DE-HB', 1],
  ['DE-HH', 1],
  ['DE-HE', 8],
  ['DE-MV', 4],
  ['DE-NI', 10],
  ['DE-NW', 14],
  ['DE-RP', 7],
  ['DE-SL', 2],
  ['DE-SN', 6],
  ['DE-ST', 4],
  ['DE-SH', 5],
  ['DE-TH', 5],
];

const PREFIXES = [
  'Alt',
  'Neu',
  'Ober',
  'Nieder',
  'Groß',
  'Klein',
  'Bad ',
  'Hohen',
  'Rosen',
  'Eichen',
  'Linden',
  'Mühl',
  'Süder',
  'Wester',
  'Oster',
  'Kirch',
  'Stein',
  'Buchen',
  'Wald',
  'Brück',
  'Fürsten',
  'König',
  'Sonnen',
  'Tann',
];
const STEMS = [
  'berg',
  'burg',
  'dorf',
  'feld',
  'hausen',
  'heim',
  'bach',
  'au',
  'stadt',
  'hagen',
  'rode',
  'beck',
  'born',
  'ingen',
  'stedt',
  'walde',
  'brück',
  'münde',
  'thal',
  'wiese',
  'weiler',
  'furt',
];
const ADDITIONS = [' am Main', ' an der Aue', ' im Tal', ' am See', ' (Oberland)', ' an der Heide'];
const TITLES = ['Smart City {p}', '{p} digital', '{p} vernetzt', 'Zukunftsstadt {p}', 'Digitales {p}', '{p} 2030', '{p} gemeinsam smart'];
function placeName(rng: Prng): string {
  const name = rng.pick(PREFIXES) + rng.pick(STEMS);
  return rng.chance(0.15) ? name + rng.pick(ADDITIONS) : name;
}

export function bodies(rng: Prng, tag: string, category: CategoryCode) {
  const land = rng.weighted(LAND_WEIGHTS);
  const cooperation = category === 'INTERKOMMUNAL_LANDKREIS' ? !rng.chance(0.35) : rng.chance(0.04);
  if (!cooperation) {
    const place = placeName(rng);
    if (category === 'INTERKOMMUNAL_LANDKREIS') {
      const lead: BodyPlan = { name: `Landkreis ${place} (${tag})`, kind: 'district', stateCode: land };
      return { title: `Smarte Region Landkreis ${place}`, lead, members: [] as BodyPlan[] };
    }
    const lead: BodyPlan = { name: `${place} (${tag})`, kind: 'municipality', stateCode: land };
    return { title: rng.pick(TITLES).replace('{p}', place), lead, members: [] as BodyPlan[] };
  }
  const size = category === 'INTERKOMMUNAL_LANDKREIS' ? rng.int(2, 5) : 2;
  const multiLand = rng.chance(0.2);
  const places: string[] = [];
  const members: BodyPlan[] = [];
  for (let k = 1; k <= size; k++) {
    const place = placeName(rng);
    places.push(place);
    const stateCode = multiLand && k > 1 ? rng.weighted(LAND_WEIGHTS) : land;
    const kind =
      k === 1
        ? 'municipality'
        : rng.weighted<BodyKind>([
            ['municipality', 75],
            ['amt', 15],
            ['association_of_municipalities', 10],
          ]);
    const prefix = kind === 'amt' ? 'Amt ' : kind === 'association_of_municipalities' ? 'Verbandsgemeinde ' : '';
    members.push({ name: `${prefix}${place} (${k === 1 ? tag : `${tag}-${k}`})`, kind, stateCode });
  }
  const title =
    size === 2 ? `${places[0]} und ${places[1]}` : `Kooperation ${rng.pick(['Smarte Region', 'Digitale Region', 'Region'])} ${places[0]}`;
  return { title, lead: members[0], members };
}
