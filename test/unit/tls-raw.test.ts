// The raw TLS codec: the ClientHello we write (read back by our own parser, field by field)
// and the reader of the server's answer, on crafted bytes: fragmented records, warnings
// before the hello, HelloRetryRequest, alerts, and hostile input (garbage, huge lengths,
// truncation, random bytes), which must end in `invalid` with a reason, never a throw.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { clientHello } from '../../suites/probes/tls-raw/client-hello.js';
import { parseClientHello, readServerAnswer, ServerAnswerReader } from '../../suites/probes/tls-raw/parse.js';
import { EXT, GROUP, HELLO_RETRY_RANDOM, MAX_RECORD } from '../../suites/probes/tls-raw/wire.js';
import { alertRecord, serverHello } from '../helpers/legacy-tls-server.js';

const record = (type: number, body: Buffer, version = 0x0303): Buffer => Buffer.concat([Buffer.from([type, version >> 8, version & 0xff, body.length >> 8, body.length & 0xff]), body]);

describe('clientHello()', () => {
  it('TLS 1.2: legacy version, every suite in order plus the renegotiation SCSV, SNI, groups, point formats, signature algorithms', () => {
    const bytes = clientHello({ minVersion: 'TLSv1.2', maxVersion: 'TLSv1.2', suites: [0x000a, 0xc028, 0x0005], servername: 'taxii.example' });
    expect(bytes.subarray(0, 3)).toEqual(Buffer.from([0x16, 0x03, 0x01])); // a handshake record, record version TLS 1.0
    const h = parseClientHello(bytes)!;
    expect(h.legacyVersion).toBe('TLSv1.2');
    expect(h.codes).toEqual([0x000a, 0xc028, 0x0005, 0x00ff]);
    expect(h.suites).toEqual(['DES-CBC3-SHA', 'ECDHE-RSA-AES256-SHA384', 'RC4-SHA']);
    expect(h.servername).toBe('taxii.example');
    expect(h.supportedVersions).toBeUndefined();
    expect(h.extensions).toEqual([EXT.serverName, EXT.supportedGroups, EXT.ecPointFormats, EXT.signatureAlgorithms, EXT.extendedMasterSecret]);
  });

  it('TLS 1.3: supported_versions, real X25519 and P-256 key shares, no SCSV', () => {
    const h = parseClientHello(clientHello({ minVersion: 'TLSv1.3', maxVersion: 'TLSv1.3', suites: [0x1302] }))!;
    expect(h.legacyVersion).toBe('TLSv1.2');
    expect(h.supportedVersions).toEqual(['TLSv1.3']);
    expect(h.codes).toEqual([0x1302]);
    expect(h.keyShareGroups).toEqual([GROUP.x25519, GROUP.secp256r1]);
    expect(h.extensions).toContain(EXT.keyShare);
  });

  it('a TLS 1.2–1.3 range lists both versions, newest first; two hellos never share a key', () => {
    const a = clientHello({ minVersion: 'TLSv1.2', maxVersion: 'TLSv1.3', suites: [0x1302, 0xc028] });
    const b = clientHello({ minVersion: 'TLSv1.2', maxVersion: 'TLSv1.3', suites: [0x1302, 0xc028] });
    expect(parseClientHello(a)?.supportedVersions).toEqual(['TLSv1.3', 'TLSv1.2']);
    expect(a.equals(b)).toBe(false);
  });

  it('SSLv3: SSL 3.0 record and version, no extensions at all; TLS 1.0: no signature_algorithms', () => {
    const ssl3 = clientHello({ minVersion: 'SSLv3', maxVersion: 'SSLv3', suites: [0x000a] });
    expect(ssl3.subarray(1, 3)).toEqual(Buffer.from([0x03, 0x00]));
    expect(parseClientHello(ssl3)).toMatchObject({ legacyVersion: 'SSLv3', extensions: [] });
    expect(parseClientHello(clientHello({ minVersion: 'TLSv1', maxVersion: 'TLSv1', suites: [0x002f] }))?.extensions).not.toContain(EXT.signatureAlgorithms);
  });

  it('a hello of 256 to 511 octets is padded to 512 (RFC 7685); shorter and longer ones are not', () => {
    const handshakeLength = (b: Buffer): number => b.length - 5;
    for (let n = 1; n <= 200; n++) {
      const b = clientHello({ minVersion: 'TLSv1.2', maxVersion: 'TLSv1.2', suites: Array.from({ length: n }, (_, i) => 0x0100 + i) });
      const len = handshakeLength(b);
      const padded = parseClientHello(b)!.extensions.includes(EXT.padding);
      expect(len < 256 || len >= 512, `${n} suites: ${len} octets`).toBe(true);
      if (padded) expect(len, `${n} suites`).toBeLessThanOrEqual(516); // 512, or just past it when even an empty pad overshoots
    }
    expect(parseClientHello(clientHello({ minVersion: 'TLSv1.2', maxVersion: 'TLSv1.2', suites: [0xc028] }))!.extensions).not.toContain(EXT.padding);
  });

  it('no SNI for an address; an inverted range throws', () => {
    expect(parseClientHello(clientHello({ minVersion: 'TLSv1.2', maxVersion: 'TLSv1.2', suites: [0xc028], servername: '127.0.0.1' }))?.servername).toBeUndefined();
    expect(() => clientHello({ minVersion: 'TLSv1.3', maxVersion: 'TLSv1.2', suites: [0xc028] })).toThrow(/not a version range/);
  });
});

