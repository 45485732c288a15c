import { readFileSync } from 'node:fs';
import { join } from 'node:path';
// eslint-disable-next-line no-restricted-imports -- ajv publishes its JSON Schema 2020-12 build only under dist/
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

const FOLDER = join(__dirname, '..', 'fixtures', '360giving');
const DRAFT_2020 = 'https://json-schema.org/draft/2020-12/schema';
const GRANT_ID_1_4_2 = 'https://raw.githubusercontent.com/ThreeSixtyGiving/standard/1.4.2/schema/360-giving-schema.json';

function load(name: string): Record<string, unknown> {
  const schema = JSON.parse(readFileSync(join(FOLDER, name), 'utf8')) as Record<string, unknown>;
  return { ...schema, $schema: DRAFT_2020 };
}

/**
 * The official 360Giving 1.4.3 package schema, compiled with ajv's 2020-12 build: `$schema` normalised to the
 * https address ajv knows, the grant schema registered also under the 1.4.2 id the package schema refers to, and
 * the standard's own annotation keywords declared.
 */
export function compile360GivingPackage(): ValidateFunction {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  for (const keyword of ['codelist', 'openCodelist', 'rollUp']) ajv.addKeyword({ keyword });
  const grant = load('360-giving-schema.json');
  ajv.addSchema(grant);
  ajv.addSchema({ ...grant, $id: GRANT_ID_1_4_2 });
  return ajv.compile(load('360-giving-package-schema.json'));
}
