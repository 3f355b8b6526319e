// `answeredWithin`: this exchange was answered at most `ms` after another step's was (or
// before it). Measured from that answer, not from this request: the wake-up latency of a
// waiting GET is the time from the POST's acknowledgement to the GET's answer, whatever the
// server's long-poll wait and however late the POST went out.
import { Type } from '@sinclair/typebox';
import { defineAssertion } from './kind.js';
import { answeredRelative, pairOf, quoted } from './timing.js';

export const answeredWithin = defineAssertion({
  key: 'answeredWithin',
  subject: 'http',
  schema: Type.Object(
    {
      step: Type.String({ minLength: 1, description: 'The name of a sibling in the parallel group, or of an earlier step.' }),
      ms: Type.Integer({ minimum: 0, description: "At most this many ms after that step's answer (an answer before it holds too)." }),
    },
    { additionalProperties: false, description: "This exchange was answered at most `ms` after the named step's exchange was answered." },
  ),
  evaluate(want, { res, timing }) {
    const expected = `an answer within ${want.ms} ms of ${quoted(want.step)}'s answer`;
    const pair = pairOf(timing, want.step, expected);
    if ('missing' in pair) return pair.missing;
    return { ok: pair.self.answeredAt - pair.other.answeredAt <= want.ms, expected, actual: answeredRelative(pair.self.answeredAt, pair.other.answeredAt, want.step, res.status) };
  },
  describe: (want) => `answered within ${want.ms} ms of step ${quoted(want.step)}'s answer`,
  steps: (want) => [want.step],
  loadSensitive: true,
});
