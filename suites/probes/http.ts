// The HTTP probe: one request over undici, with the body read up to a bound and the
// exchange recorded as redacted evidence. Paths are sent raw (no URL normalisation) so
// that cases can send `%2E%2E` and friends exactly as written.
//
// A hostile target must not hang, crash or flood the suite (docs/hostile-targets.md):
// - the request's signal ends send() at once in every phase. undici defers an abort until
//   the connection is up, so a server that accepts TCP and never completes TLS would hold a
//   request until undici's connect timeout: send() races the signal instead (and that
//   timeout is the run's own, connectTimeoutMs, not undici's fixed 10 s);
// - each request listens to the caller's signal through a child of its own (./core/abort.ts),
//   so a signal shared by many requests gets one listener, not one per request;
// - no body is read past maxBodyBytes, and a cut, reset or stalled body says how many
//   octets came;
// - every socket the transport opened (even one still in its handshake) is destroyed by
//   close();
// - a failure says in which phase it happened: TCP connect, TLS handshake, response headers,
//   or the body.
import dns from 'node:dns';
import http from 'node:http';
import net from 'node:net';
import type { Agent, buildConnector, Dispatcher } from 'undici';
import { undici } from '../core/heavy-deps.js';
import type { HttpEvidence } from '../core/types.js';
import { isTimeout, onAbort, TimeLimit } from '../core/abort.js';
import { Semaphore } from '../core/concurrency.js';
import { curlFor, redactHeaders, type CurlRequest, type Scrubber } from '../core/evidence.js';

export interface HttpTransportOptions {
  /** Verify the server certificate (false with --insecure). */
  verify: boolean;
  /** Extra CA certificates (PEM) to trust. */
  ca?: string;
  /** Bytes of body read at most; more is counted as truncated. */
  maxBodyBytes: number;
  /** Addresses for host names the system resolver does not know (found through DNS SRV). */
  hosts?: ReadonlyMap<string, string[]>;
  /**
   * How many bodies longer than LARGE_BODY_BYTES are read at once (default 2); other large
   * reads wait, unread, with the socket paused. The memory bodies take while they are read
   * stays near largeBodies × maxBodyBytes + concurrency × LARGE_BODY_BYTES, whatever the
   * concurrency (without it: concurrency × maxBodyBytes, 2 GiB at --concurrency 64).
   */
  largeBodies?: number;
  /**
   * The run is --read-only: only GET and HEAD leave the transport, and the other requests
   * `writeFree` vouches for (a profile's token request, a TAXII 1.x read message). Every
   * other request is refused unsent (HttpExchange.refused).
   */
  readOnly?: { writeFree(req: HttpRequest): boolean };
  /** Time allowed to set up a connection (TCP and TLS), ms; default undici's 10 s. */
  connectTimeoutMs?: number;
  /**
   * The user's TLS client certificate: presented on the connections of the requests that ask
   * for it (`clientCert`, set by suites/core/credentials.ts where the credentials may go), which
   * have a pool of their own; every other request's connection presents none.
   */
  clientCertificate?: { cert: string; key: string; passphrase?: string };
}

/** Why a request was not sent under --read-only (the skip reason of its case). */
export const READ_ONLY_REFUSAL = 'writes to the target and the run is --read-only';

/** Methods that never change anything on a server (RFC 9110 safe methods the suite uses). */
const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD']);

/** A body up to this size is read without waiting for a large-body slot. */
export const LARGE_BODY_BYTES = 1024 * 1024;

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | dns.LookupAddress[], family?: number) => void;

/** node's lookup, answering first from `hosts` (names learned through --dns-server). */
function lookupWith(hosts: ReadonlyMap<string, string[]>) {
  return (hostname: string, options: dns.LookupOptions, callback: LookupCallback): void => {
    const known = hosts.get(hostname.toLowerCase());
    if (!known?.length) {
      dns.lookup(hostname, options, callback as (err: NodeJS.ErrnoException | null, address: string | dns.LookupAddress[], family: number) => void);
      return;
    }
    const all = known.map((address) => ({ address, family: net.isIPv6(address) ? 6 : 4 }));
    if (options.all) callback(null, all);
    else callback(null, all[0]!.address, all[0]!.family);
  };
}

export interface HttpRequest extends CurlRequest {
  /** Ends the request (case timeout, Ctrl-C). */
  signal?: AbortSignal;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  /** Octets received (up to the bound plus one chunk). */
  bodyBytes: number;
  truncated: boolean;
}

