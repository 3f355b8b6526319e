// [API-Base]channels/<name>/: read with a long-polled subscription (GET), write (POST
// taxii-data), create or update (PUT channel-create), delete (DELETE); and details/.
//
// A subscription is keyed by (user, channel, query string). It starts at the end of the log
// on its first GET; each GET then delivers, in order and exactly once, what was accepted
// since the last delivery, waiting up to longPollMs for something to arrive (else 204).
//
// Delivery survives a subscriber that leaves (docs/mock-server.md, "Delivery"): an answer
// whose response does not finish is delivered again, and what was written stays in the log
// until the subscriber acknowledges it: by its next GET, or exactly by echoing the
// X-TAXII-Cursor of the last answer it read in full.
import { longPollWaitMs } from './variants.js';
import type { PredraftContext, PredraftOperation } from './state.js';
import { HttpError } from '../http-errors.js';
import { now, type EndReason, type Waiter } from '../long-poll.js';
import { fitToMaxSize, sendEmpty, sendMessage, validateOutgoing, writeRendered, type Rendered } from '../send.js';
import { Channel, type ContentObject } from './store.js';
import { acknowledgeEchoed, acknowledgeWritten, sending, settled, type Flight, type Subscription } from './subscriptions.js';
import { apiBaseOf, requireChannel, requireOnApiBase, unknownIsEmpty } from './access.js';
import { deleteNamedChannel, sendCreated, settingsFrom } from './channels.js';
import {
  acceptedStatus,
  channelDetails,
  channelStatus,
  fieldsOf,
  keptObjects,
  nameFrom,
  objectsFrom,
  taxiiData,
  taxiiStatus,
} from './messages.js';

const SUBSCRIBER_HEADER = 'X-TAXII-Subscriber';
/** Where the subscriber is after this answer; echoed in a GET, it acknowledges what came before. */
const CURSOR_HEADER = 'X-TAXII-Cursor';
const OMITTED_HEADER = 'X-TAXII-Objects-Omitted';
/** How many messages msg-age purged before this subscription read them (sent when not 0). */
const MISSED_HEADER = 'X-TAXII-Messages-Missed';

function channelName(ctx: PredraftContext): string {
  return ctx.params['channel']!;
}

/** The mode check: 501 for the operation a channel's mode does not implement. */
function requireMode(ctx: PredraftContext, ch: Channel, op: 'read' | 'write'): void {
  if (ctx.mock.faults.has('read-only-writable')) return;
  if (op === 'read' && ch.settings.mode === 'write-only') {
    throw new HttpError('NOT_IMPLEMENTED', `channel ${JSON.stringify(ch.name)} is write-only: it cannot be read`);
  }
  if (op === 'write' && ch.settings.mode === 'read-only') {
    throw new HttpError('NOT_IMPLEMENTED', `channel ${JSON.stringify(ch.name)} is read-only: it cannot be written to`);
  }
}

export const readChannel: PredraftOperation = {
  authorize(ctx) {
    const ch = requireChannel(ctx, 'read', channelName(ctx), { missingOk: unknownIsEmpty(ctx) });
    if (ch) requireMode(ctx, ch, 'read');
  },
  handle(ctx) {
    const ch = apiBaseOf(ctx).channels.get(channelName(ctx));
    if (!ch) {
      sendMessage(ctx, 200, 'taxii-data', taxiiData([], false)); // unknown-is-200
      return;
    }
    return longPoll(ctx, ch); // its promise passed on, not awaited (no frame kept per waiting GET)
  },
};

/**
 * GET of a channel: deliver what is pending at once, else wait (up to longPollMs) in the
 * channel's wait queue until news arrives, the wait ends (204), the channel is deleted (404)
 * or the mock closes (what is pending, else 204).
 */
