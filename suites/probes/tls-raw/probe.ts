// The raw TLS probe: one TCP connection, our own ClientHello (client-hello.ts), and the
// server's first answer read (parse.ts) until it decides: a ServerHello (accepted, or refused
// when its version is outside the range offered), an alert (refused), a close without a
// word after our hello (refused), anything else (error). Bounded in time (one timeout for
// connect and answer, and the caller's signal) and in bytes (the answer is read up to
// MAX_READ octets); the socket is destroyed before the promise resolves, which never rejects.
import net from 'node:net';
import { performance } from 'node:perf_hooks';
import { describeSuites, hex4, suiteByCode, versionOfWire, versionRank, versionsText, type TlsVersion } from '../tls-suites.js';
import type { HandshakeResult, TlsTarget } from '../tls.js';
import { clientHello, type RawOffer } from './client-hello.js';
import { ServerAnswerReader, type ServerAnswer } from './parse.js';
import { alertName } from './wire.js';

/** The most we read while waiting for the answer: a ServerHello and its record headers fit. */
export const MAX_READ = 128 * 1024;

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}

/** The names of the suites of an offer (table names; unknown code points in hex). */
export function rawOfferNames(o: RawOffer): string[] {
  return o.suites.map((c) => suiteByCode(c)?.name ?? hex4(c));
}

/** "TLSv1.2 with 7 suites (DES-CBC3-SHA, …)". */
export function describeRawOffer(o: RawOffer): string {
  return describeSuites(o.minVersion, o.maxVersion, rawOfferNames(o));
}

type Verdict = Omit<HandshakeResult, 'durationMs' | 'detail' | 'bytesSent' | 'bytesReceived'> & { said: string };

/** What a complete answer means for this offer. */
function judge(a: Exclude<ServerAnswer, { kind: 'incomplete' }>, o: RawOffer): Verdict {
  if (a.kind === 'invalid') return { outcome: 'error', said: `the answer is not a TLS ServerHello or alert: ${a.why}` };
  if (a.kind === 'alert') {
    const alert = alertName(a.description);
    return { outcome: 'refused', alert, said: `server sent ${a.level === 2 ? 'fatal ' : a.level === 1 ? 'warning ' : ''}alert ${alert}` };
  }
  const version: TlsVersion | undefined = versionOfWire(a.version);
  const suite = suiteByCode(a.suite);
  const suiteText = suite ? `${suite.name} (${hex4(a.suite)})` : hex4(a.suite);
  if (version === undefined) return { outcome: 'error', said: `ServerHello with version ${hex4(a.version)}, which is no SSL/TLS version` };
  const rank = versionRank(version);
  if (rank < versionRank(o.minVersion) || rank > versionRank(o.maxVersion)) {
    return { outcome: 'refused', protocol: version, said: `server answered with ${version}, outside the offered ${versionsText(o.minVersion, o.maxVersion)} (a client would abort)` };
  }
  if (!o.suites.includes(a.suite)) return { outcome: 'error', protocol: version, said: `server chose ${suiteText}, a suite we did not offer` };
  if (suite && (suite.minVersion === 'TLSv1.3') !== (version === 'TLSv1.3')) {
    return { outcome: 'error', protocol: version, said: `server chose ${suiteText}, which does not exist at ${version}` };
  }
  const hrr = a.helloRetry ? ' (HelloRetryRequest: it asks for another key share)' : '';
  return {
    outcome: 'accepted',
    protocol: version,
    cipher: suite?.name ?? hex4(a.suite),
    ...(suite ? { standardName: suite.iana } : {}),
    suiteCode: a.suite,
    ...(a.helloRetry ? { helloRetry: true } : {}),
    said: `server accepted ${version} ${suiteText}${hrr}`,
  };
}

/**
 * One raw handshake: writes the ClientHello of `offer` and reads the answer. `target.host` is
 * connected to; `servername` (else a host that is a name) is sent as server_name. Never
 * rejects; `cannot-offer` only for an offer that is no offer (no suite, inverted range).
 */
export function rawHandshake(target: TlsTarget, offer: RawOffer, timeoutMs: number, signal?: AbortSignal): Promise<HandshakeResult> {
  const started = performance.now();
  const offered = `offered ${describeRawOffer(offer)} (raw ClientHello)`;
  const elapsed = (): number => round(performance.now() - started);
  let hello: Buffer;
  try {
    if (offer.suites.length === 0) throw new Error('no suite to offer');
    hello = clientHello({ ...offer, servername: target.servername ?? target.host });
  } catch (e) {
    return Promise.resolve({ outcome: 'cannot-offer', detail: `${offered}; ${(e as Error).message}, nothing sent`, durationMs: elapsed() });
  }
  if (signal?.aborted) return Promise.resolve({ outcome: 'error', code: 'ABORT_ERR', detail: `${offered}; not sent: stopped`, durationMs: elapsed() });

  return new Promise<HandshakeResult>((resolve) => {
    let settled = false;
    let connected = false;
    const reader = new ServerAnswerReader();
    const socket = net.connect({ host: target.host, port: target.port });
    socket.setNoDelay(true);
    const io = (): { bytesSent: number; bytesReceived: number } => ({ bytesSent: socket.bytesWritten, bytesReceived: reader.read });

    const finish = (r: Omit<HandshakeResult, 'durationMs' | 'bytesSent' | 'bytesReceived'>): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      const counts = connected ? io() : {};
      socket.destroy();
      resolve({ ...r, ...counts, durationMs: elapsed() });
    };
    const onAbort = (): void => finish({ outcome: 'error', code: 'ABORT_ERR', detail: `${offered}; stopped after ${elapsed()} ms` });
    signal?.addEventListener('abort', onAbort, { once: true });
    const timer = setTimeout(() => {
      const phase = !connected ? 'TCP connect' : reader.read === 0 ? 'no answer to our ClientHello' : `the answer incomplete after ${reader.read} octets`;
      finish({ outcome: 'error', code: 'ETIMEDOUT', detail: `${offered}; timeout after ${timeoutMs} ms (${phase})` });
    }, timeoutMs);

    socket.once('connect', () => {
      connected = true;
      socket.write(hello);
    });
    socket.on('data', (d: Buffer) => {
      if (settled) return;
      const a = reader.push(d);
      if (a.kind !== 'incomplete') {
        const { said, ...v } = judge(a, offer);
        finish({ ...v, detail: `${offered}; ${said}` });
      } else if (reader.read > MAX_READ) {
        finish({ outcome: 'error', detail: `${offered}; no whole ServerHello in the first ${MAX_READ} octets: stopped reading` });
      }
    });
    const closed = (how: string, code?: string): void => {
      if (!connected) {
        finish({ outcome: 'error', ...(code ? { code } : {}), detail: `${offered}; no TCP connection to ${target.host}:${target.port} (${code ?? how})` });
      } else if (reader.read === 0) {
        finish({ outcome: 'refused', ...(code ? { code } : {}), detail: `${offered}; server ${how} after our ClientHello without an alert` });
      } else {
        finish({ outcome: 'error', ...(code ? { code } : {}), detail: `${offered}; server ${how} after ${reader.read} octet(s), before a whole ServerHello or alert` });
      }
    };
    socket.once('end', () => closed('closed the connection'));
    socket.once('close', () => closed('closed the connection'));
    socket.on('error', (e: NodeJS.ErrnoException) => closed(e.code === 'ECONNRESET' ? 'reset the connection' : `failed: ${e.message}`, e.code));
  });
}
