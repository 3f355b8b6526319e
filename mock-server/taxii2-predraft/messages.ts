// Builders of the pre-draft messages that several handlers send.
import type { PredraftContext } from './state.js';
import type { Channel, Collection, ContentObject } from './store.js';
import { rightsFor, apiBaseOf } from './access.js';
import { channelUrl, collectionUrl } from './urls.js';

export const MEDIA_TYPE = 'application/taxii+json';

export type Fields = Record<string, unknown>;

/** A request message as an object (under schema-lax it may be anything). */
export function fieldsOf(body: unknown): Fields {
  return typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Fields) : {};
}

/** A name from a create message; under schema-lax a missing or odd one is made up. */
export function nameFrom(fields: Fields, fallback: string): string {
  const n = fields['name'];
  if (typeof n === 'string') return n;
  if (typeof n === 'number' || typeof n === 'boolean') return String(n);
  return fallback;
}

export function textFrom(fields: Fields, key: string): string | undefined {
  const v = fields[key];
  return v === undefined ? undefined : typeof v === 'string' ? v : JSON.stringify(v);
}

/** The content objects of a taxii-data message (the objects of it that are objects). */
export function objectsFrom(fields: Fields): ContentObject[] {
  const list = fields['objects'];
  if (!Array.isArray(list)) return [];
  return list.filter((o): o is ContentObject => typeof o === 'object' && o !== null && !Array.isArray(o));
}

export function channelInformation(ctx: PredraftContext, ch: Channel): Fields {
  const rights = rightsFor(ctx, ch);
  const modeAllows = ctx.mock.faults.has('read-only-writable')
    ? { read: true, write: true }
    : { read: ch.settings.mode !== 'write-only', write: ch.settings.mode !== 'read-only' };
  return {
    type: 'channel-information',
    name: ch.name,
    url: channelUrl(ctx.mock.origin, apiBaseOf(ctx).name, ch.name),
    description: ch.settings.description,
    subscribers: [...ch.subscriptions.values()].map((s) => s.id),
    'can-read': rights.read && modeAllows.read,
    'can-write': rights.write && modeAllows.write && !ctx.mock.faults.has('listing-denies-writes'),
    ...modeField(ctx, ch),
  };
}

/** `mode` (our extension), unless the channels-without-mode variant leaves it out. */
function modeField(ctx: PredraftContext, ch: Channel): Fields {
  return ctx.mock.variants.has('channels-without-mode') ? {} : { mode: ch.settings.mode };
}

export function channelDetails(ctx: PredraftContext, ch: Channel): Fields {
  return {
    type: 'channel-details',
    name: ch.name,
    'long-poll': ch.settings.longPoll,
    'msg-age': ch.settings.msgAge,
    description: ch.settings.description,
    ...modeField(ctx, ch),
  };
}

export function channelStatus(ctx: PredraftContext, name: string, status: 'created' | 'updated' | 'deleted'): Fields {
  return { type: 'channel-status', name, url: channelUrl(ctx.mock.origin, apiBaseOf(ctx).name, name), status };
}

export function repositoryInformation(ctx: PredraftContext, col: Collection): Fields {
  const rights = rightsFor(ctx, col);
  return {
    type: 'repository-information',
    name: col.name,
    url: collectionUrl(ctx.mock.origin, apiBaseOf(ctx).name, col.name),
    description: col.description,
    'can-read': rights.read,
    'can-write': rights.write,
  };
}

export function collectionStatus(ctx: PredraftContext, name: string, status: 'created' | 'deleted'): Fields {
  return { type: 'collection-status', name, url: collectionUrl(ctx.mock.origin, apiBaseOf(ctx).name, name), status };
}

export function taxiiData(objects: readonly ContentObject[], more: boolean): Fields {
  return { type: 'taxii-data', objects: [...objects], more };
}

export function taxiiStatus(count: number): Fields {
  return { type: 'taxii-status', status: 'accepted', 'accepted-count': count };
}

/** Objects kept from a POST: all, or under lose-messages every second one received is dropped. */
export function keptObjects(ctx: PredraftContext, objects: readonly ContentObject[]): ContentObject[] {
  if (!ctx.mock.faults.has('lose-messages')) return [...objects];
  return objects.filter(() => ++ctx.mock.received.count % 2 === 1);
}

/** Status of a create: 201, or 200 under created-200. */
export function createdStatus(ctx: PredraftContext): number {
  return ctx.mock.faults.has('created-200') ? 200 : 201;
}

/** Status of an accepted POST of data: 202, or 200 under accepted-200. */
export function acceptedStatus(ctx: PredraftContext): number {
  return ctx.mock.faults.has('accepted-200') ? 200 : 202;
}
