// The seeded TAXII 2.1 world: API Roots with different authentication, collections of every
// access kind, and STIX 2.1 content generated with json-schema-faker from the profile's seed
// kinds (schemas/taxii21/stix-*.json, fixed seed) and then made to keep the STIX value rules
// the schemas cannot state: `modified` not before `created`, an SCO's id derived from its
// value (UUIDv5), references to objects that exist. The main collection has an indicator in
// three versions, one object in spec versions 2.0 and 2.1, a marking-definition (no
// `modified`), SCOs, relationships, a run of objects sharing one date_added, and enough for
// several pages.
import { createHash } from 'node:crypto';
import { createGeneratorSync } from 'json-schema-faker';
import { READER, type MockConfig } from '../config.js';
import { GENERATION_OPTIONS, loadSchemaSet } from '../../schemas/validator.js';
import { Collection, type ApiRoot, type Rights, type RightsTable, type StixObject } from './store.js';
import { stixTimestamp } from './time.js';

/** The first seeded date_added (2021-06-10T00:00:00Z) in microseconds; items are a minute apart. */
export const SEED_ADDED = Date.parse('2021-06-10T00:00:00Z') * 1000;
/** STIX `created` of seeded objects starts here (before any date_added). */
const SEED_CREATED = Date.parse('2021-01-01T00:00:00Z');
/** How many objects share one date_added in the main collection (page size + 1, A-10). */
export const EQUAL_RUN = 6;
/** The anonymous caller's user name in a rights table. */
export const ANONYMOUS = '';
/** max_content_length of every API Root: 1 MiB, so that max+1 is cheap to send. */
export const MAX_CONTENT_LENGTH = 1024 * 1024;

const RW: Rights = { read: true, write: true };
const R: Rights = { read: true, write: false };
const W: Rights = { read: false, write: true };
const STIX_SCO_NAMESPACE = '00abedb4-aa42-466c-9c01-fed23315a9b7';

export interface SeedOptions {
  /** Every date_added distinct (a variant): the equal run is spread a microsecond apart. */
  distinctDates: boolean;
  /** Seed an object of a type outside STIX 2.1 (a variant). */
  otherType: boolean;
  /** Give two collections of the main root one alias (a fault). */
  duplicateAlias: boolean;
  /** Every root takes Basic only (a variant): no bearer tokens on the second root. */
  basicOnly: boolean;
}

/** The API Roots' paths under the prefix: /taxii2/api1/ … or, under a variant, /taxii2/roots/a/ …. */
export function rootPaths(prefix: string, otherPaths: boolean): { main: string; other: string; public: string; empty: string } {
  const p = (name: string, alt: string) => `${prefix}${otherPaths ? `roots/${alt}/` : `${name}/`}`;
  return { main: p('api1', 'a'), other: p('api2', 'b'), public: p('public', 'c'), empty: p('empty', 'd') };
}

export function seedWorld(config: MockConfig, paths: ReturnType<typeof rootPaths>, o: SeedOptions): ApiRoot[] {
  const main = config.user;
  const g = new Generator(config.seed);
  const id = (name: string) => uuid4(`${config.seed}/${name}`);
  const rights = (t: Record<string, Rights>): RightsTable => t;

  const intel = new Collection(id('intel'), 'Intel (read-write)', 'Seeded STIX 2.1 content: read and write.', rights({ [main]: RW, [READER.user]: R }), 'intel');
  fill(intel, g.mainContent(o.otherType), o.distinctDates);
  const feed = new Collection(id('feed'), 'Feed (read-only)', 'Read only for every account.', rights({ [main]: R, [READER.user]: R }), o.duplicateAlias ? 'intel' : undefined);
  fill(feed, g.plainContent(4, 20), true);
  const dropBox = new Collection(id('drop-box'), 'Drop box (write-only)', 'The main account may write but not read.', rights({ [main]: W }));
  fill(dropBox, g.plainContent(2, 30), true);
  const vault = new Collection(id('vault'), 'Vault (no access)', 'The main account may neither read nor write (the reader may read).', rights({ [READER.user]: R }));
  fill(vault, g.plainContent(2, 40), true);
  const other = new Collection(id('other'), 'Other intel (read-write)', 'A collection of the second API Root.', rights({ [main]: RW, [READER.user]: R }));
  fill(other, g.plainContent(3, 50), true);
  const open = new Collection(id('public'), 'Public feed', 'Readable without credentials.', rights({ [ANONYMOUS]: R, [main]: R, [READER.user]: R }));
  fill(open, g.plainContent(5, 60), true);

  const root = (path: string, title: string, description: string, anonymous: boolean, collections: Collection[], bearer = false): ApiRoot => ({
    path,
    title,
    description,
    anonymous,
    schemes: bearer && !o.basicOnly ? ['Basic', 'Bearer'] : ['Basic'],
    maxContentLength: MAX_CONTENT_LENGTH,
    collections,
  });
  return [
    root(paths.main, 'Main API Root', 'HTTP Basic; collections of every access kind.', false, [intel, feed, dropBox, vault]),
    root(paths.other, 'Second API Root', o.basicOnly ? 'HTTP Basic; one read-write collection.' : 'HTTP Basic or a bearer token (POST token/ with Basic); one read-write collection.', false, [other], true),
    root(paths.public, 'Public API Root', 'Readable without credentials (read-only).', true, [open]),
    root(paths.empty, 'Empty API Root', 'HTTP Basic; no collections.', false, []),
  ];
}

