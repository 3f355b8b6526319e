// `wireRules`: the message on the wire follows the profile's binding rules.
import { Type } from '@sinclair/typebox';
import { defineAssertion } from './kind.js';

export const wireRules = defineAssertion({
  key: 'wireRules',
  subject: 'http',
  schema: Type.Literal(true, { description: "The message on the wire follows the profile's binding rules (namespace, names, ids, headers)." }),
  evaluate(_want, { res, parts }, env) {
    // An answer in parts: every part is on the wire, each judged.
    const all = [res, ...(parts ?? [])];
    const problems = all.flatMap((r, i) => (env.wireProblems ? env.wireProblems(r.body, r.headers) : []).map((p) => (all.length > 1 ? `part ${i + 1}: ${p}` : p)));
    return { ok: problems.length === 0, expected: "a message that follows the binding's rules", actual: problems.length ? problems.slice(0, 3).join('; ') : 'follows them' };
  },
  describe: () => "the message follows the binding's rules (namespace, names, ids, headers)",
});
