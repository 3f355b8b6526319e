// TLS steps: one handshake with an offer class (a raw ClientHello: every suite the class
// names, whatever this machine's OpenSSL has), the accepted-suite listing (raw, sslscan's
// elimination method), or the certificate (node:tls), against the host and port of a URL.
// Each handshake is recorded as evidence.
import { performance } from 'node:perf_hooks';
import { offerClass, rawOfferOf } from '../probes/tls-offers.js';
import { enumerateSuites, type AcceptedSuite } from '../probes/tls-enumerate.js';
import { rawHandshake, describeRawOffer } from '../probes/tls-raw/probe.js';
import { suiteLabel, suiteInfo, type TlsVersion } from '../probes/tls-suites.js';
import type { HandshakeResult, TlsTarget } from '../probes/tls.js';
import { inspectCertificate, type CertificateReport } from '../probes/certificate.js';
import { certificateEvidence, handshakeEvidence } from './tls-evidence.js';
import type { Assertion, TlsEvidence } from './types.js';
import type { AssertionOutcome } from './assertions.js';

export type TlsOutcome =
  | { kind: 'handshake'; offered: string; result: HandshakeResult }
  | { kind: 'certificate'; report: CertificateReport }
  | { kind: 'suites'; accepted: AcceptedSuite[]; errors: HandshakeResult[] }
  /** The probe could not run (no connection, timeout, not TLS): the case is an error. */
  | { kind: 'failed'; message: string };

export interface TlsStepResult {
  outcome: TlsOutcome;
  evidence: TlsEvidence[];
}

/** Host and port of an https URL (port 443 by default). */
export function hostPort(url: string): { host: string; port: number } {
  const u = new URL(url);
  const host = u.hostname.replace(/^\[|\]$/g, '');
  return { host, port: u.port ? Number(u.port) : u.protocol === 'http:' ? 80 : 443 };
}

/** "DES-CBC3-SHA (0x000A) at TLSv1.2": what a server accepted. */
function acceptedText(h: HandshakeResult): string {
  const code = h.suiteCode ?? (h.cipher !== undefined ? suiteInfo(h.cipher)?.code : undefined);
  return `${code !== undefined ? suiteLabel(code) : (h.cipher ?? '?')} at ${h.protocol ?? '?'}${h.helloRetry ? ' (HelloRetryRequest)' : ''}`;
}

export interface TlsStepOptions {
  timeoutMs: number;
  /** Addresses of names learned through --dns-server. */
  hosts?: ReadonlyMap<string, string[]>;
  signal?: AbortSignal;
  /** The `taxii-conform run … --case <id>` line, the reproduce line of offers OpenSSL cannot make. */
  rerun: string;
}

export async function runTlsStep(spec: { offerClass?: string; certificate?: true; enumerate?: true }, url: string, o: TlsStepOptions): Promise<TlsStepResult> {
  const { host, port } = hostPort(url);
  // A name learned through --dns-server: connect to its address, still sending the name (SNI).
  const address = o.hosts?.get(host.toLowerCase())?.[0];
  const target: TlsTarget = address ? { host: address, port, servername: host } : { host, port };

  if (spec.certificate) {
    const started = performance.now();
    try {
      const report = await inspectCertificate(target, o.timeoutMs, o.signal);
      return { outcome: { kind: 'certificate', report }, evidence: [certificateEvidence(target, { report }, Math.round(performance.now() - started))] };
    } catch (e) {
      const message = (e as Error).message;
      return { outcome: { kind: 'failed', message: `TLS probe failed: ${message}` }, evidence: [certificateEvidence(target, { error: message }, Math.round(performance.now() - started))] };
    }
  }

  const evidence: TlsEvidence[] = [];
  const record = (min: TlsVersion, max: TlsVersion, suites: readonly string[], result: HandshakeResult): void => {
    evidence.push(handshakeEvidence({ target, client: 'raw', minVersion: min, maxVersion: max, suites, result, rerun: o.rerun }));
  };

  if (spec.enumerate) {
    // Elimination (sslscan's method): accepted + 1 handshakes per version.
    const e = await enumerateSuites(target, {
      engine: 'raw',
      concurrency: 4,
      timeoutMs: o.timeoutMs,
      strategy: 'elimination',
      ...(o.signal ? { signal: o.signal } : {}),
      onHandshake: (v, suites, r) => record(v, v, suites, r),
    });
    return { outcome: { kind: 'suites', accepted: e.accepted, errors: e.errors }, evidence };
  }

  const klass = offerClass(spec.offerClass ?? '');
  if (!klass) throw new Error(`no TLS offer class named ${spec.offerClass}`);
  const offer = rawOfferOf(klass);
  const result = await rawHandshake(target, offer, o.timeoutMs, o.signal);
  record(offer.minVersion, offer.maxVersion, klass.suites, result);
  return { outcome: { kind: 'handshake', offered: describeRawOffer(offer), result }, evidence };
}

/** Why a TLS step could not give an answer (the case is then an error), if it could not. */
export function probeFailure(o: TlsOutcome): string | undefined {
  if (o.kind === 'failed') return o.message;
  if (o.kind === 'handshake' && (o.result.outcome === 'error' || o.result.outcome === 'cannot-offer')) return o.result.detail;
  if (o.kind === 'suites' && o.errors.length > 0) {
    return `TLS probe failed: suite enumeration incomplete: ${o.errors.length} probe(s) failed, e.g. ${(o.errors[0] as HandshakeResult).detail}`;
  }
  return undefined;
}

/** One line for the report: what was offered and what the server did. */
export function observation(o: TlsOutcome): string {
  if (o.kind === 'failed') return o.message;
  if (o.kind === 'suites') {
    return o.accepted.length ? `accepted: ${o.accepted.map((s) => `${s.protocol} ${s.code !== undefined ? suiteLabel(s.code) : s.name}`).join(', ')}` : 'no suite accepted';
  }
  if (o.kind === 'certificate') {
    const r = o.report;
    return `certificate ${r.subject}, ${r.keyType}${r.keyBits ? `-${r.keyBits}` : ''}, ${r.signatureAlgorithm}, valid ${r.notBefore} to ${r.notAfter}, SANs ${r.sans.join(' ') || 'none'}${r.selfSigned ? ', self-signed' : ''}`;
  }
  const h = o.result;
  const got = h.outcome === 'accepted' ? `accepted ${acceptedText(h)}` : h.outcome === 'refused' ? `refused${h.alert ? ` (${h.alert})` : ''}` : h.detail;
  return `offered ${o.offered}: ${got}`;
}

export function evaluateTls(a: Assertion, o: TlsOutcome): AssertionOutcome {
  if (o.kind === 'suites' || o.kind === 'failed') throw new Error('a suite listing is an observation, not a check');
  if (a.handshake) {
    if (o.kind !== 'handshake') throw new Error('handshake assertion on a certificate step');
    const h = o.result;
    const actual = h.outcome === 'accepted' ? `accepted: ${acceptedText(h)}` : h.outcome === 'refused' ? `refused${h.alert ? `: ${h.alert}` : ''}` : h.detail;
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
