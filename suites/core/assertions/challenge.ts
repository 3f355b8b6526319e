// `challenge`: a 401 carries WWW-Authenticate with at least one challenge (RFC 7235 §3.1,
// whose MUST TAXII 2.1 takes over, T21-SEC-12); an answer of another status passes (a server
// may refuse with 404 instead, and then owes no challenge). `scheme`: one challenge is of it.
import { Type } from '@sinclair/typebox';
import { defineAssertion } from './kind.js';

export const challenge = defineAssertion({
  key: 'challenge',
  subject: 'http',
  schema: Type.Object(
    { scheme: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9!#$%&\'*+.^_`|~-]+$', description: 'An auth scheme (any case) one challenge must be of, e.g. `Basic`.' })) },
    { additionalProperties: false, description: 'A 401 carries WWW-Authenticate with a challenge (of `scheme`, if given); another status passes.' },
  ),
  evaluate(want, { res }) {
    const wa = res.headers['www-authenticate'];
    const expected = `a 401 with WWW-Authenticate${want.scheme ? ` offering ${want.scheme}` : ''}`;
    if (res.status !== 401) return { ok: true, expected, actual: `status ${res.status} (no challenge owed)` };
    if (!wa || !/^\s*[A-Za-z0-9!#$%&'*+.^_`|~-]+/.test(wa)) return { ok: false, expected, actual: wa === undefined ? 'a 401 without WWW-Authenticate' : `WWW-Authenticate: ${wa}` };
    // A scheme starts the header or follows a comma (its parameters come after it).
    const ok = want.scheme === undefined || new RegExp(`(^|,)\\s*${want.scheme.replace(/[.*+^$|\\]/g, '\\$&')}(\\s|,|$)`, 'i').test(wa);
    return { ok, expected, actual: `WWW-Authenticate: ${wa}` };
  },
  describe: (want) => `a 401 carries WWW-Authenticate${want.scheme ? ` offering ${want.scheme}` : ''}`,
});
