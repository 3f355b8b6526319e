// The listening side: HTTPS (TLS 1.2+, only suites at least as strong as the pre-draft's
// TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384), behind a small TCP front that peeks at each
// connection's first byte. A TLS ClientHello starts with 0x16; under the plain-http fault
// anything else is served as plain HTTP on the same port, otherwise it goes to TLS (which
// refuses it). The front admits connections within the caps and the guard bounds each
// one's time (connections.ts); a request HTTP cannot parse gets a 400/431 before the close.
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import type { MockConfig } from './config.js';
import { ConnectionGuard } from './connections.js';
import { HttpError, parseErrorAnswer, rawErrorResponse, sendErrorAnswer, type ErrorAnswer } from './http-errors.js';
import type { HostFaultName } from './host-faults.js';

/** TLS 1.3 256-bit suites, then TLS 1.2 ECDHE-RSA 256-bit AEAD. */
const AEAD_CIPHERS = ['TLS_AES_256_GCM_SHA384', 'TLS_CHACHA20_POLY1305_SHA256', 'ECDHE-RSA-AES256-GCM-SHA384', 'ECDHE-RSA-CHACHA20-POLY1305'];
/** The suite a mounted profile may require besides them (the pre-draft's mandated CBC suite), offered last. */
export const BASELINE_CIPHER = 'ECDHE-RSA-AES256-SHA384';
/** The reference suites when every profile is mounted. */
export const CIPHERS = [...AEAD_CIPHERS, BASELINE_CIPHER].join(':');

const TLS_HANDSHAKE = 0x16;

export interface Listening {
  port: number;
  close(): Promise<void>;
}

/** What the listener needs besides its config. */
export interface ListenOptions {
  config: MockConfig;
  tls: { cert: string; key: string };
  /** Whether a host fault is switched on (TLS settings, plain HTTP). */
  has(fault: HostFaultName): boolean;
  /** An ECDSA certificate is served (a profile's variant): the ECDHE-ECDSA suites are offered too. */
  ecdsa?: boolean;
  /** Plain HTTP on the same port gets 308 to https (a profile's variant); the plain-http fault serves it instead. */
  plainRedirect?: boolean;
  /** Ask for client certificates (optional), verified against this CA (PEM). */
  clientCa?: string;
  /** TLS 1.2 suites the mounted profiles require beyond the AEAD ones (default: the baseline suite). */
  profileCiphers?: readonly string[];
  /** Answers a request. */
  onRequest(req: http.IncomingMessage, res: http.ServerResponse): void;
  /** The answer to an error of a connection (malformed HTTP, a request too slow), which is the host's. */
  errorAnswer(err: HttpError): ErrorAnswer;
}

/**
 * The TLS settings of the server: the AEAD suites, those the mounted profiles require (a
 * suite one spec mandates may be one another spec says not to accept), or what a TLS fault
 * makes of them.
 */
export function tlsSettings(
  has: (fault: HostFaultName) => boolean,
  profileCiphers: readonly string[] = [BASELINE_CIPHER],
  ecdsa = false,
): { minVersion: 'TLSv1' | 'TLSv1.2' | 'TLSv1.3'; maxVersion: 'TLSv1.2' | 'TLSv1.3'; ciphers: string } {
  let ciphers = [...AEAD_CIPHERS, ...profileCiphers.filter((c) => !AEAD_CIPHERS.includes(c))].join(':');
  let minVersion: 'TLSv1' | 'TLSv1.2' | 'TLSv1.3' = has('tls-no-tls12') ? 'TLSv1.3' : 'TLSv1.2';
  const maxVersion = has('tls-no-tls13') ? 'TLSv1.2' : 'TLSv1.3';
  if (has('tls-no-baseline')) ciphers = ciphers.replace(':ECDHE-RSA-AES256-SHA384', '');
  if (has('tls-weak-suites')) {
    // One suite of each weakness class the probe can offer here.
    ciphers += ':AES128-SHA:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-SHA256:CAMELLIA128-SHA:AECDH-AES256-SHA:TLS_AES_128_GCM_SHA256:@SECLEVEL=0';
  }
  if (has('tls-blacklisted-suites')) ciphers += ':AES128-SHA256:ECDHE-RSA-AES128-SHA256';
  if (has('tls-legacy-versions')) {
    minVersion = 'TLSv1';
    ciphers += ':ECDHE-RSA-AES256-SHA:@SECLEVEL=0';
  }
  if (has('tls-rsa-1024') && !ciphers.includes('@SECLEVEL=0')) ciphers += ':@SECLEVEL=0';
  if (has('tls-ecdsa-cert') || ecdsa) ciphers += ':ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-ECDSA-AES256-SHA384';
  return { minVersion, maxVersion, ciphers };
}