export interface HttpExchange {
  request: HttpRequest;
  response?: HttpResponse;
  error?: string;
  /**
   * Set with `error` when the status line and headers came but the body did not (it stalled,
   * was reset or cut short): the target answered, brokenly. No response is made of it: a
   * case must not pass on the status of a response whose body never arrived.
   */
  partial?: { status: number; headers: Record<string, string>; bodyBytes: number };
  /** Set (with `error`) when the transport refused to send the request: READ_ONLY_REFUSAL. */
  refused?: string;
  durationMs: number;
  /** performance.now() when the status line and headers came (the server had answered); exchanges are ordered by it. */
  headersAt?: number;
}

/** Bytes of each body kept in a report. */
export const EVIDENCE_BODY_BYTES = 4096;

/** Splits an absolute URL into origin and the raw path+query as written. */
export function splitUrl(url: string): { origin: string; path: string } {
  const m = /^(https?:\/\/[^/?#]+)([^#]*)/i.exec(url);
  if (!m) throw new Error(`not an absolute http(s) URL: ${url}`);
  const path = m[2] === '' ? '/' : (m[2] as string);
  return { origin: m[1] as string, path };
}

/** What the transport's connections to one origin have got as far as (for error messages). */
interface OriginState {
  /** TCP connections established. */
  tcp: number;
  /** Connections ready for HTTP (TLS handshake done; for http:, TCP up). */
  ready: number;
  /**
   * The TLS alert that ended the origin's last connection after its handshake, if it was one:
   * at TLS 1.3 a server refusing the client's certificate (or its absence) says so after the
   * client's side of the handshake, and undici reports only "other side closed".
   */
  alert?: string;
}

/** Origin key of undici connect options or of a URL origin: `https://host:port`. */
function originKey(protocol: string, hostname: string, port: string): string {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return `${protocol.toLowerCase()}//${host}:${port || (protocol.toLowerCase() === 'http:' ? '80' : '443')}`;
}

type Connector = (o: Parameters<buildConnector.connector>[0], cb: Parameters<buildConnector.connector>[1]) => net.Socket | undefined;

export class HttpTransport {
  private readonly agent: Agent;
  /** The pool whose connections present the client certificate (only with one). */
  private readonly certAgent: Agent | undefined;
  /** Every socket opened and not yet closed, handshaking ones included: close() ends them. */
  private readonly sockets = new Set<net.Socket>();
  private readonly origins = new Map<string, OriginState>();
  private readonly largeReads: Semaphore;

  constructor(private readonly opts: HttpTransportOptions) {
    this.largeReads = new Semaphore(Math.max(1, opts.largeBodies ?? 2));
    const { Agent } = undici();
    // A bounded number of sockets per origin (per pool) keeps a run from flooding a target.
    this.agent = new Agent({ connect: this.connector() as unknown as buildConnector.connector, connections: 16 });
    const id = opts.clientCertificate;
    this.certAgent = id
      ? new Agent({ connect: this.connector({ cert: id.cert, key: id.key, ...(id.passphrase !== undefined ? { passphrase: id.passphrase } : {}) }) as unknown as buildConnector.connector, connections: 16 })
      : undefined;
  }

  /** A connector counting its origins' connections and keeping its sockets (for close()), with `tls` added to the TLS options. */
  private connector(tls: { cert?: string; key?: string; passphrase?: string } = {}): Connector {
    const { opts } = this;
    const base = undici().buildConnector({
      rejectUnauthorized: opts.verify,
      ...(opts.connectTimeoutMs !== undefined ? { timeout: opts.connectTimeoutMs } : {}),
      ...(opts.ca ? { ca: opts.ca } : {}),
      ...(opts.hosts?.size ? { lookup: lookupWith(opts.hosts) } : {}),
      ...tls,
    }) as unknown as Connector;
    return (o, cb) => {
      const key = originKey(o.protocol, o.hostname, o.port);
      const state = this.origins.get(key) ?? { tcp: 0, ready: 0 };
      this.origins.set(key, state);
      const socket = base(o, (err, s) => {
        if (!err) {
          state.ready++;
          delete state.alert;
        }
        // undici's callback types the pair loosely; hand it on as given.
        (cb as (e: Error | null, s: net.Socket | null) => void)(err, s);
      });
      if (socket) {
        socket.on('error', (e: { code?: string }) => {
          if (typeof e?.code === 'string' && e.code.startsWith('ERR_SSL_')) state.alert = describeNetworkError(e);
        });
        this.sockets.add(socket);
        socket.once('connect', () => state.tcp++);
        socket.once('close', () => this.sockets.delete(socket));
      }
      return socket;
    };
  }

  async send(req: HttpRequest): Promise<HttpExchange> {
    const started = performance.now();
    const done = (x: Omit<HttpExchange, 'durationMs' | 'request'>): HttpExchange => ({
      request: req,
      ...x,
      durationMs: Math.round(performance.now() - started),
    });
    if (this.opts.readOnly && !SAFE_METHODS.has(req.method.toUpperCase()) && !this.opts.readOnly.writeFree(req)) {
      return done({ refused: READ_ONLY_REFUSAL, error: `not sent: ${req.method} ${req.url} ${READ_ONLY_REFUSAL}` });
    }
    let origin: string;
    let path: string;
    try {
      ({ origin, path } = splitUrl(req.url));
    } catch (e) {
      return done({ error: (e as Error).message });
    }
    if (req.signal?.aborted) return done({ error: abortedWhy(req.signal, 'before the request was sent', performance.now() - started) });
    const child = req.signal ? new TimeLimit(undefined, req.signal) : undefined;
    try {
      return await this.exchange(req, origin, path, child?.signal, done, started);
    } finally {
      child?.dispose();
    }
  }

  private async exchange(
    req: HttpRequest,
    origin: string,
    path: string,
    signal: AbortSignal | undefined,
    done: (x: Omit<HttpExchange, 'durationMs' | 'request'>) => HttpExchange,
    started: number,
  ): Promise<HttpExchange> {
    const pending = (req.clientCert !== undefined && this.certAgent ? this.certAgent : this.agent).request({
      origin,
      path,
      method: req.method as Dispatcher.HttpMethod,
      headers: req.headers,
      body: req.body ?? null,
      signal,
    });
    let res: Dispatcher.ResponseData;
    try {
      res = await raceSignal(pending, signal);
    } catch (e) {
      if (e === ABANDONED && signal) {
        // undici still holds the request until its connection is up (or fails): free it then.
        pending.then((r) => r.body.destroy(), () => undefined);
        return done({ error: abortedWhy(signal, this.beforeHeaders(origin), performance.now() - started) });
      }
      if (signal?.aborted) return done({ error: abortedWhy(signal, this.beforeHeaders(origin), performance.now() - started) });
      const alert = (e as { code?: string })?.code === 'UND_ERR_SOCKET' ? this.state(origin)?.alert : undefined;
      return done({ error: `${describeNetworkError(e)}${alert ? `, after a TLS alert: ${alert}` : ''}` });
    }
    const headersAt = performance.now();
    const declared = contentLength(res.headers);
    const read = await readBounded(res.body, this.opts.maxBodyBytes, this.largeReads, signal, declared);
    if ('error' in read) {
      const got = `${read.bytes}${declared !== undefined ? ` of ${declared}` : ''} octets`;
      const waited = read.waiting ? ', waiting for one of the large-body reads in progress to end' : '';
      const why = signal?.aborted
        ? abortedWhy(signal, `reading the response body: ${got} received after status ${res.statusCode}${waited}`, performance.now() - started)
        : `body cut at ${got} (status ${res.statusCode}): ${describeNetworkError(read.error)}`;
      return done({ error: why, headersAt, partial: { status: res.statusCode, headers: flattenHeaders(res.headers), bodyBytes: read.bytes } });
    }
    return done({
      headersAt,
      response: { status: res.statusCode, headers: flattenHeaders(res.headers), body: read.body, bodyBytes: read.bytes, truncated: read.truncated },
    });
  }

  /** Which phase a request was in when it got no response headers, as far as this transport knows. */
  private beforeHeaders(origin: string): string {
    const state = this.state(origin);
    const tls = /^https:/i.test(origin);
    if (!state || state.tcp === 0) return `connecting to ${origin}: no TCP connection was established`;
    if (state.ready === 0 && tls) return `in the TLS handshake with ${origin}: the server accepted the TCP connection and never completed a TLS handshake`;
    return 'waiting for response headers';
  }

  /** What the connections to `origin` (as splitUrl gives it) have got as far as. */
  private state(origin: string): OriginState | undefined {
    try {
      const u = new URL(origin);
      return this.origins.get(originKey(u.protocol, u.hostname, u.port));
    } catch {
      return undefined;
    }
  }

  /** Ends every connection, including ones still connecting or in their handshake. */
  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    await Promise.all([this.agent, this.certAgent].map((a) => a?.destroy().catch(() => undefined)));
  }
}

const ABANDONED = Symbol('abandoned');

/** Settles with `p`, or rejects with ABANDONED as soon as `signal` aborts. */
function raceSignal<T>(p: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return p;
  return new Promise<T>((resolve, reject) => {
    const leave = onAbort(signal, () => reject(ABANDONED));
    p.then(
      (v) => {
        leave();
        resolve(v);
      },
      (e: unknown) => {
        leave();
        reject(e);
      },
    );
  });
}

/** Why an aborted request ended: the case's time limit, or Ctrl-C. */
function abortedWhy(signal: AbortSignal, phase: string, ms: number): string {
  return `${isTimeout(signal.reason) ? 'timed out' : 'interrupted'} ${phase} (after ${Math.round(ms)} ms)`;
}

function contentLength(h: Record<string, string | string[] | undefined>): number | undefined {
  const v = h['content-length'];
  const n = Number(Array.isArray(v) ? v[0] : v);
  return v !== undefined && Number.isSafeInteger(n) && n >= 0 ? n : undefined;
}

/**
 * Reads a body up to `max` octets: more is cut (truncated) and the stream destroyed, which
 * closes the connection. A stream error (reset, premature close, abort) comes back with the
 * octets received so far; what was read is dropped then.
 *
 * Up to LARGE_BODY_BYTES the chunks are kept as they come. Past it, a read first takes one
 * of the transport's large-body slots (while it waits nothing more is read, and TCP flow
 * control pauses the server), then copies everything into one buffer of the size announced
 * (or `max`), grown if a server sends more than it announced: no chunk views that keep the
 * socket's or TLS layer's read buffers alive, and no second copy of a cut body at the end.
 */
async function readBounded(
  stream: AsyncIterable<Buffer> & { destroy(err?: Error): void },
  max: number,
  large: Semaphore,
  signal: AbortSignal | undefined,
  declared: number | undefined,
): Promise<{ body: Buffer; bytes: number; truncated: boolean } | { error: unknown; bytes: number; waiting: boolean }> {
  const small: Buffer[] = [];
  let big: Buffer | undefined;
  let kept = 0;
  let bytes = 0;
  let release: (() => void) | undefined;
  let waiting = false;
  const keepLarge = (chunk: Buffer): void => {
    if (!big) {
      big = Buffer.allocUnsafe(Math.min(max, Math.max(declared ?? max, kept + chunk.length)));
      let off = 0;
      for (const c of small) off += c.copy(big, off);
      small.length = 0;
    } else if (kept + chunk.length > big.length) {
      const grown = Buffer.allocUnsafe(Math.min(max, Math.max(kept + chunk.length, big.length * 2)));
      big.copy(grown, 0, 0, kept);
      big = grown;
    }
    kept += chunk.copy(big, kept);
  };
  const keep = (chunk: Buffer): void => {
    if (big || kept + chunk.length > LARGE_BODY_BYTES) return keepLarge(chunk);
    small.push(chunk);
    kept += chunk.length;
  };
  const body = (): Buffer => {
    if (!big) return Buffer.concat(small, kept);
    if (kept === big.length) return big;
    // A server that announced more than it sent: don't hold on to the unused part.
    return kept < big.length / 2 ? Buffer.from(big.subarray(0, kept)) : big.subarray(0, kept);
  };
  try {
    for await (const chunk of stream) {
      if (!release && kept + chunk.length > LARGE_BODY_BYTES) {
        waiting = true;
        release = await large.acquire(signal);
        waiting = false;
      }
      bytes += chunk.length;
      if (bytes > max) {
        keep(chunk.subarray(0, Math.max(0, chunk.length - (bytes - max))));
        stream.destroy();
        return { body: body(), bytes, truncated: true };
      }
      keep(chunk);
    }
  } catch (error) {
    stream.destroy();
    return { error, bytes, waiting };
  } finally {
    release?.();
  }
  return { body: body(), bytes, truncated: false };
}

function flattenHeaders(h: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) {
    if (v === undefined) continue;
    out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  }
  return out;
}

