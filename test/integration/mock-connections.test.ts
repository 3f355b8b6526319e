// The mock against clients that hold connections, over real TLS on loopback: headers or a
// body trickled, a connection left idle after the handshake, too many connections from one
// client or in all, and requests node's HTTP parser refuses. Each is cut (with a 408, 400 or
// 431 error message where a request was begun), while a long poll longer than every timeout
// is not cut and other clients are still served. 127.0.0.2-4 stand for other clients.
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent } from 'undici';
import { startMock, type RunningMock } from '../../mock-server/index.js';

const T = 'application/taxii+json';
const certCacheDir = path.join(os.tmpdir(), 'taxii-conform-mock-cert-test');
/** The timeouts of the mock under test: short, so that the tests are. */
const TIMEOUT_MS = 400;
/** "Cut within its timeout": generous (the timeout, the sweep, the close). */
const CUT_WITHIN_MS = 6000;

interface Ended {
  /** Everything the server sent before the connection closed. */
  text: string;
  /** From the start of the exchange to the close. */
  ms: number;
}

/** A TLS connection (certificate not checked: the mock's is self-signed) from `localAddress`. */
function connect(port: number, localAddress = '127.0.0.1'): Promise<tls.TLSSocket> {
  return new Promise((resolve, reject) => {
    const s = tls.connect({ host: '127.0.0.1', port, localAddress, rejectUnauthorized: false }, () => resolve(s));
    s.on('error', reject); // a refused connection may report more than one error
    s.once('close', () => reject(new Error('closed before the TLS handshake completed')));
  });
}

/** True when a TLS connection from `localAddress` completes its handshake, false when the server closes it first. */
async function admitted(port: number, localAddress: string): Promise<boolean> {
  try {
    const s = await connect(port, localAddress);
    s.destroy();
    return true;
  } catch {
    return false;
  }
}

/**
 * Writes `head` at once, then `drip` every 100 ms (until the server closes, or `forMs`), and
 * collects what the server sends until it closes.
 */
function trickle(socket: tls.TLSSocket, head: string, drip: string | undefined, forMs = 20_000): Promise<Ended> {
  const t0 = performance.now();
  let text = '';
  socket.on('data', (d: Buffer) => (text += d.toString('latin1')));
  socket.on('error', () => {});
  socket.write(head);
  const timer = drip === undefined ? undefined : setInterval(() => socket.writable && socket.write(drip), 100);
  const stop = setTimeout(() => socket.destroy(), forMs);
  return new Promise((resolve) => {
    socket.once('close', () => {
      clearInterval(timer);
      clearTimeout(stop);
      resolve({ text, ms: performance.now() - t0 });
    });
  });
}

/** The status and the JSON body of a raw HTTP/1.1 answer. */
function parseAnswer(raw: string): { status: number; headers: string; json: any } {
  const end = raw.indexOf('\r\n\r\n');
  expect(end, `not an HTTP answer: ${JSON.stringify(raw.slice(0, 200))}`).toBeGreaterThan(0);
  const head = raw.slice(0, end);
  return { status: Number(/^HTTP\/1\.1 (\d{3}) /.exec(head)?.[1]), headers: head.toLowerCase(), json: JSON.parse(raw.slice(end + 4)) };
}

function expectErrorAnswer(ended: Ended, status: number, code: string, description: RegExp): void {
  const a = parseAnswer(ended.text);
  expect(a.status, ended.text).toBe(status);
  expect(a.headers).toContain(`content-type: ${T}`);
  expect(a.headers).toContain('connection: close');
  expect(a.json).toMatchObject({ type: 'error', 'http-status': status, 'error-code': code });
  expect(a.json.description).toMatch(description);
}

const started: RunningMock[] = [];
const agents: Agent[] = [];
afterAll(async () => {
  await Promise.all(started.map((m) => m.close()));
  await Promise.all(agents.map((a) => a.close()));
});

function basic(mock: RunningMock): string {
  return `Basic ${Buffer.from(`${mock.credentials.user}:${mock.credentials.password}`).toString('base64')}`;
}

