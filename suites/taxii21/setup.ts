// Before any case runs: read the target (a Discovery URL or an API Root URL), choose the API
// Root to test, list its collections and pick them by what they advertise (can_read,
// can_write, content), then read the chosen readable collection's own content so that the
// data cases (B-D) work on what the server has. What the user names with --var (api-root,
// collection, writable-collection, …) is taken over setup's own choice. Every choice is said in
// a note: a report shows what was used.
import type { SetupContext, SetupResult } from '../core/profile.js';
import { randomUUID } from 'node:crypto';
import { preview } from '../core/bounds.js';
import { jsonObject, noAnswer, withSlash, type JsonObject } from '../core/setup-read.js';
import { describeMessageUrl, listed as listedLines, sortMessageUrls, type MessageUrl } from '../core/message-url.js';

type Json = JsonObject;
const json = jsonObject;

/** The largest body the run sends to test 413 (A-20: max_content_length + 1 only under this cap). */
export const MAX_BODY_SENT = 10 * 1024 * 1024;

/** How many advertised API Roots setup tries before giving up. */
const MAX_API_ROOTS_TRIED = 8;

/**
 * Why an `api_roots` (or `default`) entry is not tested, naming the case whose verdict it
 * gets: §4.1 wants "an https absolute URL or a relative URL" starting with exactly one "/",
 * without "../" or a query (discovery.api-root-urls). Undefined for one that is tested.
 */
function apiRootRule(r: MessageUrl): string | undefined {
  const governs = '(discovery.api-root-urls fails on it)';
  if (r.kind === 'malformed') return `${r.why} ${governs}`;
  const shown = describeMessageUrl(r);
  if (r.relative && !/^\/(?!\/)/.test(r.raw)) return `${shown} is a relative URL that does not start with exactly one "/" ${governs}`;
  if (r.relative && /(^|\/)\.\.(\/|$)/.test(r.raw)) return `${shown} holds "../" ${governs}`;
  if (!r.relative && r.scheme === 'http') return `${shown} is plain HTTP: an absolute API Root URL MUST be https ${governs}`;
  if (!r.relative && r.scheme !== 'https') return `${shown} is a ${r.scheme}: URL, not an https one ${governs}`;
  if (r.raw.includes('?')) return `${shown} has a query, which an API Root URL MUST NOT have ${governs}`;
  return undefined;
}

/**
 * An `api_roots` entry as the URL to test: https absolute, or /-relative resolved against the
 * Discovery URL (RFC 3986; for a /-relative one that is its origin, A-26), with the trailing
 * `/` the paths are appended to. Undefined when §4.1 does not allow it.
 */
export function resolveApiRoot(entry: unknown, discovery: string): string | undefined {
  const url = sortMessageUrls([entry], discovery, apiRootRule).usable[0];
  return url === undefined ? undefined : withSlash(url);
}

/** The variables setup reads from the API Root it tests (each says why it is missing when there is none). */
const FROM_API_ROOT = [
  'apiRoot', 'maxContentLength', 'writableCollection', 'readOnlyCollection', 'writeOnlyCollection', 'noAccessCollection', 'aliasedCollection',
  'collectionAlias', 'collection', 'collectionListed', 'collectionMediaTypes', 'emptyApiRoot', 'objectId', 'objectVersion', 'objectType',
  'otherObjectId', 'otherType', 'otherTypeObjectId', 'firstDateAdded', 'laterObjectId', 'versionedId', 'versionedFirst', 'versionedLast',
  'versionedCount', 'singleVersionId', 'singleVersion', 'markingId', 'markingVersion', 'sv20Id', 'sv2Id',
] as const;

/** A TAXII 2.1 Discovery resource (`title` or `api_roots`; a missing title is the schema cases' to report), not the pre-draft's. */
export const isDiscovery = (b: Json | undefined): boolean =>
  b !== undefined && (typeof b.title === 'string' || Array.isArray(b.api_roots)) && !('api-bases' in b) && !('type' in b) && !('versions' in b);
