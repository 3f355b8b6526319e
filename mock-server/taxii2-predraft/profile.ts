// The TAXII 2.0 pre-draft as a mock profile: routes, media type, names, schemas, the error
// message and the message-level faults.
import type { FaultSet } from '../faults.js';
import { HttpError } from '../http-errors.js';
import type { MockProfile } from '../profile.js';
import type { ContentSpec } from '../seed.js';
import { GENERATION_OPTIONS, loadSchemaSet } from '../../schemas/validator.js';
import { MEDIA_TYPE } from './messages.js';
import { sendMessage } from '../send.js';
import { nameModeOf, nameProblem } from './names.js';
import { ROUTES } from './routes.js';
import { seedStore } from './seed-data.js';
import { apiBaseUrl } from './urls.js';

const schemas = () => loadSchemaSet('taxii2-predraft');

export const taxii2PredraftMock: MockProfile = {
  id: 'taxii2-predraft',
  mediaType: MEDIA_TYPE,
  routes: ROUTES,
  rootSchemes: ['Basic', 'Bearer'],
  apiBaseUrl,
  checkName: (name, faults) => nameProblem(name, nameModeOf(faults)),
  validateMessage: (type, message) => schemas().validate(type, message),
  checkRequest,
  errorMessage: (err) => ({
    type: 'error',
    message: {
      type: 'error',
      'http-status': err.status,
      title: err.title,
      'error-code': err.code,
      description: err.description,
      ...(err.options.details?.length ? { details: err.options.details } : {}),
    },
  }),
  mutateOutgoing,
  unmatched: (ctx, segments) => {
    // unknown-is-200: an unknown API Base is served as if it existed.
    if (!(ctx.mock.faults.has('unknown-is-200') && ctx.method === 'GET' && segments.length === 1)) return false;
    sendMessage(ctx, 200, 'api-status', { type: 'api-status', description: 'an API Base that does not exist' });
    return true;
  },
  seedStore: (config) => seedStore(config, contentSpec()),
};

function checkRequest(type: string, body: unknown, faults: FaultSet): HttpError | undefined {
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
function contentSpec(): ContentSpec {
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

function mutateOutgoing(type: string, message: Record<string, unknown>, faults: FaultSet): Record<string, unknown> {
  let m: Record<string, unknown> = { ...message };
  if (type === 'discovery') {
    if (faults.has('discovery-wrong-type')) m['type'] = 'discovery-v2';
    if (faults.has('discovery-no-api-bases')) m['api-bases'] = [];
    if (faults.has('api-bases-plain-http') && Array.isArray(m['api-bases'])) {
      m['api-bases'] = (m['api-bases'] as string[]).map((u) => u.replace(/^https:/, 'http:'));
    }
  }
  if (type === 'api-status' && faults.has('api-status-wrong-type')) m['type'] = 'status';
  if (type === 'repository-listing' && faults.has('collections-key-channels')) {
    const { collections, ...rest } = m;
    m = { ...rest, channels: collections };
  }
  if (faults.has('invalid-field-types')) m = bendTypes(m) as Record<string, unknown>;
  if (faults.has('extra-properties')) m['x-mock-extra'] = true;
  return m;
}
