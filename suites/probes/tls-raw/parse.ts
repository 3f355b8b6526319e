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
 * Reads the server's first answer as its bytes arrive: the ServerHello (which may span
 * records), the first alert other than a warning unrecognized_name, or why the bytes are not
 * a TLS answer (not a TLS record, a record over 18432 octets, another message before the
 * ServerHello, a malformed ServerHello). Each octet is looked at a bounded number of times,
 * however the answer is cut into records and reads: a peer cannot make reading quadratic.
 */
export class ServerAnswerReader {
  /** Octets of a record not complete yet (at most one record: 5 + 18432). */
  private pending = Buffer.alloc(0);
  /** Handshake octets received so far, not yet a whole message. */
  private fragments: Buffer[] = [];
  private handshakeBytes = 0;
  /** Length of the ServerHello once its header is in. */
  private helloLength: number | undefined;
  private readonly warnings: number[] = [];
  private done: ServerAnswer | undefined;
  /** Octets pushed so far. */
  read = 0;

  push(chunk: Buffer): ServerAnswer {
    if (this.done) return this.done;
    this.read += chunk.length;
    let buf = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    for (;;) {
      const h = recordHeader(buf, 0);
      if (h === 'incomplete') break;
      if ('invalid' in h) return (this.done = { kind: 'invalid', why: h.invalid });
      if (5 + h.length > buf.length) break;
      const payload = buf.subarray(5, 5 + h.length);
      buf = buf.subarray(5 + h.length);
      const answer = this.record(h.type, payload);
      if (answer) return (this.done = answer);
    }
    this.pending = Buffer.from(buf); // a copy: the chunk it may point into is not kept
    return { kind: 'incomplete', read: this.read };
  }

  private record(type: number, payload: Buffer): ServerAnswer | undefined {
    if (type === CONTENT.alert) {
      if (payload.length < 2) return { kind: 'invalid', why: `an alert record of ${payload.length} octet(s)` };
      const level = payload[0] as number;
      const description = payload[1] as number;
      if (level === ALERT_LEVEL.warning && description === 112) {
        this.warnings.push(description);
        return undefined;
      }
      return { kind: 'alert', level, description };
    }
    if (type !== CONTENT.handshake) return { kind: 'invalid', why: `${type === CONTENT.changeCipherSpec ? 'a ChangeCipherSpec' : 'an application data'} record before the ServerHello` };
    this.fragments.push(payload);
    this.handshakeBytes += payload.length;
    // The message header: HelloRequests (empty, type 0) a server may send first are skipped.
    while (this.helloLength === undefined && this.handshakeBytes >= 4) {
      const hs = Buffer.concat(this.fragments, this.handshakeBytes); // short: only until the header is known
      if (hs[0] === HANDSHAKE.helloRequest && hs.readUIntBE(1, 3) === 0) {
        this.fragments = [hs.subarray(4)];
        this.handshakeBytes -= 4;
        continue;
      }
      if (hs[0] !== HANDSHAKE.serverHello) return { kind: 'invalid', why: `handshake message type ${hs[0]} where a ServerHello (2) was due` };
      const len = hs.readUIntBE(1, 3);
      if (len > MAX_SERVER_HELLO) return { kind: 'invalid', why: `a ServerHello of ${len} octets, more than one can hold` };
      this.helloLength = len;
      this.fragments = [hs];
    }
    if (this.helloLength === undefined || this.handshakeBytes < 4 + this.helloLength) return undefined;
    const hs = Buffer.concat(this.fragments, this.handshakeBytes);
    try {
      return { ...serverHello(hs.subarray(4, 4 + this.helloLength)), warnings: this.warnings };
    } catch (e) {
      return { kind: 'invalid', why: `malformed ServerHello: ${(e as Error).message}` };
    }
  }
}

/** The server's first answer in `buf` (everything read so far): see ServerAnswerReader. */
export function readServerAnswer(buf: Buffer): ServerAnswer {
  return new ServerAnswerReader().push(buf);
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
