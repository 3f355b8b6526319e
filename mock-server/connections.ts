// Bounds on the mock's connections, enforced on the sockets themselves. The TCP front hands
// each socket to the HTTP(S) server with emit('connection'); node arms its own
// headersTimeout/requestTimeout only for servers that listen(), so none of them ever ran
// here. One sweep, a few times a second, walks every connection instead:
//   - no request under way (before the first byte, after the TLS handshake, between
//     requests): closed after idleTimeoutMs without a byte;
//   - a request begun: its headers (and the TLS handshake before the first one) complete
//     within headersTimeoutMs of its first byte, else 408 and the connection ends;
//   - headers complete: the body complete within bodyTimeoutMs, else 408 likewise;
//   - an answer being written that the client stops reading for idleTimeoutMs: closed;
//   - the handler's own time (a long poll waiting up to longPollMs) is not bounded here.
// And caps: connections in total and per client address; one more is closed at once.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type net from 'node:net';

export interface ConnectionLimits {
  headersTimeoutMs: number;
  bodyTimeoutMs: number;
  idleTimeoutMs: number;
  maxConnections: number;
  maxConnectionsPerClient: number;
}

/** How a late request is answered (the guard knows no message format). */
export interface LateAnswers {
  /** Writes a 408 straight onto a connection whose request headers are incomplete, and ends it. */
  headersLate(socket: net.Socket): void;
  /** Answers 408 through the response of a request whose body is late (the connection ends after it). */
  bodyLate(res: ServerResponse): void;
}

/** After the mock ended a connection with an answer, how long the client has to read it. */
const CLOSE_GRACE_MS = 2000;
const REFUSAL_LOG_EVERY_MS = 60_000;

type Phase =
  | 'new' // accepted, no byte yet
  | 'handshake' // first byte seen, TLS handshake under way
  | 'waiting' // ready for a request, none begun
  | 'headers' // a request begun, headers incomplete
  | 'body' // headers complete, body incomplete (or not yet seen complete)
  | 'handling' // request complete, the answer not yet written out
  | 'closing'; // the mock ended it: destroyed after CLOSE_GRACE_MS

interface Connection {
  raw: net.Socket;
  client: string;
  peer: string;
  /** The socket HTTP runs on: the TLS socket, or the raw one for plain HTTP. */
  http: net.Socket | undefined;
  phase: Phase;
  /** When the phase began (performance.now()). */
  since: number;
  /** bytesRead (waiting) or bytesWritten (handling) when last seen moving. */
  mark: number;
  req: IncomingMessage | undefined;
  res: ServerResponse | undefined;
  responded: boolean;
}