describe('readServerAnswer()', () => {
  it('a ServerHello: version and suite', () => {
    expect(readServerAnswer(serverHello('TLSv1.2', 0x000a))).toMatchObject({ kind: 'server-hello', version: 0x0303, suite: 0x000a, helloRetry: false });
    expect(readServerAnswer(serverHello('SSLv3', 0x000a))).toMatchObject({ kind: 'server-hello', version: 0x0300 });
  });

  it('TLS 1.3: the version comes from supported_versions, not legacy_version', () => {
    expect(readServerAnswer(serverHello('TLSv1.3', 0x1302))).toMatchObject({ kind: 'server-hello', version: 0x0304, suite: 0x1302 });
  });

  it('a HelloRetryRequest is recognised by its random', () => {
    const hello = serverHello('TLSv1.3', 0x1302);
    HELLO_RETRY_RANDOM.copy(hello, 5 + 4 + 2);
    expect(readServerAnswer(hello)).toMatchObject({ kind: 'server-hello', helloRetry: true });
  });

  it('incomplete until the whole ServerHello is there, however it is cut', () => {
    const hello = serverHello('TLSv1.2', 0xc028);
    for (let n = 0; n < hello.length; n++) expect(readServerAnswer(hello.subarray(0, n)).kind, `${n} octets`).toBe('incomplete');
  });

  it('read as it arrives, one octet at a time: the same answer, once', () => {
    const hello = Buffer.concat([record(22, Buffer.from([0, 0, 0, 0])), serverHello('TLSv1.2', 0xc028)]); // a HelloRequest first
    const reader = new ServerAnswerReader();
    const kinds = [...hello].map((b) => reader.push(Buffer.from([b])).kind);
    expect(kinds.slice(0, -1).every((k) => k === 'incomplete')).toBe(true);
    expect(reader.push(Buffer.alloc(0))).toMatchObject({ kind: 'server-hello', suite: 0xc028 });
    expect(reader.read).toBe(hello.length);
  });

  it('a ServerHello fragmented over records, after a warning unrecognized_name', () => {
    const hs = serverHello('TLSv1.2', 0xc028).subarray(5);
    const warning = record(21, Buffer.from([1, 112]));
    const bytes = Buffer.concat([warning, record(22, hs.subarray(0, 7)), record(22, hs.subarray(7, 30)), record(22, hs.subarray(30))]);
    expect(readServerAnswer(bytes)).toMatchObject({ kind: 'server-hello', suite: 0xc028, warnings: [112] });
  });

  it('an alert: level and description', () => {
    expect(readServerAnswer(alertRecord(40))).toEqual({ kind: 'alert', level: 2, description: 40 });
    expect(readServerAnswer(alertRecord(70, 'SSLv3'))).toEqual({ kind: 'alert', level: 2, description: 70 });
  });

  it('not TLS: said from the first octet, with the octets shown', () => {
    const a = readServerAnswer(Buffer.from('H'));
    expect(a).toMatchObject({ kind: 'invalid' });
    expect(a.kind === 'invalid' && a.why).toMatch(/^not TLS: the first octets are 48 \("H"\)/);
    expect(readServerAnswer(Buffer.from('HTTP/1.1 400 Bad Request\r\n'))).toMatchObject({ kind: 'invalid', why: expect.stringContaining('"HTTP/1.1 400 Bad') });
    expect(readServerAnswer(Buffer.from([0x16, 0x07]))).toMatchObject({ kind: 'invalid' }); // no SSL/TLS major version
  });

  it('a record longer than TLS allows is refused at its header, before its body', () => {
    const header = Buffer.from([0x16, 0x03, 0x03, 0xff, 0xff]);
    expect(readServerAnswer(header)).toEqual({ kind: 'invalid', why: `record length 65535 is over TLS's limit of ${MAX_RECORD} octets` });
  });

  it('a ServerHello declaring more than it can hold, another message first, application data first: invalid', () => {
    expect(readServerAnswer(record(22, Buffer.from([2, 0xff, 0xff, 0xff])))).toMatchObject({ kind: 'invalid', why: expect.stringContaining('more than one can hold') });
    expect(readServerAnswer(record(22, Buffer.from([11, 0, 0, 0])))).toMatchObject({ kind: 'invalid', why: 'handshake message type 11 where a ServerHello (2) was due' });
    expect(readServerAnswer(record(23, Buffer.from('x')))).toMatchObject({ kind: 'invalid', why: 'an application data record before the ServerHello' });
    expect(readServerAnswer(record(21, Buffer.from([2])))).toMatchObject({ kind: 'invalid' });
  });

  it('a malformed ServerHello (lengths pointing past its end) is invalid, saying where', () => {
    const body = Buffer.concat([Buffer.from([0x03, 0x03]), randomBytes(32), Buffer.from([200])]); // a session id of 200 octets that is not there
    const hs = Buffer.concat([Buffer.from([2, 0, 0, body.length]), body]);
    expect(readServerAnswer(record(22, hs))).toMatchObject({ kind: 'invalid', why: expect.stringMatching(/^malformed ServerHello: the ServerHello is cut short/) });
  });

  it('random bytes never throw', () => {
    for (let i = 0; i < 2000; i++) {
      const b = randomBytes(1 + (i % 300));
      if (i % 3 === 0) b[0] = 0x16;
      if (i % 3 === 0 && b.length > 2) b[1] = 0x03;
      expect(() => readServerAnswer(b)).not.toThrow();
    }
  });
});
