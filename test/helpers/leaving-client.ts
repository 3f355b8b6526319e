// A client that leaves: one HTTP/1.1 request over its own TLS connection, written by hand so
// that a test can walk away from it the ways real clients do: a TCP RST, a close (FIN) or a
// half-close, before the answer's headers came or right after them (its body unread). TLS
// runs over a net.Socket the helper holds, so that it can send the RST itself.
import net from 'node:net';
import tls from 'node:tls';

/** How the client leaves: `reset` (RST), `close` (FIN, socket gone), `half-close` (FIN, still reading). */
export type LeaveHow = 'reset' | 'close' | 'half-close';
/** When: after `afterMs` of waiting unless the headers come first, or as soon as the headers came. */
export type LeaveWhen = 'before-headers' | 'after-headers';

export interface RawAnswer {
  status: number;
  /** Lower-case names. */
  headers: Record<string, string>;
  body: Buffer;
}

export interface LeaveOutcome {
  /** The answer, when the client got all of it anyway (it came before the client left, or a half-close still read it). */
  answer?: RawAnswer;
  /** The client saw the answer's headers before it left. */
  sawHeaders: boolean;
}

export interface LeavingRequest {
  port: number;
  path: string;
  headers: Record<string, string>;
  how: LeaveHow;
  when: LeaveWhen;
  afterMs?: number;
  /** Gives up on everything after this long (the mock's long poll is shorter). */
  limitMs?: number;
}

/** A TLS connection to 127.0.0.1:`port` over a TCP socket the caller holds too (to reset it). */
export function rawTlsConnection(port: number): { raw: net.Socket; socket: tls.TLSSocket } {
  const raw = net.connect({ host: '127.0.0.1', port });
  return { raw, socket: tls.connect({ socket: raw, rejectUnauthorized: false }) };
}

/** The bytes of a request with these headers (and a body, when given). */
export function requestBytes(method: string, path: string, headers: Record<string, string>, body?: string): string {
  const all = { Host: '127.0.0.1', ...headers, ...(body === undefined ? {} : { 'Content-Length': String(Buffer.byteLength(body)) }) };
  return `${method} ${path} HTTP/1.1\r\n${Object.entries(all).map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n${body ?? ''}`;
}

/** Sends a GET on 127.0.0.1:`port` and leaves it as told. */
export function leavingGet(o: LeavingRequest): Promise<LeaveOutcome> {
  return new Promise((resolve, reject) => {
    const { raw, socket } = rawTlsConnection(o.port);
    let buf = Buffer.alloc(0);
    let head: { status: number; headers: Record<string, string>; length: number; start: number } | undefined;
    let done = false;
    let leaveTimer: NodeJS.Timeout | undefined;
    const limit = setTimeout(() => finish(new Error(`no outcome within ${o.limitMs ?? 30_000} ms`)), o.limitMs ?? 30_000);

    const finish = (e: Error | undefined, answer?: RawAnswer): void => {
      if (done) return;
      done = true;
      clearTimeout(limit);
      clearTimeout(leaveTimer);
      raw.destroy();
      if (e) reject(e);
      else resolve({ ...(answer ? { answer } : {}), sawHeaders: head !== undefined });
    };
    let left = false;
    const leave = (): void => {
      if (left || done) return;
      left = true;
      if (o.how === 'reset') {
        raw.resetAndDestroy();
        finish(undefined);
      } else if (o.how === 'close') {
        socket.destroy();
        raw.destroy();
        finish(undefined);
      } else {
        socket.end(); // close_notify and FIN; what still comes is read
      }
    };

    socket.on('data', (chunk: Buffer) => {
      if (done) return;
      buf = Buffer.concat([buf, chunk]);
      if (!head) {
        const end = buf.indexOf('\r\n\r\n');
        if (end < 0) return;
        const lines = buf.subarray(0, end).toString('latin1').split('\r\n');
        const headers: Record<string, string> = {};
        for (const l of lines.slice(1)) {
          const i = l.indexOf(':');
          headers[l.slice(0, i).trim().toLowerCase()] = l.slice(i + 1).trim();
        }
        head = { status: Number(lines[0]!.slice(9, 12)), headers, length: Number(headers['content-length'] ?? 0), start: end + 4 };
        if (o.when === 'after-headers' && !left) {
          leave(); // the body, even if it came in the same read, is never looked at
          if (o.how !== 'half-close') return;
        }
      }
      if (buf.length >= head.start + head.length) {
        if (o.when === 'after-headers' && o.how !== 'half-close') return;
        finish(undefined, { status: head.status, headers: head.headers, body: buf.subarray(head.start, head.start + head.length) });
      }
    });
    socket.on('end', () => finish(undefined));
    socket.on('close', () => finish(undefined));
    socket.on('error', (e: NodeJS.ErrnoException) => {
      // The server's side of a connection the client left: not a failure of the test.
      if (left || e.code === 'ECONNRESET' || e.code === 'EPIPE') finish(undefined);
      else finish(e);
    });
    socket.once('secureConnect', () => {
      socket.write(requestBytes('GET', o.path, o.headers));
      if (o.when === 'before-headers') leaveTimer = setTimeout(leave, o.afterMs ?? 0);
    });
  });
}
