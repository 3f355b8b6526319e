// [API-Base]collections/<name>/: read with filters (GET), add objects (POST taxii-data) and,
// our extension so that a suite can clean up, DELETE.
import type { PredraftContext, PredraftOperation } from './state.js';
import { HttpError } from '../http-errors.js';
import { fitToMaxSize, sendMessage, validateOutgoing, writeRendered } from '../send.js';
import type { StoredObject } from './store.js';
import { apiBaseOf, requireCollection, unknownIsEmpty } from './access.js';
import { keptAnswer, type KeptAnswer } from '../kept-answers.js';
import { acceptedStatus, collectionStatus, fieldsOf, keptObjects, objectsFrom, taxiiData, taxiiStatus } from './messages.js';

const OMITTED_HEADER = 'X-TAXII-Objects-Omitted';
const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

function collectionName(ctx: PredraftContext): string {
  return ctx.params['collection']!;
}

interface Filter {
  type?: string;
  id?: string;
  addedAfter?: number;
  limit?: number;
}

/** The query parameters; unknown ones are ignored, malformed known ones are a 400. */
function filterOf(ctx: PredraftContext): Filter {
  const q = ctx.query;
  const f: Filter = {};
  const addedAfter = q.get('added-after');
  if (addedAfter !== null) {
    const t = Date.parse(addedAfter);
    if (!RFC3339.test(addedAfter) || Number.isNaN(t)) {
      throw new HttpError('INVALID_PARAMETER', `added-after must be an RFC 3339 date-time such as 2016-01-01T00:00:00Z, got ${JSON.stringify(addedAfter)}`);
    }
    f.addedAfter = t;
  }
  const limit = q.get('limit');
  if (limit !== null) {
    if (!/^[0-9]{1,9}$/.test(limit) || Number(limit) < 1) {
      throw new HttpError('INVALID_PARAMETER', `limit must be a positive whole number, got ${JSON.stringify(limit)}`);
    }
    f.limit = Number(limit);
  }
  if (!ctx.mock.faults.has('collection-filter-ignored')) {
    const type = q.get('type');
    const id = q.get('id');
    if (type !== null) f.type = type;
    if (id !== null) f.id = id;
  } else {
    delete f.addedAfter;
  }
  return f;
}

function selects(f: Filter, s: StoredObject): boolean {
  if (f.type !== undefined && s.object['type'] !== f.type) return false;
  if (f.id !== undefined && s.object['id'] !== f.id) return false;
  if (f.addedAfter !== undefined && !(s.addedAt.getTime() > f.addedAfter)) return false;
  return true;
}

export const readCollection: PredraftOperation = {
  authorize: (ctx) => void requireCollection(ctx, 'read', collectionName(ctx), { missingOk: unknownIsEmpty(ctx) }),
  handle(ctx) {
    const filter = filterOf(ctx);
    const col = apiBaseOf(ctx).collections.get(collectionName(ctx));
    // Kept per version of the collection's objects and per selection (the filter, the limit
    // and X-Max-Size): a GET of unchanged content is a lookup (kept-answers.ts).
    const selection = JSON.stringify([filter.type ?? null, filter.id ?? null, filter.addedAfter ?? null, filter.limit ?? null, ctx.maxSize ?? null]);
    const answer = col ? keptAnswer(col, ctx.mock.messages, selection, () => dataAnswer(ctx, filter, col.objects)) : dataAnswer(ctx, filter, []);
    writeRendered(ctx, 200, answer.rendered, answer.headers);
  },
};

/** The TAXII Data message of the stored objects the filter selects, fitted under X-Max-Size. */
function dataAnswer(ctx: PredraftContext, filter: Filter, stored: readonly StoredObject[]): KeptAnswer {
  const ordered = ctx.mock.variants.has('content-newest-first') ? [...stored].reverse() : stored;
  const selected = ordered.filter((s) => selects(filter, s)).map((s) => s.object);
  const limited = filter.limit !== undefined ? selected.slice(0, filter.limit) : selected;
  const cutByLimit = limited.length < selected.length;
  const fit = fitToMaxSize(ctx, 'taxii-data', limited, (prefix, omitted) => taxiiData(prefix, cutByLimit || omitted > 0));
  validateOutgoing(ctx, 'taxii-data', fit.message);
  const omitted = limited.length - fit.count;
  return { rendered: fit.rendered, headers: omitted > 0 ? { [OMITTED_HEADER]: String(omitted) } : {} };
}

export const postToCollection: PredraftOperation = {
  authorize: (ctx) => void requireCollection(ctx, 'write', collectionName(ctx), { missingOk: unknownIsEmpty(ctx) }),
  request: { message: 'taxii-data' },
  handle(ctx) {
    const col = apiBaseOf(ctx).collections.get(collectionName(ctx));
    const objects = objectsFrom(fieldsOf(ctx.body));
    if (!col) {
      sendMessage(ctx, acceptedStatus(ctx), 'taxii-status', taxiiStatus(objects.length)); // unknown-is-200: accepted, dropped
      return;
    }
    col.add(keptObjects(ctx, objects));
    // collection-post-201: the pre-draft leaves this answer <tbd>; stored at once is "Created".
    const status = ctx.mock.variants.has('collection-post-201') ? 201 : acceptedStatus(ctx);
    sendMessage(ctx, status, 'taxii-status', taxiiStatus(objects.length));
  },
};

export const deleteCollection: PredraftOperation = {
  authorize: (ctx) => void requireCollection(ctx, 'write', collectionName(ctx)),
  handle(ctx) {
    const name = collectionName(ctx);
    if (!ctx.mock.faults.has('delete-ignored')) apiBaseOf(ctx).collections.delete(name);
    sendMessage(ctx, 200, 'collection-status', collectionStatus(ctx, name, 'deleted'));
  },
};