/** The first line of an OpenSSL error, without its "error:0A00010B:SSL routines:…" prefix and source path. */
function opensslReason(e: { reason?: string; message?: string }): string {
  if (typeof e.reason === 'string' && e.reason !== '') return e.reason;
  const line = (e.message ?? '').split('\n')[0] ?? '';
  const m = /:SSL routines:[^:]*:([^:]+)/.exec(line);
  return m?.[1] ?? line;
}

/** One line saying why a request got no response, without a stack. */
export function describeNetworkError(e: unknown): string {
  const err = e as { name?: string; code?: string; message?: string; reason?: string; cause?: { code?: string; message?: string; reason?: string } };
  if (err?.name === 'TimeoutError') return 'timed out';
  if (err?.name === 'AbortError' || err?.code === 'UND_ERR_ABORTED') return 'request aborted (timeout or interrupted)';
  const code = err?.cause?.code ?? err?.code;
  const msg = err?.cause?.message ?? err?.message ?? String(e);
  if (code === 'ERR_SSL_WRONG_VERSION_NUMBER' || code === 'ERR_SSL_PACKET_LENGTH_TOO_LONG' || code === 'ERR_SSL_RECORD_LAYER_FAILURE') {
    return `TLS handshake failed: the server did not answer with TLS (${opensslReason(err?.cause ?? err)}; plain bytes on an https port?)`;
  }
  if (typeof code === 'string' && code.startsWith('ERR_SSL_')) {
    const needsCertificate = /CERTIFICATE_REQUIRED$/.test(code) ? ': the server requires a TLS client certificate (--client-cert and --client-key)' : '';
    return `TLS handshake failed: ${opensslReason(err?.cause ?? err)} (${code})${needsCertificate}`;
  }
  // undici's HTTPParserError usually has no code (it looks up llhttp's error names the wrong way round).
  if (err?.name === 'HTTPParserError' || (typeof code === 'string' && code.startsWith('HPE_'))) {
    const detail = /^Response does not match the HTTP\/1\.1 protocol \((.*)\)$/s.exec(msg)?.[1] ?? msg;
    return `invalid HTTP response: not HTTP/1.1 (${detail}${code ? `, ${code}` : ''})`;
  }
  switch (code) {
    case 'UND_ERR_HEADERS_OVERFLOW':
      return `response headers larger than ${http.maxHeaderSize} octets: not read (${code})`;
    case 'UND_ERR_CONNECT_TIMEOUT':
      return `timed out connecting (${msg})`;
    case 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH':
      return `response body shorter or longer than its Content-Length (${msg})`;
    case 'ECONNREFUSED':
      return `connection refused (${msg})`;
    case 'ECONNRESET':
      return `connection reset by the server (${msg})`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `host not found (${msg})`;
    case 'UND_ERR_HEADERS_TIMEOUT':
      return 'timed out waiting for response headers';
    case 'UND_ERR_BODY_TIMEOUT':
      return 'timed out reading the response body';
    case 'UND_ERR_SOCKET':
      return /other side closed/i.test(msg) ? 'the server closed the connection' : `socket error (${msg})`;
    case 'EPIPE':
      return `the server closed the connection while the request was sent (${msg})`;
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'CERT_HAS_EXPIRED':
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return `TLS certificate not trusted: ${code} (use --ca <pem> or --insecure)`;
    default:
      return code ? `${code}: ${msg}` : msg;
  }
}