/** A TAXII 2.1 API Root resource: `title`, `versions`, `max_content_length`. */
export const isApiRoot = (b: Json | undefined): boolean => typeof b?.title === 'string' && Array.isArray(b.versions) && 'max_content_length' in b;

// Setup only picks what to test; a flag sent as a string ("true") is still read as meant, so
// that the schema cases get to report its type.
const yes = (v: unknown): boolean => v === true || (typeof v === 'string' && /^true$/i.test(v));

interface Collection {
  id: string;
  title: string;
  canRead: boolean;
  canWrite: boolean;
  alias?: string;
}

function collectionsOf(body: Json | undefined): Collection[] {
  const list = Array.isArray(body?.collections) ? (body.collections as unknown[]) : [];
  return list.flatMap((c) => {
    if (!c || typeof c !== 'object') return [];
    const o = c as Json;
    if (typeof o.id !== 'string') return [];
    return [{ id: o.id, title: typeof o.title === 'string' ? o.title : o.id, canRead: yes(o.can_read), canWrite: yes(o.can_write), ...(typeof o.alias === 'string' ? { alias: o.alias } : {}) }];
  });
}

interface ManifestRecord {
  id: string;
  date_added: string;
  version: string;
}

function recordsOf(body: Json | undefined): ManifestRecord[] {
  const list = Array.isArray(body?.objects) ? (body.objects as unknown[]) : [];
  return list.flatMap((r) => {
    const o = r as Json;
    return o && typeof o.id === 'string' && typeof o.date_added === 'string' && typeof o.version === 'string' ? [{ id: o.id, date_added: o.date_added, version: o.version }] : [];
  });
}