/** Discovery from `localAddress` over a fresh connection. */
async function discovery(mock: RunningMock, localAddress: string): Promise<number> {
  const agent = new Agent({ localAddress, connect: { rejectUnauthorized: false } });
  agents.push(agent);
  const r = await agent.request({ origin: `https://127.0.0.1:${mock.port}`, path: '/taxii/', method: 'GET', headers: { accept: T, authorization: basic(mock) } });
  await r.body.text();
  return r.statusCode;
}

describe('mock connection timeouts', () => {
  let mock: RunningMock;
  beforeAll(async () => {
    mock = await startMock({
      port: 0,
      certCacheDir,
      log: () => {},
      headersTimeoutMs: TIMEOUT_MS,
      bodyTimeoutMs: TIMEOUT_MS,
      idleTimeoutMs: TIMEOUT_MS,
      longPollMs: 3 * TIMEOUT_MS,
    });
    started.push(mock);
  });

  it.each(['/taxii/', '/taxii1/discovery'])('headers trickled to %s: 408 with an error message, then the connection is closed', async (p) => {
    const ended = await trickle(await connect(mock.port), `GET ${p} HTTP/1.1\r\nHost: 127.0.0.1\r\n`, 'X-Trickle: 1\r\n');
    expect(ended.ms).toBeLessThan(CUT_WITHIN_MS);
    expectErrorAnswer(ended, 408, 'REQUEST_TIMEOUT', /headers did not arrive within 400 ms/);
  });

  it('a connection idle after the TLS handshake is closed', async () => {
    const ended = await trickle(await connect(mock.port), '', undefined);
    expect(ended.ms).toBeLessThan(CUT_WITHIN_MS);
    expect(ended.text).toBe('');
  });

  it('a connection that never starts TLS is closed', async () => {
    const net = await import('node:net');
    const s = net.connect({ host: '127.0.0.1', port: mock.port });
    const t0 = performance.now();
    await new Promise((resolve) => s.once('close', resolve).once('error', () => {}));
    expect(performance.now() - t0).toBeLessThan(CUT_WITHIN_MS);
  });

  it.each([
    ['/trustgroup1/collections/indicators/', 'application/taxii+json'],
    ['/taxii1/inbox', 'application/xml'],
  ])('a body trickled to %s: 408 with an error message, then the connection is closed', async (p, type) => {
    const head = `POST ${p} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: ${T}\r\nAuthorization: ${basic(mock)}\r\nContent-Type: ${type}\r\nContent-Length: 100000\r\n\r\n{`;
    const ended = await trickle(await connect(mock.port), head, ' ');
    expect(ended.ms).toBeLessThan(CUT_WITHIN_MS);
    expectErrorAnswer(ended, 408, 'REQUEST_TIMEOUT', /body did not arrive within 400 ms/);
  });

  it('a long poll that waits longer than every timeout is not cut, and the connection serves on', async () => {
    const s = await connect(mock.port);
    const get = `GET /trustgroup1/channels/alerts/ HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: ${T}\r\nAuthorization: ${basic(mock)}\r\n\r\n`;
    let text = '';
    s.on('data', (d: Buffer) => (text += d.toString('latin1')));
    const answers = (n: number) =>
      new Promise<void>((resolve, reject) => {
        const check = setInterval(() => {
          if ((text.match(/HTTP\/1\.1 /g) ?? []).length >= n) resolve();
        }, 20);
        s.once('close', () => {
          clearInterval(check);
          reject(new Error(`closed after ${JSON.stringify(text.slice(0, 300))}`));
        });
      });
    const t0 = performance.now();
    s.write(get);
    await answers(1);
    const waited = performance.now() - t0;
    expect(text).toMatch(/^HTTP\/1\.1 204 /);
    expect(waited).toBeGreaterThanOrEqual(3 * TIMEOUT_MS - 50); // it did wait its longPollMs
    s.write(get.replace('channels/alerts/', 'collections/malware/'));
    await answers(2);
    expect(text).toMatch(/HTTP\/1\.1 200 [\s\S]*"taxii-data"/);
    s.destroy();
  });

  it('a malformed request line gets 400 with an error message before the close', async () => {
    const ended = await trickle(await connect(mock.port), 'GARBAGE\r\n\r\n', undefined);
    expectErrorAnswer(ended, 400, 'MALFORMED_HTTP', /not valid HTTP\/1\.1/);
    expect(ended.ms).toBeLessThan(CUT_WITHIN_MS);
  });

  it('a header section over 16 KiB gets 431 with an error message before the close', async () => {
    const ended = await trickle(await connect(mock.port), `GET /taxii/ HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`, undefined);
    expectErrorAnswer(ended, 431, 'HEADERS_TOO_LARGE', /header section is larger than the 16384 octets/);
  });
});

