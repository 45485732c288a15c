import fc from 'fast-check';

/**
 * Hostile requests derived from the OpenAPI document: every write route (its body schema, path ids and headers) and
 * every query parameter, each request a valid-looking base with one hostile change. Deterministic: fc.sample with a seed.
 */
type Schema = {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  example?: unknown;
  minimum?: number;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
};
type Parameter = { name: string; in: 'query' | 'path' | 'header'; schema?: Schema };
type Operation = { parameters?: Parameter[]; requestBody?: { content: Record<string, { schema: Schema }> } };
export type OpenApi = { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, Schema> } };

export interface Route {
  method: string;
  path: string;
  query: Parameter[];
  headers: string[];
  body: Schema | null;
}

export interface HostileRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  payload?: string;
  /** What was changed, for the failure message. */
  mutation: string;
}

const WRITE_METHODS = ['post', 'put', 'patch', 'delete'];

/** Write routes (with or without a body) and every route that takes query parameters. */
export function routesOf(doc: OpenApi): Route[] {
  const routes: Route[] = [];
  for (const [path, operations] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(operations)) {
      const query = (op.parameters ?? []).filter((p) => p.in === 'query');
      if (!WRITE_METHODS.includes(method) && query.length === 0) continue;
      const headers = (op.parameters ?? []).filter((p) => p.in === 'header').map((p) => p.name.toLowerCase());
      const body = op.requestBody?.content['application/json']?.schema ?? null;
      routes.push({ method: method.toUpperCase(), path, query, headers: [...new Set(headers)], body });
    }
  }
  return routes;
}

function resolve(doc: OpenApi, schema: Schema): Schema {
  return schema.$ref ? doc.components.schemas[schema.$ref.split('/').pop() as string] : schema;
}

/** A plausible value for a schema: the example, the first enum value, a valid date, the minimum. */
export function baseValue(doc: OpenApi, raw: Schema, depth = 0): unknown {
  const schema = resolve(doc, raw);
  if (schema.example !== undefined) return schema.example;
  if (schema.enum?.length) return schema.enum[0];
  if (schema.format === 'date') return '2025-06-30';
  if (schema.format === 'date-time') return '2025-06-30T12:00:00Z';
  if (schema.type === 'integer' || schema.type === 'number') return schema.minimum ?? 1;
  if (schema.type === 'boolean') return true;
  if (schema.type === 'array') return depth < 3 && schema.items ? [baseValue(doc, schema.items, depth + 1)] : [];
  if (schema.properties) {
    const object: Record<string, unknown> = {};
    for (const [key, property] of Object.entries(schema.properties)) object[key] = baseValue(doc, property, depth + 1);
    return object;
  }
  return 'text';
}

/** JSON text nested `levels` deep, kept as text: building it as an object would overflow JSON.stringify here. */
class RawJson {
  constructor(readonly text: string) {}
}
const deep = (levels: number) => new RawJson(`${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`);

/** Values no field should take, and some that are valid somewhere (so accepted writes happen too). */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: fc.constantFrom<unknown>(null, 'a\ud800@example.org', deep(5000)), weight: 3 },
  {
    arbitrary: fc.constantFrom<unknown>(
      true,
      false,
      0,
      -1,
      1,
      1.5,
      -0,
      1e308,
      -1e308,
      2 ** 31,
      2 ** 53 + 2,
      -(2 ** 63),
      82_000_000_001,
      100,
      2025,
      '',
      ' ',
      '1',
      '-1',
      '1e3',
      '0x10',
      'NaN',
      'Infinity',
      'true',
      'null',
      '2025-02-30',
      '2025-13-01',
      '2019-02-29',
      '0000-01-01',
      '+275760-09-13',
      '2025-06-30T25:00:00Z',
      'not-a-date',
      '2025-06-30',
      'a'.repeat(10_000),
      'ä'.repeat(5_000),
      '\u0000',
      '\u202e evil',
      '\ud800',
      'x\udfffy',
      '😀'.repeat(1_000),
      'e\u0301\u0301\u0301',
      "' OR '1'='1",
      '"; DROP TABLE project; --',
      '<script>alert(1)</script>',
      '../../etc/passwd',
      '%00',
      '${jndi:ldap://x}',
      '__proto__',
      'constructor',
      [],
      [null],
      [[[[1]]]],
      {},
      { ['__proto__']: { polluted: true } },
      { constructor: { prototype: { polluted: true } } },
      deep(40),
      'A',
      'B',
      'funding',
      'csv',
      'on_track',
      'accept',
      '2024-H2',
    ),
    weight: 6,
  },
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.integer(),
  fc.double(),
  fc.bigInt().map((n) => n.toString()),
);

