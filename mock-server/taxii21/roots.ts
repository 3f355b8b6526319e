// Discovery (§4.1), API Root information (§4.2), Get Collections and Get a Collection (§5.1,
// §5.2): the resources that describe the server and what the caller may use.
import { HttpError } from '../http-errors.js';
import { sendMessage } from '../send.js';
import { findCollection } from './access.js';
import { STIX21, TAXII21 } from './media.js';
import { ANONYMOUS } from './seed-data.js';
import type { Target } from './resolve.js';
import type { Taxii21Context } from './state.js';
import type { Collection } from './store.js';

export function getDiscovery(ctx: Taxii21Context, user: string): void {
  const { roots, faults, variants } = ctx.mock;
  const origin = rootOrigin(ctx.mock);
  const absolute = variants.has('taxii21-roots-absolute') || origin !== ctx.mock.origin;
  const url = (path: string) =>
    faults.has('taxii21-api-roots-http') ? `${origin.replace(/^https:/, 'http:')}${path}`
    : faults.has('taxii21-api-roots-malformed') ? `https://{host}${path}`
    : faults.has('taxii21-api-roots-path-relative') ? path.slice(ctx.mock.prefix.length)
    : absolute ? `${origin}${path}`
    : path;
  const visible = variants.has('taxii21-roots-per-user') && user === ANONYMOUS ? roots.filter((r) => r.anonymous) : roots;
  const apiRoots = visible.map((r) => url(r.path));
  if (faults.has('taxii21-api-roots-duplicate')) apiRoots.push(`${origin}${roots[0]!.path}`);
  const main = url(visible[0]!.path);
  sendMessage(ctx, 200, 'discovery', {
    title: 'taxii-conform mock (TAXII 2.1)',
    description: 'The reference TAXII 2.1 server of taxii-conform: API Roots with different authentication, collections of every access kind.',
    contact: 'https://github.com/taxii-conform',
    ...(variants.has('taxii21-no-default') ? {} : { default: faults.has('taxii21-default-not-listed') ? `${ctx.mock.prefix}nowhere/` : main }),
    api_roots: apiRoots,
  });
}

/** The origin the API Roots are served on: another one under taxii21-roots-other-origin, else the host's. */
export function rootOrigin(mock: Taxii21Context['mock']): string {
  return mock.variants.has('taxii21-roots-other-origin') && mock.otherOrigin !== undefined ? mock.otherOrigin : mock.origin;
}

export function getApiRoot(ctx: Taxii21Context, t: Target): void {
  const root = t.root!;
  sendMessage(ctx, 200, 'api-root', {
    title: root.title,
    description: root.description,
    versions: [ctx.mock.faults.has('taxii21-api-root-no-21') ? 'application/taxii+json;version=2.0' : TAXII21],
    max_content_length: root.maxContentLength,
  });
}

/** The fault that answers any unknown one-segment path with an API Root resource. */
export function unknownRoot(ctx: Taxii21Context): boolean {
  if (!ctx.mock.faults.has('taxii21-unknown-root-200') || ctx.method !== 'GET') return false;
  const rest = ctx.rawPath.slice(ctx.mock.prefix.length);
  if (!/^[^/]+\/$/.test(rest) || ctx.mock.roots.some((r) => r.path === ctx.rawPath)) return false;
  sendMessage(ctx, 200, 'api-root', { title: 'an API Root that does not exist', versions: [TAXII21], max_content_length: 1 });
  return true;
}

export function collectionResource(ctx: Taxii21Context, c: Collection, user: string): Record<string, unknown> {
  const r = c.rightsOf(user);
  const noMedia = ctx.mock.variants.has('taxii21-no-media-types') && c === ctx.mock.roots[0]?.collections[1];
  return {
    id: c.id,
    title: c.title,
    description: c.description,
    ...(c.alias !== undefined ? { alias: c.alias } : {}),
    can_read: r.read,
    can_write: r.write,
    ...(noMedia ? {} : { media_types: [STIX21] }),
  };
}

export function getCollections(ctx: Taxii21Context, t: Target, user: string): void {
  const { faults, variants } = ctx.mock;
  // The delete-403-for-404 fault lists the collection no one may use, so that a client finds it.
  const listAll = variants.has('taxii21-list-unusable') || faults.has('taxii21-delete-403-for-404');
  let list = t.root!.collections.filter((c) => listAll || c.rightsOf(user).read || c.rightsOf(user).write);
  list = [...list].sort((a, b) => (variants.has('taxii21-collections-by-id') ? cmp(a.id, b.id) : cmp(a.title, b.title)));
  if (variants.has('taxii21-collections-reversed')) list.reverse();
  if (faults.has('taxii21-collections-unstable-order') && list.length > 1) {
    const n = ctx.mock.listings.count++ % list.length;
    list = [...list.slice(n), ...list.slice(0, n)];
    if (n === 0) list.reverse();
  }
  if (list.length === 0) {
    sendMessage(ctx, 200, 'collections', faults.has('taxii21-empty-collections-list') ? { collections: [] } : {});
    return;
  }
  sendMessage(ctx, 200, 'collections', { collections: list.map((c) => collectionResource(ctx, c, user)) });
}

export function getCollection(ctx: Taxii21Context, t: Target, user: string): void {
  const c = findCollection(ctx, t);
  const r = c?.rightsOf(user);
  if (!c || !r || (!r.read && !r.write)) {
    if (ctx.mock.faults.has('taxii21-unknown-collection-200') && /^[0-9a-f-]{36}$/i.test(t.collection ?? '')) {
      sendMessage(ctx, 200, 'collection', { id: t.collection!.toLowerCase(), title: 'a collection that does not exist', can_read: true, can_write: true });
      return;
    }
    throw new HttpError('NOT_FOUND', `no collection ${JSON.stringify(t.collection)} at ${t.root!.path} for this caller`);
  }
  const resource = collectionResource(ctx, c, user);
  if (ctx.mock.faults.has('taxii21-collection-flags-differ')) resource['can_write'] = !resource['can_write'];
  sendMessage(ctx, 200, 'collection', resource);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
