// Loads a profile's requirements and cases from its JSON data and checks that the data is
// well formed, so a vendor adding a case gets a precise message instead of a crash.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { CaseDef, LoadedCase, Requirement, Step } from './types.js';
import { LEVELS, strongest } from './levels.js';

/** Raised when case or requirement data is malformed; exit code 2. */
export class CatalogError extends Error {
  readonly code = 'TC_CATALOG_INVALID';
}

const HTTP_ASSERTIONS = ['status', 'statusNot', 'statusClass', 'header', 'mediaType', 'schema', 'json', 'bodyMaxBytes', 'bodyMinBytes', 'notTaxiiMessage', 'maxDurationMs', 'minDurationMs', 'wireRules'];
const DNS_ASSERTIONS = ['srvRecords', 'srvUsable', 'srvTargetsResolve'];
const TLS_ASSERTIONS = ['handshake', 'certificate'];
const ASSERTION_KEYS = [...HTTP_ASSERTIONS, ...DNS_ASSERTIONS, ...TLS_ASSERTIONS];

const assertionProps = {
  status: { oneOf: [{ type: 'integer' }, { type: 'array', items: { type: 'integer' }, minItems: 1 }] },
  statusNot: { type: 'array', items: { type: ['integer', 'string'] }, minItems: 1 },
  statusClass: { type: 'string', pattern: '^[1-5]xx$' },
  header: {
    type: 'object',
    required: ['name'],
    additionalProperties: false,
    properties: { name: { type: 'string' }, present: { type: 'boolean' }, equals: { type: 'string' }, matches: { type: 'string' } },
  },
  mediaType: { type: 'string' },
  schema: { type: 'string' },
  json: {
    type: 'object',
    required: ['pointer'],
    additionalProperties: false,
    properties: {
      pointer: { type: 'string' },
      exists: { type: 'boolean' },
      equals: {},
      matches: { type: 'string' },
      some: { type: 'object' },
      none: { type: 'object' },
      minItems: { type: 'integer', minimum: 0 },
      maxItems: { type: 'integer', minimum: 0 },
      allMatch: { type: 'string' },
      sequence: {
        type: 'object',
        required: ['key', 'values'],
        additionalProperties: false,
        properties: { key: { type: 'string' }, values: { type: 'array', minItems: 1 } },
      },
    },
  },
  bodyMaxBytes: { type: 'integer', minimum: 0 },
  bodyMinBytes: { type: 'integer', minimum: 0 },
  notTaxiiMessage: { const: true },
  wireRules: { const: true },
  maxDurationMs: { type: 'integer', minimum: 0 },
  minDurationMs: { type: 'integer', minimum: 0 },
  srvRecords: { type: 'object', required: ['min'], additionalProperties: false, properties: { min: { type: 'integer', minimum: 0 } } },
  srvUsable: { const: true },
  srvTargetsResolve: { const: true },
  handshake: { enum: ['accepted', 'refused'] },
  certificate: {
    type: 'object',
    additionalProperties: false,
    minProperties: 1,
    properties: { current: { const: true }, nameMatches: { const: true }, rsaKey: { const: true }, minRsaBits: { type: 'integer', minimum: 1 } },
  },
};

const oneAssertion = { oneOf: ASSERTION_KEYS.map((k) => ({ required: [k] })) };

const requestSchema = {
  type: 'object',
  required: ['method', 'url'],
  additionalProperties: false,
  properties: {
    method: { type: 'string', pattern: '^[A-Z]+$' },
    url: { type: 'string', minLength: 1 },
    headers: { type: 'object', additionalProperties: { type: 'string' } },
    auth: {
      enum: ['default', 'none', 'basic', 'bearer', 'wrong-password', 'unknown-user', 'bearer-bad-signature', 'bearer-alg-none', 'bearer-garbage'],
    },
    bearer: { type: 'string' },
    json: {},
    message: {},
    raw: { type: 'string' },
    generate: {
      type: 'object',
      required: ['kind', 'bytes'],
      additionalProperties: false,
      properties: { kind: { type: 'string' }, bytes: { type: 'integer', minimum: 1 } },
    },
    contentType: { type: 'string' },
  },
};

