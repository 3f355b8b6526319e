// The TLS step kind: one handshake with an offer class (a raw ClientHello: every suite the
// class names, whatever this machine's OpenSSL has), the accepted-suite listing (raw,
// sslscan's elimination method), or the certificate (node:tls), against the host and port of
// a URL. Each handshake is recorded as evidence; assertions/handshake.ts and certificate.ts
// read the outcome.
import { performance } from 'node:perf_hooks';
import { Type } from '@sinclair/typebox';
import { OFFER_CLASSES, offerClass, rawOfferOf } from '../../probes/tls-offers.js';
import { enumerateSuites, type AcceptedSuite } from '../../probes/tls-enumerate.js';
import { rawHandshake, describeRawOffer } from '../../probes/tls-raw/probe.js';
import { describeSuites, suiteLabel, suiteInfo, type TlsVersion } from '../../probes/tls-suites.js';
import type { HandshakeResult, TlsTarget } from '../../probes/tls.js';
import { inspectCertificate, type CertificateReport } from '../../probes/certificate.js';
import { probeEarlyData, type EarlyDataReport } from '../../probes/tls-session.js';
import { probeClientCertificate, type ClientCertificateReport } from '../../probes/client-certificate.js';
import { plainGet } from '../../probes/tls-tap.js';
import { certificateEvidence, connectionEvidence, handshakeEvidence, sClientOfferArgs } from '../tls-evidence.js';
import type { ClientIdentity, TlsEvidence } from '../types.js';
import { certificateFor, sClientCertificate } from '../credentials.js';
import { expand } from '../template.js';
import { stringEnum, template } from '../schema-kit.js';
import { defineStepKind, ProbeFailed } from './kind.js';

export type TlsOutcome =
  | { kind: 'handshake'; offered: string; result: HandshakeResult }
  | { kind: 'certificate'; report: CertificateReport }
  | { kind: 'suites'; accepted: AcceptedSuite[]; errors: HandshakeResult[] }
  /** What the server's session tickets allow: 0-RTT or not. */
  | { kind: 'early-data'; report: EarlyDataReport }
  /** Whether the server asks for a client certificate, and what it does with an untrusted one. */
  | { kind: 'client-certificate'; report: ClientCertificateReport }
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
export function acceptedText(h: HandshakeResult): string {
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
  /**
   * The user's client certificate, where the run's credentials may go: presented by the probes
   * that make a whole connection (the certificate read, the session tickets), so that a server
   * asking every connection for one answers them. A raw ClientHello only reads the server's
   * answer to it, and `clientCertificate` presents its own untrusted one: neither needs it.
   */
  clientCertificate?: ClientIdentity;
}

/** What a TLS step may ask for (one of them). */
export interface TlsStepSpec {
  offerClass?: string;
  certificate?: true;
  enumerate?: true;
  earlyData?: true;
  clientCertificate?: true;
}

