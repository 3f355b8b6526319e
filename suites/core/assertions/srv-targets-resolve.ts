// `srvTargetsResolve` (DNS steps): every SRV target has an address.
import { Type } from '@sinclair/typebox';
import { defineAssertion } from './kind.js';

export const srvTargetsResolve = defineAssertion({
  key: 'srvTargetsResolve',
  subject: 'dns',
  schema: Type.Literal(true, { description: 'DNS steps: every SRV target has an address.' }),
  evaluate(_want, o) {
    const count = o.targets.length;
    const dead = o.targets.filter((t) => t.addresses.length === 0);
    return {
      ok: count > 0 && dead.length === 0,
      expected: 'every SRV target has an A or AAAA address',
      actual: count === 0 ? (o.absent ?? o.unusable ?? 'no records') : dead.length ? `no address for ${dead.map((t) => t.record.target).join(', ')}` : `all ${count} resolve`,
    };
  },
  describe: () => 'every SRV target has an address',
});
