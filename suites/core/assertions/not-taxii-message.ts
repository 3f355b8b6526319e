// `notTaxiiMessage`: the body is not a TAXII message (not a message with a string `type`).
import { Type } from '@sinclair/typebox';
import { defineAssertion } from './kind.js';
import { parseBody, show } from './body.js';

export const notTaxiiMessage = defineAssertion({
  key: 'notTaxiiMessage',
  subject: 'http',
  schema: Type.Literal(true, { description: "The body is not a TAXII message (not JSON with a string `type`, and not an answer the profile recognises as its own)." }),
  evaluate(_want, { res }, env) {
    const body = parseBody(res, env);
    const typed = body.ok && typeof (body.value as { type?: unknown })?.type === 'string';
    // A profile whose messages carry no `type` (TAXII 2.1) recognises its own answers.
    const recognized = typed ? undefined : env.recognize?.(res);
    const actual = typed ? `a TAXII message of type ${show((body.value as { type: unknown }).type)}` : recognized ? `a TAXII message: ${recognized}` : 'no TAXII message';
    return { ok: !typed && !recognized, expected: 'no TAXII message', actual };
  },
  describe: () => 'no TAXII message in the body',
});
