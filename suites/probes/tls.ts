// The TLS probe: one handshake per offer over node:tls, pinned to the offer's protocol
// versions and cipher list, with a fresh context (no session cache, no resumption), a
// timeout, and the socket destroyed at the end. The certificate is not checked here
// (rejectUnauthorized: false): certificate.ts judges it separately.
//
// Outcomes, and how node:tls reports each (seen against OpenSSL 3.0 s_server; docs/tls.md):
// - accepted: 'secureConnect'. The version is read with getProtocol(), never with
//   getCipher().version (which is the suite's lowest version, "TLSv1.0" for
//   ECDHE-RSA-AES256-SHA at TLS 1.2).
// - refused: the SERVER said no after our ClientHello: a fatal alert ("... alert handshake
//   failure ... SSL alert number 40"), a ServerHello with a version outside the pinned range
//   (ERR_SSL_UNSUPPORTED_PROTOCOL after bytes came back), or a closed/reset connection
//   (ECONNRESET "socket disconnected before secure TLS connection was established").
// - cannot-offer: THIS OpenSSL could not send the offer: tls.createSecureContext throws
//   ERR_SSL_NO_CIPHER_MATCH (no suite of the list is compiled in), or the handshake fails
//   before the server sent a byte with ERR_SSL_NO_CIPHERS_AVAILABLE ("No ciphers enabled
//   for max supported SSL/TLS version": none of the suites exists at the pinned versions) or
//   ERR_SSL_NO_PROTOCOLS_AVAILABLE. OpenSSL then writes a 7-byte alert of its own, so
//   "bytes written > 0" does not mean a ClientHello went out: bytes READ is the test.
// - error: no TCP connection, timeout, or a peer that does not speak TLS.
import net from 'node:net';
import tls from 'node:tls';
import { performance } from 'node:perf_hooks';
import { describeSuites, suiteInfo, versionRank, versionsText, type TlsVersion } from './tls-suites.js';
import { alertName } from './tls-raw/wire.js';
import { pool } from '../core/concurrency.js';

export type { TlsVersion } from './tls-suites.js';

export interface TlsOffer {
  minVersion: TlsVersion;
  maxVersion: TlsVersion;
  /** OpenSSL cipher list for TLS ≤ 1.2 (may carry `@SECLEVEL=0`). */
  ciphers?: string;
  /**
   * TLS 1.3 suites (`TLS_…` names). Unset with maxVersion TLSv1.3: OpenSSL's default TLS 1.3
   * suites are offered (node:tls has no way to offer none while allowing TLS 1.3).
   */
  ciphersuites?: string;
}

export type HandshakeOutcome = 'accepted' | 'refused' | 'cannot-offer' | 'error';

export interface HandshakeResult {
  /**
   * accepted: handshake completed; refused: the SERVER refused (alert or close after our
   * ClientHello); cannot-offer: THIS Node/OpenSSL cannot even send the offer; error:
   * timeout, refused TCP connection, a peer that does not speak TLS, other.
   */
  outcome: HandshakeOutcome;
  /** tlsSocket.getProtocol() of an accepted handshake. */
  protocol?: string;
  /** OpenSSL name of the negotiated suite. */
  cipher?: string;
  /** IANA name of the negotiated suite. */
  standardName?: string;
  /** Code point of the negotiated suite (when the suite table knows it, for node:tls). */
  suiteCode?: number;
  /** The raw probe got a HelloRetryRequest: the server chose the version and suite, and wants another key share. */
  helloRetry?: true;
  /** The server's alert, e.g. 'handshake failure (40)'. */
  alert?: string;
  /** One line: what we offered and what the server did. */
  detail: string;
  durationMs: number;
  /** Node's error code when the handshake failed, e.g. ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE. */
  code?: string;
  /** Octets we wrote and read on the TCP connection (absent when none was opened). */
  bytesSent?: number;
  bytesReceived?: number;
}

export interface TlsTarget {
  host: string;
  port: number;
  /** SNI name; defaults to `host` unless it is an IP address (no SNI for addresses). */
  servername?: string;
}

export interface ProbeOptions {
  concurrency: number;
  timeoutMs: number;
  /** Ends every handshake at once (the case's deadline, Ctrl-C); no new one starts. */
  signal?: AbortSignal;
}

// ---------------------------------------------------------------------------------------
// Errors

/**
 * Errors OpenSSL raises while BUILDING our ClientHello (or our context): when one comes with
 * no byte read from the server, the offer never left this machine.
 */