export async function setupTaxii21(ctx: SetupContext): Promise<SetupResult> {
  const vars = new Map<string, string>();
  const notes: string[] = [];
  const problems: string[] = [];
  const named = (name: string): string | undefined => ctx.userVars.get(name);
  const target = withSlash(ctx.target);

  let first = await ctx.send({ method: 'GET', url: target });
  // Discovery may be open (A-27) while the run's credentials are refused there: read it without them.
  if (ctx.hasCredentials && (first.response?.status === 401 || first.response?.status === 403)) {
    const open = await ctx.send({ method: 'GET', url: target, auth: 'none' });
    if (open.response?.status === 200) {
      notes.push(`${target} refused the run's credentials (status ${first.response.status}) and answers without them: Discovery read anonymously`);
      first = open;
    }
  }
  const gone = noAnswer(target, first);
  if (gone) return 'unreachable' in gone ? { vars, notes, problems, unreachable: gone.unreachable } : { vars, notes, problems: [...problems, gone.problem] };
  if (!first.response) return { vars, notes, problems };
  const status = first.response.status;
  const body = json(first);
  // Why a variable has no value in this run, where setup knows better than the profile's general reason.
  const missing = new Map<string, string>();
  if (status === 401 || status === 403) {
    const why = `${target} answered ${status} to ${ctx.hasCredentials ? "the run's credentials" : 'a request without credentials'}: neither its Discovery nor its API Root resource could be read`;
    for (const v of ['discovery', 'apiRoots']) missing.set(v, why);
    (ctx.hasCredentials ? notes : problems).push(
      ctx.hasCredentials
        ? `${target} refused the run's credentials (status ${status}); cases that need access will fail or skip`
        : `${target} requires authentication (status ${status}): give --user/--password, --token or --client-cert`,
    );
  }

  let roots: string[] = [];
  // Why no API Root could be tested, when Discovery listed only ones §4.1 does not allow.
  let refused: string | undefined;
  if (status === 200 && isDiscovery(body)) {
    vars.set('discovery', target);
    const listed: unknown[] = Array.isArray(body?.api_roots) ? body.api_roots : [];
    const sorted = sortMessageUrls(listed, target, apiRootRule);
    roots = sorted.usable.map(withSlash);
    if (sorted.refused.length) {
      refused = `the Discovery resource at ${target} lists no API Root the run can test: ${listedLines(sorted.refused)}`;
      notes.push(`API Roots of the Discovery resource not tested: ${listedLines(sorted.refused)}`);
    }
    const def = body?.default === undefined ? undefined : resolveApiRoot(body.default, target);
    // The default first: a client MAY use it by default (§4.1).
    if (def) roots = [def, ...roots.filter((r) => r !== def)];
    if (listed.length === 0) notes.push('the Discovery resource lists no API Root (api_roots absent or empty)');
    vars.set('apiRoots', JSON.stringify([...new Set(roots)]));
  } else if (status === 200 && isApiRoot(body)) {
    roots = [target];
    notes.push('the target is an API Root URL: Discovery cases are skipped');
  } else if (status !== 401 && status !== 403) {
    const where = first.response.headers.location ? ` (Location: ${first.response.headers.location})` : '';
    const ct = first.response.headers['content-type'];
    const what = `${target} answered ${status}${where}${ct ? ` (Content-Type ${preview(ct)})` : ''} with neither a TAXII 2.1 discovery nor an api-root resource`;
    problems.push(what);
    for (const v of ['discovery', 'apiRoots']) missing.set(v, what);
  }

  // The API Root: the one named, else the first (the default first) that answers as one.
  const namedRoot = named('apiRoot');
  if (namedRoot) {
    roots = [withSlash(namedRoot)];
    notes.push(`API Root ${namedRoot} as named (--var api-root)`);
  }
  for (const root of roots.slice(0, MAX_API_ROOTS_TRIED)) {
    const x = await ctx.send({ method: 'GET', url: root });
    const b = json(x);
    if (x.response?.status === 200 && isApiRoot(b)) {
      vars.set('apiRoot', root);
      const max = b?.max_content_length;
      if (typeof max === 'number' && Number.isInteger(max) && max > 0 && max <= MAX_BODY_SENT) vars.set('maxContentLength', String(max));
      break;
    }
  }
  if (!vars.has('apiRoot') && roots[0]) {
    // Test the first anyway: its cases then fail with what it answers.
    vars.set('apiRoot', roots[0]);
    problems.push(`no API Root ${namedRoot ? 'named' : 'advertised by Discovery'} answered GET with an api-root resource; testing ${roots[0]}`);
  }
  const apiRoot = vars.get('apiRoot');
  if (!apiRoot) {
    // Each variable read from an API Root says why there is none, where setup knows.
    const why = refused && !namedRoot ? refused : missing.get('discovery');
    if (why) for (const v of FROM_API_ROOT) missing.set(v, why);
    return { vars, notes, problems, missing };
  }

  // Collections, picked by what they advertise.
  const cx = await ctx.send({ method: 'GET', url: `${apiRoot}collections/` });
  const collections = collectionsOf(json(cx));
  if (cx.response?.status !== 200) notes.push(`GET ${apiRoot}collections/ answered ${cx.response?.status ?? cx.error}: no collection to pick`);
  const pick = (name: string, varName: string, what: string, test: (c: Collection) => boolean): Collection | undefined => {
    const given = named(varName);
    if (given) {
      vars.set(varName, given);
      notes.push(`${what}: ${given} as named (--var ${name})`);
      return collections.find((c) => c.id === given) ?? { id: given, title: given, canRead: true, canWrite: true };
    }
    const c = collections.find(test);
    if (c) vars.set(varName, c.id);
    return c;
  };
  const writable = pick('writable-collection', 'writableCollection', 'writable collection', (c) => c.canRead && c.canWrite);
  pick('read-only-collection', 'readOnlyCollection', 'read-only collection', (c) => c.canRead && !c.canWrite);
  pick('write-only-collection', 'writeOnlyCollection', 'write-only collection', (c) => !c.canRead && c.canWrite);
  const noAccess = pick('no-access-collection', 'noAccessCollection', 'collection with no access', (c) => !c.canRead && !c.canWrite);
  if (noAccess) {
    vars.set('noAccessCollectionSource', named('noAccessCollection') ? `${noAccess.id}, named with --var no-access-collection` : `${noAccess.id}, listed with can_read and can_write false`);
  } else if (collections.length > 0) {
    // A server may leave such a collection out of the listing (A-08): to the client it is then
    // one it cannot see, like an id that names none. A random id stands for it.
    vars.set('noAccessCollection', randomUUID());
    vars.set('noAccessCollectionSource', 'a random id: no collection with both flags false is listed (A-08), so the 404 cannot tell a hidden collection from a missing one (--var no-access-collection=<id> names a real one)');
    notes.push('no collection with both flags false is listed (a server may omit them, A-08): a random collection id stands for one (--var no-access-collection=<id> names one)');
  }
  const aliased = collections.find((c) => c.alias !== undefined);
  if (aliased?.alias) vars.set('aliasedCollection', aliased.id).set('collectionAlias', aliased.alias);

  // The readable collection with content: the one named, else the readable one with the most records.
  const readable = collections.filter((c) => c.canRead);
  const namedCollection = named('collection');
  const candidates = namedCollection ? [{ id: namedCollection, title: namedCollection, canRead: true, canWrite: false }] : readable;
  let best: { c: Collection; records: ManifestRecord[]; more: boolean } | undefined;
  for (const c of candidates.slice(0, MAX_API_ROOTS_TRIED)) {
    const { records, more } = await manifestOf(ctx, `${apiRoot}collections/${c.id}/manifest/?match[version]=all`);
    if (!best || records.length > best.records.length) best = { c, records, more };
  }
  if (best) {
    vars.set('collection', best.c.id);
    const listed = listedCollections(json(cx)).find((c) => c.id === best!.c.id);
    if (listed) vars.set('collectionListed', JSON.stringify(listed));
    const media = listed?.media_types;
    // Absent means ["application/stix+json"] (§5.2, A-32).
    vars.set('collectionMediaTypes', JSON.stringify(Array.isArray(media) ? media : ['application/stix+json']));
    notes.push(`${namedCollection ? 'named' : 'readable'} collection ${best.c.id} (${preview(best.c.title)}): ${best.records.length}${best.more ? '+' : ''} manifest record(s) of its own content used`);
    contentVars(best.records, vars);
    await versionVars(ctx, `${apiRoot}collections/${best.c.id}/`, vars, notes);
    await specVersionVars(ctx, `${apiRoot}collections/${best.c.id}/`, vars);
  } else if (writable && !namedCollection) {
    notes.push('no readable collection listed: the data cases (B-D) skip unless the run writes its own');
  }
  // An API Root with no collections (EMPTY-ROOT), among the others listed.
  for (const root of roots.filter((r) => r !== apiRoot).slice(0, MAX_API_ROOTS_TRIED)) {
    const x = await ctx.send({ method: 'GET', url: `${root}collections/` });
    const b = json(x);
    if (x.response?.status === 200 && b && !('collections' in b && Array.isArray(b.collections) && b.collections.length > 0)) {
      vars.set('emptyApiRoot', root);
      break;
    }
  }
  for (const name of missing.keys()) if (vars.has(name)) missing.delete(name);
  return { vars, notes, problems, missing };
}

