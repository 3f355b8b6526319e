// Evidence of TLS steps: for each handshake what was offered (versions, every suite by name
// and code point), what came back and how long it took, and a line that replays it: an
// `openssl s_client` command where this machine's OpenSSL can make the same offer, else the
// `taxii-conform run … --case <id>` line (the raw ClientHello is ours alone).
import net from 'node:net';
import type { CertificateReport } from '../probes/certificate.js';
import { offerableSuites } from '../probes/tls-offers.js';
import { hex4, suiteByCode, suiteInfo, versionsBetween, TLS_VERSIONS, type TlsVersion } from '../probes/tls-suites.js';
import type { HandshakeResult, TlsTarget } from '../probes/tls.js';
import { shq } from './evidence.js';
import type { SuiteRef, TlsEvidence } from './types.js';

/** A suite by table name (or code point) as evidence names it. */
export function suiteRef(nameOrCode: string | number): SuiteRef {
  const s = typeof nameOrCode === 'number' ? suiteByCode(nameOrCode) : suiteInfo(nameOrCode);
  if (s) return { name: s.name, code: hex4(s.code), iana: s.iana };
  return typeof nameOrCode === 'number' ? { name: hex4(nameOrCode), code: hex4(nameOrCode) } : { name: nameOrCode, code: '?' };
}

function connectArg(t: TlsTarget): string {
  return `${net.isIPv6(t.host) ? `[${t.host}]` : t.host}:${t.port}`;
}

/** The SNI part of an s_client line: the name sent, or none (an address gets none). */
function sniArgs(t: TlsTarget): string[] {
  const name = t.servername ?? t.host;
  return net.isIP(name) === 0 && name !== '' ? ['-servername', name] : ['-noservername'];
}

const VERSION_FLAG: Partial<Record<TlsVersion, string>> = { TLSv1: '-tls1', 'TLSv1.1': '-tls1_1', 'TLSv1.2': '-tls1_2', 'TLSv1.3': '-tls1_3' };

/**
 * `openssl s_client -connect host:port -tls1_2 -cipher '…:@SECLEVEL=0' </dev/null`, offering
 * exactly `suites` at `min`–`max`; undefined when this OpenSSL cannot offer one of them there
 * (nor SSLv3 at all), since the line would then offer something else.
 */
export function sClientLine(t: TlsTarget, min: TlsVersion, max: TlsVersion, suites: readonly string[]): string | undefined {
  const offer = sClientOfferArgs(min, max, suites);
  return offer && `openssl s_client -connect ${connectArg(t)} ${[...sniArgs(t), ...offer].join(' ')} </dev/null`;
}

/** The version and suite options of that s_client line, or undefined when this OpenSSL cannot make the offer. */
export function sClientOfferArgs(min: TlsVersion, max: TlsVersion, suites: readonly string[]): string[] | undefined {
  const versions = versionsBetween(min, max);
  if (versions.length === 0 || versions.some((v) => !TLS_VERSIONS.includes(v)) || suites.length === 0) return undefined;
  const offerable = new Set(versions.flatMap((v) => offerableSuites(v)));
  if (suites.some((n) => !offerable.has(n))) return undefined;
  const v13 = suites.filter((n) => suiteInfo(n)?.minVersion === 'TLSv1.3');
  const v12 = suites.filter((n) => !v13.includes(n));
  const args = min === max ? [VERSION_FLAG[min] as string] : ['-min_protocol', min, '-max_protocol', max];
  if (min !== 'TLSv1.3') args.push('-cipher', shq([...v12, '@SECLEVEL=0'].join(':')));
  if (max === 'TLSv1.3') args.push('-ciphersuites', shq(v13.join(':')));
  return args;
}

/**
 * The certificate a server sends, shown by s_client; `clientArgs`: s_client's options
 * presenting the client certificate the probe presented (credentials.ts, sClientCertificate).
 */
export function showCertsLine(t: TlsTarget, clientArgs?: string): string {
  return `openssl s_client -connect ${connectArg(t)} ${sniArgs(t).join(' ')}${clientArgs ? ` ${clientArgs}` : ''} -showcerts </dev/null`;
}

export interface HandshakeEvidenceInput {
  target: TlsTarget;
  client: TlsEvidence['client'];
  minVersion: TlsVersion;
  maxVersion: TlsVersion;
  /** Suite table names, in ClientHello order. */
  suites: readonly string[];
  result: HandshakeResult;
  /** The `taxii-conform run … --case <id>` line, for offers OpenSSL cannot make. */
  rerun: string;
}

