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
import { pool } from '../core/concurrency.js';
import { offerableSuites, suiteByCode, suiteInfo, TLS_VERSIONS, versionRank } from './tls-offers.js';

export type TlsVersion = 'TLSv1' | 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3';

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
// Alerts

/** TLS alert descriptions (RFC 5246 §7.2, RFC 8446 §6). */
const ALERTS: Record<number, string> = {
  0: 'close notify',
  10: 'unexpected message',
  20: 'bad record mac',
  21: 'decryption failed',
  22: 'record overflow',
  30: 'decompression failure',
  40: 'handshake failure',
  41: 'no certificate',
  42: 'bad certificate',
  43: 'unsupported certificate',
  44: 'certificate revoked',
  45: 'certificate expired',
  46: 'certificate unknown',
  47: 'illegal parameter',
  48: 'unknown ca',
  49: 'access denied',
  50: 'decode error',
  51: 'decrypt error',
  60: 'export restriction',
  70: 'protocol version',
  71: 'insufficient security',
  80: 'internal error',
  86: 'inappropriate fallback',
  90: 'user canceled',
  100: 'no renegotiation',
  109: 'missing extension',
  110: 'unsupported extension',
  112: 'unrecognized name',
  113: 'bad certificate status response',
  115: 'unknown psk identity',
  116: 'certificate required',
  120: 'no application protocol',
};

/** 'handshake failure (40)' for 40. */
export function alertName(n: number): string {
  return `${ALERTS[n] ?? 'unknown alert'} (${n})`;
}

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

function versionsText(o: TlsOffer): string {
  return o.minVersion === o.maxVersion ? o.minVersion : `${o.minVersion}–${o.maxVersion}`;
}

