// GET [Discovery]: the server's contact, description and API Bases.
import type { PredraftContext, PredraftOperation } from './state.js';
import { keptAnswer } from '../kept-answers.js';
import { checkedRendering, writeRendered } from '../send.js';
import { apiBaseUrl } from './urls.js';
import { listed } from './variants.js';

export const getDiscovery: PredraftOperation = {
  authorize: () => {},
  handle(ctx) {
    // The same for every caller while the API Bases stay: made once (kept-answers.ts).
    const answer = keptAnswer(ctx.mock.store, ctx.mock.messages, 'discovery', () => ({
      rendered: checkedRendering(ctx.mock, 'discovery', discovery(ctx)),
      headers: {},
    }));
    writeRendered(ctx, 200, answer.rendered, answer.headers);
  },
};

function discovery(ctx: PredraftContext): Record<string, unknown> {
  const { origin, store, mounted } = ctx.mock;
  // The other profiles this host mounts that go by an older version's name.
  const previous = mounted.flatMap((m) => (m.previousVersion ? [{ version: m.previousVersion, url: m.url }] : []));
  return {
    type: 'discovery',
    'contact-info': 'taxii-conform mock server (a local test server; no real contact)',
    description: 'Reference TAXII 2.0 pre-draft v0.2 server of taxii-conform, with seeded data and switchable faults.',
    'api-bases': listed(ctx.mock.variants, [...store.apiBases.keys()]).map((b) => apiBaseUrl(origin, b)),
    ...(previous.length ? { 'previous-versions': previous } : {}),
  };
}
