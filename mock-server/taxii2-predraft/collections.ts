// [API-Base]collections/: list (GET) and create (POST collection-create).
import { HttpError } from '../http-errors.js';
import type { PredraftOperation } from './state.js';
import { sendMessage } from '../send.js';
import { Collection } from './store.js';
import { apiBaseOf, requireOnApiBase } from './access.js';
import { collectionStatus, createdStatus, fieldsOf, nameFrom, repositoryInformation, textFrom } from './messages.js';
import { collectionUrl } from './urls.js';
import { listed } from './variants.js';

export const listCollections: PredraftOperation = {
  authorize: (ctx) => requireOnApiBase(ctx, 'read'),
  handle(ctx) {
    const collections = listed(ctx.mock.variants, [...apiBaseOf(ctx).collections.values()]).map((c) => repositoryInformation(ctx, c));
    sendMessage(ctx, 200, 'repository-listing', { type: 'repository-listing', collections });
  },
};

export const createCollection: PredraftOperation = {
  authorize: (ctx) => requireOnApiBase(ctx, 'write'),
  request: { message: 'collection-create' },
  handle(ctx) {
    const fields = fieldsOf(ctx.body);
    const base = apiBaseOf(ctx);
    const name = nameFrom(fields, `collection-${base.collections.size + 1}`);
    if (base.collections.has(name)) {
      throw new HttpError('NAME_TAKEN', `a collection named ${JSON.stringify(name)} already exists at API Base ${base.name}`);
    }
    base.collections.set(name, new Collection(name, textFrom(fields, 'description') ?? ''));
    sendMessage(ctx, createdStatus(ctx), 'collection-status', collectionStatus(ctx, name, 'created'), {
      Location: collectionUrl(ctx.mock.origin, base.name, name),
    });
  },
};
