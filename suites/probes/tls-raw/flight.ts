// The server's handshake flight read from the bytes it sent (captured under node:tls): which
// handshake messages came, in order. TLS 1.2 sends them in clear; TLS 1.3 encrypts every one
// after the ServerHello, and this module decrypts them with the server's handshake traffic
// secret that node:tls gives its own client (the 'keylog' event, NSS key log format), as
// Wireshark does with SSLKEYLOGFILE. Used to see whether a server asked for a client
// certificate (CertificateRequest, type 13), which node:tls does not tell. Every length is
// checked; what cannot be read ends in `unreadable` with the reason, never an exception.
import { createDecipheriv, createHmac } from 'node:crypto';
import { CONTENT, MAX_RECORD } from './wire.js';
import { readServerAnswer } from './parse.js';

/** Handshake message types (RFC 8446 §4, RFC 5246 §7.4). */
export const HS = { serverHello: 2, newSessionTicket: 4, encryptedExtensions: 8, certificate: 11, serverKeyExchange: 12, certificateRequest: 13, serverHelloDone: 14, certificateVerify: 15, finished: 20 } as const;

export interface ServerFlight {
  /** TLS version of the ServerHello (wire value: 0x0303, 0x0304). */
  version?: number;
  /** Handshake message types, in order, up to the end of the server's flight. */
  messages: number[];
  /** Why the flight could not be read to its end (what was read is in `messages`). */
  unreadable?: string;
}

/** TLS 1.3 AEAD suites: cipher, key length, hash. */
const TLS13: Record<number, { cipher: string; keyLen: number; hash: 'sha256' | 'sha384'; tag: number }> = {
  0x1301: { cipher: 'aes-128-gcm', keyLen: 16, hash: 'sha256', tag: 16 },
  0x1302: { cipher: 'aes-256-gcm', keyLen: 32, hash: 'sha384', tag: 16 },
  0x1303: { cipher: 'chacha20-poly1305', keyLen: 32, hash: 'sha256', tag: 16 },
  0x1304: { cipher: 'aes-128-ccm', keyLen: 16, hash: 'sha256', tag: 16 },
};

/** HKDF-Expand-Label (RFC 8446 §7.1) with an empty context, for lengths up to one hash. */
export function expandLabel(secret: Buffer, label: string, length: number, hash: 'sha256' | 'sha384'): Buffer {
  const full = Buffer.from(`tls13 ${label}`, 'latin1');
  const info = Buffer.concat([Buffer.from([length >> 8, length & 0xff, full.length]), full, Buffer.from([0])]);
  return createHmac(hash, secret).update(Buffer.concat([info, Buffer.from([1])])).digest().subarray(0, length);
}

/** The secret of that label in NSS key log lines (`LABEL <client random> <secret>`). */
export function keylogSecret(lines: readonly string[], label: string): Buffer | undefined {
  for (const line of lines) {
    const [l, , secret] = line.trim().split(' ');
    if (l === label && secret !== undefined && /^[0-9a-f]+$/i.test(secret)) return Buffer.from(secret, 'hex');
  }
  return undefined;
}

/** The records of `bytes` (type and payload), as far as they are whole. */
function records(bytes: Buffer): { list: { type: number; payload: Buffer }[]; problem?: string } {
  const list: { type: number; payload: Buffer }[] = [];
  let off = 0;
  while (off + 5 <= bytes.length) {
    const type = bytes[off] as number;
    const length = bytes.readUInt16BE(off + 3);
    if (type < CONTENT.changeCipherSpec || type > CONTENT.applicationData || bytes[off + 1] !== 3) return { list, problem: `not a TLS record at offset ${off}` };
    if (length > MAX_RECORD) return { list, problem: `a record of ${length} octets, over TLS's limit` };
    if (off + 5 + length > bytes.length) break;
    list.push({ type, payload: bytes.subarray(off + 5, off + 5 + length) });
    off += 5 + length;
  }
  return { list };
}

/** Handshake message types in a stream of handshake octets; `rest` is an incomplete message's octets. */
function messageTypes(hs: Buffer): { types: number[]; rest: Buffer } {
  const types: number[] = [];
  let off = 0;
  while (off + 4 <= hs.length) {
    const len = hs.readUIntBE(off + 1, 3);
    if (off + 4 + len > hs.length) break;
    types.push(hs[off] as number);
    off += 4 + len;
  }
  return { types, rest: hs.subarray(off) };
}

