// The mock's in-memory state: API Bases, their channels (with a message log and the
// subscriptions reading it through cursors) and collections (with stored objects). Nothing here knows HTTP.
import { randomUUID } from 'node:crypto';
import type { Scheme } from './auth.js';
import { WaitQueue, now } from './long-poll.js';

export interface Rights {
  read: boolean;
  write: boolean;
}

/** Rights per user; a user not listed has none. */
export type RightsTable = Readonly<Record<string, Rights>>;

export const NO_RIGHTS: Rights = { read: false, write: false };

export type ChannelMode = 'read-write' | 'read-only' | 'write-only';

/** A content object as received (a JSON object with at least a type and an id when valid). */
export type ContentObject = Record<string, unknown>;

/** One accepted object in a channel's log. Its seq is implicit (see Channel.entryAt). */
export interface LogEntry {
  /** Monotonic time (long-poll.ts `now`) it was accepted at: msg-age counts from here. */
  at: number;
  object: ContentObject;
}

export interface Subscription {
  id: string;
  user: string;
  /** Normalised query string: part of the key. */
  query: string;
  /** The filter applied on delivery: the `type` parameter (other parameters filter nothing). */
  type: string | null;
  /** The seq of the next entry to deliver. */
  cursor: number;
  /**
   * Entries before this seq are acknowledged: by the subscriber's next GET, or by the
   * X-TAXII-Cursor it echoes. The log keeps the rest, so that what a subscriber did not
   * receive can be delivered again (floor <= cursor).
   */
  floor: number;
  /** The answer being written, until its response closes (no other delivery meanwhile). */
  inFlight: Flight | null;
  /** The end of the furthest answer sent to it: an echo up to it is believed, even past `cursor`. */
  sentUpTo: number;
  /** Messages purged (msg-age) before this subscription read them, not yet reported. */
  missed: number;
  /** The deliver-twice fault's bookkeeping: the seq last delivered a second time. */
  repeated: number;
  /** GETs of this subscription now waiting (a busy subscription is never forgotten). */
  waiting: number;
  /** now() of its last GET: one unread for longer than msg-age may be forgotten to make room. */
  lastUsed: number;
}

/** An answer on its way: the entries from `from` up to (not including) `to`. */
export interface Flight {
  from: number;
  to: number;
  /** The missed count it reports (reported again if it does not arrive). */
  missed: number;
}

/** How many subscriptions may exist (docs/mock-server.md, "Subscription quotas"). */
export interface SubscriptionLimits {
  /** Per user, over every channel of the mock. */
  perCaller: number;
  perChannel: number;
}