/** "TLSv1.2 with ECDHE-RSA-AES256-SHA384" / "TLSv1 with 31 suites (A, B, C, …)". */
export function describeOffer(o: TlsOffer): string {
  const n = offeredNames(o);
  const seclevel = /@SECLEVEL=(\d)/.exec(o.ciphers ?? '');
  const sl = seclevel ? ` @SECLEVEL=${seclevel[1]}` : '';
  if (n.length === 0) return `${versionsText(o)} with node's default suites${sl}`;
  const list = n.length <= 4 ? n.join(', ') : `${n.length} suites (${n.slice(0, 3).join(', ')}, …)`;
  return `${versionsText(o)} with ${list}${sl}`;
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

  // The context first: a list OpenSSL cannot match throws here, before any connection.
  let secureContext: tls.SecureContext;
  try {
    const ciphers = nodeCipherString(offer);
    secureContext = tls.createSecureContext({
      minVersion: offer.minVersion,
      maxVersion: offer.maxVersion,
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
        finish({
          outcome: 'accepted',
          protocol,
          cipher: c.name,
          standardName: c.standardName,
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

export interface AcceptedSuite {
  /** OpenSSL name (TLS 1.3: the IANA name, as OpenSSL and sslscan print it). */
  name: string;
  protocol: TlsVersion;
  standardName?: string;
}

export interface EnumerateOptions extends ProbeOptions {
  /** Versions to enumerate; default all four. */
  versions?: TlsVersion[];
  /**
   * one-by-one (default): every offerable suite alone, per version (after one probe with all
   * of them, which skips a version the server refuses outright). elimination: offer all,
   * remove the one the server picks, repeat until refused (sslscan's method: accepted + 1
   * handshakes per version).
   */
  strategy?: 'one-by-one' | 'elimination';
}

export interface VersionEnumeration {
  version: TlsVersion;
  /** How the all-suites probe of this version ended. */
  outcome: HandshakeOutcome;
  /** Suites this OpenSSL can offer at this version. */
  offerable: number;
  accepted: string[];
  handshakes: number;
}

export interface Enumeration {
  accepted: AcceptedSuite[];
  versions: VersionEnumeration[];
  handshakes: number;
  /** Probes that ended in `error` even after one retry. */
  errors: HandshakeResult[];
}

const SECLEVEL0 = '@SECLEVEL=0';

function singleOffer(version: TlsVersion, suites: string[]): TlsOffer {
  return version === 'TLSv1.3'
    ? { minVersion: version, maxVersion: version, ciphersuites: suites.join(':') }
    : { minVersion: version, maxVersion: version, ciphers: [...suites, SECLEVEL0].join(':') };
}

async function withRetry(target: TlsTarget, offer: TlsOffer, timeoutMs: number, count: () => void, signal?: AbortSignal): Promise<HandshakeResult> {
  count();
  const r = await tryHandshake(target, offer, timeoutMs, signal);
  if (r.outcome !== 'error' || signal?.aborted) return r;
  count();
  return tryHandshake(target, offer, timeoutMs, signal);
}

/**
 * Enumerates the suites the server accepts, per protocol version, with every suite this
 * OpenSSL can offer at that version (offerableSuites) at @SECLEVEL=0. Versions are pinned
 * (min = max) for every probe.
 */
export async function enumerateSuites(target: TlsTarget, opts: EnumerateOptions): Promise<Enumeration> {
  const versions = opts.versions ?? [...TLS_VERSIONS];
  let handshakes = 0;
  const count = (): void => {
    handshakes++;
  };
  const errors: HandshakeResult[] = [];
  const perVersion: VersionEnumeration[] = [];
  const acceptedBy = new Map<TlsVersion, Set<string>>();

  const firstProbes = await pool(versions, opts.concurrency, async (v) => {
    const all = offerableSuites(v);
    const r = all.length === 0 ? undefined : await withRetry(target, singleOffer(v, all), opts.timeoutMs, count, opts.signal);
    return { v, all, r };
  });

  const singles: { v: TlsVersion; name: string }[] = [];
  for (const { v, all, r } of firstProbes) {
    const entry: VersionEnumeration = { version: v, outcome: r?.outcome ?? 'cannot-offer', offerable: all.length, accepted: [], handshakes: r ? 1 : 0 };
    perVersion.push(entry);
    acceptedBy.set(v, new Set());
    if (r === undefined || r.outcome === 'refused' || r.outcome === 'cannot-offer') continue;
    if (r.outcome === 'error') errors.push(r);
    if (opts.strategy === 'elimination') continue;
    for (const name of all) singles.push({ v, name });
  }

  if (opts.strategy === 'elimination') {
    await pool(
      firstProbes.filter((p) => p.r?.outcome === 'accepted'),
      opts.concurrency,
      async ({ v, all, r }) => {
        const found = acceptedBy.get(v) as Set<string>;
        const entry = perVersion.find((e) => e.version === v) as VersionEnumeration;
        let left = [...all];
        let last = r as HandshakeResult;
        for (;;) {
          if (last.outcome !== 'accepted' || last.cipher === undefined) {
            if (last.outcome === 'error') errors.push(last);
            break;
          }
          const picked = last.cipher;
          found.add(picked);
          const before = left.length;
          left = left.filter((n) => n !== picked);
          if (left.length === before || left.length === 0) break; // a suite we did not offer: stop
          last = await withRetry(target, singleOffer(v, left), opts.timeoutMs, count, opts.signal);
          entry.handshakes++;
        }
      },
    );
  } else {
    const results = await pool(singles, opts.concurrency, ({ v, name }) => withRetry(target, singleOffer(v, [name]), opts.timeoutMs, count, opts.signal));
    results.forEach((r, i) => {
      const { v, name } = singles[i] as { v: TlsVersion; name: string };
      const entry = perVersion.find((e) => e.version === v) as VersionEnumeration;
      entry.handshakes++;
      if (r.outcome === 'accepted') (acceptedBy.get(v) as Set<string>).add(r.cipher ?? name);
      else if (r.outcome === 'error') errors.push(r);
    });
  }

  const accepted: AcceptedSuite[] = [];
  for (const entry of perVersion) {
    const found = acceptedBy.get(entry.version) as Set<string>;
    // Table order (OpenSSL's preference order), then anything unknown.
    const order = offerableSuites(entry.version);
    const sorted = [...found].sort((a, b) => {
      const ia = order.indexOf(a);
      const ib = order.indexOf(b);
      return (ia < 0 ? 1e9 : ia) - (ib < 0 ? 1e9 : ib) || a.localeCompare(b);
    });
    entry.accepted = sorted;
    for (const name of sorted) {
      const info = suiteInfo(name);
      accepted.push({ name, protocol: entry.version, ...(info ? { standardName: info.iana } : {}) });
    }
  }
  return { accepted, versions: perVersion, handshakes, errors };
}

/**
 * The suites the server accepts, per protocol version (TLS 1.0–1.3): every suite this
 * OpenSSL can offer, one at a time per version (comparable to sslscan's accepted list).
 * Rejects when a probe ended in `error` twice: the list would be incomplete.
 */
export async function acceptedSuites(target: TlsTarget, opts: EnumerateOptions): Promise<AcceptedSuite[]> {
  const e = await enumerateSuites(target, opts);
  if (e.errors.length > 0) {
    const first = e.errors[0] as HandshakeResult;
    throw new Error(`suite enumeration of ${target.host}:${target.port} incomplete: ${e.errors.length} probe(s) failed, e.g. ${first.detail}`);
  }
  return e.accepted;
}

// ---------------------------------------------------------------------------------------
// What a ClientHello really carries

export interface ClientHelloCapture {
  /** sent: a ClientHello reached the loopback listener; otherwise the probe's outcome. */
  outcome: 'sent' | 'cannot-offer' | 'error';
  detail: string;
  /** ClientHello.legacy_version, e.g. TLSv1.2 (TLS 1.3 hellos say TLSv1.2 here). */
  legacyVersion?: string;
  /** The supported_versions extension, when present. */
  supportedVersions?: string[];
  /** Suite code points in wire order, signalling values included. */
  codes: number[];
  /** Names of the suites (OpenSSL names; 0x.... when unknown), signalling values left out. */
  suites: string[];
}

const WIRE_VERSIONS: Record<number, string> = { 0x0300: 'SSLv3', 0x0301: 'TLSv1', 0x0302: 'TLSv1.1', 0x0303: 'TLSv1.2', 0x0304: 'TLSv1.3' };
/** TLS_EMPTY_RENEGOTIATION_INFO_SCSV and TLS_FALLBACK_SCSV. */
const SIGNALLING = new Set([0x00ff, 0x5600]);

function hex4(n: number): string {
  return `0x${n.toString(16).toUpperCase().padStart(4, '0')}`;
}

function wireVersion(n: number): string {
  return WIRE_VERSIONS[n] ?? hex4(n);
}

/** Parses the first ClientHello of a TLS byte stream; undefined until it is complete. */
export function parseClientHello(buf: Buffer): Omit<ClientHelloCapture, 'outcome' | 'detail'> | undefined {
  // Reassemble handshake bytes from the records.
  const hs: Buffer[] = [];
  let off = 0;
  while (off + 5 <= buf.length) {
    if (buf[off] !== 0x16) throw new Error(`not a handshake record (content type ${buf[off]})`);
    const len = buf.readUInt16BE(off + 3);
    if (off + 5 + len > buf.length) break;
    hs.push(buf.subarray(off + 5, off + 5 + len));
    off += 5 + len;
  }
  const h = Buffer.concat(hs);
  if (h.length < 4) return undefined;
  if (h[0] !== 1) throw new Error(`first handshake message is type ${h[0]}, not ClientHello`);
  const bodyLen = h.readUIntBE(1, 3);
  if (h.length < 4 + bodyLen) return undefined;
  const b = h.subarray(4, 4 + bodyLen);
  let p = 0;
  const legacyVersion = wireVersion(b.readUInt16BE(p));
  p += 2 + 32;
  p += 1 + (b[p] as number); // session id
  const suitesLen = b.readUInt16BE(p);
  p += 2;
  const codes: number[] = [];
  for (let i = 0; i < suitesLen; i += 2) codes.push(b.readUInt16BE(p + i));
  p += suitesLen;
  p += 1 + (b[p] as number); // compression methods
  let supportedVersions: string[] | undefined;
  if (p + 2 <= b.length) {
    const extEnd = p + 2 + b.readUInt16BE(p);
    p += 2;
    while (p + 4 <= extEnd) {
      const type = b.readUInt16BE(p);
      const len = b.readUInt16BE(p + 2);
      const data = b.subarray(p + 4, p + 4 + len);
      if (type === 0x002b) {
        supportedVersions = [];
        const n = data[0] ?? 0;
        for (let i = 1; i + 1 <= n && i + 1 < data.length; i += 2) supportedVersions.push(wireVersion(data.readUInt16BE(i)));
      }
      p += 4 + len;
    }
  }
  const suites = codes.filter((c) => !SIGNALLING.has(c)).map((c) => suiteByCode(c)?.name ?? hex4(c));
  return { legacyVersion, ...(supportedVersions ? { supportedVersions } : {}), codes, suites };
}

/**
 * Sends `offer` to a loopback listener of our own and returns the ClientHello node:tls put
 * on the wire: which suites and versions this OpenSSL really offers for it.
 */
export async function captureClientHello(offer: TlsOffer, timeoutMs = 2000): Promise<ClientHelloCapture> {
  let captured: Omit<ClientHelloCapture, 'outcome' | 'detail'> | undefined;
  let parseError: string | undefined;
  const server = net.createServer((s) => {
    let buf = Buffer.alloc(0);
    s.on('data', (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      try {
        const hello = parseClientHello(buf);
        if (hello) {
          captured = hello;
          s.destroy();
        }
      } catch (e) {
        parseError = (e as Error).message;
        s.destroy();
      }
    });
    s.on('error', () => undefined);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  try {
    const { port } = server.address() as net.AddressInfo;
    const r = await tryHandshake({ host: '127.0.0.1', port }, offer, timeoutMs);
    if (captured) return { outcome: 'sent', detail: r.detail, ...captured };
    if (r.outcome === 'cannot-offer') return { outcome: 'cannot-offer', detail: r.detail, codes: [], suites: [] };
    return { outcome: 'error', detail: parseError ?? r.detail, codes: [], suites: [] };
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