describe('mock answers a client stops reading', () => {
  it('an answer the client stops reading is cut after idleTimeoutMs', async () => {
    const mock = await startMock({ port: 0, certCacheDir, log: () => {}, idleTimeoutMs: TIMEOUT_MS });
    started.push(mock);
    const agent = new Agent({ connect: { rejectUnauthorized: false } });
    agents.push(agent);
    const send = async (p: string, json: unknown) => {
      const r = await agent.request({
        origin: `https://127.0.0.1:${mock.port}`,
        path: p,
        method: 'POST',
        headers: { accept: T, 'content-type': T, authorization: basic(mock) },
        body: JSON.stringify(json),
      });
      await r.body.text();
      return r.statusCode;
    };
    expect(await send('/trustgroup1/collections/', { type: 'collection-create', name: 'big' })).toBe(201);
    // 12 MB of content: more than loopback's socket buffers hold, so the answer stalls.
    const objects = [1, 2, 3].map((n) => ({ type: 'indicator', id: `indicator--00000000-0000-4000-8000-00000000000${n}`, 'x-payload': 'x'.repeat(4_000_000) }));
    expect(await send('/trustgroup1/collections/big/', { type: 'taxii-data', objects })).toBe(202);

    const s = await connect(mock.port);
    s.write(`GET /trustgroup1/collections/big/ HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: ${T}\r\nAuthorization: ${basic(mock)}\r\n\r\n`);
    await new Promise((r) => setTimeout(r, 5 * TIMEOUT_MS)); // not reading: beyond idleTimeoutMs and a sweep
    const ended = await trickle(s, '', undefined);
    expect(ended.text).toMatch(/^HTTP\/1\.1 200 /);
    const declared = Number(/content-length: (\d+)/i.exec(ended.text)?.[1]);
    expect(declared).toBeGreaterThan(12_000_000);
    expect(ended.text.length - ended.text.indexOf('\r\n\r\n') - 4).toBeLessThan(declared);
  });
});

describe('mock connection caps', () => {
  let mock: RunningMock;
  const logged: string[] = [];
  beforeAll(async () => {
    mock = await startMock({ port: 0, certCacheDir, log: (l) => logged.push(l), maxConnectionsPerClient: 4, maxConnections: 6 });
    started.push(mock);
  });

  it('one more connection than a client may hold is refused; another client still gets Discovery', async () => {
    const held = await Promise.all([1, 2, 3, 4].map(() => connect(mock.port, '127.0.0.1')));
    expect(await admitted(mock.port, '127.0.0.1')).toBe(false);
    expect(logged.join('\n')).toMatch(/refusing new connections: 4 connections from 127\.0\.0\.1 are open \(maxConnectionsPerClient\)/);
    expect(await discovery(mock, '127.0.0.2')).toBe(200);

    // The total: 4 + Discovery's kept-alive connection + one more = 6; a seventh is refused.
    const sixth = await connect(mock.port, '127.0.0.3');
    expect(await admitted(mock.port, '127.0.0.4')).toBe(false);
    expect(logged.join('\n')).toMatch(/refusing new connections: 6 connections are open \(maxConnections\)/);

    // Closed connections free their places.
    for (const s of [...held, sixth]) s.destroy();
    let again = false;
    for (let i = 0; i < 50 && !again; i++) {
      await new Promise((r) => setTimeout(r, 50));
      again = await admitted(mock.port, '127.0.0.1');
    }
    expect(again).toBe(true);
  });
});
