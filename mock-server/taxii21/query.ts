// The URL parameters of the object endpoints (§3.4, the §5.3–§5.8 tables), parsed once:
// a malformed value, a repeated parameter or `all` combined with another version is 400
// (§3.4, A-24); an unknown match[field] is ignored (§3.4: MAY). Then the selection: filter
// the versions (added_after, id, type, spec_version), then pick versions, oldest first.
import { HttpError } from '../http-errors.js';
import type { Entry } from './store.js';
import { parseInstant } from './time.js';

export type VersionPick = { kind: 'first' | 'last' | 'all' } | { kind: 'at'; at: number };

export interface Query {
  addedAfter?: number;
  limit?: number;
  next?: string;
  ids?: string[];
  types?: string[];
  versions?: VersionPick[];
  specVersions?: string[];
}

/** Which parameters an endpoint takes (the §2.3 table); the others are ignored. */
export type Endpoint = 'objects' | 'manifest' | 'object' | 'delete' | 'versions';

const TAKES: Record<Endpoint, readonly string[]> = {
  objects: ['added_after', 'limit', 'next', 'match[id]', 'match[type]', 'match[version]', 'match[spec_version]'],
  manifest: ['added_after', 'limit', 'next', 'match[id]', 'match[type]', 'match[version]', 'match[spec_version]'],
  object: ['added_after', 'limit', 'next', 'match[version]', 'match[spec_version]'],
  delete: ['match[version]', 'match[spec_version]'],
  versions: ['added_after', 'limit', 'next', 'match[spec_version]'],
};

