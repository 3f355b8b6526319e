// [API-Base]channels/<name>/: read with a long-polled subscription (GET), write (POST
// taxii-data), create or update (PUT channel-create), delete (DELETE); and details/.
//
// A subscription is keyed by (user, channel, query string). It starts at the end of the log
// on its first GET; each GET then delivers, in order and exactly once, what was accepted
// since the last delivery, waiting up to longPollMs for something to arrive (else 204).
import type { RequestContext } from '../context.js';
import { HttpError } from '../http-errors.js';
import type { Operation } from '../router.js';
import { fitToMaxSize, sendEmpty, sendMessage, validateOutgoing, writeRendered } from '../send.js';
import { Channel, type ContentObject, type LogEntry } from '../store.js';
import { apiBaseOf, requireChannel, requireOnApiBase, unknownIsEmpty } from './access.js';
import { deleteNamedChannel, sendCreated, settingsFrom, DEFAULT_MSG_AGE } from './channels.js';
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
const OMITTED_HEADER = 'X-TAXII-Objects-Omitted';

function channelName(ctx: RequestContext): string {
  return ctx.params['channel']!;
}

/** The mode check: 501 for the operation a channel's mode does not implement. */
function requireMode(ctx: RequestContext, ch: Channel, op: 'read' | 'write'): void {
  if (ctx.mock.faults.has('read-only-writable')) return;
  if (op === 'read' && ch.settings.mode === 'write-only') {
    throw new HttpError('NOT_IMPLEMENTED', `channel ${JSON.stringify(ch.name)} is write-only: it cannot be read`);
  }
  if (op === 'write' && ch.settings.mode === 'read-only') {
    throw new HttpError('NOT_IMPLEMENTED', `channel ${JSON.stringify(ch.name)} is read-only: it cannot be written to`);
  }
}

export const readChannel: Operation = {
  authorize(ctx) {
    const ch = requireChannel(ctx, 'read', channelName(ctx), { missingOk: unknownIsEmpty(ctx) });
    if (ch) requireMode(ctx, ch, 'read');
  },
  async handle(ctx) {
    const ch = apiBaseOf(ctx).channels.get(channelName(ctx));
    if (!ch) {
      sendMessage(ctx, 200, 'taxii-data', taxiiData([], false)); // unknown-is-200
      return;
    }
    await longPoll(ctx, ch);
  },
};

async function longPoll(ctx: RequestContext, ch: Channel): Promise<void> {
  const query = normalisedQuery(ctx.query);
  const { subscription: sub } = ch.subscribe(ctx.identity.user, query);
  const headers = { [SUBSCRIBER_HEADER]: sub.id };
  const type = new URLSearchParams(query).get('type');
  const matches = (e: LogEntry) => type === null || e.object['type'] === type;
  const deadline = Date.now() + ctx.mock.config.longPollMs;
  for (;;) {
    const pending = ch.pending(sub);
    const wanted = pending.filter(matches);
    if (wanted.length === 0) {
      sub.cursor = ch.nextSeq; // what doesn't match this subscription's filter never will
    } else {
      deliver(ctx, ch, sub, wanted, headers);
      return;
    }
    if (ctx.mock.faults.has('no-204')) {
      sendMessage(ctx, 200, 'taxii-data', taxiiData([], false), headers);
      return;
    }
    const left = deadline - Date.now();
    if (!ch.settings.longPoll || left <= 0 || ctx.signal.aborted) break;
    await ch.waitForNews(left, ctx.signal);
  }
  if (ctx.res.destroyed) return; // the client left: nothing was delivered, nothing is lost
  sendEmpty(ctx, 204, headers);
}

/** Sends as many pending entries as fit X-Max-Size; the rest stay pending for the next GET. */
function deliver(
  ctx: RequestContext,
  ch: Channel,
  sub: { cursor: number },
  wanted: LogEntry[],
  headers: Record<string, string>,
): void {
  const objects: ContentObject[] = wanted.map((e) => e.object);
  const fit = fitToMaxSize(ctx, 'taxii-data', objects, (prefix, omitted) => taxiiData(prefix, omitted > 0));
  validateOutgoing(ctx, 'taxii-data', fit.message);
  const omitted = wanted.length - fit.count;
  sub.cursor = omitted > 0 ? wanted[fit.count]!.seq : ch.nextSeq;
  writeRendered(ctx, 200, fit.rendered, omitted > 0 ? { ...headers, [OMITTED_HEADER]: String(omitted) } : headers);
}

/** The query string in a canonical order, so `?a=1&b=2` and `?b=2&a=1` share a subscription. */
function normalisedQuery(query: URLSearchParams): string {
  const q = new URLSearchParams([...query].sort(([a, av], [b, bv]) => (a === b ? (av < bv ? -1 : 1) : a < b ? -1 : 1)));
  return q.toString();
}

export const postToChannel: Operation = {
  authorize(ctx) {
    const ch = requireChannel(ctx, 'write', channelName(ctx))!;
    requireMode(ctx, ch, 'write');
  },
  request: { message: 'taxii-data' },
  handle(ctx) {
    const ch = apiBaseOf(ctx).channels.get(channelName(ctx))!;
    const objects = objectsFrom(fieldsOf(ctx.body));
    ch.append(keptObjects(ctx, objects));
    sendMessage(ctx, acceptedStatus(ctx), 'taxii-status', taxiiStatus(objects.length));
  },
};

export const putChannel: Operation = {
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
    base.channels.set(name, new Channel(name, settingsFrom(fields)));
    sendCreated(ctx, name);
  },
};

export const deleteChannel: Operation = {
  authorize: (ctx) => void requireChannel(ctx, 'write', channelName(ctx)),
  handle: (ctx) => deleteNamedChannel(ctx),
};

export const getChannelDetails: Operation = {
  authorize: (ctx) => void requireChannel(ctx, 'read', channelName(ctx), { missingOk: unknownIsEmpty(ctx) }),
  handle(ctx) {
    const name = channelName(ctx);
    const ch = apiBaseOf(ctx).channels.get(name);
    const details = ch
      ? channelDetails(ch)
      : { type: 'channel-details', name, 'long-poll': true, 'msg-age': DEFAULT_MSG_AGE }; // unknown-is-200
    sendMessage(ctx, 200, 'channel-details', details);
  },
};