function longPoll(ctx: PredraftContext, ch: Channel): Promise<void> | undefined {
  const { faults, config } = ctx.mock;
  const echoed = echoedCursor(ctx);
  const sub = subscriptionFor(ctx, ch);
  if (echoed === undefined) {
    acknowledgeWritten(sub);
  } else {
    acknowledgeEchoed(sub, echoed);
    // Its earlier GETs still waiting were left by the subscriber (it has moved on): they end
    // with 204 now, so that nothing is delivered to them behind its back.
    if (sub.waiting > 0) ch.waiters.endWhere((w) => w instanceof ChannelWaiter && w.sub === sub, 'superseded');
  }
  if (deliver(ctx, ch, sub)) return undefined;
  if (faults.has('no-204')) {
    sendMessage(ctx, 200, 'taxii-data', taxiiData([], false), answerHeaders(sub, positionOf(sub)));
    sub.missed = 0;
    return undefined;
  }
  const wait = ch.settings.longPoll && !faults.has('long-poll-no-wait') ? longPollWaitMs(ctx.mock.variants, config.longPollMs) : 0;
  if (wait <= 0 || ctx.res.destroyed || ctx.mock.closing.aborted) {
    sendNothingNew(ctx, sub); // (nothing when the client has gone)
    return undefined;
  }
  // The mock closing ends the wait through the store (Store.wakeAll: what is pending, else 204).
  return new Promise<void>((resolve, reject) => {
    const w = new ChannelWaiter(ctx, ch, sub, now() + wait, resolve, reject);
    sub.waiting++;
    ch.waiters.add(w);
    (ctx.res as WaitingResponse)[WAITER] = w;
    ctx.res.on('close', waiterClosed);
  });
}

/** The waiter of a waiting GET's response, so that one listener function serves every waiter. */
const WAITER = Symbol('waiter');
type WaitingResponse = PredraftContext['res'] & { [WAITER]?: ChannelWaiter };

/** A waiting GET's response closed: before an answer, the client went away. */
function waiterClosed(this: WaitingResponse): void {
  this[WAITER]?.leave();
}

/** The X-TAXII-Cursor a GET echoes (undefined when it sends none). */
function echoedCursor(ctx: PredraftContext): number | undefined {
  const v = ctx.req.headers['x-taxii-cursor'];
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || !/^[0-9]{1,15}$/.test(v)) {
    const shown = String(v).slice(0, 40);
    throw new HttpError('INVALID_PARAMETER', `X-TAXII-Cursor must be the decimal X-TAXII-Cursor of an earlier answer (or 0), got ${JSON.stringify(shown)}`);
  }
  return Number(v);
}

/** The caller's subscription for this GET, made on first use within the quotas (429, 507 beyond them). */
function subscriptionFor(ctx: PredraftContext, ch: Channel): Subscription {
  const { config, store } = ctx.mock;
  const user = ctx.identity.user;
  const limits = { perCaller: config.maxSubscriptionsPerCaller, perChannel: config.maxSubscriptionsPerChannel };
  const got = store.subscriptionQuotas.subscribe(store, ch, user, normalisedQuery(ctx.query), ctx.query.get('type'), limits);
  if ('subscription' in got) return got.subscription;
  if (got.refused === 'caller') {
    throw new HttpError(
      'TOO_MANY_SUBSCRIPTIONS',
      `this caller holds ${store.subscriptionQuotas.heldBy(user)} subscriptions, the most the server allows per caller; each new query string on a channel makes one: reuse a subscription's query string, or wait until one unread for longer than its channel's msg-age can be forgotten`,
    );
  }
  throw new HttpError(
    'CHANNEL_FULL',
    `channel ${JSON.stringify(ch.name)} has ${ch.subscriptions.size} subscriptions, the most the server allows per channel; try again later (one unread for longer than msg-age, ${ch.settings.msgAge} s, can then be forgotten)`,
  );
}

/** The wake-up round in which a channel last answered a waiter (the wake-first-waiter-only fault). */
const wokenInRound = new WeakMap<Channel, number>();

/**
 * One waiting GET: a wait-queue node, found by its response's shared 'close' listener
 * (`waiterClosed`), so that a waiter costs one object, its promise and nothing else: no
 * closure, signal or timer of its own.
 */
class ChannelWaiter implements Waiter {
  prev: Waiter | null = null;
  next: Waiter | null = null;
  queued = false;
  private settled = false;

  constructor(
    private readonly ctx: PredraftContext,
    private readonly ch: Channel,
    readonly sub: Subscription,
    readonly deadline: number,
    private readonly resolve: () => void,
    private readonly reject: (e: unknown) => void,
  ) {}

