// One node:tls connection whose every byte from the server is kept, with the key log and the
// sessions (tickets) node:tls gives its client, and one request written once the handshake
// is done: the raw material of the probes node:tls alone cannot answer (what the server's
// TLS 1.3 flight held, what its session tickets allow). The request's answer is read up to
// its status line; the connection is destroyed at the end, within the timeout.
import net from 'node:net';
import tls from 'node:tls';
import { Duplex } from 'node:stream';
import { performance } from 'node:perf_hooks';
import type { TlsTarget } from './tls.js';

/** The most server octets kept (a handshake flight is far smaller). */
const MAX_KEPT = 256 * 1024;

export interface TapOptions {
  timeoutMs: number;
  signal?: AbortSignal;
  /** A client certificate and its key (PEM) to present when asked; the key's passphrase when it is encrypted. */
  cert?: string;
  key?: string;
  passphrase?: string;
  /** Written once the handshake is done (e.g. an HTTP request); the answer is read to its first line. */
  request?: string;
  /** Ends the connection at once when a session (ticket) it is given says enough. */
  enough?: (session: Buffer) => boolean;
}

export interface TapResult {
  /** accepted: the handshake completed and the server did not end it; refused: an alert or a close before any answer; error: no connection, a timeout before the handshake, not TLS. */
  outcome: 'accepted' | 'refused' | 'error';
  protocol?: string;
  cipher?: string;
  /** Node's error text of a refusal (e.g. `tlsv13 alert certificate required`). */
  alert?: string;
  /** The first line of the answer to `request`. */
  firstLine?: string;
  /** Octets the server sent (up to 256 KiB). */
  bytes: Buffer;
  /** The NSS key log lines of the connection. */
  keylog: string[];
  /** Each session node:tls gave (OpenSSL's DER SSL_SESSION, one per ticket in TLS 1.3). */
  sessions: Buffer[];
  /** Whether the handshake completed (before any later refusal). */
  handshakeDone: boolean;
  detail: string;
  durationMs: number;
}

interface NodeError extends Error {
  code?: string;
  reason?: string;
}

export function tappedConnection(target: TlsTarget, o: TapOptions): Promise<TapResult> {
  const started = performance.now();
  const servername = target.servername ?? (net.isIP(target.host) === 0 ? target.host : undefined);
  return new Promise<TapResult>((resolve) => {
    const kept: Buffer[] = [];
    let keptBytes = 0;
    const keylog: string[] = [];
    const sessions: Buffer[] = [];
    let handshakeDone = false;
    let answer = '';
    let settled = false;
    const raw = net.connect({ host: target.host, port: target.port });
    // A duplex in between, so that node:tls reads through JavaScript and every octet is seen.
    const tap = new Duplex({
      read() {},
      write(chunk: Buffer, _enc, cb) {
        if (raw.destroyed) cb();
        else raw.write(chunk, () => cb());
      },
      final(cb) {
        raw.end();
        cb();
      },
      destroy(err, cb) {
        raw.destroy();
        cb(err);
      },
    });
    raw.on('data', (c: Buffer) => {
      if (keptBytes < MAX_KEPT) {
        kept.push(c);
        keptBytes += c.length;
      }
      tap.push(c);
    });
    raw.on('end', () => tap.push(null));
    raw.on('error', (e) => (handshakeDone ? finish('refused', `the connection failed after the handshake: ${e.message}`, e.message) : finish('error', `connection failed: ${e.message}`)));
    const socket = tls.connect({
      socket: tap,
      ...(servername ? { servername } : {}),
      rejectUnauthorized: false,
      minVersion: 'TLSv1.2',
      ...(o.cert && o.key ? { cert: o.cert, key: o.key, ...(o.passphrase !== undefined ? { passphrase: o.passphrase } : {}) } : {}),
    });
    socket.on('keylog', (line: Buffer) => keylog.push(line.toString('latin1')));
    socket.on('session', (s: Buffer) => {
      sessions.push(s);
      if (o.enough?.(s)) finish('accepted', 'a session ticket said enough');
    });
    socket.on('secureConnect', () => {
      handshakeDone = true;
      if (o.request !== undefined) socket.write(o.request);
    });
    socket.on('data', (c: Buffer) => {
      answer += c.toString('latin1');
      if (answer.length > 8192 || answer.includes('\n')) finish('accepted', 'answered');
    });
    socket.on('end', () => finish(handshakeDone && answer !== '' ? 'accepted' : 'refused', handshakeDone ? 'the server closed the connection before any answer' : 'the server closed the connection during the handshake'));
    socket.on('error', (e: NodeError) => {
      const reason = typeof e.reason === 'string' && e.reason !== '' ? e.reason : (e.message.split('\n')[0] ?? e.message);
      const fromServer = /alert/i.test(reason) || e.code === 'ECONNRESET' || /disconnected/.test(reason);
      if (fromServer) finish('refused', reason, reason);
      else finish(handshakeDone ? 'accepted' : 'error', reason);
    });
    const timer = setTimeout(() => finish(handshakeDone ? 'accepted' : 'error', handshakeDone ? `no answer within ${o.timeoutMs} ms` : `no handshake within ${o.timeoutMs} ms`), o.timeoutMs);
    const onAbort = (): void => finish('error', 'aborted');
    o.signal?.addEventListener('abort', onAbort, { once: true });
    if (o.signal?.aborted) onAbort();

    function finish(outcome: TapResult['outcome'], detail: string, alert?: string): void {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      o.signal?.removeEventListener('abort', onAbort);
      const protocol = handshakeDone ? (socket.getProtocol() ?? undefined) : undefined;
      const cipher = handshakeDone ? socket.getCipher()?.name : undefined;
      const nl = answer.indexOf('\n');
      const firstLine = answer === '' ? undefined : (nl >= 0 ? answer.slice(0, nl) : answer).replace(/\r$/, '').slice(0, 200);
      socket.destroy();
      raw.destroy();
      resolve({
        outcome,
        ...(protocol ? { protocol } : {}),
        ...(cipher ? { cipher } : {}),
        ...(alert !== undefined ? { alert } : {}),
        ...(firstLine !== undefined ? { firstLine } : {}),
        bytes: Buffer.concat(kept),
        keylog,
        sessions,
        handshakeDone,
        detail,
        durationMs: Math.round(performance.now() - started),
      });
    }
  });
}

/** The status code of an HTTP/1.x status line, if it is one. */
export function httpStatusOf(line: string | undefined): number | undefined {
  const m = line !== undefined ? /^HTTP\/1\.[01] (\d{3})\b/.exec(line) : null;
  return m ? Number(m[1]) : undefined;
}

/** A minimal HTTP/1.1 GET of `url`'s path, with no credentials, accepting `accept`. */
export function plainGet(url: string, accept = '*/*'): string {
  const u = new URL(url);
  return `GET ${u.pathname}${u.search} HTTP/1.1\r\nHost: ${u.host}\r\nAccept: ${accept.replace(/[\r\n]/g, '')}\r\nConnection: close\r\n\r\n`;
}