/** Pages of a manifest setup reads at most (following `next`). */
const MANIFEST_PAGES = 100;

/** A collection's manifest records, following `next` for a few pages; `more` when some were left. */
async function manifestOf(ctx: SetupContext, url: string): Promise<{ records: ManifestRecord[]; more: boolean }> {
  const records: ManifestRecord[] = [];
  let next: unknown;
  let after: string | undefined;
  for (let page = 0; page < MANIFEST_PAGES; page++) {
    const x = await ctx.send({ method: 'GET', url: typeof next === 'string' ? `${url}&next=${encodeURIComponent(next)}` : after ? `${url}&added_after=${encodeURIComponent(after)}` : url });
    const b = json(x);
    records.push(...recordsOf(b));
    if (b?.more !== true) return { records, more: false };
    next = b.next;
    // No next on a manifest (A-11): go on by added_after.
    after = typeof next === 'string' && next !== '' ? undefined : x.response?.headers['x-taxii-date-added-last'];
    if ((typeof next !== 'string' || next === '') && !after) break;
  }
  return { records, more: true };
}

function listedCollections(body: Json | undefined): Json[] {
  return (Array.isArray(body?.collections) ? body.collections : []).filter((c): c is Json => Boolean(c) && typeof c === 'object' && typeof (c as Json).id === 'string');
}

