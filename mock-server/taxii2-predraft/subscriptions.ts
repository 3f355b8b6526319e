// Subscriptions to channels: made on a caller's first GET within the quotas (forgetting stale
// ones at a quota), and what each subscriber has been sent and has acknowledged, so that an
// answer that did not reach it is sent again (docs/mock-server.md, "Delivery when a
// subscriber leaves", "Subscription quotas"). Nothing here knows HTTP.
import { randomUUID } from 'node:crypto';
import { now } from '../long-poll.js';
import type { Channel, Store } from './store.js';

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

/** How many subscriptions may exist. */
export interface SubscriptionLimits {
  /** Per user, over every channel of the mock. */
  perCaller: number;
  perChannel: number;
}

/** A subscription found or made, or why none could be made. */
export type Subscribed = { subscription: Subscription; created: boolean } | { refused: 'caller' | 'channel' };

const keyOf = (user: string, query: string): string => `${user}\n${query}`;

/** The subscription of (user, query) on `ch`, if there is one (it becomes the most recently used). */
export function subscriptionOf(ch: Channel, user: string, query: string, at = now()): Subscription | undefined {
  const key = keyOf(user, query);
  const had = ch.subscriptions.get(key);
  if (had) {
    // Most recently used last.
    ch.subscriptions.delete(key);
    ch.subscriptions.set(key, had);
    had.lastUsed = at;
  }
  return had;
}

/** A new subscription of (user, query) on `ch`, at the end of its log. */
export function addSubscription(ch: Channel, user: string, query: string, type: string | null, at = now()): Subscription {
  const subscription: Subscription = {
    id: `sub-${randomUUID()}`,
    user,
    query,
    type,
    cursor: ch.nextSeq,
    floor: ch.nextSeq,
    inFlight: null,
    sentUpTo: ch.nextSeq,
    missed: 0,
    repeated: 0,
    waiting: 0,
    lastUsed: at,
  };
  ch.subscriptions.set(keyOf(user, query), subscription);
  ch.firstSubscriptionId ??= subscription.id;
  return subscription;
}

/**
 * Forgets the subscriptions of `ch` (of `user`, or anyone's) that are idle and were not read
 * for longer than its msg-age, up to `max` of them: what they had not read is purged anyway.
 */
export function forgetStale(ch: Channel, at: number, max: number, user?: string): Subscription[] {
  const maxAgeMs = Number(ch.settings.msgAge) * 1000;
  const gone: Subscription[] = [];
  for (const [key, s] of ch.subscriptions) {
    if (gone.length >= max || at - s.lastUsed <= maxAgeMs) break; // least recently used first: the rest are newer
    if ((user === undefined || s.user === user) && s.waiting === 0 && s.inFlight === null) {
      ch.subscriptions.delete(key);
      gone.push(s);
    }
  }
  return gone;
}

/** The per-caller and per-channel quotas, and the count of subscriptions each user holds. */
export class SubscriptionQuotas {
  private readonly held = new Map<string, number>();

  /**
   * The subscription of (user, query) on `ch`, made at the end of the log on first use if the
   * quotas allow it. At a quota, idle subscriptions unread for longer than their channel's
   * msg-age are forgotten first to make room.
   */
  subscribe(store: Store, ch: Channel, user: string, query: string, type: string | null, limits: SubscriptionLimits, at = now()): Subscribed {
    const had = subscriptionOf(ch, user, query, at);
    if (had) return { subscription: had, created: false };
    if (this.heldBy(user) >= limits.perCaller) {
      for (const base of store.apiBases.values()) for (const c of base.channels.values()) this.release(forgetStale(c, at, Infinity, user));
      if (this.heldBy(user) >= limits.perCaller) return { refused: 'caller' };
    }
    if (ch.subscriptions.size >= limits.perChannel) {
      this.release(forgetStale(ch, at, 1));
      if (ch.subscriptions.size >= limits.perChannel) return { refused: 'channel' };
    }
    this.held.set(user, this.heldBy(user) + 1);
    return { subscription: addSubscription(ch, user, query, type, at), created: true };
  }

  heldBy(user: string): number {
    return this.held.get(user) ?? 0;
  }

  /** These subscriptions are gone (their channel was deleted, or they were forgotten). */
  release(gone: Iterable<Subscription>): void {
    for (const s of gone) {
      const n = this.heldBy(s.user) - 1;
      if (n > 0) this.held.set(s.user, n);
      else this.held.delete(s.user);
    }
  }
}

/** A GET without X-TAXII-Cursor: the answers written to the subscription before it were received. */
export function acknowledgeWritten(sub: Subscription): void {
  if (sub.inFlight === null) sub.floor = sub.cursor;
}

/**
 * A GET echoing X-TAXII-Cursor `echoed`: the subscriber has read everything before it.
 * Delivery resumes there, never before what was acknowledged already (an older echo comes
 * from a GET its client left, arriving late), never past what was sent (but up to it even
 * when the cursor went back since: the answer the mock took for lost did arrive).
 */
export function acknowledgeEchoed(sub: Subscription, echoed: number): void {
  const at = Math.min(Math.max(echoed, sub.floor), Math.max(sub.sentUpTo, sub.cursor));
  sub.floor = sub.cursor = at;
  sub.inFlight = null; // an answer still being written is superseded: its fate no longer matters
}

/** An answer up to `to` is being written: the cursor moves, and nothing more is sent until it settles. */
export function sending(sub: Subscription, to: number): Flight {
  const flight: Flight = { from: sub.cursor, to, missed: sub.missed };
  sub.inFlight = flight;
  sub.cursor = to;
  sub.sentUpTo = Math.max(sub.sentUpTo, to);
  sub.missed = 0;
  return flight;
}

/** The answer's response closed, written in full (it stays delivered) or not (delivered again). */
export function settled(sub: Subscription, flight: Flight, written: boolean): void {
  if (sub.inFlight !== flight) return; // superseded by an echoed cursor
  sub.inFlight = null;
  if (written) return;
  sub.cursor = flight.from;
  sub.missed += flight.missed;
}
