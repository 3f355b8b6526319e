// Reading TLS from a byte stream: the server's first answer to a ClientHello (a ServerHello,
// an alert, or something that is not TLS) and, for tests and our own loopback listeners, a
// ClientHello. Every length is checked against the bytes there and against TLS's own
// limits: hostile input ends in `invalid` with the reason, never in an exception or in
// reading without bound.
import { hex4, suiteByCode, versionOfWire } from '../tls-suites.js';
import { ALERT_LEVEL, CONTENT, EXT, HANDSHAKE, HELLO_RETRY_RANDOM, MAX_RECORD, MAX_SERVER_HELLO, SCSV } from './wire.js';

/** A bounds-checked cursor over one message. */
class Reader {
  private p = 0;
  constructor(
    private readonly b: Buffer,
    private readonly what: string,
  ) {}
  get left(): number {
    return this.b.length - this.p;
  }
  private need(n: number): void {
    if (this.p + n > this.b.length) throw new Error(`${this.what} is cut short (needs ${n} more octet(s) at offset ${this.p} of ${this.b.length})`);
  }
  u8(): number {
    this.need(1);
    return this.b[this.p++] as number;
  }
  u16(): number {
    this.need(2);
    const v = this.b.readUInt16BE(this.p);
    this.p += 2;
    return v;
  }
  bytes(n: number): Buffer {
    this.need(n);
    const v = this.b.subarray(this.p, this.p + n);
    this.p += n;
    return v;
  }
  vec8(): Buffer {
    return this.bytes(this.u8());
  }
  vec16(): Buffer {
    return this.bytes(this.u16());
  }
}

/** Extensions of a hello: type → data, in order. */
function extensions(r: Reader): Map<number, Buffer> {
  const out = new Map<number, Buffer>();
  if (r.left === 0) return out;
  const all = new Reader(r.vec16(), 'the extensions');
  while (all.left > 0) {
    const type = all.u16();
    out.set(type, all.vec16());
  }
  return out;
}

/** "TLSv1.2", or the hex of a value that is no version. */
function versionText(n: number): string {
  return versionOfWire(n) ?? hex4(n);
}

/**
 * The header of the record at `off`: its type and length, `incomplete` while fewer than 5
 * octets are there, or why the bytes are not TLS (judged from the first octet on, so that a
 * peer answering "HTTP/1.1 400" is told at once, not after a timeout).
 */
function recordHeader(buf: Buffer, off: number): { type: number; length: number } | { invalid: string } | 'incomplete' {
  const type = buf[off];
  const major = buf[off + 1];
  const notTls = (type !== undefined && (type < CONTENT.changeCipherSpec || type > CONTENT.applicationData)) || (major !== undefined && major !== 3);
  if (notTls) {
    const head = buf.subarray(off, off + 16);
    const text = head.toString('latin1').replace(/[^\x20-\x7e]/g, '.');
    return { invalid: `not TLS: the first octets are ${head.toString('hex').replace(/(..)/g, '$1 ').trim()} ("${text}")` };
  }
  if (off + 5 > buf.length) return 'incomplete';
  const length = buf.readUInt16BE(off + 3);
  if (length > MAX_RECORD) return { invalid: `record length ${length} is over TLS's limit of ${MAX_RECORD} octets` };
  return { type: type as number, length };
}

// ---------------------------------------------------------------------------------------
// The server's answer

export type ServerAnswer =
  /** Not enough bytes yet. */
  | { kind: 'incomplete'; read: number }
  | {
      kind: 'server-hello';
      /** The version chosen: supported_versions when present, else legacy_version. */
      version: number;
      suite: number;
      /** A HelloRetryRequest: the server chose this version and suite and asks for another key share. */
      helloRetry: boolean;
      compression: number;
      /** Warning alerts that came first (unrecognized_name before the hello is common). */
      warnings: number[];
    }
  | { kind: 'alert'; level: number; description: number }
  | { kind: 'invalid'; why: string };

/**
 * The server's first answer in `buf` (everything read so far): the ServerHello (which may
 * span records), the first alert other than a warning unrecognized_name, or why the bytes
 * are not a TLS answer (not a TLS record, a record over 18432 octets, another message before
 * the ServerHello, a malformed ServerHello).
 */
export function readServerAnswer(buf: Buffer): ServerAnswer {
  const handshake: Buffer[] = [];
  let handshakeBytes = 0;
  const warnings: number[] = [];
  let off = 0;
  while (off < buf.length) {
    const h = recordHeader(buf, off);
    if (h === 'incomplete') break;
    if ('invalid' in h) return { kind: 'invalid', why: h.invalid };
    if (off + 5 + h.length > buf.length) break;
    const payload = buf.subarray(off + 5, off + 5 + h.length);
    off += 5 + h.length;
    if (h.type === CONTENT.alert) {
      if (payload.length < 2) return { kind: 'invalid', why: `an alert record of ${payload.length} octet(s)` };
      const level = payload[0] as number;
      const description = payload[1] as number;
      if (level === ALERT_LEVEL.warning && description === 112) {
        warnings.push(description);
        continue;
      }
      return { kind: 'alert', level, description };
    }
    if (h.type !== CONTENT.handshake) return { kind: 'invalid', why: `a ${h.type === CONTENT.changeCipherSpec ? 'ChangeCipherSpec' : 'application data'} record before the ServerHello` };
    handshake.push(payload);
    handshakeBytes += payload.length;
    const hs = Buffer.concat(handshake, handshakeBytes);
    // Skip HelloRequests (empty, type 0) a server may send first.
    let start = 0;
    while (hs.length - start >= 4 && hs[start] === HANDSHAKE.helloRequest && hs.readUIntBE(start + 1, 3) === 0) start += 4;
    if (hs.length - start < 4) continue;
    if (hs[start] !== HANDSHAKE.serverHello) return { kind: 'invalid', why: `handshake message type ${hs[start]} where a ServerHello (2) was due` };
    const len = hs.readUIntBE(start + 1, 3);
    if (len > MAX_SERVER_HELLO) return { kind: 'invalid', why: `a ServerHello of ${len} octets, more than one can hold` };
    if (hs.length - start - 4 < len) continue;
    try {
      return { ...serverHello(hs.subarray(start + 4, start + 4 + len)), warnings };
    } catch (e) {
      return { kind: 'invalid', why: `malformed ServerHello: ${(e as Error).message}` };
    }
  }
  return { kind: 'incomplete', read: buf.length };
}