/**
 * IND3, MD and single-version objects, read from the objects themselves (every version):
 * a version is an object's `modified`, else its `created` (§3.4). Not from the manifest, so
 * that a manifest listing versions wrongly is the manifest cases' to find.
 */
async function versionVars(ctx: SetupContext, collection: string, vars: Map<string, string>, notes: string[]): Promise<void> {
  const versions = new Map<string, Set<string>>();
  const url = `${collection}objects/?match[version]=all`;
  let next: unknown;
  for (let page = 0; page < MANIFEST_PAGES; page++) {
    const b = json(await ctx.send({ method: 'GET', url: typeof next === 'string' ? `${url}&next=${encodeURIComponent(next)}` : url }));
    for (const o of (Array.isArray(b?.objects) ? b.objects : []) as Json[]) {
      const v = typeof o.modified === 'string' ? o.modified : typeof o.created === 'string' ? o.created : undefined;
      if (typeof o.id !== 'string' || v === undefined) continue;
      versions.set(o.id, (versions.get(o.id) ?? new Set()).add(v));
      if (o.type === 'marking-definition' && o.modified === undefined && !vars.has('markingId')) vars.set('markingId', o.id).set('markingVersion', v);
    }
    next = b?.next;
    if (b?.more !== true || typeof next !== 'string' || next === '') break;
  }
  // Versions compare as instants; the spelling the server gave is what the cases send back (A-15).
  const sorted = (vs: Set<string>): string[] => [...vs].sort((a, b) => Date.parse(a) - Date.parse(b) || (a < b ? -1 : 1));
  const multi = [...versions.entries()].filter(([, vs]) => vs.size >= 2).sort((a, b) => b[1].size - a[1].size)[0];
  if (multi) {
    const vs = sorted(multi[1]);
    vars.set('versionedId', multi[0]).set('versionedFirst', vs[0]!).set('versionedLast', vs[vs.length - 1]!).set('versionedCount', String(vs.length));
    notes.push(`object ${multi[0]} has ${vs.length} versions: the version cases use it`);
  }
  const single = [...versions.entries()].find(([, vs]) => vs.size === 1);
  if (single) vars.set('singleVersionId', single[0]).set('singleVersion', [...single[1]][0]!);
}

/** SV2: an object held in spec_version 2.0 (STIX 2.0 has no spec_version) and, for sv2Id, in 2.1 too. */
async function specVersionVars(ctx: SetupContext, collection: string, vars: Map<string, string>): Promise<void> {
  const old = json(await ctx.send({ method: 'GET', url: `${collection}objects/?match[spec_version]=2.0` }));
  const items = (Array.isArray(old?.objects) ? old.objects : []) as Json[];
  const first = items.find((o) => typeof o.id === 'string');
  if (!first) return;
  vars.set('sv20Id', first.id as string);
  const both = json(await ctx.send({ method: 'GET', url: `${collection}objects/${first.id as string}/?match[spec_version]=2.1` }));
  if (Array.isArray(both?.objects) && both.objects.length > 0) vars.set('sv2Id', first.id as string);
}

/** The variables the data cases read from a collection's manifest (every version listed). */
function contentVars(records: ManifestRecord[], vars: Map<string, string>): void {
  const first = records[0];
  if (!first) return;
  vars.set('objectId', first.id).set('objectVersion', first.version).set('objectType', first.id.split('--')[0] ?? '');
  // Distinct dates: a record added after the first, for added_after.
  const later = records.find((r) => r.date_added > first.date_added);
  if (later) vars.set('firstDateAdded', first.date_added).set('laterObjectId', later.id);
  const ids = [...new Set(records.map((r) => r.id))];
  const typeOf = (id: string): string => id.split('--')[0] ?? '';
  // Another object, of another type when there is one (the match[type]/match[id] intersections need it).
  const other = ids.find((id) => typeOf(id) !== typeOf(first.id)) ?? ids.find((id) => id !== first.id);
  if (other) vars.set('otherObjectId', other);
  if (other && typeOf(other) !== typeOf(first.id)) vars.set('otherType', typeOf(other)).set('otherTypeObjectId', other);
}
