// GET [Discovery]: the server's contact, description and API Bases.
import type { PredraftOperation } from './state.js';
import { sendMessage } from '../send.js';
import { apiBaseUrl } from './urls.js';
import { listed } from './variants.js';

export const getDiscovery: PredraftOperation = {
  authorize: () => {},
  handle(ctx) {
    const { origin, store, mounted } = ctx.mock;
    // The other profiles this host mounts that go by an older version's name.
    const previous = mounted.flatMap((m) => (m.previousVersion ? [{ version: m.previousVersion, url: m.url }] : []));
    sendMessage(ctx, 200, 'discovery', {
      type: 'discovery',
      'contact-info': 'taxii-conform mock server (a local test server; no real contact)',
      description: 'Reference TAXII 2.0 pre-draft v0.2 server of taxii-conform, with seeded data and switchable faults.',
      'api-bases': listed(ctx.mock.variants, [...store.apiBases.keys()]).map((b) => apiBaseUrl(origin, b)),
      ...(previous.length ? { 'previous-versions': previous } : {}),
    });
  },
};