const STIX_ID = /^[a-z0-9][a-z0-9-]+--[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const STIX_TYPE = /^[a-z0-9][a-z0-9-]{1,248}$/;
const SPEC_VERSION = /^\d+\.\d+$/;

export interface QueryLaxity {
  /** Fault: match[...] values are split but not checked; repeated parameters are not refused. */
  lax?: boolean;
}

function bad(what: string): HttpError {
  return new HttpError('INVALID_PARAMETER', what);
}

/** The parameters of this endpoint, or a 400 naming the first malformed one. */
export function parseQuery(params: URLSearchParams, endpoint: Endpoint, o: QueryLaxity = {}): Query {
  const takes = TAKES[endpoint];
  const q: Query = {};
  for (const key of new Set(params.keys())) {
    if (!takes.includes(key)) continue;
    const all = params.getAll(key);
    if (all.length > 1 && !o.lax) throw bad(`${key} is given ${all.length} times; give it once (§3.4)`);
    const value = all[0]!;
    switch (key) {
      case 'added_after': {
        const at = parseInstant(value);
        if (at === undefined) throw bad(`added_after ${JSON.stringify(value)} is not a timestamp (e.g. 2021-06-10T00:00:00.000000Z)`);
        q.addedAfter = at;
        break;
      }
      case 'limit':
        if (!/^[1-9]\d{0,15}$/.test(value)) throw bad(`limit ${JSON.stringify(value)} is not an integer above 0`);
        q.limit = Number(value);
        break;
      case 'next':
        q.next = value;
        break;
      case 'match[id]':
        q.ids = list(key, value, (v) => STIX_ID.test(v), 'a STIX id (type--uuid)', o);
        break;
      case 'match[type]':
        q.types = list(key, value, (v) => STIX_TYPE.test(v), 'a STIX type', o);
        break;
      case 'match[spec_version]':
        q.specVersions = list(key, value, (v) => SPEC_VERSION.test(v), 'a spec version such as 2.1', o);
        break;
      case 'match[version]':
        q.versions = versionPicks(value, o);
        break;
    }
  }
  return q;
}

function list(key: string, value: string, ok: (v: string) => boolean, what: string, o: QueryLaxity): string[] {
  const values = value.split(',');
  if (o.lax) return values;
  for (const v of values) if (!ok(v)) throw bad(`${key}: ${JSON.stringify(v)} is not ${what}`);
  if (new Set(values).size !== values.length) throw bad(`${key} repeats a value; give each once (§3.4)`);
  return values;
}

function versionPicks(value: string, o: QueryLaxity): VersionPick[] {
  const values = value.split(',');
  if (!o.lax && new Set(values).size !== values.length) throw bad('match[version] repeats a value; give each once (§3.4.1)');
  if (!o.lax && values.includes('all') && values.length > 1) throw bad('match[version]: "all" cannot be combined with other values (§3.4.1)');
  return values.map((v) => {
    if (v === 'first' || v === 'last' || v === 'all') return { kind: v };
    const at = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/.test(v) ? parseInstant(v) : undefined;
    if (at === undefined) throw bad(`match[version]: ${JSON.stringify(v)} is neither first, last, all nor a STIX timestamp`);
    return { kind: 'at', at };
  });
}

/** How a selection is bent (faults); none by default. */
export interface SelectLaxity {
  /** Values within one match field are ANDed instead of ORed. */
  andWithin?: boolean;
  /** Different match fields are ORed instead of ANDed (id, type). */
  orAcross?: boolean;
  /** added_after keeps versions added at the instant too. */
  inclusiveAfter?: boolean;
  /** Without match[version], every version is returned. */
  allVersionsByDefault?: boolean;
  /** Without match[spec_version], every spec version is returned. */
  everySpecVersion?: boolean;
  /** match[spec_version] is ignored. */
  ignoreSpecVersion?: boolean;
  /** first and last are swapped. */
  swapFirstLast?: boolean;
  /** added_after compares with the object's `modified` instead of date_added. */
  addedAfterOnModified?: boolean;
  /** Ties of date_added in reverse id order (a variant). */
  tiesReversed?: boolean;
}

/** The entries a query selects, in ascending date_added order (ties by id, then version). */
export function select(entries: readonly Entry[], q: Query, o: SelectLaxity = {}): Entry[] {
  const within = <T>(values: readonly T[] | undefined, test: (v: T) => boolean): boolean =>
    values === undefined || (o.andWithin ? values.every(test) : values.some(test));
  const fields = (e: Entry): boolean =>
    o.orAcross && q.ids !== undefined && q.types !== undefined
      ? q.ids.includes(e.id) || q.types.includes(e.type)
      : within(q.ids, (id) => e.id === id) && within(q.types, (t) => e.type === t);
  let kept = entries.filter(
    (e) =>
      fields(e) &&
      (q.addedAfter === undefined || afterIt(e, q.addedAfter, o)) &&
      (o.ignoreSpecVersion || within(q.specVersions, (sv) => e.specVersion === sv)),
  );
  if (q.specVersions === undefined && !o.everySpecVersion) kept = latestSpecVersion(kept);
  const picks = q.versions ?? (o.allVersionsByDefault ? [{ kind: 'all' as const }] : [{ kind: 'last' as const }]);
  const chosen = new Set<Entry>();
  for (const group of byId(kept)) for (const pick of picks) for (const e of pickVersions(group, pick, o)) chosen.add(e);
  return [...chosen].sort((a, b) => order(a, b, o));
}

function afterIt(e: Entry, t: number, o: SelectLaxity): boolean {
  const at = o.addedAfterOnModified ? e.versionAt : e.dateAdded;
  return o.inclusiveAfter ? at >= t : at > t;
}

function order(a: Entry, b: Entry, o: SelectLaxity): number {
  if (a.dateAdded !== b.dateAdded) return a.dateAdded - b.dateAdded;
  const byId = a.id < b.id ? -1 : a.id > b.id ? 1 : a.versionAt - b.versionAt;
  return o.tiesReversed ? -byId : byId;
}

/** Per id, only the entries of its highest spec version (§3.4.1). */
function latestSpecVersion(entries: readonly Entry[]): Entry[] {
  const best = new Map<string, string>();
  for (const e of entries) {
    const cur = best.get(e.id);
    if (cur === undefined || compareSpec(e.specVersion, cur) > 0) best.set(e.id, e.specVersion);
  }
  return entries.filter((e) => best.get(e.id) === e.specVersion);
}

function compareSpec(a: string, b: string): number {
  const [am = 0, an = 0] = a.split('.').map(Number);
  const [bm = 0, bn = 0] = b.split('.').map(Number);
  return am - bm || an - bn;
}

/** One group per object and spec version: each spec version of an object has its own latest and first. */
function byId(entries: readonly Entry[]): Entry[][] {
  const groups = new Map<string, Entry[]>();
  for (const e of entries) {
    const key = `${e.id} ${e.specVersion}`;
    const g = groups.get(key);
    if (g) g.push(e);
    else groups.set(key, [e]);
  }
  return [...groups.values()];
}

function pickVersions(group: readonly Entry[], pick: VersionPick, o: SelectLaxity): Entry[] {
  const sorted = [...group].sort((a, b) => a.versionAt - b.versionAt || a.dateAdded - b.dateAdded);
  let kind = pick.kind;
  if (o.swapFirstLast && (kind === 'first' || kind === 'last')) kind = kind === 'first' ? 'last' : 'first';
  switch (kind) {
    case 'all':
      return sorted;
    case 'first':
      return sorted.filter((e) => e.versionAt === sorted[0]!.versionAt);
    case 'last':
      return sorted.filter((e) => e.versionAt === sorted[sorted.length - 1]!.versionAt);
    default:
      return sorted.filter((e) => e.versionAt === (pick as { at: number }).at);
  }
}
