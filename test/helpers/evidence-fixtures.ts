// TLS and DNS evidence as the report tests feed it to the writers.
import type { DnsEvidence, SuiteRef, TlsEvidence } from '../../suites/core/types.js';

/** `n` made-up suites, the first one DES-CBC3-SHA (0x000A). */
export function suiteRefs(n: number): SuiteRef[] {
  return Array.from({ length: n }, (_, i) =>
    i === 0 ? { name: 'DES-CBC3-SHA', code: '0x000A', iana: 'TLS_RSA_WITH_3DES_EDE_CBC_SHA' } : { name: `SUITE-${i}`, code: `0x${(0x0a + i).toString(16).toUpperCase().padStart(4, '0')}`, iana: `TLS_SUITE_${i}` },
  );
}

/** A raw handshake to 127.0.0.1:8443 that a server accepted with DES-CBC3-SHA. */
export function tlsEvidence(suites: SuiteRef[], over: Partial<TlsEvidence> = {}): TlsEvidence {
  return {
    kind: 'tls',
    target: '127.0.0.1:8443',
    client: 'raw',
    offered: { versions: ['TLSv1.2'], suites },
    answer: { outcome: 'accepted', version: 'TLSv1.2', suite: suiteRefs(1)[0]!, detail: `offered TLSv1.2 with ${suites.length} suites; server accepted TLSv1.2 DES-CBC3-SHA (0x000A)` },
    durationMs: 3,
    reproduce: "taxii-conform run 'https://127.0.0.1:8443/' --profile taxii2-predraft --case tls.refuses-3des --insecure",
    ...over,
  };
}

/** An SRV lookup of _taxii._tcp.example.test at 127.0.0.1:5353. */
export function dnsEvidence(over: Partial<DnsEvidence> = {}): DnsEvidence {
  return {
    kind: 'dns',
    server: '127.0.0.1:5353',
    question: { name: '_taxii._tcp.example.test', type: 'SRV' },
    answers: [{ priority: 0, weight: 5, port: 8443, target: 'taxii.example.test', ttl: 300, addresses: ['127.0.0.1'] }],
    durationMs: 2,
    reproduce: 'dig @127.0.0.1 -p 5353 SRV _taxii._tcp.example.test',
    ...over,
  };
}
