// The mock's in-memory state: API Bases, their channels (with a message log and the
// subscriptions reading it) and collections (with stored objects). Nothing here knows HTTP.
import { randomUUID } from 'node:crypto';
import type { Scheme } from './auth.js';

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

export interface LogEntry {
  seq: number;
  acceptedAt: number;
  object: ContentObject;
}

export interface Subscription {
  id: string;
  user: string;
  /** Normalised query string: part of the key and the filter applied on delivery. */
  query: string;
  /** The seq of the next entry to consider. */
  cursor: number;
}

export interface ChannelSettings {
  description: string;
  mode: ChannelMode;
  longPoll: boolean;
  /** Seconds a message is kept, as the decimal string the messages carry. */
  msgAge: string;
}

export class Channel {
  readonly log: LogEntry[] = [];
  /** seq the next accepted object gets. */
  nextSeq = 1;
  readonly subscriptions = new Map<string, Subscription>();
  private waiters = new Set<() => void>();

  constructor(
    readonly name: string,
    public settings: ChannelSettings,
    /** Overrides the API Base's rights for this channel (e.g. a restricted channel). */
    readonly rights?: RightsTable,
  ) {}

  append(objects: readonly ContentObject[], now = Date.now()): void {
    for (const object of objects) this.log.push({ seq: this.nextSeq++, acceptedAt: now, object });
    this.purge(now);
    const woken = this.waiters;
    this.waiters = new Set();
    for (const wake of woken) wake();
  }

  /** Drops messages older than msg-age; subscribers that had not read them miss them. */
  purge(now = Date.now()): void {
    const maxAgeMs = Number(this.settings.msgAge) * 1000;
    let drop = 0;
    while (drop < this.log.length && now - this.log[drop]!.acceptedAt > maxAgeMs) drop++;
    if (drop > 0) this.log.splice(0, drop);
  }

  /** The subscription of (user, query), created at the end of the log on first use. */
  subscribe(user: string, query: string): { subscription: Subscription; created: boolean } {
    const key = `${user}\n${query}`;
    const had = this.subscriptions.get(key);
    if (had) return { subscription: had, created: false };
    const subscription: Subscription = { id: `sub-${randomUUID()}`, user, query, cursor: this.nextSeq };
    this.subscriptions.set(key, subscription);
    return { subscription, created: true };
  }

  /** Entries not yet delivered to this subscription, oldest first. */
  pending(sub: Subscription): LogEntry[] {
    this.purge();
    return this.log.filter((e) => e.seq >= sub.cursor);
  }

  /** Resolves on the next append, or after `ms`, or when `signal` aborts. */
  waitForNews(ms: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      if (signal.aborted || ms <= 0) return resolve();
      const done = (): void => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        this.waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal.addEventListener('abort', done, { once: true });
      this.waiters.add(done);
    });
  }

  /** Wakes every waiting reader (on shutdown). */
  wakeAll(): void {
    const woken = this.waiters;
    this.waiters = new Set();
    for (const wake of woken) wake();
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

  /** Wakes every long poll (on shutdown). */
  wakeAll(): void {
    for (const base of this.apiBases.values()) for (const ch of base.channels.values()) ch.wakeAll();
  }
}
