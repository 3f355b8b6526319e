// The read endpoints of a collection (§5.3, §5.4, §5.6, §5.8): select the versions the query
// names (query.ts), cut one page (paging.ts), and answer with the X-TAXII-Date-Added-First
// and -Last headers of that page (omitted when it is empty, A-12).
import { HttpError } from '../http-errors.js';
import { sendMessage } from '../send.js';
import { collectionFor } from './access.js';
import { STIX21 } from './media.js';
import { bindingOf, pageOf, type Page } from './paging.js';
import { parseQuery, select, type Endpoint, type Query, type SelectLaxity } from './query.js';
import type { Target } from './resolve.js';
import type { Taxii21Context } from './state.js';
import type { Collection, Entry } from './store.js';
import { taxiiTimestamp } from './time.js';
import { pageSizeOf } from './variants.js';

/** The query of this endpoint, under the faults that loosen parsing. */
export function queryOf(ctx: Taxii21Context, endpoint: Endpoint): Query {
  const { faults, variants } = ctx.mock;
  if (variants.has('taxii21-unknown-match-400')) {
    for (const key of ctx.query.keys()) {
      const m = /^match\[(.*)\]$/.exec(key);
      if (m && !['id', 'type', 'version', 'spec_version'].includes(m[1]!)) throw new HttpError('INVALID_PARAMETER', `${key}: this server knows no match field ${JSON.stringify(m[1])}`);
    }
  }
  const lax = faults.has('taxii21-repeated-params-accepted');
  if (!faults.has('taxii21-malformed-params-ignored')) return parseQuery(ctx.query, endpoint, { lax });
  // The fault: each parameter on its own; the malformed ones are dropped.
  const q: Query = {};
  for (const key of new Set(ctx.query.keys())) {
    try {
      Object.assign(q, parseQuery(new URLSearchParams([[key, ctx.query.get(key)!]]), endpoint, { lax }));
    } catch {
      // dropped
    }
  }
  return q;
}

function laxity(ctx: Taxii21Context): SelectLaxity {
  const f = ctx.mock.faults;
  return {
    andWithin: f.has('taxii21-match-and-within'),
    orAcross: f.has('taxii21-match-or-across'),
    inclusiveAfter: f.has('taxii21-added-after-inclusive'),
    addedAfterOnModified: f.has('taxii21-added-after-on-modified'),
    allVersionsByDefault: f.has('taxii21-all-versions-by-default'),
    everySpecVersion: f.has('taxii21-every-spec-version'),
    ignoreSpecVersion: f.has('taxii21-spec-version-ignored'),
    swapFirstLast: f.has('taxii21-first-last-swapped'),
    tiesReversed: ctx.mock.variants.has('taxii21-ties-reversed'),
  };
}

/** The query after the version faults. */
function versionFaults(ctx: Taxii21Context, q: Query): Query {
  const f = ctx.mock.faults;
  let versions = q.versions;
  if (versions && f.has('taxii21-version-one-value-only')) versions = versions.slice(0, 1);
  if (versions && f.has('taxii21-version-exact-ignored')) versions = versions.map((v) => (v.kind === 'at' ? { kind: 'last' as const } : v));
  return { ...q, ...(versions ? { versions } : {}) };
}

interface Selected {
  collection: Collection;
  items: Entry[];
  page: Page<Entry>;
}

