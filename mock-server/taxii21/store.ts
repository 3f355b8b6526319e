// The TAXII 2.1 world: API Roots, their collections (who may read and write each), and each
// collection's content as one entry per object version (a version has its own date_added,
// §3.3; the same id in two spec versions is two entries).
import type { Scheme } from '../auth.js';
import { parseInstant, taxiiTimestamp } from './time.js';

export type StixObject = Record<string, unknown> & { type: string; id: string };

/** One version of one object, as the collection holds it. */
export interface Entry {
  id: string;
  type: string;
  /** The version string: `modified`, else `created`, else a server-consistent value (§3.1). */
  version: string;
  /** The version as an instant (microseconds), for matching and ordering (A-15: instants compare). */
  versionAt: number;
  specVersion: string;
  /** When this version was added to the collection (microseconds). */
  dateAdded: number;
  object: StixObject;
}

export interface Rights {
  read: boolean;
  write: boolean;
}

/** Who may do what on a collection; the anonymous caller is the user "". */
export type RightsTable = Readonly<Record<string, Rights>>;

export const NO_RIGHTS: Rights = { read: false, write: false };

export class Collection {
  entries: Entry[] = [];
  constructor(
    readonly id: string,
    readonly title: string,
    readonly description: string,
    readonly rights: RightsTable,
    readonly alias?: string,
  ) {}

  rightsOf(user: string): Rights {
    return this.rights[user] ?? NO_RIGHTS;
  }

  /** Is there any version of this object id? */
  holds(id: string): boolean {
    return this.entries.some((e) => e.id === id);
  }

  /** The entry of this exact version (id, version instant, spec version), if stored. */
  find(id: string, versionAt: number, specVersion: string): Entry | undefined {
    return this.entries.find((e) => e.id === id && e.versionAt === versionAt && e.specVersion === specVersion);
  }

  /** Adds an object version at `dateAdded`; its version string for SCOs is `scoVersion`. */
  add(object: StixObject, dateAdded: number): Entry {
    const entry = entryOf(object, dateAdded, this.firstAdded(object.id) ?? dateAdded);
    this.entries.push(entry);
    return entry;
  }

  /** The date the object was first added, if it is here (an SCO's version, kept consistent). */
  firstAdded(id: string): number | undefined {
    let first: number | undefined;
    for (const e of this.entries) if (e.id === id && (first === undefined || e.dateAdded < first)) first = e.dateAdded;
    return first;
  }

  remove(entries: readonly Entry[]): void {
    const gone = new Set(entries);
    this.entries = this.entries.filter((e) => !gone.has(e));
  }
}

export interface ApiRoot {
  /** Its path under the host, with leading and trailing "/" (e.g. /taxii2/api1/). */
  path: string;
  title: string;
  description: string;
  /** Whether a caller without credentials is served (as the anonymous user: a public root). */
  anonymous: boolean;
  /** The schemes it takes; with Bearer, `{root}token/` issues tokens for it (Basic in, a JWT out). */
  schemes: readonly Scheme[];
  maxContentLength: number;
  collections: Collection[];
}

/** The version of an object: modified, else created, else (an SCO) the date it was first added. */
export function entryOf(object: StixObject, dateAdded: number, firstAdded: number): Entry {
  const stamp = typeof object['modified'] === 'string' ? object['modified'] : typeof object['created'] === 'string' ? object['created'] : undefined;
  const at = stamp === undefined ? undefined : parseInstant(stamp);
  const version = at === undefined ? taxiiTimestamp(firstAdded) : (stamp as string);
  return { id: object.id, type: object.type, version, versionAt: at ?? firstAdded, specVersion: specVersionOf(object), dateAdded, object };
}

/** spec_version as given; absent: 2.0 for an object with `created` (2.1 SDOs must carry it), else 2.1 (an SCO). */
export function specVersionOf(object: Record<string, unknown>): string {
  const sv = object['spec_version'];
  if (typeof sv === 'string') return sv;
  return typeof object['created'] === 'string' ? '2.0' : '2.1';
}