  wake(): boolean {
    const { faults } = this.ctx.mock;
    if (faults.has('long-poll-late') || faults.has('long-poll-stale-204')) return false; // answers only when its wait ends
    const round = this.ch.waiters.round;
    if (faults.has('wake-first-waiter-only') && wokenInRound.get(this.ch) === round) return false;
    // No purge on a wake-up: what just woke it is delivered even on a channel with msg-age "0".
    const answered = this.guard(() => deliver(this.ctx, this.ch, this.sub, false, true));
    if (answered) wokenInRound.set(this.ch, round);
    return answered;
  }

  end(reason: EndReason): void {
    this.guard(() => {
      if (reason === 'deleted') {
        throw new HttpError('NOT_FOUND', `channel ${JSON.stringify(this.ch.name)} was deleted while this GET waited`);
      }
      // long-poll-stale-204: what the GET found when it came is all it ever answers.
      const stale = reason === 'timeout' && this.ctx.mock.faults.has('long-poll-stale-204');
      if (reason === 'superseded' || stale || !deliver(this.ctx, this.ch, this.sub)) sendNothingNew(this.ctx, this.sub);
      return true;
    });
  }

  /** The client went away while it waited: it leaves quietly (nothing was sent, nothing is lost). */
  leave(): void {
    if (this.settled) return;
    this.ch.waiters.remove(this);
    this.settle();
  }

  /** Runs an attempt to answer; when it answered (or failed), the GET is over. */
  private guard(attempt: () => boolean): boolean {
    if (this.settled) return true;
    let answered: boolean;
    try {
      answered = attempt() || this.ctx.res.destroyed;
    } catch (e) {
      this.settle(e);
      return true;
    }
    if (answered) this.settle();
    return answered;
  }

  private settle(error?: unknown): void {
    if (this.settled) return;
    this.settled = true;
    this.sub.waiting--;
    const res = this.ctx.res as WaitingResponse;
    res.off('close', waiterClosed);
    res[WAITER] = undefined;
    if (error === undefined) this.resolve();
    else this.reject(error); // the pipeline answers it (404 for a deleted channel, 500 for a bug)
  }
}

/** What a delivery sends, shared by every subscription at the same place in the log. */
interface Answer {
  rendered: Rendered;
  /** Objects left out for X-Max-Size. */
  omitted: number;
  /** seq of the last entry sent (undefined when none fitted). */
  lastSeq: number | undefined;
  /** Where the subscription's cursor goes after it (the first entry left out, or the end). */
  nextCursor: number;
}

/**
 * Sends what is pending for the subscription, if anything (true), as much as X-Max-Size
 * allows: the rest stays pending for the next GET. Runs synchronously from choosing the
 * entries to moving the cursor, so no other GET of the subscription can see them in between.
 * While an earlier answer of the subscription is still being written nothing is sent (false):
 * where this one starts depends on whether that one arrives.
 */
function deliver(ctx: PredraftContext, ch: Channel, sub: Subscription, purge = true, woken = false): boolean {
  const { faults } = ctx.mock;
  if (ctx.res.destroyed || ctx.res.headersSent) return true; // the client left: nothing delivered, nothing lost
  if (sub.inFlight) return false;
  if (purge && !faults.has('msg-age-ignored') && !faults.has('msg-age-purged-on-write')) ch.purge();
  ch.catchUp(sub);
  if (faults.has('one-subscriber-only') && sub.id !== ch.firstSubscriptionId) sub.cursor = sub.floor = ch.nextSeq;
  if (sub.cursor >= ch.nextSeq) return false;
  const answer = answerFor(ctx, ch, sub);
  if (!answer) {
    sub.cursor = ch.nextSeq; // what doesn't match this subscription's filter never will
    return false;
  }
  let next = answer.nextCursor;
  const twice = faults.has('deliver-twice') || (woken && faults.has('deliver-twice-after-wake'));
  if (twice && answer.lastSeq !== undefined && sub.repeated !== answer.lastSeq) {
    next = answer.lastSeq; // the last one comes again on the next GET
    sub.repeated = answer.lastSeq;
  }
  const headers = answerHeaders(sub, next);
  if (answer.omitted > 0) headers[OMITTED_HEADER] = String(answer.omitted);
  settleWhenClosed(ctx, ch, sub, sending(sub, next));
  writeRendered(ctx, 200, answer.rendered, headers);
  return true;
}

