// What a ClientHello really carries: a probe run against a loopback listener of our own,
// which reads the ClientHello it sends. Tests check with it that an offer puts on the wire
// the suites, versions and extensions it claims (node:tls and the raw ClientHello alike).
import net from 'node:net';
import { tryHandshake, type HandshakeResult, type TlsOffer, type TlsTarget } from '../../suites/probes/tls.js';
import { parseClientHello, type ParsedClientHello } from '../../suites/probes/tls-raw/parse.js';

export interface ClientHelloCapture extends Partial<ParsedClientHello> {
  /** sent: a ClientHello reached the loopback listener; otherwise the probe's outcome. */
  outcome: 'sent' | 'cannot-offer' | 'error';
  detail: string;
  /** Suite code points in wire order, signalling values included ([] when nothing was sent). */
  codes: number[];
  /** Names of the suites, signalling values left out. */
  suites: string[];
}

/**
 * Runs `probe` against a loopback listener of our own and returns the ClientHello it put on
 * the wire: which suites, versions and extensions a probe really offers.
 */
export async function captureHello(probe: (target: TlsTarget) => Promise<HandshakeResult>): Promise<ClientHelloCapture> {
  let captured: ParsedClientHello | undefined;
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
    const r = await probe({ host: '127.0.0.1', port });
    if (captured) return { outcome: 'sent', detail: r.detail, ...captured };
    if (r.outcome === 'cannot-offer') return { outcome: 'cannot-offer', detail: r.detail, codes: [], suites: [] };
    return { outcome: 'error', detail: parseError ?? r.detail, codes: [], suites: [] };
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

/** The ClientHello node:tls sends for `offer`: which suites and versions this OpenSSL really offers. */
export function captureClientHello(offer: TlsOffer, timeoutMs = 2000): Promise<ClientHelloCapture> {
  return captureHello((t) => tryHandshake(t, offer, timeoutMs));
}
