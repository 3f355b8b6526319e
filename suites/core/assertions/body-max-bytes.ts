// `bodyMaxBytes`: the body, as received on the wire, is at most this many octets.
import { Type } from '@sinclair/typebox';
import { defineAssertion } from './kind.js';

export const bodyMaxBytes = defineAssertion({
  key: 'bodyMaxBytes',
  subject: 'http',
  schema: Type.Integer({ minimum: 0, description: 'The body (as received on the wire) is at most this many octets.' }),
  evaluate: (want, { res }) => ({
    ok: res.bodyBytes <= want && !res.truncated,
    expected: `body of at most ${want} octets`,
    actual: `${res.truncated ? 'more than ' : ''}${res.bodyBytes} octets`,
  }),
  describe: (want) => `body at most ${want} octets`,
});
