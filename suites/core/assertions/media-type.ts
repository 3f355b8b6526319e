// `mediaType`: the media type of Content-Type. Parameters the case names must be there with
// the same value (`application/taxii+json;version=2.1`); others are ignored. Parsed as RFC
// 7231 says (case, spaces, quotes: suites/core/media-type.ts), never string-compared.
import { Type } from '@sinclair/typebox';
import { defineAssertion } from './kind.js';
import { mediaTypeMatches, parseMediaType } from '../media-type.js';

export const mediaType = defineAssertion({
  key: 'mediaType',
  subject: 'http',
  schema: Type.String({
    description: 'The media type of Content-Type equals this: type/subtype case-insensitive, and each parameter given here (e.g. `;version=2.1`) present with that value; other parameters ignored.',
  }),
  evaluate(want, { res }) {
    const ct = res.headers['content-type'];
    const have = ct === undefined ? undefined : parseMediaType(ct);
    const w = parseMediaType(want);
    return { ok: have !== undefined && w !== undefined && mediaTypeMatches(have, w), expected: `Content-Type ${want}`, actual: ct ? `Content-Type ${ct}` : 'no Content-Type' };
  },
  describe: (want) => `Content-Type ${want}`,
  check: (want) => (parseMediaType(want) ? undefined : `not a media type: "${want}"`),
});
