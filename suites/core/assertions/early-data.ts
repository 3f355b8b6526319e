// `earlyData` (TLS session steps): whether the server's session tickets allow 0-RTT. A
// ticket allowing it carries max_early_data_size > 0 (RFC 8446 §4.6.1); without such a
// ticket no client may send early data (§4.2.10), so none is accepted.
import { defineAssertion } from './kind.js';
import { stringEnum } from '../schema-kit.js';

export const earlyData = defineAssertion({
  key: 'earlyData',
  subject: 'tls',
  schema: stringEnum(['not-offered'] as const, { description: "TLS session steps: no session ticket of the server allows early data (0-RTT)." }),
  evaluate(_want, o) {
    if (o.kind !== 'early-data') throw new Error(`earlyData assertion on a TLS ${o.kind} step`);
    const r = o.report;
    return { ok: r.maxEarlyData === 0, expected: 'no session ticket allowing early data (max_early_data_size 0 or absent)', actual: r.detail };
  },
  describe: () => 'no 0-RTT: no session ticket allows early data',
});
