// `mediaType`: the media type of Content-Type (parameters ignored).
import { Type } from '@sinclair/typebox';
import { defineAssertion } from './kind.js';

export const mediaType = defineAssertion({
  key: 'mediaType',
  subject: 'http',
  schema: Type.String({ description: 'The media type of Content-Type equals this (parameters ignored).' }),
  evaluate(want, { res }) {
    const ct = res.headers['content-type'];
    const mt = ct?.split(';')[0]?.trim().toLowerCase();
    return { ok: mt === want.toLowerCase(), expected: `Content-Type ${want}`, actual: ct ? `Content-Type ${ct}` : 'no Content-Type' };
  },
  describe: (want) => `Content-Type ${want}`,
});
