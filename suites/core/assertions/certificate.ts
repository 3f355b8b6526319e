// `certificate` (TLS certificate steps): properties of the server's certificate.
import { Type } from '@sinclair/typebox';
import { defineAssertion } from './kind.js';

export const certificate = defineAssertion({
  key: 'certificate',
  subject: 'tls',
  schema: Type.Object(
    {
      current: Type.Optional(Type.Literal(true, { description: 'Valid now (not expired, not before its start).' })),
      nameMatches: Type.Optional(Type.Literal(true, { description: 'Issued for the host name the URL names.' })),
      rsaKey: Type.Optional(Type.Literal(true, { description: 'An RSA key (ECDHE_RSA suites sign with it).' })),
      minRsaBits: Type.Optional(Type.Integer({ minimum: 1, description: 'An RSA key of at least this many bits.' })),
    },
    { additionalProperties: false, minProperties: 1, description: "TLS certificate steps: properties of the server's certificate (the first one named is checked)." },
  ),
  evaluate(c, o) {
    if (o.kind !== 'certificate') throw new Error(`certificate assertion on a TLS ${o.kind} step`);
    const r = o.report;
    if (c.current) return { ok: !r.expired && !r.notYetValid, expected: 'a certificate valid now', actual: r.expired ? `expired ${r.notAfter}` : r.notYetValid ? `not valid before ${r.notBefore}` : `valid until ${r.notAfter}` };
    if (c.nameMatches) return { ok: r.nameMatches, expected: `a certificate for ${r.checkedName}`, actual: `subject ${r.subject}, SANs ${r.sans.join(' ') || 'none'}` };
    if (c.rsaKey) return { ok: r.keyType === 'RSA', expected: 'an RSA key (ECDHE_RSA suites sign with it)', actual: `${r.keyType} key` };
    if (c.minRsaBits !== undefined) {
      return { ok: r.keyType !== 'RSA' || (r.keyBits ?? 0) >= c.minRsaBits, expected: `an RSA key of at least ${c.minRsaBits} bits`, actual: `${r.keyType}-${r.keyBits ?? '?'}` };
    }
    throw new Error('a certificate assertion names no property');
  },
  describe: (c) => `certificate ${Object.keys(c).join(', ')}`,
});
