// POST [API-Base]token/: trades HTTP Basic credentials for a bearer JWT valid at this API
// Base (our reading of "HTTP Basic with JSON Web Tokens"). Basic only, on every API Base.
import type { PredraftOperation } from './state.js';
import { sendMessage } from '../send.js';
import { apiBaseOf, requireOnApiBase } from './access.js';
import { fieldsOf } from './messages.js';
import { apiBaseUrl } from './urls.js';
import { tokenAlgorithm } from './variants.js';

export const postToken: PredraftOperation = {
  schemes: ['Basic'],
  authorize: (ctx) => requireOnApiBase(ctx, 'read'),
  request: { message: 'token-request', optional: true },
  async handle(ctx) {
    const { config, auth, origin, variants } = ctx.mock;
    // The token variants pick another lifetime (the pre-draft names none).
    const defaultLifetime = tokenAlgorithm(variants) === 'HS256' ? config.tokenLifetimeS : Math.min(600, config.tokenLifetimeS);
    const asked = fieldsOf(ctx.body)['lifetime'];
    // A shorter lifetime is honoured (clients test expiry with it); a longer one is not.
    const lifetime =
      typeof asked === 'number' && Number.isInteger(asked) && asked >= 1 ? Math.min(asked, defaultLifetime) : defaultLifetime;
    const token = await auth.issueToken(ctx.identity.user, apiBaseUrl(origin, apiBaseOf(ctx).name), lifetime);
    sendMessage(ctx, 200, 'token', { type: 'token', 'access-token': token, 'token-type': 'Bearer', 'expires-in': lifetime });
  },
};
