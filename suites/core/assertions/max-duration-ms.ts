// `maxDurationMs`: the response came at most this many ms after the request was sent.
import { Type } from '@sinclair/typebox';
import { defineAssertion } from './kind.js';

export const maxDurationMs = defineAssertion({
  key: 'maxDurationMs',
  subject: 'http',
  schema: Type.Integer({ minimum: 0, description: 'The response came at most this many ms after the request was sent.' }),
  evaluate: (want, { res, durationMs }) => ({ ok: durationMs <= want, expected: `an answer within ${want} ms`, actual: `answered after ${durationMs} ms (status ${res.status})` }),
  describe: (want) => `answer within ${want} ms`,
});
