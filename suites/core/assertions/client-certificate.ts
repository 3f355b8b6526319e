// `clientCertificate` (TLS client-certificate steps): `requested`, the server asked for a
// client certificate (a CertificateRequest in its flight), a precondition; `untrusted-refused`,
// a certificate no one trusts authenticated nothing (a TLS refusal, or no more than a request
// without one gets: probes/client-certificate.ts).
import { defineAssertion } from './kind.js';
import { stringEnum } from '../schema-kit.js';
import { untrustedRefused } from '../../probes/client-certificate.js';

export const clientCertificate = defineAssertion({
  key: 'clientCertificate',
  subject: 'tls',
  schema: stringEnum(['requested', 'untrusted-refused'] as const, {
    description: 'TLS client-certificate steps: the server asks for a client certificate (`requested`), or one issued by a CA no one trusts authenticates nothing (`untrusted-refused`).',
  }),
  evaluate(want, o) {
    if (o.kind !== 'client-certificate') throw new Error(`clientCertificate assertion on a TLS ${o.kind} step`);
    const r = o.report;
    if (want === 'requested') return { ok: r.requested === true, expected: 'a CertificateRequest in the server\'s handshake', actual: r.requestSeen };
    const v = untrustedRefused(r);
    return { ok: v.ok, expected: 'a client certificate no one trusts is refused (PKIX): a TLS alert, or no more access than without it', actual: v.actual };
  },
  describe: (want) => (want === 'requested' ? 'the server asks for a client certificate' : 'an untrusted client certificate is refused'),
});
