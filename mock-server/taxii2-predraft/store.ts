// The pre-draft mock's in-memory store: API Bases, their channels (with a message log and the
// subscriptions reading it through cursors) and collections (with stored objects). Nothing here knows HTTP.
import type { Scheme } from '../auth.js';
import { WaitQueue, now } from '../long-poll.js';
import { SubscriptionQuotas, type Subscription } from './subscriptions.js';
import { QuotaMap, StorageQuota, sizesOf } from '../storage-quota.js';
import type { ContentObject } from '../seed.js';

export interface Rights {
  read: boolean;
  write: boolean;
}

/** Rights per user; a user not listed has none. */
export type RightsTable = Readonly<Record<string, Rights>>;

export const NO_RIGHTS: Rights = { read: false, write: false };

export type ChannelMode = 'read-write' | 'read-only' | 'write-only';

/** A content object as received (a JSON object with at least a type and an id when valid). */
export type { ContentObject };

/** One accepted object in a channel's log. Its seq is implicit (see Channel.entryAt). */
export interface LogEntry {
  /** Monotonic time (long-poll.ts `now`) it was accepted at: msg-age counts from here. */
  at: number;
  object: ContentObject;
  /** Octets of the object's JSON (storage-quota.ts). */
  bytes: number;
}

export interface ChannelSettings {
  description: string;
  mode: ChannelMode;
  longPoll: boolean;
  /** Seconds a message is kept, as the decimal string the messages carry. */
  msgAge: string;
}

/** Below this many entries the log is not scanned for what every subscription has read. */
const TRIM_FLOOR = 1024;
/** Entries dropped from the front before the array is compacted. */
const COMPACT_AT = 4096;

/**
 * A channel: ONE log shared by every subscription, each of which only holds a cursor (the
 * seq of the next entry it reads). Delivery reads the log from the cursor; nothing is copied
 * per subscriber. The log is trimmed from the front by msg-age (lazily: on each append and
 * read) and by the slowest cursor (amortised: when the log has doubled since the last scan),
 * so that its memory is bounded by what some subscription still has to read within msg-age.
 */
export class Channel {
  /** Log entries; those before `head` are dropped. Entry i (i >= head) has seq firstSeq + i - head. */
  private entries: LogEntry[] = [];
  private head = 0;
  /** seq the next accepted object gets. */
  nextSeq = 1;
  /** Keyed by user and query; iteration order is least recently used first. */
  readonly subscriptions = new Map<string, Subscription>();
  /** The id of the first subscription ever made (the one-subscriber-only fault). */
  firstSubscriptionId: string | undefined;
  /** Waiting GETs. */
  readonly waiters = new WaitQueue();
  /** When the log reaches this length, entries every subscription has read are dropped. */
  private trimCheckAt = TRIM_FLOOR;
  /** Set when the channel is deleted: waiters and late readers see it. */
  deleted = false;
  /** Per channel scratch for the handlers (channel.ts shares rendered answers in a round). */
  readonly cache = new Map<string, unknown>();
  /** Octets of JSON the log holds, and the quota it comes under once in a store. */
  storedBytes = 0;
  quota: StorageQuota | undefined;

  constructor(
    readonly name: string,
    public settings: ChannelSettings,
    /** Overrides the API Base's rights for this channel (e.g. a restricted channel). */
    readonly rights?: RightsTable,
  ) {}

  /** seq of the oldest entry still in the log (nextSeq when the log is empty). */
  get firstSeq(): number {
    return this.nextSeq - (this.entries.length - this.head);
  }

  /** Entries in the log. */
  get length(): number {
    return this.entries.length - this.head;
  }

  /** The entry of `seq`, if it is still in the log. */
  entryAt(seq: number): LogEntry | undefined {
    const i = this.head + (seq - this.firstSeq);
    return i >= this.head && i < this.entries.length ? this.entries[i] : undefined;
  }

  /** Appends in the given order (the acceptance order) and wakes the waiters; a StoreRefusal keeps nothing. */
  append(objects: readonly ContentObject[], at = now()): void {
    if (objects.length === 0) return;
    const sizes = sizesOf(objects);
    const bytes = sizes.reduce((a, b) => a + b, 0);
    this.quota?.admit('channel', this.name, this, bytes);
    objects.forEach((object, i) => this.entries.push({ at, object, bytes: sizes[i]! }));
    this.storedBytes += bytes;
    this.nextSeq += objects.length;
    this.cache.clear();
    if (this.length >= this.trimCheckAt) this.trimRead();
    this.waiters.wakeSoon();
  }

  /** Drops messages older than msg-age; subscriptions that had not read them miss them (see `catchUp`). */
  purge(at = now()): void {
    const maxAgeMs = Number(this.settings.msgAge) * 1000;
    let i = this.head;
    while (i < this.entries.length && at - this.entries[i]!.at > maxAgeMs) i++;
    this.dropTo(i);
  }