/**
 * The fate of an answer: when its response closes, it was delivered if it finished (written
 * in full to the connection) without the connection failing (a client's RST makes the write
 * fail, though the response still emits 'finish'); else its entries are delivered again. A
 * GET of the subscription that waited for this is woken.
 */
function settleWhenClosed(ctx: PredraftContext, ch: Channel, sub: Subscription, flight: Flight): void {
  const res = ctx.res as DeliveringResponse;
  // The socket: detached from the response once it finishes.
  res[DELIVERY] = { ch, sub, flight, socket: res.socket, finished: false };
  res.on('finish', deliveryFinished);
  res.on('close', deliveryClosed);
}

/** An answer on its way, kept on its response for the shared listeners below (no closures per answer). */
interface Delivery {
  ch: Channel;
  sub: Subscription;
  flight: Flight;
  socket: PredraftContext['res']['socket'];
  finished: boolean;
}
const DELIVERY = Symbol('delivery');
type DeliveringResponse = PredraftContext['res'] & { [DELIVERY]?: Delivery };

function deliveryFinished(this: DeliveringResponse): void {
  const d = this[DELIVERY];
  if (d) d.finished = true;
}

function deliveryClosed(this: DeliveringResponse): void {
  const d = this[DELIVERY];
  if (!d) return;
  this[DELIVERY] = undefined;
  settled(d.sub, d.flight, d.finished && !d.socket?.errored);
  if (d.sub.waiting > 0) d.ch.waiters.wakeSoon();
}

/**
 * The answer for a subscription's pending entries (undefined when none matches its filter).
 * Subscriptions at the same place with the same filter and X-Max-Size share one rendered
 * (and validated) answer until the log changes: a message wakes 10,000 subscribers, it is
 * serialised once.
 */
function answerFor(ctx: PredraftContext, ch: Channel, sub: Subscription): Answer | undefined {
  const key = `${sub.cursor}|${ctx.maxSize ?? ''}|${sub.type === null ? '*' : `=${sub.type}`}`;
  const cached = ch.cache.get(key) as Answer | null | undefined;
  if (cached !== undefined) return cached ?? undefined;
  let pending: { seq: number; object: ContentObject }[] = [];
  for (let seq = sub.cursor; seq < ch.nextSeq; seq++) {
    const e = ch.entryAt(seq)!;
    if (sub.type === null || e.object['type'] === sub.type) pending.push({ seq, object: e.object });
  }
  if (ctx.mock.faults.has('deliver-sorted')) pending = pending.sort((a, b) => String(a.object['id']).localeCompare(String(b.object['id'])));
  const seqs = pending.map((p) => p.seq);
  const objects = pending.map((p) => p.object);
  let answer: Answer | undefined;
  if (objects.length > 0) {
    const fit = fitToMaxSize(ctx, 'taxii-data', objects, (prefix, omitted) => taxiiData(prefix, omitted > 0));
    validateOutgoing(ctx, 'taxii-data', fit.message);
    const omitted = objects.length - fit.count;
    answer = {
      rendered: fit.rendered,
      omitted,
      // Not even the first object fits: 200 with none and more: true; it stays pending for a
      // GET with a larger X-Max-Size (X-Max-Size is never exceeded, nothing is skipped).
      lastSeq: fit.count > 0 ? seqs[fit.count - 1]! : undefined,
      nextCursor: omitted > 0 ? seqs[fit.count]! : ch.nextSeq,
    };
  }
  if (ch.cache.size >= 64) ch.cache.clear();
  ch.cache.set(key, answer ?? null);
  return answer;
}

/** Headers of every answer to a channel GET: the subscription, its cursor after the answer, and what it missed. */
function answerHeaders(sub: Subscription, cursor: number): Record<string, string> {
  const headers: Record<string, string> = { [SUBSCRIBER_HEADER]: sub.id, [CURSOR_HEADER]: String(cursor) };
  if (sub.missed > 0) headers[MISSED_HEADER] = String(sub.missed);
  return headers;
}

