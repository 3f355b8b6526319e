// A TLS server that "accepts" what no local server can: it reads each ClientHello itself and
// answers a ServerHello choosing a configured legacy suite (3DES, RC4, export, single DES,
// NULL, anonymous) at a configured version (SSLv3 too), or an alert; every ClientHello the
// reference configuration can serve goes to a real node:tls server with the mock's TLS
// settings (mock-server/server.ts), which completes the handshake. So a run of the `tls`
// area against it meets the reference everywhere but in the one place configured.
//
// How it picks, like a server that ranks its legacy suite last:
// 1. a ClientHello that offers a reference suite at a version the reference speaks (TLS 1.2,
//    1.3) goes to the real TLS server;
// 2. else, with `accept`, one that offers an accepted suite and reaches an accepted version
//    gets a ServerHello: the highest such version not above the client's, the first such
//    suite in `accept.suites`;
// 3. else a fatal alert: protocol version (70) when no version is shared, else handshake
//    failure (40). A connection that is not TLS is closed.
// Nothing after the ServerHello is sent: the probe decides on it and closes.
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import tls from 'node:tls';
import { tlsSettings } from '../../mock-server/server.js';
import { parseClientHello, type ParsedClientHello } from '../../suites/probes/tls-raw/parse.js';
import { CONTENT, EXT, GROUP, HANDSHAKE } from '../../suites/probes/tls-raw/wire.js';
import { PROTOCOL_VERSIONS, WIRE_VERSION, suiteByCode, suiteInfo, versionRank, type TlsVersion } from '../../suites/probes/tls-suites.js';

export interface LegacyAccept {
  /** Code points this server accepts, preferred first. */
  suites: number[];
  /** Versions it accepts them at. */
  versions: TlsVersion[];
}

/** The configurations the tests use: one legacy suite each (its code point in the name of the test). */
export const LEGACY_CONFIGS = {
  '3des': { suites: [0x000a], versions: ['TLSv1.2'] }, // DES-CBC3-SHA
  rc4: { suites: [0x0005], versions: ['TLSv1.2'] }, // RC4-SHA
  export: { suites: [0x0003], versions: ['TLSv1'] }, // EXP-RC4-MD5: export suites end at TLS 1.0
  des: { suites: [0x0009], versions: ['TLSv1.2'] }, // DES-CBC-SHA
  null: { suites: [0x0002], versions: ['TLSv1.2'] }, // NULL-SHA
  anon: { suites: [0x001b], versions: ['TLSv1.2'] }, // ADH-DES-CBC3-SHA
  ssl3: { suites: [0x000a], versions: ['SSLv3'] }, // DES-CBC3-SHA at SSL 3.0
} satisfies Record<string, LegacyAccept>;

export type LegacyConfig = keyof typeof LEGACY_CONFIGS;

/**
 * TLS cases no mock fault can break (the mock's OpenSSL cannot accept what they offer) and
 * the configuration of this server that does: the fault matrix runs them here.
 */
export const TEST_SERVER_BREAKS: Record<string, LegacyConfig> = {
  'tls.refuses-3des': '3des',
  'tls.refuses-rc4': 'rc4',
  'tls.refuses-export': 'export',
  'tls.refuses-ssl3': 'ssl3',
};

export interface LegacyTlsServer {
  port: number;
  /** https://127.0.0.1:PORT/ */
  url: string;
  /** What each connection got: `reference` (the real TLS server), a ServerHello, an alert, or `closed`. */
  answers: string[];
  close(): Promise<void>;
}

function u16(n: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(n);
  return b;
}

function record(type: number, version: number, body: Buffer): Buffer {
  return Buffer.concat([Buffer.from([type]), u16(version), u16(body.length), body]);
}

/** A ServerHello choosing `suite` at `version` (TLS 1.3: with supported_versions and an X25519 key_share). */
export function serverHello(version: TlsVersion, suite: number): Buffer {
  const is13 = version === 'TLSv1.3';
  const ext = (type: number, data: Buffer): Buffer => Buffer.concat([u16(type), u16(data.length), data]);
  const exts =
    version === 'SSLv3'
      ? Buffer.alloc(0)
      : is13
        ? Buffer.concat([ext(EXT.supportedVersions, u16(WIRE_VERSION['TLSv1.3'])), ext(EXT.keyShare, Buffer.concat([u16(GROUP.x25519), u16(32), randomBytes(32)]))])
        : ext(EXT.renegotiationInfo, Buffer.from([0]));
  const body = Buffer.concat([
    u16(is13 ? WIRE_VERSION['TLSv1.2'] : WIRE_VERSION[version]),
    randomBytes(32),
    Buffer.from([0]), // no session id
    u16(suite),
    Buffer.from([0]), // no compression
    ...(exts.length > 0 ? [u16(exts.length), exts] : []),
  ]);
  const hs = Buffer.concat([Buffer.from([HANDSHAKE.serverHello, 0, body.length >> 8, body.length & 0xff]), body]);
  return record(CONTENT.handshake, is13 ? WIRE_VERSION['TLSv1.2'] : WIRE_VERSION[version], hs);
}