  /** Moves a subscription past what was purged before it read it, counting it as missed. */
  catchUp(sub: Subscription): void {
    const first = this.firstSeq;
    if (sub.cursor < first) {
      sub.missed += first - sub.cursor;
      sub.cursor = first;
    }
  }

  /** For the quota: drops what every subscription has acknowledged. */
  reclaim(): void {
    this.trimRead();
  }

  /** Drops the entries every subscription has acknowledged (new subscriptions start at the end). */
  private trimRead(): void {
    let min = this.nextSeq;
    for (const s of this.subscriptions.values()) if (s.floor < min) min = s.floor;
    const first = this.firstSeq;
    if (min > first) this.dropTo(this.head + (min - first));
    this.trimCheckAt = Math.max(TRIM_FLOOR, 2 * this.length);
  }

  private dropTo(index: number): void {
    if (index <= this.head) return;
    for (let i = this.head; i < index; i++) {
      this.storedBytes -= this.entries[i]!.bytes;
      this.entries[i] = undefined as unknown as LogEntry; // release the objects now
    }
    this.head = index;
    if (this.head === this.entries.length) {
      this.entries = [];
      this.head = 0;
    } else if (this.head >= COMPACT_AT && this.head * 2 >= this.entries.length) {
      this.entries = this.entries.slice(this.head);
      this.head = 0;
    }
    this.cache.clear();
  }

  /** The channel is deleted: its waiters end now (they answer 404). */
  close(): void {
    this.deleted = true;
    this.waiters.endAll('deleted');
  }

  /** Ends every waiting reader (on shutdown). */
  wakeAll(): void {
    this.waiters.endAll('closing');
  }
}

export interface StoredObject {
  addedAt: Date;
  object: ContentObject;
  /** Octets of the object's JSON (storage-quota.ts). */
  bytes: number;
}

export class Collection {
  private readonly stored: StoredObject[] = [];
  /** Changes whenever the stored objects do (answers made from them are kept per version: kept-answers.ts). */
  version = 0;
  /** Octets of JSON held, and the quota it comes under once in a store. */
  storedBytes = 0;
  quota: StorageQuota | undefined;
  constructor(
    readonly name: string,
    public description: string,
    readonly rights?: RightsTable,
  ) {}

  /** Stores the objects; a StoreRefusal keeps none. */
  add(objects: readonly ContentObject[], addedAt = new Date()): void {
    const sizes = sizesOf(objects);
    const bytes = sizes.reduce((a, b) => a + b, 0);
    this.quota?.admit('collection', this.name, this, bytes);
    objects.forEach((object, i) => this.stored.push({ addedAt, object, bytes: sizes[i]! }));
    this.storedBytes += bytes;
    this.version++;
  }

  /** The stored objects, oldest first (changed only through `add`). */
  get objects(): readonly StoredObject[] {
    return this.stored;
  }
}

export interface ApiBase {
  /** The path segment, e.g. trustgroup1. */
  name: string;
  title: string;
  description: string;
  /** Schemes this API Base accepts ("Different API Bases MAY have different authentication requirements"). */
  schemes: readonly Scheme[];
  rights: RightsTable;
  channels: Map<string, Channel>;
  collections: Map<string, Collection>;
}

export class Store {
  readonly apiBases = new Map<string, ApiBase>();
  /** Changes whenever the API Bases do (answers made from them are kept per version: kept-answers.ts). */
  version = 0;
  /** Subscriptions per caller and per channel (subscriptions.ts). */
  readonly subscriptionQuotas = new SubscriptionQuotas();
  /** Quotas on stored content (none until limited); channels and collections added come under it. */
  readonly quota = new StorageQuota(
    () => this.storedBytes(),
    () => this.eachChannel((ch) => ch.reclaim()),
  );

  addApiBase(base: Omit<ApiBase, 'channels' | 'collections'>): ApiBase {
    const full: ApiBase = { ...base, channels: new QuotaMap<Channel>(this.quota), collections: new QuotaMap<Collection>(this.quota) };
    this.apiBases.set(base.name, full);
    this.version++;
    return full;
  }

  /** Octets of content held by every channel and collection (deleted ones no longer count). */
  storedBytes(): number {
    let n = 0;
    for (const base of this.apiBases.values()) {
      for (const ch of base.channels.values()) n += ch.storedBytes;
      for (const col of base.collections.values()) n += col.storedBytes;
    }
    return n;
  }

  private eachChannel(f: (ch: Channel) => void): void {
    for (const base of this.apiBases.values()) for (const ch of base.channels.values()) f(ch);
  }

  /** What `user` may do with a resource of `base` (the resource's own table wins). */
  rightsOf(user: string, base: ApiBase, resource?: { rights?: RightsTable | undefined }): Rights {
    const table = resource?.rights ?? base.rights;
    return table[user] ?? NO_RIGHTS;
  }

  /** Wakes every long poll (on shutdown). */
  wakeAll(): void {
    this.eachChannel((ch) => ch.wakeAll());
  }
}
