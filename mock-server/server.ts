// The listening side: HTTPS (TLS 1.2+, only suites at least as strong as the pre-draft's
// TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384), behind a small TCP front that peeks at each
// connection's first byte. A TLS ClientHello starts with 0x16; under the plain-http fault
// anything else is served as plain HTTP on the same port, otherwise it goes to TLS (which
// refuses it).
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import type { MockState } from './context.js';
import { handleRequest } from './pipeline.js';

/** TLS 1.3 256-bit suites, then TLS 1.2 ECDHE-RSA 256-bit AEAD, then the pre-draft's mandated CBC suite. */
export const CIPHERS = [
  'TLS_AES_256_GCM_SHA384',
  'TLS_CHACHA20_POLY1305_SHA256',
  'ECDHE-RSA-AES256-GCM-SHA384',
  'ECDHE-RSA-CHACHA20-POLY1305',
  'ECDHE-RSA-AES256-SHA384',
].join(':');

const TLS_HANDSHAKE = 0x16;
const PEEK_TIMEOUT_MS = 30_000;

export interface Listening {
  port: number;
  close(): Promise<void>;
}

/** The TLS settings of the server: the reference, or what a TLS fault makes of it. */
export function tlsSettings(has: (fault: string) => boolean): { minVersion: 'TLSv1' | 'TLSv1.2'; ciphers: string } {
  let ciphers = CIPHERS;
  let minVersion: 'TLSv1' | 'TLSv1.2' = 'TLSv1.2';
  if (has('tls-no-baseline')) ciphers = ciphers.replace(':ECDHE-RSA-AES256-SHA384', '');
  if (has('tls-weak-suites')) {
    // One suite of each weakness class the probe can offer here.
    ciphers += ':AES128-SHA:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-SHA256:CAMELLIA128-SHA:AECDH-AES256-SHA:TLS_AES_128_GCM_SHA256:@SECLEVEL=0';
  }
  if (has('tls-legacy-versions')) {
    minVersion = 'TLSv1';
    ciphers += ':ECDHE-RSA-AES256-SHA:@SECLEVEL=0';
  }
  if (has('tls-rsa-1024') && !ciphers.includes('@SECLEVEL=0')) ciphers += ':@SECLEVEL=0';
  if (has('tls-ecdsa-cert')) ciphers += ':ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-ECDSA-AES256-SHA384';
  return { minVersion, ciphers };
}

export async function listen(mock: MockState, tls: { cert: string; key: string }): Promise<Listening> {
  const onRequest = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    void handleRequest(mock, req, res);
  };
  // Long polls must outlive node's request timeout.
  const requestTimeout = Math.max(300_000, mock.config.longPollMs + 60_000);
  const secure = https.createServer(
    {
      cert: tls.cert,
      key: tls.key,
      ...tlsSettings((f) => mock.faults.has(f as never)),
      honorCipherOrder: true,
      requestTimeout,
    },
    onRequest,
  );
  const plain = http.createServer({ requestTimeout }, onRequest);
  for (const s of [secure, plain]) {
    s.on('clientError', (_err, socket) => socket.destroy());
    s.on('tlsClientError', (_err: Error, socket: net.Socket) => socket.destroy());
  }

  const sockets = new Set<net.Socket>();
  const plainAllowed = mock.faults.has('plain-http');
  const front = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    socket.setTimeout(PEEK_TIMEOUT_MS, () => socket.destroy());
    socket.once('data', (chunk: Buffer) => {
      socket.setTimeout(0);
      socket.pause();
      socket.unshift(chunk); // handed on unread: the TLS or HTTP side parses it from the start
      if (chunk[0] !== TLS_HANDSHAKE && plainAllowed) {
        plain.emit('connection', socket);
        socket.resume(); // node:http reads through the stream, which we paused
      } else {
        secure.emit('connection', socket); // TLS takes the buffered bytes and reads the handle itself
      }
    });
  });

  await new Promise<void>((resolve, reject) => {
    front.once('error', reject);
    front.listen(mock.config.port, mock.config.host, () => {
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
      secure.closeAllConnections();
      plain.closeAllConnections();
      for (const s of sockets) s.destroy();
      await closed;
    },
  };
}