/**
 * The handshake messages the server sent in `bytes` (everything read on the connection),
 * TLS 1.3's decrypted with SERVER_HANDSHAKE_TRAFFIC_SECRET from `keylog`.
 */
export function readServerFlight(bytes: Buffer, keylog: readonly string[]): ServerFlight {
  const hello = readServerAnswer(bytes);
  if (hello.kind !== 'server-hello') return { messages: [], unreadable: hello.kind === 'alert' ? `the server answered with alert ${hello.description}` : hello.kind === 'invalid' ? hello.why : 'no whole ServerHello was read' };
  const { list, problem } = records(bytes);
  const out: ServerFlight = { version: hello.version, messages: [] };
  let hs: Buffer = Buffer.alloc(0);
  const take = (payload: Buffer): boolean => {
    const m = messageTypes(Buffer.concat([hs, payload]));
    hs = m.rest;
    out.messages.push(...m.types);
    return m.types.includes(HS.serverHelloDone) || m.types.includes(HS.finished);
  };
  if (hello.version !== 0x0304) {
    // TLS 1.2 and older: the flight is in clear up to ServerHelloDone.
    for (const r of list) {
      if (r.type !== CONTENT.handshake) break;
      if (take(r.payload)) return out;
    }
    return { ...out, unreadable: problem ?? 'the flight ended before ServerHelloDone' };
  }
  const suite = TLS13[hello.suite];
  if (!suite) return { ...out, unreadable: `TLS 1.3 suite 0x${hello.suite.toString(16)} is not one this reader decrypts` };
  const secret = keylogSecret(keylog, 'SERVER_HANDSHAKE_TRAFFIC_SECRET');
  if (!secret) return { ...out, unreadable: 'no server handshake traffic secret was logged' };
  const key = expandLabel(secret, 'key', suite.keyLen, suite.hash);
  const iv = expandLabel(secret, 'iv', 12, suite.hash);
  let seq = 0;
  for (const r of list) {
    if (r.type === CONTENT.handshake) {
      take(r.payload); // the ServerHello
      continue;
    }
    if (r.type === CONTENT.changeCipherSpec) continue; // middlebox compatibility (RFC 8446 D.4)
    if (r.type !== CONTENT.applicationData) return { ...out, unreadable: `record type ${r.type} in the encrypted flight` };
    const inner = decrypt(r.payload, key, iv, seq++, suite);
    if (!inner) return { ...out, unreadable: `encrypted record ${seq} did not decrypt with the logged secret` };
    let end = inner.length - 1;
    while (end >= 0 && inner[end] === 0) end--;
    if (end < 0) return { ...out, unreadable: 'an encrypted record with no content type' };
    if (inner[end] !== CONTENT.handshake) return { ...out, unreadable: `content type ${inner[end]} in the encrypted flight` };
    if (take(inner.subarray(0, end))) return out;
  }
  return { ...out, unreadable: problem ?? 'the flight ended before the server Finished' };
}

function decrypt(payload: Buffer, key: Buffer, iv: Buffer, seq: number, suite: { cipher: string; tag: number }): Buffer | undefined {
  if (payload.length < suite.tag) return undefined;
  const nonce = Buffer.from(iv);
  const s = Buffer.alloc(8);
  s.writeBigUInt64BE(BigInt(seq));
  for (let i = 0; i < 8; i++) nonce[4 + i] = (nonce[4 + i] as number) ^ (s[i] as number);
  const aad = Buffer.from([CONTENT.applicationData, 3, 3, payload.length >> 8, payload.length & 0xff]);
  try {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const d = createDecipheriv(suite.cipher as any, key, nonce, { authTagLength: suite.tag } as any) as any;
    d.setAAD(aad, { plaintextLength: payload.length - suite.tag });
    d.setAuthTag(payload.subarray(payload.length - suite.tag));
    return Buffer.concat([d.update(payload.subarray(0, payload.length - suite.tag)), d.final()]);
  } catch {
    return undefined;
  }
}