/** Adds `objects` a minute apart from SEED_ADDED; entries flagged `equal` share the date of the first of their run. */
function fill(c: Collection, objects: readonly { object: StixObject; equal?: boolean }[], distinct: boolean): void {
  let runDate: number | undefined;
  objects.forEach(({ object, equal }, i) => {
    let at = SEED_ADDED + i * 60_000_000 + (i % 7) * 1001;
    if (equal && !distinct) at = runDate ??= at;
    if (equal && distinct) at = (runDate ??= at) + i; // a microsecond apart: still in order
    if (!equal) runDate = undefined;
    c.add(object, at);
  });
}

class Generator {
  private readonly set = loadSchemaSet('taxii21');
  private readonly gen: ReturnType<typeof createGeneratorSync>;
  private n = 0;
  private identityId = '';
  private markingId = '';
  constructor(private readonly seed: number) {
    this.gen = createGeneratorSync({ ...GENERATION_OPTIONS, seed: seed * 1000 + 21 });
  }

  /** One object of a seed kind with STIX-consistent dates and references. */
  private make(kind: string, versions = 1): StixObject[] {
    const raw = this.gen.generate(this.set.generationSchema(kind) as never) as StixObject;
    const created = SEED_CREATED + this.n++ * 3_600_000;
    const out: StixObject[] = [];
    for (let v = 0; v < versions; v++) {
      const o: StixObject = { ...raw };
      if ('created' in o) o['created'] = stixTimestamp(created);
      if ('modified' in o || (versions > 1 && 'created' in o)) o['modified'] = stixTimestamp(created + v * 86_400_000);
      if ('created_by_ref' in o) o['created_by_ref'] = this.identityId;
      if ('object_marking_refs' in o) o['object_marking_refs'] = [this.markingId];
      out.push(this.checked(kind, o));
    }
    return out;
  }

  private checked(kind: string, o: StixObject): StixObject {
    for (const k of ['created_by_ref', 'object_marking_refs']) if (k in o && (o[k] === '' || (Array.isArray(o[k]) && o[k].includes('')))) delete o[k];
    const r = this.set.validate(kind, o);
    if (!r.valid) throw new Error(`seed: a generated ${kind} fails its schema: ${r.errors.join('; ')}`);
    return o;
  }

  /** The main collection's content, in the order it is added. */
  mainContent(otherType: boolean): { object: StixObject; equal?: boolean }[] {
    const identity = this.make('stix-identity')[0]!;
    this.identityId = identity.id;
    const marking = this.make('stix-marking-definition')[0]!;
    this.markingId = marking.id;
    const malware = [0, 1, 2].map(() => this.make('stix-malware')[0]!);
    const ind3 = this.make('stix-indicator', 3);
    const sv20 = this.make('stix20-indicator')[0]!;
    const sv21 = this.make('stix-indicator')[0]!;
    sv21.id = sv20.id; // the same object in spec versions 2.0 and 2.1
    const indicators = Array.from({ length: 10 }, () => this.make('stix-indicator')[0]!);
    const relationships = [0, 1].map((i) => {
      const r = this.make('stix-relationship')[0]!;
      return this.checked('stix-relationship', { ...r, source_ref: indicators[i]!.id, target_ref: malware[i]!.id });
    });
    const scos = [0, 1].map(() => this.sco());
    const rows: { object: StixObject; equal?: boolean }[] = [
      { object: identity },
      { object: marking },
      { object: ind3[0]! },
      ...malware.map((object) => ({ object })),
      { object: sv20 },
      { object: ind3[1]! },
      ...indicators.slice(0, EQUAL_RUN).map((object) => ({ object, equal: true })),
      { object: sv21 },
      ...indicators.slice(EQUAL_RUN).map((object) => ({ object })),
      { object: ind3[2]! },
      ...relationships.map((object) => ({ object })),
      ...scos.map((object) => ({ object })),
    ];
    if (otherType) rows.push({ object: { type: 'x-taxii-conform-widget', id: `x-taxii-conform-widget--${uuid4(`${this.seed}/widget`)}`, spec_version: '2.1', created: stixTimestamp(SEED_CREATED), modified: stixTimestamp(SEED_CREATED), name: 'a custom object' } });
    return rows;
  }

  /** `count` indicators and malware (another collection's content). */
  plainContent(count: number, stream: number): { object: StixObject }[] {
    this.n = Math.max(this.n, stream);
    return Array.from({ length: count }, (_, i) => ({ object: this.make(i % 2 === 0 ? 'stix-indicator' : 'stix-malware')[0]! }));
  }

  /** An ipv4-addr SCO whose id is the UUIDv5 of its value, as STIX 2.1 §2.9 derives it. */
  private sco(): StixObject {
    const raw = this.make('stix-ipv4-addr')[0]!;
    const o: StixObject = { type: 'ipv4-addr', spec_version: '2.1', id: '', value: raw['value'] as string };
    o.id = `ipv4-addr--${uuid5(STIX_SCO_NAMESPACE, JSON.stringify({ value: o['value'] }))}`;
    return this.checked('stix-ipv4-addr', o);
  }
}

/** A UUIDv4-shaped id derived from a name (fixed per seed, so URLs stay the same between starts). */
export function uuid4(name: string): string {
  const h = createHash('sha256').update(name).digest();
  h[6] = (h[6]! & 0x0f) | 0x40;
  h[8] = (h[8]! & 0x3f) | 0x80;
  return format(h);
}

function uuid5(namespace: string, name: string): string {
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  const h = createHash('sha1').update(Buffer.concat([ns, Buffer.from(name, 'utf8')])).digest();
  h[6] = (h[6]! & 0x0f) | 0x50;
  h[8] = (h[8]! & 0x3f) | 0x80;
  return format(h);
}

function format(h: Buffer): string {
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}
