// The TLS probe library against real peers: OpenSSL's s_server in the configurations the
// `tls` area must tell apart, sslscan as a second opinion on the accepted suites, and a few
// hostile TCP peers. No mocked sockets.
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeMany, tryHandshake, type HandshakeResult, type TlsVersion } from '../../suites/probes/tls.js';
import { captureClientHello } from '../helpers/client-hello-capture.js';
import { freePort } from '../../mock-server/free-port.js';
import { acceptedSuites, enumerateSuites } from '../../suites/probes/tls-enumerate.js';
import { BASELINE_SUITE } from '../../suites/taxii2-predraft/tls-policy.js';
import { OFFER_CLASSES, offerClass, offerableInClass, offerableSuites, rawOfferOf, type OfferClass } from '../../suites/probes/tls-offers.js';
import { suiteInfo, suiteUsableAt, versionsBetween } from '../../suites/probes/tls-suites.js';
import { rawHandshake } from '../../suites/probes/tls-raw/probe.js';
import { hostMatches, inspectCertificate } from '../../suites/probes/certificate.js';
import {
  hasOpenssl,
  hasSslscan,
  makeCert,
  sslscanAccepted,
  startSServer,
  stopAllSServers,
  type RunningSServer,
  type SServerOptions,
  type TestCert,
} from '../helpers/s-server.js';

const TIMEOUT = 5000;
const OPTS = { concurrency: 8, timeoutMs: TIMEOUT };
const REF_12 = ['ECDHE-RSA-AES256-SHA384', 'ECDHE-RSA-AES256-GCM-SHA384', 'ECDHE-RSA-CHACHA20-POLY1305'];
const REF_13 = ['TLS_AES_256_GCM_SHA384', 'TLS_CHACHA20_POLY1305_SHA256'];

/** What a configured s_server accepts: version → suites. The oracle of these tests. */
type Model = Partial<Record<TlsVersion, string[]>>;

interface Scenario {
  name: string;
  options: Omit<SServerOptions, 'cert' | 'key'>;
  model: Model;
}

const SCENARIOS: Record<'a' | 'b' | 'c' | 'c2' | 'd' | 'e' | 'f', Scenario> = {
  a: {
    name: '(a) reference: TLS 1.2–1.3, the baseline, 256-bit AEAD, TLS 1.3 256-bit suites',
    options: { ciphers: REF_12.join(':'), ciphersuites: REF_13.join(':'), minProtocol: 'TLSv1.2' },
    model: { 'TLSv1.2': REF_12, 'TLSv1.3': REF_13 },
  },
  b: {
    name: '(b) the reference plus AES128-SHA',
    options: { ciphers: [...REF_12, 'AES128-SHA'].join(':'), ciphersuites: REF_13.join(':'), minProtocol: 'TLSv1.2' },
    model: { 'TLSv1.2': [...REF_12, 'AES128-SHA'], 'TLSv1.3': REF_13 },
  },
  c: {
    name: '(c) TLS 1.0 enabled (with ECDHE-RSA-AES256-SHA, a suite TLS 1.0 can use)',
    options: { ciphers: [...REF_12, 'ECDHE-RSA-AES256-SHA', '@SECLEVEL=0'].join(':'), ciphersuites: REF_13.join(':'), minProtocol: 'TLSv1' },
    model: {
      TLSv1: ['ECDHE-RSA-AES256-SHA'],
      'TLSv1.1': ['ECDHE-RSA-AES256-SHA'],
      'TLSv1.2': [...REF_12, 'ECDHE-RSA-AES256-SHA'],
      'TLSv1.3': REF_13,
    },
  },
  c2: {
    name: '(c2) TLS 1.0 enabled but no suite TLS 1.0 can use',
    options: { ciphers: [...REF_12, '@SECLEVEL=0'].join(':'), ciphersuites: REF_13.join(':'), minProtocol: 'TLSv1' },
    model: { 'TLSv1.2': REF_12, 'TLSv1.3': REF_13 },
  },
  d: {
    name: '(d) TLS 1.2 only: the baseline and a NULL suite',
    options: { ciphers: `${BASELINE_SUITE}:ECDHE-RSA-NULL-SHA:@SECLEVEL=0`, flags: ['-tls1_2'] },
    model: { 'TLSv1.2': [BASELINE_SUITE, 'ECDHE-RSA-NULL-SHA'] },
  },
  e: {
    name: '(e) no baseline suite: AEAD only',
    options: { ciphers: 'ECDHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-CHACHA20-POLY1305', ciphersuites: REF_13.join(':'), minProtocol: 'TLSv1.2' },
    model: { 'TLSv1.2': ['ECDHE-RSA-AES256-GCM-SHA384', 'ECDHE-RSA-CHACHA20-POLY1305'], 'TLSv1.3': REF_13 },
  },
  f: {
    name: '(f) TLS 1.0 only',
    options: { ciphers: 'ECDHE-RSA-AES256-SHA:@SECLEVEL=0', flags: ['-tls1'] },
    model: { TLSv1: ['ECDHE-RSA-AES256-SHA'] },
  },
};

