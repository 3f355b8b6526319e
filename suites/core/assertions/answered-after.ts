// `answeredAfter`: this exchange was answered after another step's was (e.g. a waiting GET
// was still open when the POST was acknowledged). With `ifStatus`, only an answer with one of
// those statuses is held to it: as a precondition, "a 204 that came before the POST was
// acknowledged" makes an attempt inconclusive, while a 200 with the news is an answer whenever it came.
// With `byAtLeastMs`, it came that much later: a GET held by the server against a sibling it
// answers at once, both sent together, so that machine load delays both alike.
import { Type } from '@sinclair/typebox';
import { defineAssertion } from './kind.js';
import { answeredRelative, pairOf, quoted } from './timing.js';

export const answeredAfter = defineAssertion({
  key: 'answeredAfter',
  subject: 'http',
  schema: Type.Object(
    {
      step: Type.String({ minLength: 1, description: 'The name of a sibling in the parallel group, or of an earlier step.' }),
      ifStatus: Type.Optional(Type.Array(Type.Integer(), { minItems: 1, description: 'Only an answer with one of these statuses is held to the order; any other holds.' })),
      byAtLeastMs: Type.Optional(Type.Integer({ minimum: 1, description: 'At least this many milliseconds after the named step was answered.' })),
    },
    { additionalProperties: false, description: "This exchange was answered after the named step's exchange was answered." },
  ),
  evaluate(want, { res, timing }) {
    const expected = `an answer ${after(want.byAtLeastMs)} ${quoted(want.step)} was answered${want.ifStatus ? ` (when the status is ${want.ifStatus.join(' or ')})` : ''}`;
    if (want.ifStatus && !want.ifStatus.includes(res.status)) return { ok: true, expected, actual: `status ${res.status}` };
    const pair = pairOf(timing, want.step, expected);
    if ('missing' in pair) return pair.missing;
    const ok = want.byAtLeastMs === undefined ? pair.self.answeredAt > pair.other.answeredAt : pair.self.answeredAt - pair.other.answeredAt >= want.byAtLeastMs;
    return { ok, expected, actual: answeredRelative(pair.self.answeredAt, pair.other.answeredAt, want.step, res.status) };
  },
  describe: (want) => `answered ${after(want.byAtLeastMs)} step ${quoted(want.step)} was answered${want.ifStatus ? ` (if the status is ${want.ifStatus.join(' or ')})` : ''}`,
  steps: (want) => [want.step],
});

/** `after`, or `at least 100 ms after`. */
const after = (byAtLeastMs: number | undefined): string => (byAtLeastMs === undefined ? 'after' : `at least ${byAtLeastMs} ms after`);