export async function runTlsStep(spec: TlsStepSpec, url: string, o: TlsStepOptions & { accept?: string }): Promise<TlsStepResult> {
  const { host, port } = hostPort(url);
  // A name learned through --dns-server: connect to its address, still sending the name (SNI).
  const address = o.hosts?.get(host.toLowerCase())?.[0];
  const target: TlsTarget = address ? { host: address, port, servername: host } : { host, port };

  const client = o.clientCertificate;
  const clientArgs = client ? sClientCertificate(client) : undefined;
  if (spec.certificate) {
    const started = performance.now();
    try {
      const report = await inspectCertificate(target, o.timeoutMs, o.signal, client);
      return { outcome: { kind: 'certificate', report }, evidence: [certificateEvidence(target, { report }, Math.round(performance.now() - started), clientArgs)] };
    } catch (e) {
      const message = (e as Error).message;
      return { outcome: { kind: 'failed', message: `TLS probe failed: ${message}` }, evidence: [certificateEvidence(target, { error: message }, Math.round(performance.now() - started), clientArgs)] };
    }
  }

  if (spec.earlyData) {
    // Half the case's time: a server that never answers the GET still leaves the case time to judge its tickets.
    const report = await probeEarlyData(target, plainGet(url, o.accept), Math.floor(o.timeoutMs / 2), o.signal, client);
    const ev = connectionEvidence(target, { ...report, detail: report.detail }, (c) => `${c}${clientArgs ? ` ${clientArgs}` : ''} -tls1_3 </dev/null 2>/dev/null | grep -i 'early data'  # the session s_client prints: "Max Early Data: 0" means no 0-RTT`);
    // Refused in the handshake, or by a TLS alert after it (a client certificate required): the
    // server issued this connection nothing, so nothing says 0-RTT is off. A close after the
    // handshake without an alert (a server that answers no request without credentials, which
    // 2.1 allows) came after the tickets a TLS 1.3 server sends once the handshake is done:
    // those are judged.
    const refusedTls = report.outcome === 'refused' && (!report.handshakeDone || report.tlsAlert !== undefined);
    const failed =
      report.outcome === 'error'
        ? `TLS probe failed: ${report.detail}`
        : refusedTls
          ? `the server refused the connection (${report.detail}): no session ticket to judge${/certificate required/i.test(report.detail) ? '; it requires a TLS client certificate (--client-cert and --client-key)' : ''}`
          : undefined;
    return { outcome: failed !== undefined ? { kind: 'failed', message: failed } : { kind: 'early-data', report }, evidence: [ev] };
  }

  if (spec.clientCertificate) {
    // Two connections at most, each within half the case's time.
    const report = await probeClientCertificate(target, url, o.accept ?? '*/*', Math.floor(o.timeoutMs / 2), o.signal);
    const reproduce = (c: string): string => `${c} -cert untrusted.pem -key untrusted-key.pem </dev/null  # "Acceptable client certificate CA names" shows a CertificateRequest`;
    const evidence = [connectionEvidence(target, { ...report.untrusted, detail: `with ${report.identity}: ${report.untrusted.detail}; ${report.requestSeen}` }, reproduce)];
    if (report.anonymous) evidence.push(connectionEvidence(target, { ...report.anonymous, detail: `without a client certificate: ${report.anonymous.detail}` }, (c) => `${c} </dev/null`));
    return {
      outcome: report.untrusted.outcome === 'error' ? { kind: 'failed', message: `TLS probe failed: ${report.untrusted.detail}` } : { kind: 'client-certificate', report },
      evidence,
    };
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
  if (o.kind === 'early-data') return o.report.detail;
  if (o.kind === 'client-certificate') {
    const r = o.report;
    return `${r.requestSeen}; with an untrusted certificate: ${r.untrusted.outcome}${r.untrusted.status !== undefined ? `, GET answered ${r.untrusted.status}` : r.untrusted.alert ? ` (${r.untrusted.alert})` : ''}${r.anonymous ? `; without one: ${r.anonymous.status ?? r.anonymous.outcome}` : ''}`;
  }
  if (o.kind === 'certificate') {
    const r = o.report;
    return `certificate ${r.subject}, ${r.keyType}${r.keyBits ? `-${r.keyBits}` : ''}, ${r.signatureAlgorithm}, valid ${r.notBefore} to ${r.notAfter}, SANs ${r.sans.join(' ') || 'none'}${r.selfSigned ? ', self-signed' : ''}`;
  }
  const h = o.result;
  const got = h.outcome === 'accepted' ? `accepted ${acceptedText(h)}` : h.outcome === 'refused' ? `refused${h.alert ? ` (${h.alert})` : ''}` : h.detail;
  return `offered ${o.offered}: ${got}`;
}

/** What a TLS step offers, in words. */
function offerText(t: TlsStepSpec): string {
  if (t.earlyData) return "TLS session tickets: a TLS 1.2–1.3 handshake (node:tls) and a GET, each ticket's max_early_data_size read from the session node:tls makes of it (0-RTT needs a ticket allowing early data, RFC 8446 §4.2.10)";
  if (t.clientCertificate) return 'TLS client certificate: a handshake presenting a certificate of a CA made for the run (trusted by no one) and a GET without credentials, the server\'s flight read for a CertificateRequest (TLS 1.3 decrypted with the logged secret); when asked for one, the same GET without a certificate';
  if (t.certificate) return 'TLS certificate read (node:tls, TLS 1.0–1.3, every suite this OpenSSL has)';
  if (t.enumerate) return 'TLS suite listing: per version (SSL 3.0 to TLS 1.3), raw ClientHellos with every suite of the table, the one the server picks removed each time';
  const k = offerClass(t.offerClass ?? '');
  return k ? `TLS handshake: a raw ClientHello offering class ${k.id}, ${describeSuites(k.offer.minVersion, k.offer.maxVersion, k.suites)}` : `TLS handshake offering class ${t.offerClass}`;
}

export const tlsStep = defineStepKind({
  key: 'tls',
  subject: 'tls',
  parallel: false,
  fields: {},
  schema: Type.Object(
    {
      offerClass: Type.Optional(stringEnum(OFFER_CLASSES.map((k) => k.id), { description: 'Offer one class of suites/probes/tls-offers.ts in a raw ClientHello, e.g. `baseline`, `tls10`, `rsa-kx`.' })),
      certificate: Type.Optional(Type.Literal(true, { description: 'Read the certificate instead of testing an offer.' })),
      enumerate: Type.Optional(Type.Literal(true, { description: 'List every suite the server accepts, per version (as sslscan does): an observation.' })),
      earlyData: Type.Optional(Type.Literal(true, { description: "Read what the server's TLS 1.3 session tickets allow: 0-RTT (max_early_data_size) or not." })),
      clientCertificate: Type.Optional(Type.Literal(true, { description: 'Whether the server asks for a client certificate, and what it does with one no one trusts (made at run time).' })),
      url: Type.Optional(template('URL whose host and port are probed; default `{target}`.')),
    },
    {
      additionalProperties: false,
      oneOf: [{ required: ['offerClass'] }, { required: ['certificate'] }, { required: ['enumerate'] }, { required: ['earlyData'] }, { required: ['clientCertificate'] }],
      title: 'TLS step',
      description: "A TLS probe of the target's host and port: a handshake with an offer class, the accepted-suite listing, or the certificate.",
    },
  ),
  async run(spec, step, ctx) {
    const { env, signal } = ctx;
    const url = expand(spec.url ?? '{target}', ctx.vars);
    // The user's certificate goes where the run's credentials may, to the probes that connect for real.
    const client = spec.certificate || spec.earlyData ? certificateFor(url, env.creds, env.scope) : undefined;
    const { outcome: o, evidence: seen } = await runTlsStep(spec, url, {
      timeoutMs: env.timeoutMs,
      ...(client ? { clientCertificate: client } : {}),
      ...(env.hosts ? { hosts: env.hosts } : {}),
      signal,
      rerun: ctx.rerunLine(),
      accept: env.profile.mediaType,
    });
    seen.forEach((ev) => ctx.keep(ev));
    if (signal.aborted) throw new Error('aborted');
    const failure = probeFailure(o);
    if (failure !== undefined) throw new ProbeFailed(failure);
    ctx.note(observation(o));
    ctx.judge(step, 'tls', o);
    return true;
  },
  check(spec, step) {
    // Each probe answers its own assertion kind; a suite listing is an observation.
    const own = spec.offerClass !== undefined ? 'handshake' : spec.certificate ? 'certificate' : spec.earlyData ? 'earlyData' : spec.clientCertificate ? 'clientCertificate' : undefined;
    const TLS_KEYS = ['handshake', 'certificate', 'earlyData', 'clientCertificate'];
    const asserted = [...(step.expect ?? []), ...(step.require ?? [])].flatMap((a) => TLS_KEYS.filter((k) => k in a));
    if (own === undefined && asserted.length > 0) return 'a suite listing is an observation: it takes no checks';
    const wrong = asserted.find((k) => k !== own);
    return wrong !== undefined ? `this TLS step cannot assert ${wrong} (it answers ${own})` : undefined;
  },
  explain: {
    describe: (spec) => [`${offerText(spec)} to ${spec.url ?? '{target}'}`],
    evidence: (spec) =>
      spec.certificate
        ? 'TLS: the certificate read, and the openssl s_client -showcerts line that shows it.'
        : spec.earlyData
          ? "TLS: the handshake (version), the tickets received and each one's max_early_data_size, and an openssl s_client line that prints it."
          : spec.clientCertificate
            ? 'TLS: the connection presenting the untrusted certificate (alert, or the GET\'s status line), whether the flight held a CertificateRequest, and the one without a certificate.'
            : 'TLS: each handshake: the versions and every suite offered (name and code point), the ServerHello or alert, the time, and a replay line.',
    reproduce(spec) {
      if (spec.certificate) return 'openssl s_client -connect <host>:<port> -servername <host> -showcerts </dev/null';
      if (spec.earlyData) return "openssl s_client -connect <host>:<port> -servername <host> -tls1_3 </dev/null 2>/dev/null | grep -i 'early data'";
      if (spec.clientCertificate) return 'openssl s_client -connect <host>:<port> -servername <host> -cert untrusted.pem -key untrusted-key.pem </dev/null';
      const k = spec.offerClass !== undefined ? offerClass(spec.offerClass) : undefined;
      if (!k) return undefined;
      const args = sClientOfferArgs(k.offer.minVersion, k.offer.maxVersion, k.suites);
      return args
        ? `openssl s_client -connect <host>:<port> -servername <host> ${args.join(' ')} </dev/null`
        : `(this machine's OpenSSL ${process.versions.openssl} cannot offer these suites: only taxii-conform's raw ClientHello can; re-run the case:)`;
    },
  },
});
