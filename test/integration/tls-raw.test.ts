// The raw TLS probe over real sockets: the ClientHello it puts on the wire for each class,
// its answers from hostile peers (hand-written loopback servers: a close, silence, HTTP, a
// huge record, a trickle, an endless ServerHello, a suite never offered), and agreement with
// node:tls against the mock, in its reference configuration and under each TLS fault.
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMock } from '../../mock-server/index.js';
import { tryHandshake, type HandshakeResult, type TlsTarget } from '../../suites/probes/tls.js';
import { captureHello } from '../helpers/client-hello-capture.js';
import { freePort } from '../../mock-server/free-port.js';
import { OFFER_CLASSES, offerClass, offerableInClass, rawOfferOf, type OfferClass } from '../../suites/probes/tls-offers.js';
import { suiteInfo, versionsBetween } from '../../suites/probes/tls-suites.js';
import { MAX_READ, rawHandshake } from '../../suites/probes/tls-raw/probe.js';
import { SCSV } from '../../suites/probes/tls-raw/wire.js';
import { alertRecord, serverHello } from '../helpers/legacy-tls-server.js';

const TIMEOUT = 5000;
const baseline = rawOfferOf(offerClass('baseline') as OfferClass);

describe('the raw ClientHello on the wire', () => {
  it.each(OFFER_CLASSES.map((c) => [c.id, c] as const))('class %s: every suite of the class, in order, and its versions', async (_id, c) => {
    const cap = await captureHello((t) => rawHandshake(t, rawOfferOf(c), 2000));
    expect(cap.outcome, cap.detail).toBe('sent');
    expect(cap.codes.filter((x) => x !== SCSV.emptyRenegotiationInfo)).toEqual(c.suites.map((n) => suiteInfo(n)!.code));
    if (c.offer.maxVersion === 'TLSv1.3') {
      expect(cap.supportedVersions).toEqual(versionsBetween(c.offer.minVersion, c.offer.maxVersion).reverse());
    } else {
      expect(cap.legacyVersion).toBe(c.offer.maxVersion);
      expect(cap.codes).toContain(SCSV.emptyRenegotiationInfo);
    }
  });

  it('carries the SNI name of a host name, as node:tls does', async () => {
    const raw = await captureHello((t) => rawHandshake({ ...t, servername: 'taxii.example' }, baseline, 2000));
    const node = await captureHello((t) => tryHandshake({ ...t, servername: 'taxii.example' }, (offerClass('baseline') as OfferClass).offer, 2000));
    expect(raw.servername).toBe('taxii.example');
    expect(node.servername).toBe('taxii.example');
  });
});