type Key = keyof typeof SCENARIOS;

let dir: string;
let certs: Record<'valid' | 'expired' | 'wrongName' | 'rsa1024' | 'ec' | 'noSan' | 'ca' | 'leaf', TestCert>;
const servers = new Map<string, RunningSServer>();

function server(k: string): { host: string; port: number } {
  const s = servers.get(k);
  if (!s) throw new Error(`server ${k} not started`);
  return { host: '127.0.0.1', port: s.port };
}

function versionsOf(c: OfferClass): TlsVersion[] {
  return versionsBetween(c.offer.minVersion, c.offer.maxVersion);
}

/** The (version, suite) pairs both the class can put on the wire (node:tls, else raw) and the server accepts. */
function overlap(c: OfferClass, model: Model, engine: 'node' | 'raw' = 'node'): { version: TlsVersion; suite: string }[] {
  const offerable = engine === 'node' ? offerableInClass(c) : c.suites;
  const pairs: { version: TlsVersion; suite: string }[] = [];
  for (const v of versionsOf(c)) {
    for (const s of model[v] ?? []) {
      const info = suiteInfo(s);
      if (info && suiteUsableAt(info, v) && offerable.includes(s)) pairs.push({ version: v, suite: s });
    }
  }
  return pairs;
}

function expectedOutcome(c: OfferClass, model: Model): 'accepted' | 'refused' | 'cannot-offer' {
  if (offerableInClass(c).length === 0) return 'cannot-offer';
  return overlap(c, model).length > 0 ? 'accepted' : 'refused';
}

function modelPairs(model: Model): string[] {
  return Object.entries(model)
    .flatMap(([v, suites]) => (suites ?? []).map((s) => `${v} ${s}`))
    .sort();
}