const LOCAL_CODES = new Set([
  'ERR_SSL_NO_CIPHER_MATCH',
  'ERR_SSL_NO_CIPHERS_AVAILABLE',
  'ERR_SSL_NO_PROTOCOLS_AVAILABLE',
  'ERR_SSL_UNSUPPORTED_PROTOCOL',
  'ERR_SSL_NO_SUITABLE_SIGNATURE_ALGORITHM',
  'ERR_TLS_INVALID_PROTOCOL_VERSION',
  'ERR_TLS_PROTOCOL_VERSION_CONFLICT',
  'ERR_INVALID_ARG_VALUE',
]);

interface NodeError extends Error {
  code?: string;
  reason?: string;
}

function reasonOf(e: NodeError): string {
  if (typeof e.reason === 'string' && e.reason !== '') return e.reason;
  return (e.message.split('\n')[0] ?? e.message).replace(/^[0-9A-F]+:error:[0-9A-F]+:SSL routines:[^:]*:/, '');
}

// ---------------------------------------------------------------------------------------
// Offers

/** The `ciphers` string node:tls takes: ≤1.2 list and TLS 1.3 suites together (node splits
 * on the `TLS_` prefix). Undefined: node's defaults. */
export function nodeCipherString(offer: TlsOffer): string | undefined {
  const parts = [offer.ciphers, offer.ciphersuites].filter((p): p is string => p !== undefined && p !== '');
  return parts.length === 0 ? undefined : parts.join(':');
}

/** The suite names of an offer, without `@SECLEVEL` and other directives. */
export function offeredNames(offer: TlsOffer): string[] {
  const list = [offer.ciphers ?? '', offer.ciphersuites ?? ''].join(':');
  return list.split(/[:, ]+/).filter((n) => n !== '' && !n.startsWith('@') && !n.startsWith('!') && !n.startsWith('-') && !n.startsWith('+'));
}

/** "TLSv1.2 with ECDHE-RSA-AES256-SHA384" / "TLSv1 with 31 suites (A, B, C, …) @SECLEVEL=0". */
export function describeOffer(o: TlsOffer): string {
  const n = offeredNames(o);
  const seclevel = /@SECLEVEL=(\d)/.exec(o.ciphers ?? '');
  const sl = seclevel ? ` @SECLEVEL=${seclevel[1]}` : '';
  if (n.length === 0) return `${versionsText(o.minVersion, o.maxVersion)} with node's default suites${sl}`;
  return `${describeSuites(o.minVersion, o.maxVersion, n)}${sl}`;
}

// ---------------------------------------------------------------------------------------
// One handshake

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}

function sniFor(target: TlsTarget): string | undefined {
  const name = target.servername ?? target.host;
  return net.isIP(name) === 0 && name !== '' ? name : undefined;
}

/**
 * One handshake with `offer`, pinned to its min and max versions, on a fresh TCP connection
 * and a fresh secure context (no session reuse). Never rejects: every way it can end is an
 * outcome. The socket is destroyed before the promise resolves.
 */
