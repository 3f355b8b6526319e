// `wireRules`: the message on the wire follows the profile's binding rules; with `ifStatus`,
// only an answer of one of those HTTP statuses is held to them (an HTTP-level refusal, e.g. a
// 401 the binding lets a client read as Unauthorized, carries no message to hold).
import { Type } from '@sinclair/typebox';
import { defineAssertion } from './kind.js';

export const wireRules = defineAssertion({
  key: 'wireRules',
  subject: 'http',
  schema: Type.Union(
    [
      Type.Literal(true),
      Type.Object(
        { ifStatus: Type.Array(Type.Integer({ minimum: 100, maximum: 599 }), { minItems: 1, description: 'Only an answer with one of these HTTP statuses is held to the rules; another status passes.' }) },
        { additionalProperties: false },
      ),
    ],
    { description: "The message on the wire follows the profile's binding rules (namespace, names, ids, headers): `true`, or `{ifStatus: [200]}` to hold only answers of those statuses to them." },
  ),
  evaluate(want, { res, parts }, env) {
    if (want !== true && !want.ifStatus.includes(res.status)) {
      return { ok: true, expected: `a message that follows the binding's rules when the status is ${want.ifStatus.join(' or ')}`, actual: `status ${res.status}: no message to hold` };
    }
    // An answer in parts: every part is on the wire, each judged.
    const all = [res, ...(parts ?? [])];
    const problems = all.flatMap((r, i) => (env.wireProblems ? env.wireProblems(r.body, r.headers) : []).map((p) => (all.length > 1 ? `part ${i + 1}: ${p}` : p)));
    return { ok: problems.length === 0, expected: "a message that follows the binding's rules", actual: problems.length ? problems.slice(0, 3).join('; ') : 'follows them' };
  },
  describe: (want) => `${want === true ? '' : `if the status is ${want.ifStatus.join(' or ')}, `}the message follows the binding's rules (namespace, names, ids, headers)`,
});