/** Select and page, for `endpoint` on the caller's collection (or, under next-trusted, what a kept token names). */
function selectPage(ctx: Taxii21Context, t: Target, user: string, endpoint: Endpoint, q: Query, extra: (q: Query) => Query = (x) => x): Selected {
  const { faults, variants, tokens } = ctx.mock;
  let collection = collectionFor(ctx, t, user, 'read');
  let query = extra(versionFaults(ctx, q));
  const trusted = faults.has('taxii21-next-trusted');
  const replay = trusted && q.next !== undefined ? (tokens.get(q.next)?.replay as { collection: Collection; query: Query } | undefined) : undefined;
  if (replay) ({ collection, query } = { collection: replay.collection, query: { ...replay.query, next: q.next } });
  if (faults.has('taxii21-unknown-type-400') && query.types?.some((ty) => !collection.entries.some((e) => e.type === ty))) {
    throw new HttpError('INVALID_PARAMETER', `match[type]: invalid type (this collection holds no ${query.types.join(', ')})`);
  }
  let items = select(collection.entries, query, laxity(ctx));
  if (faults.has('taxii21-newest-first')) items.reverse();
  if (faults.has('taxii21-first-last-twice') && query.versions?.some((v) => v.kind === 'first') && query.versions.some((v) => v.kind === 'last')) {
    items = items.flatMap((e) => (collection.entries.filter((x) => x.id === e.id && x.specVersion === e.specVersion).length === 1 ? [e, e] : [e]));
  }
  const binding = bindingOf(`${collection.id}/${endpoint}/${t.object ?? ''}`, user, query);
  const tokenForm = trusted || variants.has('taxii21-next-server-side') ? 'server-side' : variants.has('taxii21-next-offset') ? 'offset' : 'encoded';
  const page = pageOf(items, query, {
    pageSize: pageSizeOf(variants, ctx.mock.config.pageSize),
    tokenForm,
    binding,
    kept: tokens,
    limitOffByOne: faults.has('taxii21-limit-off-by-one'),
    ignoreNext: faults.has('taxii21-next-ignored') || (faults.has('taxii21-object-next-ignored') && ONE_OBJECT.includes(endpoint)),
    unbound: trusted,
    moreForever: faults.has('taxii21-more-forever'),
    emptyLastPage: variants.has('taxii21-empty-last-page'),
  });
  if (trusted && page.next !== undefined) tokens.get(page.next)!.replay = { collection, query };
  return { collection, items, page };
}

/** The X-TAXII-Date-Added headers of a page (none on an empty one). */
function dateHeaders(ctx: Taxii21Context, page: Page<Entry>): Record<string, string> {
  const f = ctx.mock.faults;
  const items = page.items;
  if (items.length === 0 || f.has('taxii21-no-date-added-headers')) return {};
  const last = f.has('taxii21-no-next') && items.length > 1 ? items[items.length - 2]! : items[items.length - 1]!;
  const stamp = (micros: number) => (f.has('taxii21-date-added-millis') ? `${taxiiTimestamp(micros).slice(0, 23)}Z` : taxiiTimestamp(micros));
  // Newest-first pages still name their first and last item.
  return { 'X-TAXII-Date-Added-First': stamp(items[0]!.dateAdded), 'X-TAXII-Date-Added-Last': stamp(last.dateAdded) };
}

/** The endpoints paging the versions of one object (Get an Object, Get Object Versions): what the object-* faults touch. */
const ONE_OBJECT: readonly Endpoint[] = ['object', 'versions'];

/** `more` and `next` of a resource of `endpoint`, as the faults and variants have them. */
function paging(ctx: Taxii21Context, page: Page<Entry>, endpoint: Endpoint): Record<string, unknown> {
  const f = ctx.mock.faults;
  const envelope = endpoint === 'objects' || endpoint === 'object';
  // next-envelope-only: `next` is the envelope's property only; manifest and versions page by added_after.
  const offered = envelope || !ctx.mock.variants.has('taxii21-next-envelope-only');
  const next = page.next !== undefined && offered && !f.has('taxii21-no-next') ? { next: page.next } : {};
  if (f.has('taxii21-more-missing') || (f.has('taxii21-object-more-missing') && ONE_OBJECT.includes(endpoint))) return next;
  return { more: page.more, ...next };
}

export function getObjects(ctx: Taxii21Context, t: Target, user: string): void {
  const q = queryOf(ctx, 'objects');
  const { collection, page } = selectPage(ctx, t, user, 'objects', q);
  if (page.items.length === 0 && q.next === undefined) {
    const deleted = ctx.mock.deleted.get(collection.id);
    if (ctx.mock.faults.has('taxii21-nothing-matches-404')) throw new HttpError('NOT_FOUND', 'no objects match');
    if (ctx.mock.variants.has('taxii21-deleted-404') && q.ids?.every((id) => deleted?.has(id))) throw new HttpError('NOT_FOUND', 'the objects named were deleted');
  }
  sendEnvelope(ctx, page, 'objects');
}

