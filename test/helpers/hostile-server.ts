// A hostile TAXII "server" at the socket level, for the hostile-targets tests: a net.Server
// on 127.0.0.1 and port 0 that hands each connection to one misbehaviour. TLS is done per
// connection by a tls.Server that never listens (its 'connection' event is fed the raw
// sockets), so a test still holds the raw TCP socket: it can count open sockets, send a TCP
// RST, or send plain bytes where a TLS record is due.
//
// HTTP is spoken by hand (no node:http): a request head up to CRLF CRLF, a Content-Length
// body, then whatever the behaviour writes. Every answer ends the connection, so each request
// of the suite is one connection here and the counts are per request.
//
// With `friendlyRequests: n`, the first n requests get a minimal valid TAXII answer (the
// Discovery message, an api-status, a token, a channel and a collection listing) so that the
// suite's setup succeeds and its cases, not its setup, meet the behaviour. The pre-draft
// setup sends exactly 5 requests (discovery, API Base, token, channels, collections).
//
// With `answer`, a test writes the answer to any request itself (a Discovery with bad
// api-bases, a message with a 20 MB field or nested 10,000 levels deep, many long headers);
// requests it returns undefined for get the behaviour as usual.
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { makeCert } from './s-server.js';
import { serverHello } from './legacy-tls-server.js';

export const BEHAVIOURS = [
  /** Accepts TCP and never answers: no TLS handshake. */
  'silent',
  /** Completes the TLS handshake and never answers the request. */
  'tls-silent',
  /** Sends the status line and headers (Content-Length: 4096), then nothing. */
  'headers-stall',
  /** 200 with a chunked body that never ends, as fast as the socket takes it. */
  'endless-body',
  /** 200 with Content-Length: 1073741824, streamed as fast as the socket takes it. */
  'giant-body',
  /** Content-Length: 1 MiB, sends 256 KiB, then a TCP RST. */
  'reset-mid-body',
  /** Plain bytes on the TLS port instead of a ServerHello. */
  'garbage',
  /** 302 with Location: the same URL, every time. */
  'redirect-loop',
  /** 200, application/taxii+json, a body that is not JSON. */
  'invalid-json',
  /** A valid TAXII answer labelled text/html. */
  'wrong-content-type',
  /** 200 with 100 KB of response headers. */
  'huge-headers',
  /** The response trickles out one byte a second. */
  'slow-loris',
  /** Answers the ClientHello with a record header of length 65535 (over TLS's limit), then floods. */
  'tls-huge-record',
  /** Answers the ClientHello with a valid ServerHello, one byte a second. */
  'tls-trickle',
  /** 201 with a small TAXII status: a write that worked (so the run has something to undo). */
  'accepted',
] as const;

export type Behaviour = (typeof BEHAVIOURS)[number];

export interface HostileOptions {
  behaviour: Behaviour;
  /** PEM text of the certificate and key; without them the server makes a self-signed one. */
  cert?: string;
  key?: string;
  /** The first n requests get a valid TAXII answer (setup), later ones the behaviour. */
  friendlyRequests?: number;
  /** The behaviour per request instead of one for all (request index counted after the friendly ones). */
  pick?: (n: number, path: string, method: string) => Behaviour;
  /** A scripted answer to a request (before the friendly answers and the behaviour), or undefined. */
  answer?: (r: ScriptedRequest) => ScriptedAnswer | undefined;
}

export interface ScriptedRequest {
  method: string;
  path: string;
  /** https://127.0.0.1:PORT */
  origin: string;
  /** The minimal valid TAXII answer the server would give this request (see friendlyRequests). */
  friendly: { status: number; body: unknown };
}

export interface ScriptedAnswer {
  status: number;
  /** Sent as given, after Content-Type (default application/taxii+json) and before Content-Length. */
  headers?: Record<string, string>;
  body: string | Buffer;
}

export interface ConnectionStats {
  behaviour: Behaviour | 'friendly' | 'scripted' | 'none';
  /** Body octets handed to the socket (application data, before TLS). */
  bodyBytesWritten: number;
  /** Octets written on the TCP socket (TLS records included). */
  tcpBytesWritten: number;
  closed: boolean;
}