/** The evidence of one handshake. */
export function handshakeEvidence(i: HandshakeEvidenceInput): TlsEvidence {
  const r = i.result;
  const servername = i.target.servername ?? (net.isIP(i.target.host) === 0 ? i.target.host : undefined);
  const chosen = r.suiteCode ?? (r.cipher !== undefined ? suiteInfo(r.cipher)?.code : undefined);
  return {
    kind: 'tls',
    target: connectArg(i.target),
    ...(servername ? { servername } : {}),
    client: i.client,
    offered: { versions: versionsBetween(i.minVersion, i.maxVersion), suites: i.suites.map((n) => suiteRef(n)) },
    answer: {
      outcome: r.outcome,
      ...(r.protocol ? { version: r.protocol } : {}),
      ...(r.outcome === 'accepted' && (chosen !== undefined || r.cipher) ? { suite: chosen !== undefined ? suiteRef(chosen) : suiteRef(r.cipher as string) } : {}),
      ...(r.alert ? { alert: r.alert } : {}),
      ...(r.helloRetry ? { helloRetry: true as const } : {}),
      detail: r.detail,
    },
    durationMs: r.durationMs,
    reproduce: sClientLine(i.target, i.minVersion, i.maxVersion, i.suites) ?? i.rerun,
  };
}

/** What the certificate read offers: TLS 1.0–1.3, every suite this OpenSSL has but anonymous ones. */
export const CERTIFICATE_OFFER = { minVersion: 'TLSv1' as TlsVersion, maxVersion: 'TLSv1.3' as TlsVersion };

/** The evidence of a certificate read (the report, or why it failed). */
export function certificateEvidence(target: TlsTarget, read: { report: CertificateReport } | { error: string }, durationMs: number, clientArgs?: string): TlsEvidence {
  const suites = [...new Set(TLS_VERSIONS.flatMap((v) => offerableSuites(v)))].filter((n) => suiteInfo(n)?.au !== 'None');
  const servername = target.servername ?? (net.isIP(target.host) === 0 ? target.host : undefined);
  const answer: TlsEvidence['answer'] =
    'report' in read
      ? {
          outcome: 'accepted',
          ...(read.report.protocol ? { version: read.report.protocol } : {}),
          certificate: `${read.report.subject}, issued by ${read.report.issuer}, ${read.report.keyType}${read.report.keyBits ? `-${read.report.keyBits}` : ''}, ${read.report.signatureAlgorithm}, valid ${read.report.notBefore} to ${read.report.notAfter}, SANs ${read.report.sans.join(' ') || 'none'}`,
          detail: `certificate read over ${read.report.protocol ?? 'TLS'}; ${read.report.chainLength} certificate(s) sent`,
        }
      : { outcome: 'error', detail: read.error };
  return {
    kind: 'tls',
    target: connectArg(target),
    ...(servername ? { servername } : {}),
    client: 'node:tls',
    offered: { versions: versionsBetween(CERTIFICATE_OFFER.minVersion, CERTIFICATE_OFFER.maxVersion), suites: suites.map((n) => suiteRef(n)) },
    answer,
    durationMs,
    reproduce: showCertsLine(target, clientArgs),
  };
}

/** The evidence of a node:tls connection a session or client-certificate probe made (TLS 1.2–1.3, node's default suites). */
export function connectionEvidence(
  target: TlsTarget,
  c: { outcome: TlsEvidence['answer']['outcome']; protocol?: string; alert?: string; detail: string; durationMs: number },
  reproduce: (connect: string) => string,
): TlsEvidence {
  const servername = target.servername ?? (net.isIP(target.host) === 0 ? target.host : undefined);
  return {
    kind: 'tls',
    target: connectArg(target),
    ...(servername ? { servername } : {}),
    client: 'node:tls',
    offered: { versions: versionsBetween('TLSv1.2', 'TLSv1.3'), suites: [] },
    answer: { outcome: c.outcome, ...(c.protocol ? { version: c.protocol } : {}), ...(c.alert ? { alert: c.alert } : {}), detail: c.detail },
    durationMs: c.durationMs,
    reproduce: reproduce(`openssl s_client -connect ${connectArg(target)} ${sniArgs(target).join(' ')}`),
  };
}