/** A subscription found or made, or why none could be made. */
export type Subscribed = { subscription: Subscription; created: boolean } | { refused: 'caller' | 'channel' };

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

  /** Appends in the given order (the acceptance order) and wakes the waiters. */
  append(objects: readonly ContentObject[], at = now()): void {
    if (objects.length === 0) return;
    for (const object of objects) this.entries.push({ at, object });
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
    for (let i = this.head; i < index; i++) this.entries[i] = undefined as unknown as LogEntry; // release the objects now
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

  /** The subscription of (user, query), if there is one (it becomes the most recently used). */
  subscriptionOf(user: string, query: string, at = now()): Subscription | undefined {
    const key = `${user}\n${query}`;
    const had = this.subscriptions.get(key);
    if (had) {
      // Most recently used last.
      this.subscriptions.delete(key);
      this.subscriptions.set(key, had);
      had.lastUsed = at;
    }
    return had;
  }

  /** A new subscription of (user, query), at the end of the log. */
  addSubscription(user: string, query: string, type: string | null, at = now()): Subscription {
    const subscription: Subscription = {
      id: `sub-${randomUUID()}`,
      user,
      query,
      type,
      cursor: this.nextSeq,
      floor: this.nextSeq,
      inFlight: null,
      sentUpTo: this.nextSeq,
      missed: 0,
      repeated: 0,
      waiting: 0,
      lastUsed: at,
    };
    this.subscriptions.set(`${user}\n${query}`, subscription);
    this.firstSubscriptionId ??= subscription.id;
    return subscription;
  }

  /**
   * Forgets the subscriptions (of `user`, or anyone's) that are idle and were not read for
   * longer than msg-age, up to `max` of them: what they had not read is purged anyway.
   */
  forgetStale(at: number, max: number, user?: string): Subscription[] {
    const maxAgeMs = Number(this.settings.msgAge) * 1000;
    const gone: Subscription[] = [];
    for (const [key, s] of this.subscriptions) {
      if (gone.length >= max || at - s.lastUsed <= maxAgeMs) break; // least recently used first: the rest are newer
      if ((user === undefined || s.user === user) && s.waiting === 0 && s.inFlight === null) {
        this.subscriptions.delete(key);
        gone.push(s);
      }
    }
    return gone;
  }

  /** A GET without X-TAXII-Cursor: the answers written to the subscription before it were received. */
  acknowledgeWritten(sub: Subscription): void {
    if (sub.inFlight === null) sub.floor = sub.cursor;
  }

  /**
   * A GET echoing X-TAXII-Cursor `echoed`: the subscriber has read everything before it.
   * Delivery resumes there, never before what was acknowledged already (an older echo comes
   * from a GET its client left, arriving late), never past what was sent (but up to it even
   * when the cursor went back since: the answer the mock took for lost did arrive).
   */
  acknowledgeEchoed(sub: Subscription, echoed: number): void {
    const at = Math.min(Math.max(echoed, sub.floor), Math.max(sub.sentUpTo, sub.cursor));
    sub.floor = sub.cursor = at;
    sub.inFlight = null; // an answer still being written is superseded: its fate no longer matters
  }

  /** An answer up to `to` is being written: the cursor moves, and nothing more is sent until it settles. */
  sending(sub: Subscription, to: number): Flight {
    const flight: Flight = { from: sub.cursor, to, missed: sub.missed };
    sub.inFlight = flight;
    sub.cursor = to;
    sub.sentUpTo = Math.max(sub.sentUpTo, to);
    sub.missed = 0;
    return flight;
  }

  /** The answer's response closed, written in full (it stays delivered) or not (delivered again). */
  settled(sub: Subscription, flight: Flight, written: boolean): void {
    if (sub.inFlight !== flight) return; // superseded by an echoed cursor
    sub.inFlight = null;
    if (written) return;
    sub.cursor = flight.from;
    sub.missed += flight.missed;
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
}

export class Collection {
  readonly objects: StoredObject[] = [];
  constructor(
    readonly name: string,
    public description: string,
    readonly rights?: RightsTable,
  ) {}

  add(objects: readonly ContentObject[], addedAt = new Date()): void {
    for (const object of objects) this.objects.push({ addedAt, object });
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
  /** Subscriptions each user holds, over every channel (the per-caller quota counts them). */
  private readonly held = new Map<string, number>();

  addApiBase(base: Omit<ApiBase, 'channels' | 'collections'>): ApiBase {
    const full: ApiBase = { ...base, channels: new Map(), collections: new Map() };
    this.apiBases.set(base.name, full);
    return full;
  }

  /** What `user` may do with a resource of `base` (the resource's own table wins). */
  rightsOf(user: string, base: ApiBase, resource?: { rights?: RightsTable | undefined }): Rights {
    const table = resource?.rights ?? base.rights;
    return table[user] ?? NO_RIGHTS;
  }

  /**
   * The subscription of (user, query) on `ch`, made at the end of the log on first use if the
   * quotas allow it. At a quota, idle subscriptions unread for longer than their channel's
   * msg-age are forgotten first to make room.
   */
  subscribe(ch: Channel, user: string, query: string, type: string | null, limits: SubscriptionLimits, at = now()): Subscribed {
    const had = ch.subscriptionOf(user, query, at);
    if (had) return { subscription: had, created: false };
    if (this.heldBy(user) >= limits.perCaller) {
      for (const base of this.apiBases.values()) for (const c of base.channels.values()) this.release(c.forgetStale(at, Infinity, user));
      if (this.heldBy(user) >= limits.perCaller) return { refused: 'caller' };
    }
    if (ch.subscriptions.size >= limits.perChannel) {
      this.release(ch.forgetStale(at, 1));
      if (ch.subscriptions.size >= limits.perChannel) return { refused: 'channel' };
    }
    this.held.set(user, this.heldBy(user) + 1);
    return { subscription: ch.addSubscription(user, query, type, at), created: true };
  }

  /** Deletes a channel: its waiting GETs answer 404, its subscriptions stop counting. */
  deleteChannel(base: ApiBase, name: string): void {
    const ch = base.channels.get(name);
    if (!ch) return;
    base.channels.delete(name);
    ch.close();
    this.release(ch.subscriptions.values());
  }

  heldBy(user: string): number {
    return this.held.get(user) ?? 0;
  }

  private release(gone: Iterable<Subscription>): void {
    for (const s of gone) {
      const n = this.heldBy(s.user) - 1;
      if (n > 0) this.held.set(s.user, n);
      else this.held.delete(s.user);
    }
  }

  /** Wakes every long poll (on shutdown). */
  wakeAll(): void {
    for (const base of this.apiBases.values()) for (const ch of base.channels.values()) ch.wakeAll();
  }
}
