// The HTTP probe: one request over undici, with the body read up to a bound and the
// exchange recorded as redacted evidence. Paths are sent raw (no URL normalisation) so
// that cases can send `%2E%2E` and friends exactly as written.
import dns from 'node:dns';
import net from 'node:net';
import { Agent, type Dispatcher } from 'undici';
import type { HttpEvidence } from '../core/types.js';
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
}

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
  durationMs: number;
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

export class HttpTransport {
  private readonly agent: Agent;

  constructor(private readonly opts: HttpTransportOptions) {
    this.agent = new Agent({
      connect: {
        rejectUnauthorized: opts.verify,
        ...(opts.ca ? { ca: opts.ca } : {}),
        ...(opts.hosts?.size ? { lookup: lookupWith(opts.hosts) } : {}),
      },
      // A bounded number of sockets per origin keeps a run from flooding a target.
      connections: 16,
    });
  }

  async send(req: HttpRequest): Promise<HttpExchange> {
    const started = performance.now();
    const done = (x: Omit<HttpExchange, 'durationMs' | 'request'>): HttpExchange => ({
      request: req,
      ...x,
      durationMs: Math.round(performance.now() - started),
    });
    let origin: string;
    let path: string;
    try {
      ({ origin, path } = splitUrl(req.url));
    } catch (e) {
      return done({ error: (e as Error).message });
    }
    try {
      const res = await this.agent.request({
        origin,
        path,
        method: req.method as Dispatcher.HttpMethod,
        headers: req.headers,
        body: req.body ?? null,
        signal: req.signal,
      });
      const { body, bodyBytes, truncated } = await readBounded(res.body, this.opts.maxBodyBytes);
      return done({
        response: { status: res.statusCode, headers: flattenHeaders(res.headers), body, bodyBytes, truncated },
      });
    } catch (e) {
      return done({ error: describeNetworkError(e) });
    }
  }

  async close(): Promise<void> {
    await this.agent.close().catch(() => undefined);
  }
}

async function readBounded(
  stream: AsyncIterable<Buffer> & { destroy(err?: Error): void },
  max: number,
): Promise<{ body: Buffer; bodyBytes: number; truncated: boolean }> {
  const chunks: Buffer[] = [];
  let bytes = 0;
  for await (const chunk of stream) {
    bytes += chunk.length;
    if (bytes > max) {
      chunks.push(chunk.subarray(0, Math.max(0, chunk.length - (bytes - max))));
      stream.destroy();
      return { body: Buffer.concat(chunks), bodyBytes: bytes, truncated: true };
    }
    chunks.push(chunk);
  }
  return { body: Buffer.concat(chunks), bodyBytes: bytes, truncated: false };
}

function flattenHeaders(h: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) {
    if (v === undefined) continue;
    out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  }
  return out;
}

/** One line saying why a request got no response, without a stack. */
export function describeNetworkError(e: unknown): string {
  const err = e as { name?: string; code?: string; message?: string; cause?: { code?: string; message?: string } };
  if (err?.name === 'AbortError' || err?.code === 'UND_ERR_ABORTED') return 'request aborted (timeout or interrupted)';
  const code = err?.cause?.code ?? err?.code;
  const msg = err?.cause?.message ?? err?.message ?? String(e);
  switch (code) {
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
      return `socket error (${msg})`;
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
export function toEvidence(x: HttpExchange, insecure: boolean, scrubber: Scrubber): HttpEvidence {
  const s = (t: string): string => scrubber.scrub(t);
  const reqBody = x.request.body === undefined ? undefined : s(cut(Buffer.from(x.request.body)));
  const ev: HttpEvidence = {
    request: {
      method: x.request.method,
      url: x.request.url,
      headers: redactHeaders(x.request.headers),
      ...(reqBody !== undefined ? { body: reqBody } : {}),
    },
    curl: s(curlFor(x.request, insecure)),
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
