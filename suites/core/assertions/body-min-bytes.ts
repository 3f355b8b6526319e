// `bodyMinBytes`: the body is more than this many octets (used as a precondition).
import { Type } from '@sinclair/typebox';
import { defineAssertion } from './kind.js';

export const bodyMinBytes = defineAssertion({
  key: 'bodyMinBytes',
  subject: 'http',
  schema: Type.Integer({ minimum: 0, description: 'The body is more than this many octets (used as a precondition).' }),
  evaluate: (want, { res }) => ({ ok: res.bodyBytes > want, expected: `body of more than ${want} octets`, actual: `${res.bodyBytes} octets` }),
  describe: (want) => `body more than ${want} octets`,
});
