// TLS steps: one handshake with an offer class, or the certificate, against the host and
// port of a URL. A suite this OpenSSL cannot even offer makes the case skip, never pass.
import { OFFER_CLASSES } from '../probes/tls-offers.js';
import { acceptedSuites, tryHandshake, describeOffer, type AcceptedSuite, type HandshakeResult } from '../probes/tls.js';
import { inspectCertificate, type CertificateReport } from '../probes/certificate.js';
import type { Assertion } from './types.js';
import type { AssertionOutcome } from './assertions.js';

export type TlsOutcome =
  | { kind: 'handshake'; offered: string; result: HandshakeResult }
  | { kind: 'certificate'; report: CertificateReport }
  | { kind: 'suites'; accepted: AcceptedSuite[] };

/** Host and port of an https URL (port 443 by default). */
export function hostPort(url: string): { host: string; port: number } {
  const u = new URL(url);
  const host = u.hostname.replace(/^\[|\]$/g, '');
  return { host, port: u.port ? Number(u.port) : u.protocol === 'http:' ? 80 : 443 };
}

export function offerClass(id: string): (typeof OFFER_CLASSES)[number] | undefined {
  return OFFER_CLASSES.find((c) => c.id === id);
}

export async function runTlsStep(
  spec: { offerClass?: string; certificate?: true; enumerate?: true },
  url: string,
  timeoutMs: number,
  hosts: ReadonlyMap<string, string[]> = new Map(),
  signal?: AbortSignal,
): Promise<TlsOutcome> {
  const { host, port } = hostPort(url);
  // A name learned through --dns-server: connect to its address, still sending the name (SNI).
  const address = hosts.get(host.toLowerCase())?.[0];
  const target = address ? { host: address, port, servername: host } : { host, port };
  if (spec.certificate) return { kind: 'certificate', report: await inspectCertificate(target, timeoutMs, signal) };
  // Elimination (sslscan's method): accepted + 1 handshakes per version.
  if (spec.enumerate) return { kind: 'suites', accepted: await acceptedSuites(target, { concurrency: 4, timeoutMs, strategy: 'elimination', ...(signal ? { signal } : {}) }) };
  const klass = offerClass(spec.offerClass ?? '');
  if (!klass) throw new Error(`no TLS offer class named ${spec.offerClass}`);
  return { kind: 'handshake', offered: describeOffer(klass.offer), result: await tryHandshake(target, klass.offer, timeoutMs, signal) };
}

/** One line for the report: what was offered and what the server did. */
export function observation(o: TlsOutcome): string {
  if (o.kind === 'suites') return o.accepted.length ? `accepted: ${o.accepted.map((s) => `${s.protocol} ${s.name}`).join(', ')}` : 'no suite accepted';
  if (o.kind === 'certificate') {
    const r = o.report;
    return `certificate ${r.subject}, ${r.keyType}${r.keyBits ? `-${r.keyBits}` : ''}, ${r.signatureAlgorithm}, valid ${r.notBefore} to ${r.notAfter}, SANs ${r.sans.join(' ') || 'none'}${r.selfSigned ? ', self-signed' : ''}`;
  }
  const h = o.result;
  const got = h.outcome === 'accepted' ? `accepted ${h.protocol ?? '?'} ${h.cipher ?? '?'}` : h.outcome === 'refused' ? `refused${h.alert ? ` (${h.alert})` : ''}` : h.detail;
  return `offered ${o.offered}: ${got}`;
}

export function evaluateTls(a: Assertion, o: TlsOutcome): AssertionOutcome {
  if (o.kind === 'suites') throw new Error('a suite listing is an observation, not a check');
  if (a.handshake) {
    if (o.kind !== 'handshake') throw new Error('handshake assertion on a certificate step');
    const h = o.result;
    const actual = h.outcome === 'accepted' ? `accepted: ${h.cipher ?? '?'} (${h.protocol ?? '?'})` : h.outcome === 'refused' ? `refused${h.alert ? `: ${h.alert}` : ''}` : h.detail;
    return { ok: h.outcome === a.handshake, expected: `the server ${a.handshake === 'accepted' ? 'accepts' : 'refuses'} ${o.offered}`, actual };
  }
  if (a.certificate) {
    if (o.kind !== 'certificate') throw new Error('certificate assertion on a handshake step');
    const r = o.report;
    const c = a.certificate;
    if (c.current) return { ok: !r.expired && !r.notYetValid, expected: 'a certificate valid now', actual: r.expired ? `expired ${r.notAfter}` : r.notYetValid ? `not valid before ${r.notBefore}` : `valid until ${r.notAfter}` };
    if (c.nameMatches) return { ok: r.nameMatches, expected: `a certificate for ${r.checkedName}`, actual: `subject ${r.subject}, SANs ${r.sans.join(' ') || 'none'}` };
    if (c.rsaKey) return { ok: r.keyType === 'RSA', expected: 'an RSA key (ECDHE_RSA suites sign with it)', actual: `${r.keyType} key` };
    if (c.minRsaBits !== undefined) {
      return { ok: r.keyType !== 'RSA' || (r.keyBits ?? 0) >= c.minRsaBits, expected: `an RSA key of at least ${c.minRsaBits} bits`, actual: `${r.keyType}-${r.keyBits ?? '?'}` };
    }
  }
  throw new Error('not a TLS assertion');
}
