// `schema`: the body is a message that validates against a named message schema of the profile.
import { Type } from '@sinclair/typebox';
import { defineAssertion } from './kind.js';
import { parseBody } from './body.js';

export const schema = defineAssertion({
  key: 'schema',
  subject: 'http',
  schema: Type.String({ description: "The body validates against this message schema of the profile (a file name in schemas/<profile>/, without .json)." }),
  evaluate(want, { res }, env) {
    const body = parseBody(res, env);
    if (!body.ok) return { ok: false, expected: `a valid ${want} message`, actual: body.why };
    const v = env.validate(want, body.value);
    return { ok: v.valid, expected: `a valid ${want} message`, actual: v.valid ? `a valid ${want} message` : v.errors.slice(0, 3).join('; ') };
  },
  describe: (want) => `body is a valid ${want} message`,
});
