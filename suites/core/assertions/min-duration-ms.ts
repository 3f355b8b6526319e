// `minDurationMs`: the response came no sooner than this many ms (the server waited).
import { Type } from '@sinclair/typebox';
import { defineAssertion } from './kind.js';

export const minDurationMs = defineAssertion({
  key: 'minDurationMs',
  subject: 'http',
  schema: Type.Integer({ minimum: 0, description: 'The response came no sooner than this many ms after the request was sent (the server waited).' }),
  evaluate: (want, { res, durationMs }) => ({
    ok: durationMs >= want,
    expected: `an answer no sooner than ${want} ms (the server waits)`,
    actual: `answered after ${durationMs} ms (status ${res.status})`,
  }),
  describe: (want) => `answer no sooner than ${want} ms`,
});
