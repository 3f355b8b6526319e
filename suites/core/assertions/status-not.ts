// `statusNot`: the response status is none of these (numbers or classes such as `2xx`).
import { Type } from '@sinclair/typebox';
import { defineAssertion } from './kind.js';
import { statusMatches } from './status-class.js';

export const statusNot = defineAssertion({
  key: 'statusNot',
  subject: 'http',
  schema: Type.Array(Type.Union([Type.Integer(), Type.String()]), { minItems: 1, description: 'The status is none of these; classes such as `2xx` allowed.' }),
  evaluate: (want, { res }) => ({
    ok: !want.some((w) => statusMatches(res.status, w)),
    expected: `status not ${want.join(' or ')}`,
    actual: `status ${res.status}`,
  }),
  describe: (want) => `status not ${want.join(' or ')}`,
});
