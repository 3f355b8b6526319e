// What a server's TLS 1.3 session tickets allow: 0-RTT (early data). A server willing to take
// early data on resumption says so in the ticket: the early_data extension of its
// NewSessionTicket carries max_early_data_size (RFC 8446 §4.6.1), and a client sends early
// data only with such a ticket (§4.2.10). node:tls cannot send early data, and the ticket
// comes encrypted, but node:tls hands its client each session OpenSSL made of a ticket
// (OpenSSL's DER SSL_SESSION, ssl/ssl_asn1.c), which records the ticket's max_early_data as
// its field [15]. This module reads that field (a bounded DER walk) after a real handshake.
import type { TlsTarget } from './tls.js';
import { tappedConnection } from './tls-tap.js';

/** One DER element at `off`: its tag, where its content starts and ends. */
function element(b: Buffer, off: number): { tag: number; start: number; end: number } | undefined {
  if (off + 2 > b.length) return undefined;
  const tag = b[off] as number;
  if ((tag & 0x1f) === 0x1f) return undefined; // high tag numbers: no SSL_SESSION field uses one
  let len = b[off + 1] as number;
  let start = off + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4 || start + n > b.length) return undefined;
    len = b.readUIntBE(start, n);
    start += n;
  }
  const end = start + len;
  return end <= b.length ? { tag, start, end } : undefined;
}

/** An unsigned DER INTEGER's value (up to 6 octets), if `b[start..end)` is one. */
function integer(b: Buffer, off: number): number | undefined {
  const e = element(b, off);
  if (!e || e.tag !== 0x02 || e.end - e.start < 1 || e.end - e.start > 7) return undefined;
  let v = 0;
  for (let i = e.start; i < e.end; i++) v = v * 256 + (b[i] as number);
  return v;
}

/**
 * The max_early_data of an OpenSSL DER SSL_SESSION: its [15] EXPLICIT INTEGER, 0 when absent
 * (OpenSSL omits a zero), undefined when the octets are not an SSL_SESSION.
 */
export function sessionMaxEarlyData(der: Buffer): number | undefined {
  const seq = element(der, 0);
  if (!seq || seq.tag !== 0x30) return undefined;
  let off = seq.start;
  let fields = 0;
  while (off < seq.end) {
    const e = element(der, off);
    if (!e || e.end > seq.end) return undefined;
    if (e.tag === 0xaf) return integer(der, e.start) ?? undefined;
    off = e.end;
    fields++;
  }
  return fields >= 5 ? 0 : undefined; // version, ssl_version, cipher, session id, master key at least
}

export interface EarlyDataReport {
  /** The version negotiated. */
  protocol?: string;
  /** Session tickets received (TLS 1.3: one session each). */
  tickets: number;
  /** The largest max_early_data_size of a ticket: 0 when none allows early data. */
  maxEarlyData: number;
  /** Sessions that could not be read. */
  unreadable: number;
  detail: string;
  durationMs: number;
  outcome: 'accepted' | 'refused' | 'error';
  /** Whether the handshake completed (a refusal may come after it). */
  handshakeDone: boolean;
  /** A TLS alert that ended the connection (Node's text of it), if one did. */
  tlsAlert?: string;
}

/**
 * One TLS 1.2–1.3 handshake, then `request` (e.g. an HTTP GET, so the server sends its
 * tickets and an answer), reading each ticket's max_early_data. `client`: the user's client
 * certificate, for a server that asks every connection for one.
 */
export async function probeEarlyData(target: TlsTarget, request: string, timeoutMs: number, signal?: AbortSignal, client?: { cert: string; key: string; passphrase?: string }): Promise<EarlyDataReport> {
  const r = await tappedConnection(target, { timeoutMs, request, enough: (s) => (sessionMaxEarlyData(s) ?? 0) > 0, ...(signal ? { signal } : {}), ...(client ?? {}) });
  const sizes = r.sessions.map((s) => sessionMaxEarlyData(s));
  const read = sizes.filter((s): s is number => s !== undefined);
  const maxEarlyData = Math.max(0, ...read);
  const tickets = r.protocol === 'TLSv1.3' ? r.sessions.length : 0;
  const tlsAlert = r.alert !== undefined && /alert/i.test(r.alert) ? r.alert : undefined;
  const refusedTls = r.outcome === 'refused' && (!r.handshakeDone || tlsAlert !== undefined);
  const what =
    r.protocol !== 'TLSv1.3'
      ? `${r.protocol ?? 'no handshake'}: no TLS 1.3, hence no 0-RTT`
      : tickets === 0
        ? 'TLS 1.3, no session ticket: no resumption, hence no 0-RTT'
        : `TLS 1.3, ${tickets} session ticket(s), max_early_data_size ${read.map(String).join(', ') || '?'}`;
  return {
    outcome: r.outcome,
    handshakeDone: r.handshakeDone,
    ...(tlsAlert !== undefined ? { tlsAlert } : {}),
    ...(r.protocol ? { protocol: r.protocol } : {}),
    tickets,
    maxEarlyData,
    unreadable: sizes.length - read.length,
    // A refusal in the handshake or by an alert saw no tickets to judge: its own words, not "no TLS 1.3".
    detail: r.outcome === 'error' || refusedTls ? r.detail : r.outcome === 'refused' ? `${what} (then ${r.detail})` : what,
    durationMs: r.durationMs,
  };
}
