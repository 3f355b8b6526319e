// `notTaxiiMessage`: the body is not a TAXII message (not a message with a string `type`).
import { Type } from '@sinclair/typebox';
import { defineAssertion } from './kind.js';
import { parseBody, show } from './body.js';

export const notTaxiiMessage = defineAssertion({
  key: 'notTaxiiMessage',
  subject: 'http',
  schema: Type.Literal(true, { description: 'The body is not a TAXII message (not JSON with a string `type`).' }),
  evaluate(_want, { res }, env) {
    const body = parseBody(res, env);
    const isMsg = body.ok && typeof (body.value as { type?: unknown })?.type === 'string';
    return { ok: !isMsg, expected: 'no TAXII message', actual: isMsg ? `a TAXII message of type ${show((body.value as { type: unknown }).type)}` : 'no TAXII message' };
  },
  describe: () => 'no TAXII message in the body',
});