beforeAll(async () => {
  if (!hasOpenssl) return;
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'taxii-conform-tls-'));
  const day = 86400_000;
  const [valid, expired, wrongName, rsa1024, ec, noSan] = await Promise.all([
    makeCert(dir, 'valid'),
    makeCert(dir, 'expired', { notBefore: new Date(Date.now() - 30 * day), notAfter: new Date(Date.now() - day) }),
    makeCert(dir, 'wrong-name', { commonName: 'localhost', sans: [{ type: 'dns', value: 'wrong.example' }] }),
    makeCert(dir, 'rsa1024', { key: 1024 }),
    makeCert(dir, 'ec', { key: 'P-256' }),
    makeCert(dir, 'no-san', { commonName: 'localhost', sans: [] }),
  ]);
  const ca = await makeCert(dir, 'ca', { commonName: 'taxii-conform test CA', ca: true });
  const leaf = await makeCert(dir, 'leaf', { issuer: ca });
  certs = { valid, expired, wrongName, rsa1024, ec, noSan, ca, leaf };
  const started = await Promise.all([
    ...Object.entries(SCENARIOS).map(async ([k, s]) => [k, await startSServer({ cert: valid.cert, key: valid.key, ...s.options })] as const),
    ...(['expired', 'wrongName', 'rsa1024', 'ec', 'noSan'] as const).map(
      async (k) =>
        [`cert:${k}`, await startSServer({ cert: certs[k].cert, key: certs[k].key, ...(k === 'rsa1024' ? { ciphers: 'DEFAULT:@SECLEVEL=0' } : {}) })] as const,
    ),
    (async () => ['cert:valid', await startSServer({ cert: valid.cert, key: valid.key })] as const)(),
    (async () => ['cert:chain', await startSServer({ cert: leaf.cert, key: leaf.key, extraArgs: ['-cert_chain', ca.cert] })] as const)(),
  ]);
  for (const [k, s] of started) servers.set(k, s);
});

