// `schema`: the body is a message that validates against a named message schema of the profile.
import { Type } from '@sinclair/typebox';
import { defineAssertion } from './kind.js';
import { parseBody } from './body.js';

export const schema = defineAssertion({
  key: 'schema',
  subject: 'http',
  schema: Type.String({ description: "The body validates against this message schema of the profile (a file name in schemas/<profile>/, without .json)." }),
  evaluate(want, { res, parts }, env) {
    // An answer in parts: every part is a message of its own, each judged.
    const all = [res, ...(parts ?? [])];
    for (const [i, r] of all.entries()) {
      const where = all.length > 1 ? `part ${i + 1}: ` : '';
      const body = parseBody(r, env);
      if (!body.ok) return { ok: false, expected: `a valid ${want} message`, actual: `${where}${body.why}` };
      const v = env.validate(want, body.value);
      if (!v.valid) return { ok: false, expected: `a valid ${want} message`, actual: `${where}${v.errors.slice(0, 3).join('; ')}` };
    }
    return { ok: true, expected: `a valid ${want} message`, actual: `a valid ${want} message${all.length > 1 ? ` in each of ${all.length} parts` : ''}` };
  },
  describe: (want) => `body is a valid ${want} message`,
});
