// How the pre-draft's messages are checked and written: request messages against their
// schemas (and the name rule), messages the mock sends bent by the message-level faults,
// the error message, and the content the store is seeded with.
import type { MockConfig } from '../config.js';
import { HttpError, plainErrorAnswer, type ErrorAnswer } from '../http-errors.js';
import type { ContentSpec } from '../seed.js';
import { baseHeaders, lowerCaseReordered, renderFor, validateFor, type JsonMessages } from '../send.js';
import { GENERATION_OPTIONS, loadSchemaSet } from '../../schemas/validator.js';
import type { PredraftFaults } from './faults.js';
import { MEDIA_TYPE } from './messages.js';
import { nameModeOf, nameProblem } from './names.js';
import type { PredraftState } from './state.js';
import type { PredraftVariants } from './variants.js';
import { randomUUID } from 'node:crypto';

const schemas = () => loadSchemaSet('taxii2-predraft');

/** Faults that make the mock send data its schemas refuse on purpose: no response validation. */
const UNVALIDATED_FAULTS = ['lax-names', 'schema-lax', 'extra-properties', 'invalid-field-types'] as const;

/** How this profile's messages are written under these faults and variants. */
export function jsonMessages(config: MockConfig, faults: PredraftFaults, variants: PredraftVariants): JsonMessages {
  const validates = config.validateResponses && !UNVALIDATED_FAULTS.some((f) => faults.anywhere(f));
  return {
    contentType: faults.has('wrong-media-type') ? 'application/json' : MEDIA_TYPE,
    ...(validates ? { validate: (type: string, message: unknown) => schemas().validate(type, message) } : {}),
    mutate: (type, message) => mutateOutgoing(type, message, faults, variants),
    honourMaxSize: !faults.has('ignore-max-size'),
    // No fault on: the same message is the same text every time (kept per content, send.ts).
    stable: faults.names.length === 0,
    ...(variants.has('lowercase-headers') ? { shapeHeaders: lowerCaseReordered } : {}),
    ...(variants.has('chunked-bodies') ? { chunkBytes: 1024 } : {}),
  };
}

/** An error as an `error` message (or prose under plain-error-bodies). */
export function errorAnswer(state: PredraftState, err: HttpError): ErrorAnswer {
  if (state.faults.has('plain-error-bodies')) return plainErrorAnswer(err);
  const message = {
    type: 'error',
    'http-status': err.status,
    title: err.title,
    'error-code': err.code,
    description: err.description,
    ...(err.options.details?.length ? { details: err.options.details } : {}),
    // error-extra-fields: the pre-draft defines no error message; a server may say more.
    ...(state.variants.has('error-extra-fields')
      ? { 'request-id': randomUUID(), 'see-also': `https://taxii-conform.invalid/errors/${err.code}`, retryable: err.status >= 500 }
      : {}),
  };
  validateFor(state, 'error', message);
  const r = renderFor(state, 'error', message);
  // Shaped (variants) where it is written: the host's sendErrorAnswer, with the mount's shape.
  return { status: err.status, headers: { ...baseHeaders(), ...(err.options.headers ?? {}), 'Content-Type': r.contentType }, body: r.body };
}

/** A request message's problem (schema, name rule) as the error to answer; undefined when it is acceptable. */
export function checkRequest(type: string, body: unknown, faults: PredraftFaults): HttpError | undefined {
  if (faults.has('schema-lax')) return undefined;
  const mode = nameModeOf(faults);
  const isObj = typeof body === 'object' && body !== null && !Array.isArray(body);
  const name = isObj ? (body as Record<string, unknown>)['name'] : undefined;
  // lax-names: the schema's name pattern must not refuse the name, so check a stand-in.
  const probe = mode === 'lax' && typeof name === 'string' ? { ...(body as object), name: 'x' } : body;
  const r = schemas().validate(type, probe);
  if (!r.valid) {
    return new HttpError('INVALID_MESSAGE', `the request body is not a valid ${type} message: ${r.errors.join('; ')}`, {
      details: r.errors,
    });
  }
  if (mode === 'strict' && typeof name === 'string') {
    const why = nameProblem(name, mode);
    if (why !== undefined) return new HttpError('INVALID_NAME', `the name ${JSON.stringify(name)} ${why}`);
  }
  return undefined;
}

/** Every seeded object comes from the content-object schema of taxii-data, narrowed for generation. */
export function contentSpec(): ContentSpec {
  const gen = schemas().generationSchema('taxii-data');
  return {
    schema: { $ref: '#/$defs/content-object', $defs: gen['$defs'] },
    generatorOptions: { ...GENERATION_OPTIONS },
    validate: (object) => schemas().validate('taxii-data', { type: 'taxii-data', objects: [object] }),
  };
}

/** Fields that each get a wrong JSON type under invalid-field-types. */
function wrongType(key: string, value: unknown): unknown {
  if (typeof value === 'boolean' && ['can-read', 'can-write', 'long-poll', 'more'].includes(key)) return value ? 'yes' : 'no';
  if (key === 'msg-age' && typeof value === 'string') return Number(value);
  if (typeof value === 'number' && ['http-status', 'accepted-count', 'expires-in'].includes(key)) return String(value);
  // api-bases stays an array, so that a client can still find the API Bases to be served wrong types.
  if (Array.isArray(value) && key === 'subscribers') return value.join(' ');
  return undefined;
}

function bendTypes(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(bendTypes);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    const bent = wrongType(k, v);
    // Content objects are the client's data: leave them alone.
    out[k] = bent !== undefined ? bent : k === 'objects' ? v : bendTypes(v);
  }
  return out;
}

function mutateOutgoing(type: string, message: Record<string, unknown>, faults: PredraftFaults, variants: PredraftVariants): Record<string, unknown> {
  let m: Record<string, unknown> = { ...message };
  if (type === 'discovery') {
    if (faults.has('discovery-wrong-type')) m['type'] = 'discovery-v2';
    if (faults.has('discovery-no-api-bases')) m['api-bases'] = [];
    if (faults.has('api-bases-plain-http') && Array.isArray(m['api-bases'])) {
      m['api-bases'] = (m['api-bases'] as string[]).map((u) => u.replace(/^https:/, 'http:'));
    }
    if (faults.has('api-bases-relative') && Array.isArray(m['api-bases'])) {
      m['api-bases'] = (m['api-bases'] as string[]).map((u) => u.replace(/^https:\/\/[^/]+/, ''));
    }
    if (faults.has('api-bases-malformed') && Array.isArray(m['api-bases'])) {
      m['api-bases'] = (m['api-bases'] as string[]).map((u) => u.replace(/^https:\/\/[^/]+/, 'https://{host}'));
    }
  }
  if (type === 'api-status' && faults.has('api-status-wrong-type')) m['type'] = 'status';
  if (type === 'repository-listing' && variants.has('collections-key-channels')) {
    const { collections, ...rest } = m;
    m = { ...rest, channels: collections };
  }
  if (faults.has('invalid-field-types')) m = bendTypes(m) as Record<string, unknown>;
  if (faults.has('extra-properties')) m['x-mock-extra'] = true;
  return m;
}