/** Where a subscriber that gets no entries now stands: before an answer still being written to another of its GETs. */
function positionOf(sub: Subscription): number {
  return sub.inFlight ? sub.inFlight.from : sub.cursor;
}

/** 204: nothing new within the wait. */
function sendNothingNew(ctx: PredraftContext, sub: Subscription): void {
  if (ctx.res.destroyed || ctx.res.headersSent) return;
  sendEmpty(ctx, 204, answerHeaders(sub, positionOf(sub)));
  sub.missed = 0;
}

/** The query string in a canonical order, so `?a=1&b=2` and `?b=2&a=1` share a subscription. */
function normalisedQuery(query: URLSearchParams): string {
  const q = new URLSearchParams([...query].sort(([a, av], [b, bv]) => (a === b ? (av < bv ? -1 : av > bv ? 1 : 0) : a < b ? -1 : 1)));
  return q.toString();
}

export const postToChannel: PredraftOperation = {
  authorize(ctx) {
    const ch = requireChannel(ctx, 'write', channelName(ctx), { missingOk: unknownIsEmpty(ctx) });
    if (ch) requireMode(ctx, ch, 'write');
  },
  request: { message: 'taxii-data' },
  handle(ctx) {
    const ch = apiBaseOf(ctx).channels.get(channelName(ctx));
    const objects = objectsFrom(fieldsOf(ctx.body));
    if (!ch) {
      sendMessage(ctx, acceptedStatus(ctx), 'taxii-status', taxiiStatus(objects.length)); // unknown-is-200: accepted, dropped
      return;
    }
    const kept = keptObjects(ctx, objects);
    if (ctx.mock.faults.has('deliver-out-of-order')) kept.reverse();
    if (!ctx.mock.faults.has('msg-age-ignored')) ch.purge();
    ch.append(kept); // acceptance order: the log's order, before the 202 is sent
    sendMessage(ctx, acceptedStatus(ctx), 'taxii-status', taxiiStatus(objects.length));
  },
};

export const putChannel: PredraftOperation = {
  authorize(ctx) {
    const ch = requireChannel(ctx, 'write', channelName(ctx), { missingOk: true });
    if (!ch) requireOnApiBase(ctx, 'write');
  },
  request: { message: 'channel-create' },
  handle(ctx) {
    const name = channelName(ctx);
    const fields = fieldsOf(ctx.body);
    const named = nameFrom(fields, name);
    if (named !== name) {
      throw new HttpError('NAME_MISMATCH', `the message names channel ${JSON.stringify(named)} but the URL names ${JSON.stringify(name)}`);
    }
    const base = apiBaseOf(ctx);
    const ch = base.channels.get(name);
    if (ctx.mock.faults.has('put-ignored')) {
      sendMessage(ctx, 200, 'channel-status', channelStatus(ctx, name, 'updated'));
      return;
    }
    if (ch) {
      ch.settings = settingsFrom(fields, ch.settings);
      sendMessage(ctx, 200, 'channel-status', channelStatus(ctx, name, 'updated'));
      return;
    }
    base.channels.set(name, new Channel(name, settingsFrom(fields, undefined, String(ctx.mock.config.msgAgeDefaultS))));
    sendCreated(ctx, name);
  },
};

export const deleteChannel: PredraftOperation = {
  authorize: (ctx) => void requireChannel(ctx, 'write', channelName(ctx)),
  handle: (ctx) => deleteNamedChannel(ctx),
};

export const getChannelDetails: PredraftOperation = {
  authorize: (ctx) => void requireChannel(ctx, 'read', channelName(ctx), { missingOk: unknownIsEmpty(ctx) }),
  handle(ctx) {
    const name = channelName(ctx);
    const ch = apiBaseOf(ctx).channels.get(name);
    const details = ch
      ? channelDetails(ctx, ch)
      : { type: 'channel-details', name, 'long-poll': true, 'msg-age': String(ctx.mock.config.msgAgeDefaultS) }; // unknown-is-200
    sendMessage(ctx, 200, 'channel-details', details);
  },
};
