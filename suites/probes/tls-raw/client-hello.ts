// Writes a ClientHello ourselves, byte by byte, so that any suite can be offered by its code
// point at any version from SSLv3 to TLS 1.3, whatever this machine's OpenSSL was built with
// (testssl.sh's approach). Nothing here completes a handshake: the ServerHello is the verdict.
import { createECDH, generateKeyPairSync, randomBytes } from 'node:crypto';
import net from 'node:net';
import { WIRE_VERSION, versionRank, versionsBetween, type TlsVersion } from '../tls-suites.js';
import { CONTENT, EXT, GROUP, HANDSHAKE, OFFERED_GROUPS, OFFERED_SIGALGS, SCSV } from './wire.js';

/** What a raw ClientHello offers: a version range and cipher suites by code point, in order. */
export interface RawOffer {
  minVersion: TlsVersion;
  maxVersion: TlsVersion;
  suites: number[];
}

export interface ClientHelloOptions extends RawOffer {
  /** server_name to send; none for an IP address or when absent. */
  servername?: string;
}

function u8(n: number): Buffer {
  return Buffer.from([n & 0xff]);
}

function u16(n: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(n & 0xffff);
  return b;
}

function u24(n: number): Buffer {
  const b = Buffer.alloc(3);
  b.writeUIntBE(n, 0, 3);
  return b;
}

/** A vector with a 1- or 2-octet length prefix. */
function vec8(b: Buffer): Buffer {
  return Buffer.concat([u8(b.length), b]);
}

function vec16(b: Buffer): Buffer {
  return Buffer.concat([u16(b.length), b]);
}

function list16(values: readonly number[]): Buffer {
  return Buffer.concat(values.map(u16));
}

function extension(type: number, data: Buffer): Buffer {
  return Buffer.concat([u16(type), vec16(data)]);
}

/** Real public keys for key_share: X25519 (32 octets) and P-256 (uncompressed point, 65 octets). */
function keyShares(): Buffer {
  const x25519 = generateKeyPairSync('x25519').publicKey.export({ type: 'spki', format: 'der' }).subarray(-32);
  const p256 = createECDH('prime256v1');
  const point = p256.generateKeys();
  return Buffer.concat([u16(GROUP.x25519), vec16(x25519), u16(GROUP.secp256r1), vec16(point)]);
}

/** server_name carries a host name only: an IP address gets none (RFC 6066 §3). */
function sniName(name: string | undefined): string | undefined {
  return name !== undefined && name !== '' && net.isIP(name) === 0 ? name : undefined;
}

/**
 * The ClientHello for `o`, as TLS records ready to write. legacy_version is the highest
 * version offered up to TLS 1.2 (the record layer says TLS 1.0, SSLv3 for an SSLv3 hello);
 * supported_versions lists the range when it reaches TLS 1.3. An SSLv3 hello carries no
 * extensions (SSLv3 servers may not parse them); the others carry server_name (for a host
 * name), supported_groups, ec_point_formats, signature_algorithms (TLS 1.2 and up),
 * extended_master_secret and, with TLS 1.3, supported_versions, psk_key_exchange_modes and
 * key_share (real X25519 and P-256 keys), and padding to 512 octets when the hello would be
 * 256–511 long. TLS_EMPTY_RENEGOTIATION_INFO_SCSV follows the suites when a version below
 * TLS 1.3 is offered. Throws on an empty or inverted range.
 */
export function clientHello(o: ClientHelloOptions): Buffer {
  const versions = versionsBetween(o.minVersion, o.maxVersion);
  if (versions.length === 0) throw new Error(`not a version range: ${o.minVersion} to ${o.maxVersion}`);
  const max = o.maxVersion;
  const has13 = max === 'TLSv1.3';
  const below13 = versionRank(o.minVersion) < versionRank('TLSv1.3');
  const legacy = has13 ? WIRE_VERSION['TLSv1.2'] : WIRE_VERSION[max];

  const suites = [...new Set(o.suites)];
  if (below13 && !suites.includes(SCSV.emptyRenegotiationInfo)) suites.push(SCSV.emptyRenegotiationInfo);

  const exts: Buffer[] = [];
  if (max !== 'SSLv3') {
    const name = sniName(o.servername);
    if (name !== undefined) {
      const host = Buffer.from(name, 'ascii');
      exts.push(extension(EXT.serverName, vec16(Buffer.concat([u8(0), vec16(host)]))));
    }
    exts.push(extension(EXT.supportedGroups, vec16(list16(OFFERED_GROUPS))));
    exts.push(extension(EXT.ecPointFormats, vec8(u8(0))));
    if (versionRank(max) >= versionRank('TLSv1.2')) exts.push(extension(EXT.signatureAlgorithms, vec16(list16(OFFERED_SIGALGS))));
    exts.push(extension(EXT.extendedMasterSecret, Buffer.alloc(0)));
    if (has13) {
      const offered = [...versions].reverse().filter((v) => v !== 'SSLv3').map((v) => WIRE_VERSION[v]);
      exts.push(extension(EXT.supportedVersions, vec8(list16(offered))));
      exts.push(extension(EXT.pskKeyExchangeModes, vec8(u8(1))));
      exts.push(extension(EXT.keyShare, vec16(keyShares())));
    }
  }

  const head = Buffer.concat([
    u16(legacy),
    randomBytes(32),
    vec8(has13 ? randomBytes(32) : Buffer.alloc(0)), // a session id only for TLS 1.3 middlebox compatibility
    vec16(list16(suites)),
    vec8(u8(0)), // compression: null only
  ]);
  // Some servers (an old F5 bug) hang on a ClientHello of 256 to 511 octets: pad it to 512
  // (RFC 7685), as browsers and OpenSSL do.
  if (exts.length > 0) {
    const length = 4 + head.length + 2 + Buffer.concat(exts).length;
    if (length >= 256 && length < 512) exts.push(extension(EXT.padding, Buffer.alloc(Math.max(1, 512 - length - 4))));
  }
  const body = Buffer.concat([head, ...(exts.length > 0 ? [vec16(Buffer.concat(exts))] : [])]);
  const handshake = Buffer.concat([u8(HANDSHAKE.clientHello), u24(body.length), body]);
  const recordVersion = max === 'SSLv3' ? WIRE_VERSION.SSLv3 : WIRE_VERSION.TLSv1;
  const records: Buffer[] = [];
  for (let off = 0; off < handshake.length; off += 16384) {
    const part = handshake.subarray(off, off + 16384);
    records.push(Buffer.concat([u8(CONTENT.handshake), u16(recordVersion), vec16(part)]));
  }
  return Buffer.concat(records);
}