describe('hostile and absent peers', () => {
  const servers: net.Server[] = [];
  /** Server-side octets written per peer, to show the probe stopped reading. */
  const written: Record<string, number> = {};
  const ports: Record<string, number> = {};
  const listen = async (name: string, onConn: (s: net.Socket) => void): Promise<void> => {
    const srv = net.createServer((s) => {
      s.on('error', () => undefined);
      s.on('close', () => (written[name] = (written[name] ?? 0) + s.bytesWritten));
      onConn(s);
    });
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
    ports[name] = (srv.address() as net.AddressInfo).port;
    servers.push(srv);
  };
  const at = (name: string): TlsTarget => ({ host: '127.0.0.1', port: ports[name] as number });
  /** Writes `chunk` again and again until the peer goes, as fast as the socket takes it. */
  const flood = (s: net.Socket, first: Buffer, chunk: Buffer): void => {
    s.write(first);
    const go = (): void => {
      while (!s.destroyed && s.write(chunk));
      if (!s.destroyed) s.once('drain', go);
    };
    go();
  };

  beforeAll(async () => {
    await listen('closer', (s) => s.once('data', () => s.end()));
    await listen('silent', (s) => s.on('data', () => undefined));
    await listen('http', (s) => s.once('data', () => s.end('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n')));
    await listen('huge', (s) => s.once('data', () => flood(s, Buffer.from([0x16, 0x03, 0x03, 0xff, 0xff]), Buffer.alloc(64 * 1024, 0x41))));
    // A ServerHello that says it is 60000 octets long, sent as endless one-octet records.
    await listen('endless', (s) => s.once('data', () => flood(s, Buffer.from([0x16, 0x03, 0x03, 0x00, 0x04, 0x02, 0x00, 0xea, 0x60]), Buffer.concat(Array.from({ length: 2000 }, () => Buffer.from([0x16, 0x03, 0x03, 0x00, 0x01, 0x00]))))));
    await listen('trickle', (s) =>
      s.once('data', () => {
        const hello = serverHello('TLSv1.2', 0xc028);
        let i = 0;
        const t = setInterval(() => (s.destroyed || i >= hello.length ? clearInterval(t) : s.write(hello.subarray(i, ++i))), 50);
        s.on('close', () => clearInterval(t));
      }),
    );
    await listen('unoffered', (s) => s.once('data', () => s.write(serverHello('TLSv1.2', 0x000a))));
    await listen('old', (s) => s.once('data', () => s.write(serverHello('TLSv1', 0xc028))));
    await listen('warned', (s) =>
      s.once('data', () => {
        const hs = serverHello('TLSv1.2', 0xc028).subarray(5);
        const rec = (b: Buffer): Buffer => Buffer.concat([Buffer.from([0x16, 0x03, 0x03, 0, b.length]), b]);
        s.write(Buffer.concat([Buffer.from([0x15, 0x03, 0x03, 0x00, 0x02, 0x01, 112]), rec(hs.subarray(0, 10)), rec(hs.subarray(10))]));
      }),
    );
    await listen('alert', (s) => s.once('data', () => s.end(alertRecord(71))));
  });
  afterAll(() => {
    for (const s of servers) s.close();
  });

  it('a close after our ClientHello is a refusal', async () => {
    const r = await rawHandshake(at('closer'), baseline, TIMEOUT);
    expect(r.outcome, r.detail).toBe('refused');
    expect(r.detail).toMatch(/closed the connection after our ClientHello without an alert/);
  });

  it('an alert is a refusal, named', async () => {
    const r = await rawHandshake(at('alert'), baseline, TIMEOUT);
    expect(r).toMatchObject({ outcome: 'refused', alert: 'insufficient security (71)' });
  });

  it('silence is an error (timeout), not a refusal, and ends within the timeout', async () => {
    const t0 = Date.now();
    const r = await rawHandshake(at('silent'), baseline, 300);
    expect(r).toMatchObject({ outcome: 'error', code: 'ETIMEDOUT' });
    expect(r.detail).toMatch(/timeout after 300 ms \(no answer to our ClientHello\)/);
    expect(Date.now() - t0).toBeLessThan(1500);
  });

  it('a trickled ServerHello ends at the timeout, saying how much came', async () => {
    const r = await rawHandshake(at('trickle'), baseline, 300);
    expect(r).toMatchObject({ outcome: 'error', code: 'ETIMEDOUT' });
    expect(r.detail).toMatch(/the answer incomplete after \d+ octets/);
  });

  it('a peer that does not speak TLS is an error that shows its first octets', async () => {
    const r = await rawHandshake(at('http'), baseline, TIMEOUT);
    expect(r.outcome).toBe('error');
    expect(r.detail).toMatch(/not TLS: the first octets are 48 54 54 50 .*\("HTTP\/1\.1 400 Bad/);
  });

  it('a record over the TLS limit is an error at its header: the flood behind it is not read', async () => {
    const r = await rawHandshake(at('huge'), baseline, TIMEOUT);
    expect(r.outcome).toBe('error');
    expect(r.detail).toMatch(/record length 65535 is over TLS's limit of 18432 octets/);
    expect(r.bytesReceived).toBeLessThan(1024 * 1024);
  });

  it('a ServerHello that never ends is read up to the bound and no further', async () => {
    const r = await rawHandshake(at('endless'), baseline, TIMEOUT);
    expect(r.outcome).toBe('error');
    expect(r.detail).toMatch(/no whole ServerHello in the first 131072 octets/);
    expect(r.bytesReceived).toBeGreaterThan(MAX_READ);
    expect(r.bytesReceived).toBeLessThan(MAX_READ + 1024 * 1024);
  });

  it('a suite we did not offer is an error, not an acceptance', async () => {
    const r = await rawHandshake(at('unoffered'), baseline, TIMEOUT);
    expect(r.outcome).toBe('error');
    expect(r.detail).toMatch(/server chose DES-CBC3-SHA \(0x000A\), a suite we did not offer/);
  });

  it('a version below the offered one is a refusal (a client would abort), as node:tls says', async () => {
    const r = await rawHandshake(at('old'), baseline, TIMEOUT);
    expect(r).toMatchObject({ outcome: 'refused', protocol: 'TLSv1' });
    expect(r.detail).toMatch(/server answered with TLSv1, outside the offered TLSv1\.2/);
  });

  it('a warning unrecognized_name, then a ServerHello over two records: accepted', async () => {
    const r = await rawHandshake(at('warned'), baseline, TIMEOUT);
    expect(r).toMatchObject({ outcome: 'accepted', protocol: 'TLSv1.2', cipher: 'ECDHE-RSA-AES256-SHA384', suiteCode: 0xc028, standardName: 'TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384' });
  });

  it('no listener is an error; an aborted probe ends at once', async () => {
    const port = await freePort();
    expect(await rawHandshake({ host: '127.0.0.1', port }, baseline, TIMEOUT)).toMatchObject({ outcome: 'error', code: 'ECONNREFUSED' });
    const ac = new AbortController();
    const p = rawHandshake(at('silent'), baseline, 60_000, ac.signal);
    setTimeout(() => ac.abort(), 50);
    expect(await p).toMatchObject({ outcome: 'error', code: 'ABORT_ERR' });
  });
});

describe('agreement with node:tls against the mock', () => {
  const FAULTS = [[], ['tls-weak-suites'], ['tls-legacy-versions'], ['tls-no-baseline'], ['tls-ecdsa-cert']];
  const mocks: { close(): Promise<void> }[] = [];
  afterAll(async () => {
    await Promise.all(mocks.map((m) => m.close()));
  });

  it.each(FAULTS.map((f) => [f.join(',') || 'reference', f] as const))('%s: both probes end every class alike', async (_name, faults) => {
    const mock = await startMock({ port: 0, faults });
    mocks.push(mock);
    const target = { host: '127.0.0.1', port: mock.port };
    const classes = OFFER_CLASSES.filter((c) => offerableInClass(c).length > 0);
    const pick = (r: HandshakeResult): string => (r.outcome === 'accepted' ? `accepted ${r.protocol} ${r.cipher}` : r.outcome === 'refused' ? 'refused' : `${r.outcome}: ${r.detail}`);
    const node = await Promise.all(classes.map((c) => tryHandshake(target, c.offer, TIMEOUT)));
    const raw = await Promise.all(classes.map((c) => rawHandshake(target, { ...rawOfferOf(c), suites: offerableInClass(c).map((n) => suiteInfo(n)!.code) }, TIMEOUT)));
    expect(Object.fromEntries(classes.map((c, i) => [c.id, pick(raw[i]!)]))).toEqual(Object.fromEntries(classes.map((c, i) => [c.id, pick(node[i]!)])));
    // And the whole classes: what no node:tls can offer is refused by the mock.
    for (const id of ['ssl3', '3des', 'rc4', 'export']) {
      const r = await rawHandshake(target, rawOfferOf(offerClass(id) as OfferClass), TIMEOUT);
      expect(r.outcome, `${id}: ${r.detail}`).toBe('refused');
    }
  });
});