export function tryHandshake(target: TlsTarget, offer: TlsOffer, timeoutMs: number, signal?: AbortSignal): Promise<HandshakeResult> {
  const started = performance.now();
  const offered = `offered ${describeOffer(offer)}`;
  const elapsed = (): number => round(performance.now() - started);

  if (versionRank(offer.minVersion) < 0 || versionRank(offer.maxVersion) < 0 || versionRank(offer.minVersion) > versionRank(offer.maxVersion)) {
    return Promise.resolve({
      outcome: 'cannot-offer',
      detail: `${offered}; not a valid version range, nothing sent`,
      durationMs: elapsed(),
    });
  }
  const { minVersion, maxVersion } = offer;
  if (minVersion === 'SSLv3' || maxVersion === 'SSLv3') {
    return Promise.resolve({ outcome: 'cannot-offer', detail: `${offered}; node:tls cannot offer SSLv3 (OpenSSL 3 has none), nothing sent`, durationMs: elapsed() });
  }

  // The context first: a list OpenSSL cannot match throws here, before any connection.
  let secureContext: tls.SecureContext;
  try {
    const ciphers = nodeCipherString(offer);
    secureContext = tls.createSecureContext({
      minVersion,
      maxVersion,
      ...(ciphers !== undefined ? { ciphers } : {}),
    });
  } catch (err) {
    const e = err as NodeError;
    return Promise.resolve({
      outcome: 'cannot-offer',
      code: e.code,
      detail: `${offered}; this Node's OpenSSL ${process.versions.openssl} cannot offer it (${e.code ?? 'error'}: ${reasonOf(e)}), nothing sent`,
      durationMs: elapsed(),
    });
  }

  if (signal?.aborted) return Promise.resolve({ outcome: 'error', code: 'ABORT_ERR', detail: `${offered}; not sent: stopped`, durationMs: elapsed() });
  return new Promise<HandshakeResult>((resolve) => {
    let settled = false;
    let tlsSocket: tls.TLSSocket | undefined;
    const raw = net.connect({ host: target.host, port: target.port });
    const onAbort = (): void => finish({ outcome: 'error', code: 'ABORT_ERR', detail: `${offered}; stopped after ${elapsed()} ms` });
    signal?.addEventListener('abort', onAbort, { once: true });
    raw.setNoDelay(true);

    const io = (): { bytesSent: number; bytesReceived: number } => ({ bytesSent: raw.bytesWritten, bytesReceived: raw.bytesRead });
    const finish = (r: Omit<HandshakeResult, 'durationMs'>): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      const durationMs = elapsed();
      tlsSocket?.destroy();
      raw.destroy();
      resolve({ ...r, durationMs });
    };

    const timer = setTimeout(() => {
      const phase = tlsSocket === undefined ? 'TCP connect' : raw.bytesRead === 0 ? 'no answer to our ClientHello' : 'handshake not finished';
      finish({ outcome: 'error', code: 'ETIMEDOUT', detail: `${offered}; timeout after ${timeoutMs} ms (${phase})`, ...(tlsSocket ? io() : {}) });
    }, timeoutMs);

    const failed = (err: NodeError): void => {
      const code = err.code;
      const reason = reasonOf(err);
      const { bytesSent, bytesReceived } = io();
      const alertNo = /SSL alert number (\d+)/.exec(err.message);
      const base = { code, bytesSent, bytesReceived };
      if (tlsSocket === undefined) {
        finish({ outcome: 'error', code, detail: `${offered}; no TCP connection to ${target.host}:${target.port} (${code ?? reason})` });
      } else if (alertNo && bytesReceived > 0) {
        const alert = alertName(Number(alertNo[1]));
        finish({ ...base, outcome: 'refused', alert, detail: `${offered}; server sent alert ${alert}` });
      } else if (code !== undefined && LOCAL_CODES.has(code) && bytesReceived === 0) {
        finish({
          ...base,
          outcome: 'cannot-offer',
          detail: `${offered}; this Node's OpenSSL ${process.versions.openssl} could not build the ClientHello (${code}: ${reason}), the server said nothing`,
        });
      } else if (code === 'ERR_SSL_UNSUPPORTED_PROTOCOL') {
        finish({ ...base, outcome: 'refused', detail: `${offered}; server answered with a protocol version outside the offered range (${reason})` });
      } else if ((code === 'ECONNRESET' || code === 'EPIPE') && bytesSent > 0) {
        finish({ ...base, outcome: 'refused', detail: `${offered}; server closed the connection after our ClientHello without an alert (${reason})` });
      } else {
        finish({ ...base, outcome: 'error', detail: `${offered}; handshake failed: ${code ?? 'error'}: ${reason}` });
      }
    };

    raw.once('connect', () => {
      if (settled) return;
      const servername = sniFor(target);
      try {
        tlsSocket = tls.connect({
          socket: raw,
          secureContext,
          rejectUnauthorized: false,
          ...(servername !== undefined ? { servername } : {}),
        });
      } catch (err) {
        failed(err as NodeError);
        return;
      }
      const sock = tlsSocket;
      sock.once('secureConnect', () => {
        const c = sock.getCipher();
        const protocol = sock.getProtocol() ?? undefined;
        const code = suiteInfo(c.name)?.code;
        finish({
          outcome: 'accepted',
          protocol,
          cipher: c.name,
          standardName: c.standardName,
          ...(code !== undefined ? { suiteCode: code } : {}),
          detail: `${offered}; server accepted ${protocol ?? '?'} ${c.name}`,
          ...io(),
        });
      });
      sock.on('error', (err: NodeError) => failed(err));
      sock.once('close', () => {
        if (raw.bytesWritten > 0) {
          finish({ outcome: 'refused', detail: `${offered}; server closed the connection after our ClientHello without an alert`, ...io() });
        } else {
          finish({ outcome: 'error', detail: `${offered}; connection closed before anything was sent`, ...io() });
        }
      });
    });
    raw.on('error', (err: NodeError) => failed(err));
  });
}

// ---------------------------------------------------------------------------------------
// Many handshakes

/** One handshake per offer, at most `concurrency` at a time; results in the offers' order. */
export function probeMany(target: TlsTarget, offers: TlsOffer[], opts: ProbeOptions): Promise<HandshakeResult[]> {
  return pool(offers, opts.concurrency, (o) => tryHandshake(target, o, opts.timeoutMs, opts.signal));
}
