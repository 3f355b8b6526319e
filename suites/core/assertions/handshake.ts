// `handshake` (TLS steps): the server accepted, or refused, the handshake the step offered.
import { defineAssertion } from './kind.js';
import { acceptedText } from '../steps/tls.js';
import { stringEnum } from '../schema-kit.js';

export const handshake = defineAssertion({
  key: 'handshake',
  subject: 'tls',
  schema: stringEnum(['accepted', 'refused'] as const, { description: 'TLS steps: the server accepted or refused the handshake offered.' }),
  evaluate(want, o) {
    if (o.kind !== 'handshake') throw new Error(`handshake assertion on a TLS ${o.kind} step`);
    const h = o.result;
    const actual = h.outcome === 'accepted' ? `accepted: ${acceptedText(h)}` : h.outcome === 'refused' ? `refused${h.alert ? `: ${h.alert}` : ''}` : h.detail;
    return { ok: h.outcome === want, expected: `the server ${want === 'accepted' ? 'accepts' : 'refuses'} ${o.offered}`, actual };
  },
  describe: (want) => `handshake ${want}`,
});