afterAll(async () => {
  await stopAllSServers();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!hasOpenssl)('TLS probe against openssl s_server', () => {
  describe('what this Node/OpenSSL can offer', () => {
    it.each(['TLSv1', 'TLSv1.1', 'TLSv1.2'] as const)('offerableSuites(%s) is exactly what the ClientHello carries', async (v) => {
      const cap = await captureClientHello({ minVersion: v, maxVersion: v, ciphers: 'ALL:COMPLEMENTOFALL:@SECLEVEL=0' });
      expect(cap.outcome).toBe('sent');
      expect(cap.legacyVersion).toBe(v);
      expect(cap.supportedVersions).toBeUndefined();
      expect(cap.suites.filter((s) => s.startsWith('0x'))).toEqual([]); // no suite unknown to the table
      expect([...cap.suites].sort()).toEqual([...offerableSuites(v)].sort());
    });

    it('offerableSuites(TLSv1.3) is exactly what a TLS 1.3 ClientHello carries', async () => {
      const all = ['TLS_AES_256_GCM_SHA384', 'TLS_CHACHA20_POLY1305_SHA256', 'TLS_AES_128_GCM_SHA256', 'TLS_AES_128_CCM_SHA256', 'TLS_AES_128_CCM_8_SHA256'];
      const cap = await captureClientHello({ minVersion: 'TLSv1.3', maxVersion: 'TLSv1.3', ciphersuites: all.join(':') });
      expect(cap.outcome).toBe('sent');
      expect(cap.supportedVersions).toEqual(['TLSv1.3']);
      expect([...cap.suites].sort()).toEqual([...offerableSuites('TLSv1.3')].sort());
    });

    it.each(OFFER_CLASSES.map((c) => [c.id, c] as const))('class %s: the ClientHello carries exactly its offerable suites, versions pinned', async (_id, c) => {
      const cap = await captureClientHello(c.offer);
      const offerable = offerableInClass(c);
      if (offerable.length === 0) {
        expect(cap.outcome).toBe('cannot-offer');
        return;
      }
      expect(cap.outcome).toBe('sent');
      expect([...cap.suites].sort()).toEqual([...offerable].sort());
      const wanted = versionsOf(c).reverse();
      if (c.offer.maxVersion === 'TLSv1.3') expect(cap.supportedVersions).toEqual(wanted);
      else expect(cap.legacyVersion).toBe(c.offer.maxVersion);
    });

    it('node:tls cannot offer the legacy classes at all (cannot-offer, never refused): the raw probe can', async () => {
      const none = OFFER_CLASSES.filter((c) => offerableInClass(c).length === 0);
      // Node 20's OpenSSL 3.0 has no 3DES, RC4, export or single-DES suites, and no SSL 3.0.
      expect(none.map((c) => c.id).sort()).toEqual(['3des', 'export', 'rc4', 'ssl3']);
      for (const c of none) {
        const r = await tryHandshake(server('a'), c.offer, TIMEOUT);
        expect(r.outcome, r.detail).toBe('cannot-offer');
        if (c.id === 'ssl3') expect(r.detail).toMatch(/cannot offer SSLv3/);
        else expect(r.code).toBe('ERR_SSL_NO_CIPHER_MATCH');
        expect(r.bytesSent).toBeUndefined(); // no connection was even opened
        const raw = await rawHandshake(server('a'), rawOfferOf(c), TIMEOUT);
        expect(raw.outcome, raw.detail).toBe('refused');
        expect(raw.bytesSent).toBeGreaterThan(50);
      }
    });

    it('a suite that does not exist at the pinned version is cannot-offer (no ciphers available), not refused', async () => {
      const r = await tryHandshake(server('c'), { minVersion: 'TLSv1', maxVersion: 'TLSv1', ciphers: `${BASELINE_SUITE}:@SECLEVEL=0` }, TIMEOUT);
      expect(r.outcome, r.detail).toBe('cannot-offer');
      expect(r.code).toBe('ERR_SSL_NO_CIPHERS_AVAILABLE');
      expect(r.bytesReceived).toBe(0);
      // OpenSSL still writes a 7-byte alert of its own: bytes written do not prove a ClientHello.
      expect(r.bytesSent).toBe(7);
    });

    it('an inverted version range is cannot-offer', async () => {
      const r = await tryHandshake(server('a'), { minVersion: 'TLSv1.3', maxVersion: 'TLSv1.2', ciphers: BASELINE_SUITE }, TIMEOUT);
      expect(r.outcome).toBe('cannot-offer');
    });
  });

  describe.each(Object.entries(SCENARIOS) as [Key, Scenario][])('%s', (key, scenario) => {
    it(`${scenario.name}: every class ends as the server's configuration predicts`, async () => {
      const results = await probeMany(server(key), OFFER_CLASSES.map((c) => c.offer), OPTS);
      const got = Object.fromEntries(OFFER_CLASSES.map((c, i) => [c.id, (results[i] as HandshakeResult).outcome]));
      const want = Object.fromEntries(OFFER_CLASSES.map((c) => [c.id, expectedOutcome(c, scenario.model)]));
      expect(got).toEqual(want);
      OFFER_CLASSES.forEach((c, i) => {
        const r = results[i] as HandshakeResult;
        expect(r.durationMs).toBeGreaterThanOrEqual(0);
        expect(r.detail).not.toMatch(/\n/);
        if (r.outcome === 'accepted') {
          const pairs = overlap(c, scenario.model);
          expect(pairs.map((p) => `${p.version} ${p.suite}`), `${c.id}: ${r.detail}`).toContain(`${r.protocol} ${r.cipher}`);
          expect(r.standardName).toBe(suiteInfo(r.cipher as string)?.iana);
        }
        if (r.outcome === 'refused') expect(r.alert ?? r.detail, `${c.id}: ${r.detail}`).toBeTruthy();
      });
    });

    it(`${scenario.name}: the raw probe agrees with node:tls on every class, and offers the whole class`, async () => {
      const classes = OFFER_CLASSES.filter((c) => offerableInClass(c).length > 0);
      // The same offer both ways: the suites this OpenSSL can put in the class's ClientHello.
      const subset = (c: OfferClass): ReturnType<typeof rawOfferOf> => ({ ...rawOfferOf(c), suites: offerableInClass(c).map((n) => suiteInfo(n)!.code) });
      const [nodeResults, rawResults, wholeResults] = await Promise.all([
        probeMany(server(key), classes.map((c) => c.offer), OPTS),
        Promise.all(classes.map((c) => rawHandshake(server(key), subset(c), TIMEOUT))),
        Promise.all(OFFER_CLASSES.map((c) => rawHandshake(server(key), rawOfferOf(c), TIMEOUT))),
      ]);
      const pick = (r: HandshakeResult): string => (r.outcome === 'accepted' ? `accepted ${r.protocol} ${r.cipher}` : r.outcome === 'refused' ? `refused ${r.alert ?? ''}` : r.outcome);
      const byNode = Object.fromEntries(classes.map((c, i) => [c.id, pick(nodeResults[i]!)]));
      const byRaw = Object.fromEntries(classes.map((c, i) => [c.id, pick(rawResults[i]!)]));
      expect(byRaw).toEqual(byNode);
      // The whole class (suites OpenSSL cannot offer included) ends as the configuration predicts.
      OFFER_CLASSES.forEach((c, i) => {
        const r = wholeResults[i]!;
        const pairs = overlap(c, scenario.model, 'raw');
        expect(r.outcome, `${c.id}: ${r.detail}`).toBe(pairs.length > 0 ? 'accepted' : 'refused');
        if (r.outcome === 'accepted') expect(pairs.map((p) => `${p.version} ${p.suite}`), c.id).toContain(`${r.protocol} ${r.cipher}`);
      });
    });

    it(`${scenario.name}: acceptedSuites() lists what the server accepts, raw and node:tls alike`, async () => {
      const e = await enumerateSuites(server(key), { ...OPTS, engine: 'node' });
      expect(e.errors).toEqual([]);
      expect(e.accepted.map((a) => `${a.protocol} ${a.name}`).sort()).toEqual(modelPairs(scenario.model));
      const byElimination = await enumerateSuites(server(key), { ...OPTS, engine: 'node', strategy: 'elimination' });
      expect(byElimination.accepted).toEqual(e.accepted);
      expect(byElimination.handshakes).toBeLessThan(e.handshakes);
      const raw = await enumerateSuites(server(key), { ...OPTS, engine: 'raw', strategy: 'elimination' });
      expect(raw.errors).toEqual([]);
      expect(raw.accepted.map((a) => `${a.protocol} ${a.name}`).sort()).toEqual(modelPairs(scenario.model));
      expect(raw.versions.map((v) => v.version)).toEqual(['SSLv3', 'TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3']);
    });
  });

  describe('the cases the brief names', () => {
    it('the baseline is accepted by (a), at TLS 1.2, with TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384', async () => {
      const r = await tryHandshake(server('a'), (offerClass('baseline') as OfferClass).offer, TIMEOUT);
      expect(r).toMatchObject({ outcome: 'accepted', protocol: 'TLSv1.2', cipher: BASELINE_SUITE, standardName: 'TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384' });
    });

    it('the baseline is refused by (e) with a handshake failure alert', async () => {
      const r = await tryHandshake(server('e'), (offerClass('baseline') as OfferClass).offer, TIMEOUT);
      expect(r).toMatchObject({ outcome: 'refused', alert: 'handshake failure (40)', code: 'ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE' });
      expect(r.bytesReceived).toBe(7);
    });

    it('(b): the AES128-SHA classes are accepted and name AES128-SHA', async () => {
      for (const id of ['aes128-cbc', 'rsa-kx', 'sha1-mac']) {
        const r = await tryHandshake(server('b'), (offerClass(id) as OfferClass).offer, TIMEOUT);
        expect(r, id).toMatchObject({ outcome: 'accepted', protocol: 'TLSv1.2', cipher: 'AES128-SHA', standardName: 'TLS_RSA_WITH_AES_128_CBC_SHA' });
        expect(r.detail).toContain('AES128-SHA');
      }
    });

    it('(a) refuses TLS 1.0 with a protocol version alert; (c2) with a handshake failure; (c) accepts it', async () => {
      const tls10 = (offerClass('tls10') as OfferClass).offer;
      const [a, c2, c] = await Promise.all([tryHandshake(server('a'), tls10, TIMEOUT), tryHandshake(server('c2'), tls10, TIMEOUT), tryHandshake(server('c'), tls10, TIMEOUT)]);
      expect(a).toMatchObject({ outcome: 'refused', alert: 'protocol version (70)', code: 'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION' });
      expect(c2).toMatchObject({ outcome: 'refused', alert: 'handshake failure (40)' });
      // getProtocol() says TLSv1; getCipher().version would say the suite's "TLSv1.0".
      expect(c).toMatchObject({ outcome: 'accepted', protocol: 'TLSv1', cipher: 'ECDHE-RSA-AES256-SHA' });
    });

    it('(c) at TLS 1.2: getProtocol() is the negotiated version, not the suite\'s', async () => {
      const r = await tryHandshake(server('c'), (offerClass('sha1-mac') as OfferClass).offer, TIMEOUT);
      expect(r).toMatchObject({ outcome: 'accepted', protocol: 'TLSv1.2', cipher: 'ECDHE-RSA-AES256-SHA' });
    });

    it('(d): NULL class accepted (info), baseline accepted, TLS 1.3 refused', async () => {
      const [nul, base, t13] = await probeMany(server('d'), ['null', 'baseline', 'tls13'].map((id) => (offerClass(id) as OfferClass).offer), OPTS);
      expect(nul).toMatchObject({ outcome: 'accepted', cipher: 'ECDHE-RSA-NULL-SHA', protocol: 'TLSv1.2' });
      expect(base).toMatchObject({ outcome: 'accepted', cipher: BASELINE_SUITE });
      expect(t13).toMatchObject({ outcome: 'refused', alert: 'protocol version (70)' });
    });

    it('(f) TLS 1.0-only answers a TLS 1.2 offer with a TLS 1.0 ServerHello: refused (unsupported protocol), not error', async () => {
      // A suite the server has (ECDHE-RSA-AES256-SHA): with none in common it would send a
      // handshake failure alert instead (it picks the version first, then finds no suite).
      const r = await tryHandshake(server('f'), (offerClass('sha1-mac') as OfferClass).offer, TIMEOUT);
      expect(r.outcome, r.detail).toBe('refused');
      expect(r.code).toBe('ERR_SSL_UNSUPPORTED_PROTOCOL');
      expect(r.alert).toBeUndefined();
      expect(r.bytesReceived).toBeGreaterThan(7);
    });

    it('TLS 1.3 with only 128-bit suites is refused by (a); TLS 1.3 is accepted with a 256-bit suite', async () => {
      const [t128, t13] = await probeMany(server('a'), [(offerClass('tls13-aes128') as OfferClass).offer, (offerClass('tls13') as OfferClass).offer], OPTS);
      expect(t128).toMatchObject({ outcome: 'refused', alert: 'handshake failure (40)' });
      expect(t13).toMatchObject({ outcome: 'accepted', protocol: 'TLSv1.3' });
      expect(['TLS_AES_256_GCM_SHA384', 'TLS_CHACHA20_POLY1305_SHA256']).toContain(t13?.cipher);
    });

    it('no session resumption between probes: every handshake is a full one', async () => {
      const offer = (offerClass('baseline') as OfferClass).offer;
      const rs = await probeMany(server('a'), [offer, offer, offer], { concurrency: 1, timeoutMs: TIMEOUT });
      // A full TLS 1.2 handshake carries the certificate: well over 1 KB from the server.
      for (const r of rs) expect(r.bytesReceived).toBeGreaterThan(1000);
    });
  });

  describe.skipIf(!hasSslscan)('acceptedSuites() against sslscan', () => {
    it.each(['a', 'b', 'c'] as const)('server (%s): the same accepted set as sslscan, raw and node:tls', async (k) => {
      const [raw, node, theirs] = await Promise.all([
        acceptedSuites(server(k), { ...OPTS, engine: 'raw', strategy: 'elimination' }),
        acceptedSuites(server(k), { ...OPTS, engine: 'node' }),
        sslscanAccepted(server(k).port),
      ]);
      // sslscan prints TLS 1.0 as "TLSv1.0"; getProtocol() and our TlsVersion say "TLSv1".
      const b = theirs.ciphers.map((c) => `${c.protocol === 'TLSv1.0' ? 'TLSv1' : c.protocol} ${c.cipher}`).sort();
      for (const ours of [raw, node]) expect(ours.map((s) => `${s.protocol} ${s.name}`).sort()).toEqual(b);
      expect(b).toEqual(modelPairs(SCENARIOS[k].model));
    });
  });

  describe('hostile and absent peers', () => {
    let closer: net.Server;
    let silent: net.Server;
    let http: net.Server;
    const ports: Record<string, number> = {};
    const listen = async (name: string, onConn: (s: net.Socket) => void): Promise<net.Server> => {
      const srv = net.createServer(onConn);
      await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
      ports[name] = (srv.address() as net.AddressInfo).port;
      return srv;
    };
    beforeAll(async () => {
      closer = await listen('closer', (s) => s.once('data', () => s.end()));
      silent = await listen('silent', (s) => s.on('data', () => undefined));
      http = await listen('http', (s) => s.once('data', () => s.end('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n')));
    });
    afterAll(() => {
      for (const s of [closer, silent, http]) s.close();
    });
    const baseline = (): OfferClass['offer'] => (offerClass('baseline') as OfferClass).offer;

    it('a close after our ClientHello is a refusal', async () => {
      const r = await tryHandshake({ host: '127.0.0.1', port: ports.closer as number }, baseline(), TIMEOUT);
      expect(r.outcome, r.detail).toBe('refused');
      expect(r.alert).toBeUndefined();
      expect(r.detail).toMatch(/closed the connection after our ClientHello/);
    });

    it('silence is an error (timeout), not a refusal, and ends within the timeout', async () => {
      const t0 = Date.now();
      const r = await tryHandshake({ host: '127.0.0.1', port: ports.silent as number }, baseline(), 300);
      expect(r).toMatchObject({ outcome: 'error', code: 'ETIMEDOUT' });
      expect(Date.now() - t0).toBeLessThan(1500);
    });

    it('a peer that does not speak TLS is an error', async () => {
      const r = await tryHandshake({ host: '127.0.0.1', port: ports.http as number }, baseline(), TIMEOUT);
      expect(r.outcome, r.detail).toBe('error');
      expect(r.code).toBe('ERR_SSL_WRONG_VERSION_NUMBER');
    });

    it('no listener is an error', async () => {
      const port = await freePort();
      const r = await tryHandshake({ host: '127.0.0.1', port }, baseline(), TIMEOUT);
      expect(r).toMatchObject({ outcome: 'error', code: 'ECONNREFUSED' });
    });

    it('acceptedSuites() rejects rather than return a partial list', async () => {
      for (const engine of ['raw', 'node'] as const) {
        await expect(acceptedSuites({ host: '127.0.0.1', port: ports.silent as number }, { engine, concurrency: 4, timeoutMs: 200, versions: ['TLSv1.3'] })).rejects.toThrow(/incomplete/);
      }
    });
  });

  describe('certificate inspection', () => {
    const now = Date.now();
    it('a valid certificate', async () => {
      const r = await inspectCertificate(server('cert:valid'), TIMEOUT);
      expect(r).toMatchObject({
        subject: 'CN=localhost, O=taxii-conform test',
        issuer: 'CN=localhost, O=taxii-conform test',
        selfSigned: true,
        sans: ['DNS:localhost', 'IP:127.0.0.1'],
        expired: false,
        notYetValid: false,
        keyType: 'RSA',
        keyBits: 2048,
        signatureAlgorithm: 'sha256WithRSAEncryption',
        nameMatches: true,
        chainLength: 1,
        checkedName: '127.0.0.1',
      });
      expect(r.pem.trim()).toBe(certs.valid.certPem.trim());
      expect(Date.parse(r.notAfter)).toBeGreaterThan(now);
      const byName = await inspectCertificate({ ...server('cert:valid'), servername: 'localhost' }, TIMEOUT);
      expect(byName.nameMatches).toBe(true);
      const other = await inspectCertificate({ ...server('cert:valid'), servername: 'other.example' }, TIMEOUT);
      expect(other.nameMatches).toBe(false);
    });

    it('an expired certificate', async () => {
      const r = await inspectCertificate(server('cert:expired'), TIMEOUT);
      expect(r).toMatchObject({ expired: true, notYetValid: false, nameMatches: true, keyType: 'RSA', keyBits: 2048 });
      expect(Date.parse(r.notAfter)).toBeLessThan(now);
    });

    it('a certificate for another name (CN=localhost is ignored when there are SANs)', async () => {
      const r = await inspectCertificate({ ...server('cert:wrongName'), servername: 'localhost' }, TIMEOUT);
      expect(r).toMatchObject({ sans: ['DNS:wrong.example'], nameMatches: false, expired: false });
      expect((await inspectCertificate(server('cert:wrongName'), TIMEOUT)).nameMatches).toBe(false);
      expect((await inspectCertificate({ ...server('cert:wrongName'), servername: 'wrong.example' }, TIMEOUT)).nameMatches).toBe(true);
    });

    it('an RSA-1024 certificate', async () => {
      const r = await inspectCertificate(server('cert:rsa1024'), TIMEOUT);
      expect(r).toMatchObject({ keyType: 'RSA', keyBits: 1024, expired: false, nameMatches: true });
    });

    it('an ECDSA P-256 certificate', async () => {
      const r = await inspectCertificate(server('cert:ec'), TIMEOUT);
      expect(r).toMatchObject({ keyType: 'EC', keyBits: 256, signatureAlgorithm: 'ecdsa-with-SHA256', selfSigned: true });
    });

    it('no SAN: the CN is used', async () => {
      const r = await inspectCertificate({ ...server('cert:noSan'), servername: 'localhost' }, TIMEOUT);
      expect(r).toMatchObject({ sans: [], nameMatches: true });
      expect((await inspectCertificate(server('cert:noSan'), TIMEOUT)).nameMatches).toBe(false);
    });

    it('a leaf sent with its CA: chain of two, not self-signed', async () => {
      const r = await inspectCertificate(server('cert:chain'), TIMEOUT);
      expect(r).toMatchObject({ chainLength: 2, selfSigned: false, issuer: 'CN=taxii-conform test CA, O=taxii-conform test', nameMatches: true });
    });

    it('name matching rules', () => {
      expect(hostMatches('a.example.com', ['DNS:*.example.com'], [])).toBe(true);
      expect(hostMatches('example.com', ['DNS:*.example.com'], [])).toBe(false);
      expect(hostMatches('a.b.example.com', ['DNS:*.example.com'], [])).toBe(false);
      expect(hostMatches('A.Example.COM', ['DNS:a.example.com'], [])).toBe(true);
      expect(hostMatches('x.com', ['DNS:*.com'], [])).toBe(false);
      expect(hostMatches('::1', ['IP:0:0:0:0:0:0:0:1'], [])).toBe(true);
      expect(hostMatches('127.0.0.1', ['DNS:127.0.0.1'], [])).toBe(false);
      expect(hostMatches('localhost', ['IP:127.0.0.1'], ['localhost'])).toBe(false);
      expect(hostMatches('localhost', [], ['localhost'])).toBe(true);
    });

    it('a target that is not TLS rejects within the timeout', async () => {
      const srv = net.createServer((s) => s.on('data', () => undefined));
      await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
      const port = (srv.address() as net.AddressInfo).port;
      await expect(inspectCertificate({ host: '127.0.0.1', port }, 300)).rejects.toThrow(/timeout/);
      srv.close();
    });
  });
});