/** A fatal alert record. */
export function alertRecord(description: number, version: TlsVersion = 'TLSv1.2'): Buffer {
  return record(CONTENT.alert, WIRE_VERSION[version], Buffer.from([2, description]));
}

/** The versions a ClientHello offers: supported_versions, else every version up to legacy_version. */
function clientVersions(h: ParsedClientHello): TlsVersion[] {
  if (h.supportedVersions) return h.supportedVersions.filter((v): v is TlsVersion => PROTOCOL_VERSIONS.includes(v as TlsVersion));
  const max = PROTOCOL_VERSIONS.includes(h.legacyVersion as TlsVersion) ? (h.legacyVersion as TlsVersion) : 'TLSv1.2';
  return PROTOCOL_VERSIONS.filter((v) => versionRank(v) <= versionRank(max));
}

const REFERENCE_VERSIONS: TlsVersion[] = ['TLSv1.2', 'TLSv1.3'];

export async function startLegacyTlsServer(o: { cert: string; key: string; accept?: LegacyAccept }): Promise<LegacyTlsServer> {
  const reference = tls.createServer({ cert: o.cert, key: o.key, ...tlsSettings(() => false), honorCipherOrder: true });
  reference.on('tlsClientError', () => undefined);
  reference.on('secureConnection', (s) => {
    s.on('error', () => undefined);
    s.end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
  });
  const referenceSuites = new Set(
    tlsSettings(() => false)
      .ciphers.split(':')
      .map((n) => suiteInfo(n)?.code)
      .filter((c): c is number => c !== undefined),
  );
  const sockets = new Set<net.Socket>();
  const answers: string[] = [];

  const decide = (h: ParsedClientHello): { to: 'reference' } | { hello: Buffer; said: string } | { alert: number } => {
    const offered = clientVersions(h);
    const usable = (code: number, v: TlsVersion): boolean => {
      const s = suiteByCode(code);
      return s !== undefined && (s.minVersion === 'TLSv1.3') === (v === 'TLSv1.3');
    };
    const shared = REFERENCE_VERSIONS.filter((v) => offered.includes(v));
    if (h.codes.some((c) => referenceSuites.has(c) && shared.some((v) => usable(c, v)))) return { to: 'reference' };
    const acc = o.accept;
    if (acc) {
      const versions = acc.versions.filter((v) => offered.includes(v)).sort((a, b) => versionRank(b) - versionRank(a));
      const v = versions[0];
      const suite = acc.suites.find((c) => h.codes.includes(c));
      if (v !== undefined && suite !== undefined) return { hello: serverHello(v, suite), said: `${v} 0x${suite.toString(16).padStart(4, '0')}` };
    }
    const anyShared = [...REFERENCE_VERSIONS, ...(acc?.versions ?? [])].some((v) => offered.includes(v));
    return { alert: anyShared ? 40 : 70 };
  };

  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    let buf = Buffer.alloc(0);
    const onData = (d: Buffer): void => {
      buf = Buffer.concat([buf, d]);
      let hello: ParsedClientHello | undefined;
      try {
        hello = parseClientHello(buf);
      } catch {
        answers.push('closed');
        socket.destroy();
        return;
      }
      if (!hello) {
        if (buf.length > 64 * 1024) socket.destroy();
        return;
      }
      socket.off('data', onData);
      const d2 = decide(hello);
      if ('to' in d2) {
        answers.push('reference');
        socket.pause();
        socket.unshift(buf);
        reference.emit('connection', socket);
        return;
      }
      if ('hello' in d2) {
        answers.push(`ServerHello ${d2.said}`);
        socket.write(d2.hello);
      } else {
        answers.push(`alert ${d2.alert}`);
        socket.end(alertRecord(d2.alert, hello.legacyVersion === 'SSLv3' ? 'SSLv3' : 'TLSv1.2'));
      }
      socket.resume();
    };
    socket.on('data', onData);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    url: `https://127.0.0.1:${port}/`,
    answers,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
