// GET [Discovery]: the server's contact, description and API Bases.
import type { Operation } from '../router.js';
import { sendMessage } from '../send.js';
import { apiBaseUrl } from './urls.js';

export const getDiscovery: Operation = {
  authorize: () => {},
  handle(ctx) {
    const { origin, store } = ctx.mock;
    sendMessage(ctx, 200, 'discovery', {
      type: 'discovery',
      'contact-info': 'taxii-conform mock server (a local test server; no real contact)',
      description: 'Reference TAXII 2.0 pre-draft v0.2 server of taxii-conform, with seeded data and switchable faults.',
      'api-bases': [...store.apiBases.keys()].map((b) => apiBaseUrl(origin, b)),
      'previous-versions': [{ version: 'taxii-1.1', url: `${origin}/taxii1/discovery` }],
    });
  },
};