function serverHello(body: Buffer): { kind: 'server-hello'; version: number; suite: number; helloRetry: boolean; compression: number } {
  const r = new Reader(body, 'the ServerHello');
  const legacy = r.u16();
  const random = r.bytes(32);
  r.vec8(); // session id
  const suite = r.u16();
  const compression = r.u8();
  const exts = extensions(r);
  const sv = exts.get(EXT.supportedVersions);
  let version = legacy;
  if (sv !== undefined) {
    if (sv.length !== 2) throw new Error(`supported_versions of ${sv.length} octets in a ServerHello (2 expected)`);
    version = sv.readUInt16BE(0);
  }
  return { kind: 'server-hello', version, suite, helloRetry: random.equals(HELLO_RETRY_RANDOM), compression };
}

// ---------------------------------------------------------------------------------------
// A ClientHello (what a client really sent)

export interface ParsedClientHello {
  /** ClientHello.legacy_version, e.g. TLSv1.2 (TLS 1.3 hellos say TLSv1.2 here). */
  legacyVersion: string;
  /** The supported_versions extension, when present. */
  supportedVersions?: string[];
  /** Suite code points in wire order, signalling values included. */
  codes: number[];
  /** Names of the suites (OpenSSL names; 0x.... when unknown), signalling values left out. */
  suites: string[];
  /** The server_name sent, if any. */
  servername?: string;
  /** Extension types in order. */
  extensions: number[];
  /** Groups of the key_share entries. */
  keyShareGroups?: number[];
}

/**
 * The first ClientHello of a TLS byte stream; undefined until it is complete. Throws when
 * the bytes are not a ClientHello.
 */
export function parseClientHello(buf: Buffer): ParsedClientHello | undefined {
  const hs: Buffer[] = [];
  let off = 0;
  while (off < buf.length) {
    const h = recordHeader(buf, off);
    if (h === 'incomplete') break;
    if ('invalid' in h) throw new Error(h.invalid);
    if (h.type !== CONTENT.handshake) throw new Error(`not a handshake record (content type ${h.type})`);
    if (off + 5 + h.length > buf.length) break;
    hs.push(buf.subarray(off + 5, off + 5 + h.length));
    off += 5 + h.length;
  }
  const all = Buffer.concat(hs);
  if (all.length < 4) return undefined;
  if (all[0] !== HANDSHAKE.clientHello) throw new Error(`first handshake message is type ${all[0]}, not ClientHello`);
  const bodyLen = all.readUIntBE(1, 3);
  if (all.length < 4 + bodyLen) return undefined;
  const r = new Reader(all.subarray(4, 4 + bodyLen), 'the ClientHello');
  const legacyVersion = versionText(r.u16());
  r.bytes(32);
  r.vec8(); // session id
  const suitesRaw = r.vec16();
  const codes: number[] = [];
  for (let i = 0; i + 1 < suitesRaw.length; i += 2) codes.push(suitesRaw.readUInt16BE(i));
  r.vec8(); // compression methods
  const exts = extensions(r);
  const out: ParsedClientHello = {
    legacyVersion,
    codes,
    suites: codes.filter((c) => c !== SCSV.emptyRenegotiationInfo && c !== SCSV.fallback).map((c) => suiteByCode(c)?.name ?? hex4(c)),
    extensions: [...exts.keys()],
  };
  const sv = exts.get(EXT.supportedVersions);
  if (sv !== undefined) {
    const list = new Reader(sv, 'supported_versions').vec8();
    out.supportedVersions = [];
    for (let i = 0; i + 1 < list.length; i += 2) out.supportedVersions.push(versionText(list.readUInt16BE(i)));
  }
  const sni = exts.get(EXT.serverName);
  if (sni !== undefined) {
    const names = new Reader(new Reader(sni, 'server_name').vec16(), 'server_name list');
    if (names.u8() === 0) out.servername = names.vec16().toString('ascii');
  }
  const ks = exts.get(EXT.keyShare);
  if (ks !== undefined) {
    const entries = new Reader(new Reader(ks, 'key_share').vec16(), 'key_share entries');
    out.keyShareGroups = [];
    while (entries.left > 0) {
      out.keyShareGroups.push(entries.u16());
      entries.vec16();
    }
  }
  return out;
}
