// The TAXII 2.1 URL map under the prefix (/taxii2/): Discovery at the prefix itself, each API
// Root at its own path, and under a root: status/{id}/, collections/, collections/{id}/,
// …/manifest/, …/objects/, …/objects/{object-id}/, …/objects/{object-id}/versions/ (§3.1).
// Every path ends in "/" (a missing one is 404, or under a variant redirected or served).
import { HttpError } from '../http-errors.js';
import { sendEmpty } from '../send.js';
import type { Taxii21Context } from './state.js';
import type { ApiRoot } from './store.js';

export type Endpoint =
  | 'discovery'
  | 'api-root'
  | 'status'
  | 'collections'
  | 'collection'
  | 'manifest'
  | 'objects'
  | 'object'
  | 'versions'
  | 'token';

export interface Target {
  endpoint: Endpoint;
  root?: ApiRoot;
  /** Path parameters as sent, percent-decoded: collection, object, status. */
  collection?: string;
  object?: string;
  status?: string;
}

const METHODS: Record<Endpoint, readonly string[]> = {
  discovery: ['GET'],
  'api-root': ['GET'],
  status: ['GET'],
  collections: ['GET'],
  collection: ['GET'],
  manifest: ['GET'],
  objects: ['GET', 'POST'],
  object: ['GET', 'DELETE'],
  versions: ['GET'],
  token: ['POST'],
};

/** The endpoint a path names, or a 404/405 (answers a redirect itself: undefined). */
export function resolve(ctx: Taxii21Context): Target | undefined {
  const { prefix, variants, roots } = ctx.mock;
  let path = ctx.rawPath;
  if (!path.endsWith('/')) {
    if (variants.has('taxii21-slash-redirect')) {
      sendEmpty(ctx, 301, { Location: `${path}/${ctx.rawQuery ? `?${ctx.rawQuery}` : ''}` });
      return undefined;
    }
    if (!variants.has('taxii21-slash-serve')) throw new HttpError('NOT_FOUND', `TAXII 2.1 paths end in "/": did you mean ${path}/ ?`);
    path = `${path}/`;
  }
  const target = targetOf(path, prefix, roots);
  if (!target) throw new HttpError('NOT_FOUND', `nothing is served at ${path}`);
  const allowed = METHODS[target.endpoint];
  if (!allowed.includes(ctx.method)) {
    throw new HttpError('METHOD_NOT_ALLOWED', `${ctx.method} is not allowed on ${path}; allowed: ${allowed.join(', ')}`, { headers: { Allow: allowed.join(', ') } });
  }
  return target;
}

function targetOf(path: string, prefix: string, roots: readonly ApiRoot[]): Target | undefined {
  if (path === prefix) return { endpoint: 'discovery' };
  const root = roots.filter((r) => path.startsWith(r.path)).sort((a, b) => b.path.length - a.path.length)[0];
  if (!root) return undefined;
  const rest = path.slice(root.path.length);
  let segs: string[];
  try {
    segs = rest === '' ? [] : rest.slice(0, -1).split('/').map((s) => decodeURIComponent(s));
  } catch {
    return undefined;
  }
  const [a, b, c, d, e, ...more] = segs;
  if (more.length > 0) return undefined;
  if (a === undefined) return { endpoint: 'api-root', root };
  if (a === 'status' && b !== undefined && c === undefined) return { endpoint: 'status', root, status: b };
  // Not a TAXII endpoint (§8.2.1 lets a server add URLs): where a root taking bearer tokens issues them.
  if (a === 'token' && b === undefined && root.schemes.includes('Bearer')) return { endpoint: 'token', root };
  if (a !== 'collections') return undefined;
  if (b === undefined) return { endpoint: 'collections', root };
  if (c === undefined) return { endpoint: 'collection', root, collection: b };
  if (c === 'manifest' && d === undefined) return { endpoint: 'manifest', root, collection: b };
  if (c !== 'objects') return undefined;
  if (d === undefined) return { endpoint: 'objects', root, collection: b };
  if (e === undefined) return { endpoint: 'object', root, collection: b, object: d };
  if (e === 'versions') return { endpoint: 'versions', root, collection: b, object: d };
  return undefined;
}