export async function listen(o: ListenOptions): Promise<Listening> {
  const { config, tls } = o;
  const guard = new ConnectionGuard(config, lateAnswers(o), config.log);
  const onRequest = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    guard.request(req, res);
    o.onRequest(req, res);
  };
  // node's headersTimeout/requestTimeout never run for connections handed over with
  // emit('connection'): the guard bounds them. keepAliveTimeout only names the idle bound
  // in the Keep-Alive header (and applies it between requests, as the guard does).
  const keepAliveTimeout = config.idleTimeoutMs;
  const secure = https.createServer(
    {
      cert: tls.cert,
      key: tls.key,
      ...tlsSettings(o.has, o.profileCiphers, o.ecdsa),
      // Optional client certificates: a client without one goes on; the request's socket says whether one was verified.
      ...(o.clientCa !== undefined ? { requestCert: true, rejectUnauthorized: false, ca: [o.clientCa] } : {}),
      honorCipherOrder: true,
      handshakeTimeout: config.headersTimeoutMs,
      keepAliveTimeout,
    },
    onRequest,
  );
  const plain = http.createServer({ keepAliveTimeout }, o.has('plain-http') || !o.plainRedirect ? onRequest : (req, res) => redirectToHttps(req, res));
  for (const s of [secure, plain]) s.on('clientError', (err: Error, socket: net.Socket) => answerClientError(o, guard, err, socket));
  secure.on('tlsClientError', (_err: Error, socket: net.Socket) => socket.destroy());
  secure.on('secureConnection', (socket: net.Socket) => guard.secured(socket));

  const plainAllowed = o.has('plain-http') || o.plainRedirect === true;
  // noDelay: the sockets are accepted here, not by the HTTP(S) servers that would set it.
  // Without it Nagle holds a response's last TLS record until the client's delayed ACK
  // (tens of ms per keep-alive request; bench/README.md).
  const front = net.createServer({ noDelay: true }, (socket) => {
    socket.on('error', () => socket.destroy());
    if (!guard.admit(socket)) {
      socket.destroy();
      return;
    }
    socket.once('data', (chunk: Buffer) => {
      socket.pause();
      socket.unshift(chunk); // handed on unread: the TLS or HTTP side parses it from the start
      const isPlain = chunk[0] !== TLS_HANDSHAKE && plainAllowed;
      guard.firstByte(socket, isPlain);
      if (isPlain) {
        plain.emit('connection', socket);
        socket.resume(); // node:http reads through the stream, which we paused
      } else {
        secure.emit('connection', socket); // TLS takes the buffered bytes and reads the handle itself
      }
    });
  });

  await new Promise<void>((resolve, reject) => {
    front.once('error', reject);
    front.listen(config.port, config.host, () => {
      front.off('error', reject);
      resolve();
    });
  });
  const address = front.address();
  if (address === null || typeof address === 'string') throw new Error('mock: the server has no TCP address');

  return {
    port: address.port,
    close: async () => {
      const closed = new Promise<void>((resolve) => front.close(() => resolve()));
      guard.destroyAll();
      await closed;
    },
  };
}

/** 308 to the same path over https on the port the request came to (the Host header is not trusted for it). */
function redirectToHttps(req: http.IncomingMessage, res: http.ServerResponse): void {
  const address = req.socket.localAddress ?? '127.0.0.1';
  const host = net.isIPv6(address) ? `[${address}]` : address;
  const path = (req.url ?? '/').startsWith('/') ? (req.url ?? '/') : '/';
  res.writeHead(308, { Location: `https://${host}:${req.socket.localPort}${path}`, 'Content-Length': '0', Connection: 'close' });
  res.end();
}

/** 408 answers for requests whose headers or body came too slowly (the connection ends after it). */
function lateAnswers(o: ListenOptions) {
  const { headersTimeoutMs, bodyTimeoutMs } = o.config;
  return {
    headersLate(socket: net.Socket): void {
      const err = new HttpError('REQUEST_TIMEOUT', `the request headers did not arrive within ${headersTimeoutMs} ms of its first byte (headersTimeoutMs)`);
      socket.end(rawErrorResponse(o.errorAnswer(err), err));
    },
    bodyLate(res: http.ServerResponse): void {
      const err = new HttpError('REQUEST_TIMEOUT', `the request body did not arrive within ${bodyTimeoutMs} ms of its headers (bodyTimeoutMs)`);
      const a = o.errorAnswer(err);
      res.shouldKeepAlive = false;
      sendErrorAnswer(res, { ...a, headers: { ...a.headers, Connection: 'close' } });
    },
  };
}

/**
 * node's HTTP parser refused a request: answer 400 (431 for oversized headers) with an error
 * message before closing, unless an answer is already under way on the connection (a
 * pipelined request after it) or the connection is gone.
 */
function answerClientError(o: ListenOptions, guard: ConnectionGuard, e: Error, socket: net.Socket): void {
  const err = parseErrorAnswer(e);
  if (err === undefined || !socket.writable || guard.answering(socket)) {
    socket.destroy();
    return;
  }
  guard.ending(socket);
  try {
    socket.end(rawErrorResponse(o.errorAnswer(err), err));
  } catch (x) {
    o.config.log(`mock: cannot answer a malformed request: ${(x as Error)?.message ?? String(x)}`);
    socket.destroy();
  }
}