export class ConnectionGuard {
  private readonly all = new Set<Connection>();
  private readonly perClient = new Map<string, number>();
  private readonly byPeer = new Map<string, Connection>();
  private readonly bySocket = new WeakMap<net.Socket, Connection>();
  /** When a refusal was last logged, per client ('*' for the total): at most one line a minute each. */
  private readonly refusalLogged = new Map<string, number>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    private readonly limits: ConnectionLimits,
    private readonly answers: LateAnswers,
    private readonly log: (line: string) => void,
  ) {
    const shortest = Math.min(limits.headersTimeoutMs, limits.bodyTimeoutMs, limits.idleTimeoutMs);
    this.sweeper = setInterval(() => this.sweep(), Math.min(1000, Math.max(20, Math.floor(shortest / 4))));
    this.sweeper.unref();
  }

  /** A new TCP connection: false (and the caller closes it) when it is over a cap. */
  admit(raw: net.Socket): boolean {
    const client = clientOf(raw.remoteAddress);
    if (client === undefined || raw.remotePort === undefined) return false;
    const open = this.perClient.get(client) ?? 0;
    if (this.all.size >= this.limits.maxConnections) return this.refuse('*', `${this.all.size} connections are open (maxConnections)`);
    if (open >= this.limits.maxConnectionsPerClient) return this.refuse(client, `${open} connections from ${client} are open (maxConnectionsPerClient)`);
    const c: Connection = {
      raw,
      client,
      peer: `${raw.remoteAddress}|${raw.remotePort}`,
      http: undefined,
      phase: 'new',
      since: performance.now(),
      mark: 0,
      req: undefined,
      res: undefined,
      responded: false,
    };
    this.all.add(c);
    this.perClient.set(client, open + 1);
    this.byPeer.set(c.peer, c);
    this.bySocket.set(raw, c);
    raw.once('close', () => this.forget(c));
    return true;
  }

  /** The connection's first byte: a TLS handshake begins, or plain HTTP headers do. */
  firstByte(raw: net.Socket, plain: boolean): void {
    const c = this.bySocket.get(raw);
    if (!c) return;
    if (plain) c.http = raw;
    this.enter(c, plain ? 'headers' : 'handshake');
  }

  /** The TLS handshake is done: the connection waits for its first request. */
  secured(tlsSocket: net.Socket): void {
    const c = this.byPeer.get(`${tlsSocket.remoteAddress}|${tlsSocket.remotePort}`);
    if (!c) {
      tlsSocket.destroy(); // not one the front admitted (or already gone): never unbounded
      return;
    }
    c.http = tlsSocket;
    this.bySocket.set(tlsSocket, c);
    tlsSocket.once('close', () => this.forget(c));
    this.toWaiting(c);
  }

  /** A request's headers are complete. */
  request(req: IncomingMessage, res: ServerResponse): void {
    const c = this.bySocket.get(req.socket);
    if (!c) return;
    c.req = req;
    c.res = res;
    c.responded = false;
    this.enter(c, 'body');
    res.on('finish', this.onFinish); // one function for every response: no closure per request
  }

  /** A response is written in full (the listener's `this` is the response). */
  private readonly onFinish = ((tracker: this) =>
    function (this: ServerResponse): void {
      tracker.finished(this);
    })(this);

  private finished(res: ServerResponse): void {
    const c = this.bySocket.get(res.req.socket);
    if (!c || c.res !== res) return; // a later (pipelined) request took over
    c.responded = true;
    if (res.req.complete && c.phase !== 'closing') this.toWaiting(c);
  }

  /** True while an answer is under way on this socket (nothing else may be written on it). */
  answering(socket: net.Socket): boolean {
    const c = this.bySocket.get(socket);
    return c !== undefined && c.res !== undefined && !c.responded;
  }

  /** The mock ended this connection after an answer: it is destroyed if the client lingers. */
  ending(socket: net.Socket): void {
    const c = this.bySocket.get(socket);
    if (c) this.enter(c, 'closing');
  }

  /** Closes every connection at once (the mock stops). */
  destroyAll(): void {
    clearInterval(this.sweeper);
    // The TCP sockets only: what TLS has written to them still goes out before the close.
    for (const c of this.all) c.raw.destroy();
  }

  private refuse(who: string, why: string): false {
    const now = performance.now();
    const last = this.refusalLogged.get(who);
    if (last === undefined || now - last > REFUSAL_LOG_EVERY_MS) {
      this.refusalLogged.set(who, now);
      this.log(`mock: refusing new connections: ${why}`);
    }
    return false;
  }

  private forget(c: Connection): void {
    if (!this.all.delete(c)) return;
    this.byPeer.delete(c.peer);
    const left = (this.perClient.get(c.client) ?? 1) - 1;
    if (left > 0) {
      this.perClient.set(c.client, left);
    } else {
      this.perClient.delete(c.client);
      this.refusalLogged.delete(c.client);
    }
  }

  private enter(c: Connection, phase: Phase): void {
    c.phase = phase;
    c.since = performance.now();
  }

  private toWaiting(c: Connection): void {
    c.req = undefined;
    c.res = undefined;
    c.responded = false;
    c.mark = c.http?.bytesRead ?? 0;
    this.enter(c, 'waiting');
  }

  private sweep(): void {
    const now = performance.now();
    const { headersTimeoutMs, bodyTimeoutMs, idleTimeoutMs } = this.limits;
    for (const c of this.all) {
      const age = now - c.since;
      switch (c.phase) {
        case 'new':
          if (age > idleTimeoutMs) this.destroy(c);
          break;
        case 'handshake':
          if (age > headersTimeoutMs) this.destroy(c);
          break;
        case 'waiting': {
          const read = c.http?.bytesRead ?? 0;
          if (read !== c.mark) this.enter(c, 'headers'); // a request began (within one sweep)
          else if (age > idleTimeoutMs) this.destroy(c);
          break;
        }
        case 'headers':
          if (age > headersTimeoutMs) {
            this.enter(c, 'closing');
            const http = c.http;
            if (http?.writable) this.answer(c, () => this.answers.headersLate(http));
            else this.destroy(c);
          }
          break;
        case 'body':
          if (c.req?.complete) {
            if (c.responded) this.toWaiting(c);
            else this.handling(c);
          } else if (age > bodyTimeoutMs) {
            const res = c.res;
            this.enter(c, 'closing');
            if (res && !res.headersSent && c.http?.writable) this.answer(c, () => this.answers.bodyLate(res));
            else this.destroy(c);
          }
          break;
        case 'handling': {
          // Only an answer being written is watched: a waiting long poll has written nothing.
          const written = c.http?.bytesWritten ?? 0;
          if (c.res?.headersSent && (c.http?.writableLength ?? 0) > 0) {
            if (written !== c.mark) {
              c.mark = written;
              c.since = now;
            } else if (age > idleTimeoutMs) {
              this.destroy(c);
            }
          } else {
            c.mark = written;
            c.since = now;
          }
          break;
        }
        case 'closing':
          if (age > CLOSE_GRACE_MS) this.destroy(c);
          break;
      }
    }
  }

  /** Runs a late answer; if it cannot be written, the connection just closes. */
  private answer(c: Connection, write: () => void): void {
    try {
      write();
    } catch (e) {
      this.log(`mock: cannot answer a late request: ${(e as Error)?.message ?? String(e)}`);
      this.destroy(c);
    }
  }

  private handling(c: Connection): void {
    this.enter(c, 'handling');
    c.mark = c.http?.bytesWritten ?? 0;
  }

  private destroy(c: Connection): void {
    c.raw.destroy();
  }
}

/** The client's address, IPv4-mapped IPv6 written as IPv4 (one client, one count). */
function clientOf(address: string | undefined): string | undefined {
  if (address === undefined) return undefined;
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}