export interface HostileServer {
  port: number;
  /** https://127.0.0.1:PORT/taxii/ */
  url: string;
  connections: ConnectionStats[];
  /** Requests parsed (friendly and hostile). */
  requests: { method: string; path: string; behaviour: Behaviour | 'friendly' | 'scripted' }[];
  /** TCP sockets open on the server side now. */
  openSockets(): number;
  /** Waits until no TCP socket is open (or `ms` passed); returns how many stay open. */
  waitForNoSockets(ms: number): Promise<number>;
  /** The largest body one connection wrote. */
  maxBodyBytesWritten(): number;
  /** Destroys every socket, stops every timer, closes the listener. */
  close(): Promise<void>;
}

const CHUNK = Buffer.alloc(64 * 1024, 'x');
const GIANT = 1024 * 1024 * 1024;
const RESET_TOTAL = 1024 * 1024;
const RESET_AFTER = 256 * 1024;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** A self-signed certificate and key (PEM text), for a server whose test does not care which. */
async function ownCertificate(): Promise<{ cert: string; key: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'taxii-conform-hostile-cert-'));
  try {
    const c = await makeCert(dir, 'hostile');
    return { cert: fs.readFileSync(c.cert, 'utf8'), key: fs.readFileSync(c.key, 'utf8') };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export async function startHostileServer(o: HostileOptions): Promise<HostileServer> {
  const pems = o.cert && o.key ? { cert: o.cert, key: o.key } : await ownCertificate();
  const sockets = new Set<net.Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const connections: ConnectionStats[] = [];
  const requests: HostileServer['requests'] = [];
  let served = 0;
  let port = 0;
  const origin = (): string => `https://127.0.0.1:${port}`;

  const statsOf = new WeakMap<net.Socket, ConnectionStats>();
  const tlsServer = tls.createServer(pems);
  // Handshake failures (the TLS probe's weak offers, aborted connects) are expected here.
  tlsServer.on('tlsClientError', () => undefined);
  tlsServer.on('secureConnection', (s: tls.TLSSocket) => {
    s.on('error', () => undefined);
    const raw = rawOf(s);
    const stats = (raw && statsOf.get(raw)) ?? { behaviour: 'none', bodyBytesWritten: 0, tcpBytesWritten: 0, closed: false };
    readRequest(s, (method, path) => {
      const scripted = o.answer?.({ method, path, origin: origin(), friendly: friendlyBody(method, path) });
      if (scripted) {
        requests.push({ method, path, behaviour: 'scripted' });
        stats.behaviour = 'scripted';
        return sendScripted(s, stats, scripted);
      }
      const friendly = served < (o.friendlyRequests ?? 0);
      const index = served++ - (o.friendlyRequests ?? 0);
      const b: Behaviour | 'friendly' = friendly ? 'friendly' : o.pick ? o.pick(index, path, method) : o.behaviour;
      requests.push({ method, path, behaviour: b });
      stats.behaviour = b;
      respond(s, stats, b, method, path);
    });
  });

  const server = net.createServer((raw) => {
    sockets.add(raw);
    const stats: ConnectionStats = { behaviour: 'none', bodyBytesWritten: 0, tcpBytesWritten: 0, closed: false };
    connections.push(stats);
    statsOf.set(raw, stats);
    raw.on('error', () => undefined);
    raw.on('close', () => {
      stats.tcpBytesWritten = raw.bytesWritten;
      stats.closed = true;
      sockets.delete(raw);
    });
    if (o.behaviour === 'silent' && !o.friendlyRequests) {
      stats.behaviour = 'silent';
      raw.resume(); // read the ClientHello and say nothing
      return;
    }
    if (o.behaviour === 'garbage' && !o.friendlyRequests) {
      stats.behaviour = 'garbage';
      raw.once('data', () => {
        raw.write('HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain\r\n\r\nthis port speaks no TLS at all\r\n');
      });
      raw.resume();
      return;
    }
    if (o.behaviour === 'tls-huge-record' && !o.friendlyRequests) {
      stats.behaviour = 'tls-huge-record';
      raw.once('data', () => {
        raw.write(Buffer.from([0x16, 0x03, 0x03, 0xff, 0xff]));
        const flood = (): void => {
          while (!raw.destroyed && raw.write(CHUNK));
          if (!raw.destroyed) raw.once('drain', flood);
        };
        flood();
      });
      raw.resume();
      return;
    }
    if (o.behaviour === 'tls-trickle' && !o.friendlyRequests) {
      stats.behaviour = 'tls-trickle';
      raw.once('data', () => {
        const hello = serverHello('TLSv1.2', 0xc028);
        let i = 0;
        const drip = (): void => {
          if (raw.destroyed || i >= hello.length) return;
          raw.write(hello.subarray(i, ++i));
          later(1000, drip);
        };
        drip();
      });
      raw.resume();
      return;
    }
    tlsServer.emit('connection', raw);
  });

  const later = (ms: number, fn: () => void): void => {
    const t = setTimeout(() => {
      timers.delete(t);
      fn();
    }, ms);
    timers.add(t);
  };

  /** The TCP socket under a TLSSocket that tls.Server made from it (node keeps it as _parent). */
  function rawOf(s: tls.TLSSocket): net.Socket | undefined {
    return (s as unknown as { _parent?: net.Socket })._parent;
  }

  function friendlyBody(method: string, path: string): { status: number; body: unknown } {
    const p = path.split('?')[0] ?? path;
    if (p === '/taxii/') return { status: 200, body: { type: 'discovery', title: 'hostile', 'api-bases': [`${origin()}/api1/`] } };
    if (p === '/api1/') return { status: 200, body: { type: 'api-status', title: 'hostile' } };
    if (p === '/api1/token/' && method === 'POST') return { status: 200, body: { 'access-token': 'hostile-issued-token', 'token-type': 'bearer', 'expires-in': 3600 } };
    if (p === '/api1/channels/') return { status: 200, body: { type: 'channels', channels: [{ name: 'hostile-channel', 'can-read': true, 'can-write': true }] } };
    if (p === '/api1/collections/') return { status: 200, body: { type: 'collections', collections: [{ name: 'hostile-collection', 'can-read': true, 'can-write': true }] } };
    return { status: 404, body: { type: 'error', message: 'not found' } };
  }

  function head(status: string, headers: Record<string, string | number>): string {
    return `HTTP/1.1 ${status}\r\n${Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`;
  }

  function sendScripted(s: tls.TLSSocket, stats: ConnectionStats, a: ScriptedAnswer): void {
    const body = Buffer.isBuffer(a.body) ? a.body : Buffer.from(a.body);
    stats.bodyBytesWritten += body.length;
    const headers = { 'Content-Type': 'application/taxii+json', ...a.headers, 'Content-Length': body.length, Connection: 'close' };
    s.write(head(`${a.status} Scripted`, headers));
    s.end(body);
  }

  /** Writes `total` body octets (Infinity: chunked, forever) as fast as the socket takes them. */
  function pump(s: tls.TLSSocket, stats: ConnectionStats, total: number, chunked: boolean, then?: () => void): void {
    let left = total;
    const step = (): void => {
      while (!s.destroyed && left > 0) {
        const n = Math.min(CHUNK.length, left);
        left -= n;
        stats.bodyBytesWritten += n;
        const piece = CHUNK.subarray(0, n);
        // One write per chunk: a short-circuited `a && b && c` would drop parts under backpressure.
        const more = s.write(chunked ? Buffer.concat([Buffer.from(`${n.toString(16)}\r\n`), piece, Buffer.from('\r\n')]) : piece);
        if (!more) {
          s.once('drain', step);
          return;
        }
      }
      if (!s.destroyed) then?.();
    };
    step();
  }

  function respond(s: tls.TLSSocket, stats: ConnectionStats, b: Behaviour | 'friendly', method: string, path: string): void {
    const json = (status: number, body: unknown, type = 'application/taxii+json'): void => {
      const text = JSON.stringify(body);
      stats.bodyBytesWritten += Buffer.byteLength(text);
      s.end(head(`${status} ${({ 200: 'OK', 201: 'Created' } as Record<number, string>)[status] ?? 'Not Found'}`, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(text), Connection: 'close' }) + text);
    };
    switch (b) {
      case 'friendly': {
        const f = friendlyBody(method, path);
        return json(f.status, f.body);
      }
      case 'wrong-content-type': {
        const f = friendlyBody(method, path);
        return json(f.status, f.body, 'text/html; charset=utf-8');
      }
      case 'accepted':
        return json(201, { type: 'status', status: 'complete' });
      case 'silent':
      case 'tls-silent':
      case 'tls-huge-record': // TLS-level behaviours: once TLS is up, they say nothing
      case 'tls-trickle':
        return; // the request was read; no answer, ever
      case 'garbage':
        // Mid-run (after friendly requests): plain bytes inside the TLS stream are not HTTP either.
        s.write('\x00\x01\x02 not HTTP \xff\xfe\r\n\r\n');
        return;
      case 'headers-stall':
        s.write(head('200 OK', { 'Content-Type': 'application/taxii+json', 'Content-Length': 4096 }));
        return;
      case 'endless-body':
        s.write(head('200 OK', { 'Content-Type': 'application/taxii+json', 'Transfer-Encoding': 'chunked' }));
        return pump(s, stats, Infinity, true);
      case 'giant-body':
        s.write(head('200 OK', { 'Content-Type': 'application/taxii+json', 'Content-Length': GIANT }));
        return pump(s, stats, GIANT, false, () => s.end());
      case 'reset-mid-body':
        s.write(head('200 OK', { 'Content-Type': 'application/taxii+json', 'Content-Length': RESET_TOTAL }));
        return pump(s, stats, RESET_AFTER, false, () => {
          // Let the TLS records reach the client, then RST the TCP connection.
          s.write('', () => later(50, () => rawOf(s)?.resetAndDestroy()));
        });
      case 'redirect-loop':
        s.end(head('302 Found', { Location: `${origin()}${path}`, 'Content-Length': 0, Connection: 'close' }));
        return;
      case 'invalid-json': {
        const text = '{"type": "discovery", "api-bases": ["https://127.0.0.1/api1/", oops';
        stats.bodyBytesWritten += text.length;
        s.end(head('200 OK', { 'Content-Type': 'application/taxii+json', 'Content-Length': text.length, Connection: 'close' }) + text);
        return;
      }
      case 'huge-headers': {
        const headers: Record<string, string | number> = { 'Content-Type': 'application/taxii+json' };
        for (let i = 0; i < 1000; i++) headers[`X-Hostile-${String(i).padStart(4, '0')}`] = 'h'.repeat(86); // 100 octets a line
        const text = '{"type":"discovery"}';
        headers['Content-Length'] = text.length;
        headers.Connection = 'close';
        s.end(head('200 OK', headers) + text);
        return;
      }
      case 'slow-loris': {
        const text = '{"type":"discovery","api-bases":[]}';
        const all = Buffer.from(head('200 OK', { 'Content-Type': 'application/taxii+json', 'Content-Length': text.length }) + text);
        let i = 0;
        const drip = (): void => {
          if (s.destroyed || i >= all.length) return;
          s.write(all.subarray(i, ++i));
          later(1000, drip);
        };
        drip();
        return;
      }
    }
  }

  server.listen(0, '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  port = (server.address() as net.AddressInfo).port;

  return {
    port,
    url: `${origin()}/taxii/`,
    connections,
    requests,
    openSockets: () => sockets.size,
    async waitForNoSockets(ms: number): Promise<number> {
      const deadline = Date.now() + ms;
      while (sockets.size > 0 && Date.now() < deadline) await sleep(10);
      return sockets.size;
    },
    maxBodyBytesWritten: () => Math.max(0, ...connections.map((c) => c.bodyBytesWritten)),
    async close(): Promise<void> {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Calls `onRequest` once, when a request head (and its Content-Length body) has arrived. */
function readRequest(s: tls.TLSSocket, onRequest: (method: string, path: string) => void): void {
  let buf = Buffer.alloc(0);
  let done = false;
  const onData = (d: Buffer): void => {
    if (done) return;
    buf = Buffer.concat([buf, d]);
    const end = buf.indexOf('\r\n\r\n');
    if (end < 0) {
      if (buf.length > 1024 * 1024) s.destroy();
      return;
    }
    const headText = buf.subarray(0, end).toString('latin1');
    const length = Number(/\r\ncontent-length:\s*(\d+)/i.exec(headText)?.[1] ?? 0);
    if (buf.length - end - 4 < length) return;
    done = true;
    const [method = 'GET', path = '/'] = (headText.split('\r\n')[0] ?? '').split(' ');
    onRequest(method, path);
  };
  s.on('data', onData);
}