export const hostileId: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '0',
    '-1',
    '1.5',
    '1e3',
    '99999999999999999999',
    '2147483648',
    'abc',
    '..%2f..%2fetc',
    '%ED%A0%80',
    '%00',
    "1'%20OR%20'1'='1",
    'null',
    'undefined',
    '__proto__',
    'constructor',
    'a'.repeat(300),
    '00000000-0000-0000-0000-000000000000',
    'ffffffff-ffff-4fff-bfff-ffffffffffff',
    '%D9%A1%D9%A2',
    '+1',
    '%20',
    '1;2',
    'NaN',
  ),
  fc.integer().map(String),
  fc.string({ unit: 'binary-ascii', minLength: 1, maxLength: 20 }).map(encodeURIComponent),
);

const CONTENT_TYPES = [
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/xml',
  'application/json; charset=utf-16',
  'application/json-patch+json',
  'image/png',
  '',
];
const MALFORMED_JSON = ['{', '{"a":', '{"a":1,}', "{'a':1}", '{"a":NaN}', '\ufeff{}', '[1,2', '{"a":"\\x"}', 'nul', '{"a":1}{"b":2}', ' '];
const POLLUTION = ['{"__proto__":{"polluted":true},', '{"constructor":{"prototype":{"polluted":true}},', '{"prototype":{"x":1},'];

export interface Bases {
  /** A real id for each path parameter name, by path prefix ('/api/v1/users/' → an auditor's id). */
  idFor(path: string): string;
}

function fill(path: string, bases: Bases, hostile?: string): string {
  return path.replace(/\{[^}]+\}/g, () => hostile ?? bases.idFor(path));
}

/** encodeURIComponent that writes a lone surrogate as the bytes a careless client would send (WTF-8), not a throw. */
const encode = (text: string): string =>
  text
    .split(/\p{Cs}/u)
    .map(encodeURIComponent)
    .join('%ED%A0%80');

function queryString(params: Record<string, unknown>): string {
  const parts = Object.entries(params).map(([k, v]) => `${encode(k)}=${encode(typeof v === 'string' ? v : safeJson(v))}`);
  return parts.length ? `?${parts.join('&')}` : '';
}

const RAW_MARK = '\u0001raw\u0001';

/** JSON text of a value, with any RawJson spliced in as it is. */
function safeJson(value: unknown): string {
  const raws: string[] = [];
  const text = JSON.stringify(value, (_key, v: unknown) => (v instanceof RawJson ? (raws.push(v.text), RAW_MARK) : v)) ?? 'null';
  return text.replace(/"\\u0001raw\\u0001"/g, () => raws.shift() as string);
}

/** One hostile request against a route: which change is drawn from `pick`, the hostile values from `value`/`id`. */
export function mutate(
  doc: OpenApi,
  route: Route,
  bases: Bases,
  [pick, which]: [number, number],
  value: unknown,
  id: string,
  text: string,
): HostileRequest {
  const body = route.body ? (baseValue(doc, route.body) as Record<string, unknown>) : undefined;
  const headers: Record<string, string> = body ? { 'content-type': 'application/json' } : {};
  const request = (mutation: string, url: string, payload = body === undefined ? undefined : safeJson(body)): HostileRequest => ({
    method: route.method,
    url,
    headers,
    payload,
    mutation,
  });
  const url = fill(route.path, bases);
  const keys = body ? Object.keys(body) : [];
  const fields = route.query.map((p) => p.name);
  switch (pick % 8) {
    case 0:
      if (fields.length)
        return request(`query ${fields[which % fields.length]}`, url + queryString({ [fields[which % fields.length]]: value }));
      if (keys.length) return request(`field ${keys[which % keys.length]}`, url, safeJson({ ...body, [keys[which % keys.length]]: value }));
      return request('whole body', url, safeJson(value));
    case 1:
      if (keys.length) return request(`field ${keys[which % keys.length]}`, url, safeJson({ ...body, [keys[which % keys.length]]: value }));
      return request('query extra', url + queryString({ [text || 'x']: value }));
    case 2:
      return request('whole body', url, safeJson(value));
    case 3:
      headers['content-type'] = 'application/json';
      return request('malformed json', url, MALFORMED_JSON[pick % MALFORMED_JSON.length]);
    case 4:
      headers['content-type'] = CONTENT_TYPES[pick % CONTENT_TYPES.length];
      return request(`content type ${headers['content-type']}`, url, text || 'a=1');
    case 5:
      if (/\{/.test(route.path)) return request(`id ${id}`, fill(route.path, bases, id));
      return request('query junk', url + queryString({ limit: value, offset: value, sort: text }));
    case 6: {
      headers['content-type'] = 'application/json';
      const rest = safeJson(body ?? {}).slice(1);
      return request('prototype keys', url, POLLUTION[pick % POLLUTION.length] + (rest === '}' ? '"x":1}' : rest));
    }
    default:
      for (const name of route.headers.length ? route.headers : ['if-match', 'idempotency-key'])
        headers[name] = text.replace(/[^\t\x20-\x7e]/g, '') || '"-1"';
      return request(`headers ${route.headers.join(',')}`, url + queryString(fields.length ? { [fields[0]]: value } : {}));
  }
}
