// `status`: the response status is this one, or one of these.
import { Type } from '@sinclair/typebox';
import { defineAssertion } from './kind.js';

export const status = defineAssertion({
  key: 'status',
  subject: 'http',
  schema: Type.Union([Type.Integer(), Type.Array(Type.Integer(), { minItems: 1 })], { description: 'The status is this one (or one of these).' }),
  evaluate(want, { res }) {
    const wants = Array.isArray(want) ? want : [want];
    return {
      ok: wants.includes(res.status),
      expected: wants.length === 1 ? `status ${wants[0]}` : `status one of ${wants.join(', ')}`,
      actual: `status ${res.status}`,
    };
  },
  describe: (want) => `status ${Array.isArray(want) ? want.join(' or ') : want}`,
});
