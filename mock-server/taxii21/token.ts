// The bearer tokens of an API Root that takes them: `POST {root}token/` with HTTP Basic
// answers a JWT for that root (TAXII 2.1 defines no way to get a token: this is the mock's
// own URL, which §8.2.1 allows), in plain JSON (RFC 6749 §5.1's shape).
import { rootOrigin } from './roots.js';
import type { Authenticator } from '../auth.js';
import { baseHeaders, writeAnswer } from '../send.js';
import type { Target } from './resolve.js';
import type { Taxii21Context } from './state.js';

export async function postToken(ctx: Taxii21Context, t: Target, user: string, auth: Authenticator): Promise<void> {
  const lifetime = ctx.mock.config.tokenLifetimeS;
  const token = await auth.issueToken(user, `${rootOrigin(ctx.mock)}${t.root!.path}`, lifetime);
  const body = Buffer.from(JSON.stringify({ access_token: token, token_type: 'Bearer', expires_in: lifetime }), 'utf8');
  writeAnswer(ctx.res, 200, { ...baseHeaders(), 'Content-Type': 'application/json' }, body, ctx.mock.messages);
}
