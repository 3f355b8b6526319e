// [API-Base]channels/: list (GET, ?name= exact match), create (POST channel-create) and
// delete (DELETE ?name=).
import type { PredraftContext, PredraftOperation } from './state.js';
import { HttpError } from '../http-errors.js';
import { sendMessage } from '../send.js';
import { Channel, type ChannelMode, type ChannelSettings } from './store.js';
import { apiBaseOf, queryName, requireChannel, requireOnApiBase } from './access.js';
import { channelInformation, channelStatus, createdStatus, fieldsOf, nameFrom, textFrom, type Fields } from './messages.js';
import { channelUrl } from './urls.js';
import { listed, msgAgeOf } from './variants.js';

export const DEFAULT_MSG_AGE = '86400';

export const listChannels: PredraftOperation = {
  authorize(ctx) {
    requireOnApiBase(ctx, 'read');
    queryName(ctx, 'name');
  },
  handle(ctx) {
    const wanted = ctx.mock.faults.has('name-filter-ignored') ? null : ctx.query.get('name');
    const channels = [...apiBaseOf(ctx).channels.values()].filter((ch) => wanted === null || ch.name === wanted);
    sendMessage(ctx, 200, 'channel-listing', { type: 'channel-listing', channels: listed(ctx.mock.variants, channels).map((ch) => channelInformation(ctx, ch)) });
  },
};

export const createChannel: PredraftOperation = {
  authorize: (ctx) => requireOnApiBase(ctx, 'write'),
  request: { message: 'channel-create' },
  handle(ctx) {
    const fields = fieldsOf(ctx.body);
    const base = apiBaseOf(ctx);
    const name = nameFrom(fields, `channel-${base.channels.size + 1}`);
    if (base.channels.has(name)) {
      throw new HttpError('NAME_TAKEN', `a channel named ${JSON.stringify(name)} already exists at API Base ${base.name}`);
    }
    base.channels.set(name, new Channel(name, settingsFrom(fields, undefined, msgAgeOf(ctx.mock.variants, String(ctx.mock.config.msgAgeDefaultS)))));
    sendCreated(ctx, name);
  },
};

/** DELETE [API-Base]channels/?name=X (the pre-draft's form). */
export const deleteChannelByQuery: PredraftOperation = {
  authorize(ctx) {
    const name = queryName(ctx, 'name');
    if (name === undefined) throw new HttpError('MISSING_PARAMETER', 'DELETE on channels/ needs the channel in ?name=<channel-name>');
    requireChannel(ctx, 'write', name);
    ctx.params['channel'] = name;
  },
  handle: (ctx) => deleteNamedChannel(ctx),
};

export function deleteNamedChannel(ctx: PredraftContext): void {
  const name = ctx.params['channel']!;
  const base = apiBaseOf(ctx);
  const ch = base.channels.get(name);
  if (ch && !ctx.mock.faults.has('delete-ignored')) {
    base.channels.delete(name);
    ch.close(); // its waiting GETs answer 404 now
    ctx.mock.store.subscriptionQuotas.release(ch.subscriptions.values());
  }
  sendMessage(ctx, 200, 'channel-status', channelStatus(ctx, name, 'deleted'));
}

export function sendCreated(ctx: PredraftContext, name: string): void {
  sendMessage(ctx, createdStatus(ctx), 'channel-status', channelStatus(ctx, name, 'created'), {
    Location: channelUrl(ctx.mock.origin, apiBaseOf(ctx).name, name),
  });
}

/**
 * Settings from a channel-create message, over `current` (PUT) or the defaults (create;
 * msg-age then defaults to `defaultMsgAge`, the mock's msgAgeDefaultS).
 */
export function settingsFrom(fields: Fields, current?: ChannelSettings, defaultMsgAge = DEFAULT_MSG_AGE): ChannelSettings {
  const mode = fields['mode'];
  const longPoll = fields['long-poll'];
  return {
    description: textFrom(fields, 'description') ?? current?.description ?? '',
    mode: mode === 'read-only' || mode === 'write-only' || mode === 'read-write' ? (mode as ChannelMode) : current?.mode ?? 'read-write',
    longPoll: typeof longPoll === 'boolean' ? longPoll : current?.longPoll ?? true,
    msgAge: typeof fields['msg-age'] === 'string' && /^[0-9]{1,10}$/.test(fields['msg-age']) ? fields['msg-age'] : current?.msgAge ?? defaultMsgAge,
  };
}