/** The evidence record of an exchange: redacted headers, bodies cut to a bound, a curl line. */
export function toEvidence(x: HttpExchange, insecure: boolean, scrubber: Scrubber, bodyFile?: string): HttpEvidence {
  const s = (t: string): string => scrubber.scrub(t);
  const reqBody = x.request.body === undefined ? undefined : s(cut(Buffer.from(x.request.body)));
  const ev: HttpEvidence = {
    kind: 'http',
    request: {
      method: x.request.method,
      url: x.request.url,
      headers: redactHeaders(x.request.headers),
      ...(reqBody !== undefined ? { body: reqBody } : {}),
    },
    curl: s(curlFor(bodyFile === undefined ? x.request : { ...x.request, bodyFile }, insecure)),
    durationMs: x.durationMs,
  };
  if (x.response) {
    ev.response = {
      status: x.response.status,
      headers: redactHeaders(x.response.headers),
      body: s(cut(x.response.body)),
      bodyBytes: x.response.bodyBytes,
      truncated: x.response.truncated,
    };
  }
  if (x.error) ev.error = s(x.error);
  return ev;
}

function cut(b: Buffer): string {
  if (b.length <= EVIDENCE_BODY_BYTES) return b.toString('utf8');
  return `${b.subarray(0, EVIDENCE_BODY_BYTES).toString('utf8')}… [${b.length - EVIDENCE_BODY_BYTES} more bytes]`;
}