function sendEnvelope(ctx: Taxii21Context, page: Page<Entry>, endpoint: Endpoint): void {
  const body = page.items.length === 0 && !page.more ? {} : { ...paging(ctx, page, endpoint), ...(page.items.length > 0 ? { objects: page.items.map((e) => e.object) } : {}) };
  sendMessage(ctx, 200, 'envelope', body, dateHeaders(ctx, page));
}

export function getObject(ctx: Taxii21Context, t: Target, user: string): void {
  const { faults, variants } = ctx.mock;
  const q = queryOf(ctx, 'object');
  const collection = collectionFor(ctx, t, user, 'read');
  if (!collection.holds(t.object!)) {
    if (faults.has('taxii21-unknown-object-empty')) return sendMessage(ctx, 200, 'envelope', {});
    throw new HttpError('NOT_FOUND', `no object ${JSON.stringify(t.object)} in this collection`);
  }
  const { page } = selectPage(ctx, t, user, 'object', q, (x) => ({
    ...x,
    ...(faults.has('taxii21-get-one-ignores-id') ? {} : { ids: [t.object!] }),
    ...(faults.has('taxii21-get-one-latest-only') ? { versions: undefined } : {}),
  }));
  if (page.items.length === 0 && !page.more && variants.has('taxii21-filtered-out-404')) throw new HttpError('NOT_FOUND', 'the filters exclude every version of this object');
  sendEnvelope(ctx, page, 'object');
}

export function getManifest(ctx: Taxii21Context, t: Target, user: string): void {
  const { faults, variants } = ctx.mock;
  const q = queryOf(ctx, 'manifest');
  const { collection, page } = selectPage(ctx, t, user, 'manifest', q, (x) => {
    const y = { ...x };
    if (faults.has('taxii21-manifest-latest-only')) delete y.versions;
    if (faults.has('taxii21-manifest-filters-ignored')) {
      delete y.ids;
      delete y.types;
    }
    return y;
  });
  const noMedia = variants.has('taxii21-no-media-types') && collection === ctx.mock.roots[0]?.collections[1];
  const records = page.items.map((e) => ({
    id: e.id,
    date_added: taxiiTimestamp(e.dateAdded),
    version: faults.has('taxii21-manifest-version-created') && typeof e.object['created'] === 'string' ? e.object['created'] : e.version,
    ...(noMedia ? {} : mediaTypeOf(e, faults.has('taxii21-manifest-wrong-media-type'))),
  }));
  const body = records.length === 0 && !page.more ? {} : { ...paging(ctx, page, 'manifest'), ...(records.length > 0 ? { objects: records } : {}) };
  sendMessage(ctx, 200, 'manifest', body, dateHeaders(ctx, page));
}

/**
 * A record's `media_type`: the STIX 2.1 type the collections list, for a STIX 2.1 object. A
 * version the mock also stores (2.0, taken on POST) gets none: the field is optional, and
 * "version=2.1" would misname it (under the wrong-media-type fault every record gets 2.0).
 */
function mediaTypeOf(e: Entry, wrong: boolean): { media_type?: string } {
  if (wrong) return { media_type: 'application/stix+json;version=2.0' };
  return e.specVersion === '2.1' ? { media_type: STIX21 } : {};
}

export function getVersions(ctx: Taxii21Context, t: Target, user: string): void {
  const { faults } = ctx.mock;
  const q = queryOf(ctx, 'versions');
  const collection = collectionFor(ctx, t, user, 'read');
  if (!collection.holds(t.object!)) {
    if (faults.has('taxii21-unknown-object-empty')) return sendMessage(ctx, 200, 'versions', {});
    throw new HttpError('NOT_FOUND', `no object ${JSON.stringify(t.object)} in this collection`);
  }
  const { page } = selectPage(ctx, t, user, 'versions', q, (x) => ({ ...x, ids: [t.object!], versions: [{ kind: 'all' }] }));
  let items = page.items;
  if (faults.has('taxii21-versions-missing-first') && q.next === undefined) items = items.slice(1);
  const shown = { ...page, items };
  const body = items.length === 0 && !page.more ? {} : { ...paging(ctx, shown, 'versions'), ...(items.length > 0 ? { versions: items.map((e) => e.version) } : {}) };
  sendMessage(ctx, 200, 'versions', body, dateHeaders(ctx, shown));
}