const CASE_SCHEMA = {
  type: 'array',
  items: {
    type: 'object',
    required: ['id', 'area', 'title', 'section', 'steps'],
    additionalProperties: false,
    properties: {
      id: { type: 'string', pattern: '^[a-z0-9-]+\\.[a-z0-9-]+$' },
      area: { type: 'string' },
      title: { type: 'string', minLength: 1 },
      section: { type: 'string', minLength: 1 },
      description: { type: 'string' },
      needs: { type: 'array', items: { enum: ['credentials', 'write', 'discovery', 'token', 'srv'] } },
      info: { const: true },
      steps: { type: 'array', minItems: 1, items: { $ref: '#/$defs/step' } },
    },
  },
  $defs: {
    step: {
      type: 'object',
      additionalProperties: false,
      oneOf: [{ required: ['request'] }, { required: ['dns'] }, { required: ['tls'] }, { required: ['parallel'] }],
      properties: {
        name: { type: 'string' },
        request: requestSchema,
        dns: { type: 'object', required: ['srv'], additionalProperties: false, properties: { srv: { type: 'string' } } },
        tls: {
          type: 'object',
          additionalProperties: false,
          oneOf: [{ required: ['offerClass'] }, { required: ['certificate'] }, { required: ['enumerate'] }],
          properties: { offerClass: { type: 'string' }, certificate: { const: true }, enumerate: { const: true }, url: { type: 'string' } },
        },
        forEach: { type: 'string', pattern: '^[A-Za-z][A-Za-z0-9]*$' },
        parallel: { type: 'array', minItems: 2, items: { $ref: '#/$defs/step' } },
        require: {
          type: 'array',
          items: {
            type: 'object',
            required: ['reason'],
            additionalProperties: false,
            properties: { reason: { type: 'string' }, ...assertionProps },
            ...oneAssertion,
          },
        },
        expect: {
          type: 'array',
          items: {
            type: 'object',
            required: ['level', 'requirement'],
            additionalProperties: false,
            properties: { level: { enum: LEVELS }, requirement: { type: 'string' }, ...assertionProps },
            ...oneAssertion,
          },
        },
        capture: { type: 'object', additionalProperties: { type: 'string' } },
        creates: {
          type: 'object',
          required: ['description', 'undo'],
          additionalProperties: false,
          properties: { description: { type: 'string' }, undo: requestSchema },
        },
        noResponse: { enum: ['passes', 'fails'] },
        delayMs: { type: 'integer', minimum: 0, maximum: 120000 },
      },
    },
  },
};

const ajv = new Ajv2020({ allErrors: false, strict: false });
const validateCases = ajv.compile(CASE_SCHEMA);

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new CatalogError(`${path}: ${(e as Error).message}`);
  }
}

/** Every step, with the steps of parallel groups in place of the group. */
export function flatSteps(steps: readonly Step[]): Step[] {
  return steps.flatMap((s) => (s.parallel ? [s, ...flatSteps(s.parallel)] : [s]));
}

export function loadRequirements(path: string): Requirement[] {
  const data = readJson(path);
  if (!Array.isArray(data)) throw new CatalogError(`${path}: expected an array of requirements`);
  return data as Requirement[];
}

/** Reads every `*.json` in dir as an array of cases, checked against the case format and the catalog. */
export function loadCases(dir: string, requirements: readonly Requirement[], areas: readonly string[]): LoadedCase[] {
  const known = new Set(requirements.map((r) => r.id));
  const seen = new Map<string, string>();
  const out: LoadedCase[] = [];
  const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
  for (const file of files) {
    const path = join(dir, file);
    const data = readJson(path);
    if (!validateCases(data)) {
      const e = validateCases.errors?.[0];
      throw new CatalogError(`${path}: ${e?.instancePath || '/'} ${e?.message ?? 'invalid'}`);
    }
    for (const c of data as CaseDef[]) {
      const where = `${path}: case ${c.id}`;
      if (seen.has(c.id)) throw new CatalogError(`${where}: duplicate id (also in ${seen.get(c.id)})`);
      seen.set(c.id, file);
      if (!areas.includes(c.area)) throw new CatalogError(`${where}: unknown area "${c.area}"`);
      if (!c.id.startsWith(`${c.area}.`)) throw new CatalogError(`${where}: id must start with its area "${c.area}."`);
      const steps = flatSteps(c.steps);
      const checks = steps.flatMap((s) => s.expect ?? []);
      if (c.info && checks.length > 0) throw new CatalogError(`${where}: an info case observes; it has no checks`);
      if (!c.info && checks.length === 0) throw new CatalogError(`${where}: no check (a case must be able to fail)`);
      for (const s of steps) {
        if (s.parallel) {
          if (s.parallel.some((p) => !p.request)) throw new CatalogError(`${where}: parallel steps are requests`);
          continue;
        }
        const kind = s.request ? 'request' : s.dns ? 'dns' : 'tls';
        const allowed = kind === 'request' ? HTTP_ASSERTIONS : kind === 'dns' ? DNS_ASSERTIONS : TLS_ASSERTIONS;
        for (const a of [...(s.expect ?? []), ...(s.require ?? [])]) {
          const key = ASSERTION_KEYS.find((k) => k in a);
          if (key && !allowed.includes(key)) throw new CatalogError(`${where}: a ${kind} step cannot assert ${key}`);
        }
        if (kind !== 'request' && (s.creates || s.noResponse)) throw new CatalogError(`${where}: only request steps create or accept no response`);
      }
      for (const ch of checks) {
        if (!known.has(ch.requirement)) throw new CatalogError(`${where}: unknown requirement "${ch.requirement}"`);
      }
      out.push({
        ...c,
        level: c.info ? 'MAY' : strongest(checks.map((ch) => ch.level)),
        requirements: [...new Set(checks.map((ch) => ch.requirement))],
      });
    }
  }
  // Report order follows the profile's areas, then the order within the files.
  const rank = (area: string): number => areas.indexOf(area);
  return out.map((c, i) => ({ c, i })).sort((a, b) => rank(a.c.area) - rank(b.c.area) || a.i - b.i).map((x) => x.c);
}
