// `schemaIfBody`: a response with no body passes (an error body is optional, TAXII 2.1 §3.1);
// one with a body must validate against the named message schema of the profile.
import { Type } from '@sinclair/typebox';
import { defineAssertion } from './kind.js';
import { schema } from './schema.js';

export const schemaIfBody = defineAssertion({
  key: 'schemaIfBody',
  subject: 'http',
  schema: Type.String({ description: 'No body passes; a body validates against this message schema of the profile.' }),
  evaluate(want, seen, env) {
    if (seen.res.body.length === 0 && !seen.res.truncated) return { ok: true, expected: `no body, or a valid ${want} message`, actual: 'no body' };
    return schema.evaluate(want, seen, env);
  },
  describe: (want) => `no body, or a valid ${want} message`,
});
