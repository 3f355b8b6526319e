// `wireRules`: the message on the wire follows the profile's binding rules.
import { Type } from '@sinclair/typebox';
import { defineAssertion } from './kind.js';

export const wireRules = defineAssertion({
  key: 'wireRules',
  subject: 'http',
  schema: Type.Literal(true, { description: "The message on the wire follows the profile's binding rules (namespace, names, ids, headers)." }),
  evaluate(_want, { res }, env) {
    const problems = env.wireProblems ? env.wireProblems(res.body, res.headers) : [];
    return { ok: problems.length === 0, expected: "a message that follows the binding's rules", actual: problems.length ? problems.slice(0, 3).join('; ') : 'follows them' };
  },
  describe: () => "the message follows the binding's rules (namespace, names, ids, headers)",
});
