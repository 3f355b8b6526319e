// The DNS probe: SRV, A and AAAA lookups sent by hand (dns-packet) to one given DNS server,
// over UDP with a fallback to TCP when the answer is truncated, with a bounded time and a
// bounded number of tries. node:dns is not used for the lookups: it cannot be pointed at
// a server per call with a port, it hides the rcode (NXDOMAIN vs NOERROR-without-records)
// and the TTLs, and it cannot be forced onto TCP.
//
// Discovery by SRV: the record is `<service label>.<domain>` and each target's entry URL
// `https://<target>:<port><path>`, the label and the path being the profile's (SrvService);
// targets are contacted in RFC 2782 order (./srv-order.ts). See docs/srv.md.
import dgram from 'node:dgram';
import { randomInt } from 'node:crypto';
import { promises as dnsPromises, getServers } from 'node:dns';
import fs from 'node:fs';
import net from 'node:net';
import * as packet from 'dns-packet';
import { orderSrv } from './srv-order.js';
import { isTimeout, onAbort, TimeLimit } from '../core/abort.js';
import { pool } from '../core/concurrency.js';

// ---------------------------------------------------------------------------------------
// Types and errors

export interface DnsServer {
  host: string;
  port: number;
}

/** A service found through DNS SRV: its label (`_service._proto`) and the path of the URL a record names. */
export interface SrvService {
  /** e.g. `_ldap._tcp`: the record asked for is `<label>.<domain>`. */
  label: string;
  /** The path of the entry URL at each target, starting and ending with "/". */
  path: string;
}

export interface SrvRecord {
  priority: number;
  weight: number;
  port: number;
  /** The target host name, without a trailing dot; "." means "no service". */
  target: string;
  ttl: number;
}

export type DnsErrorCode =
  | 'TC_DNS_NXDOMAIN'
  | 'TC_DNS_NO_RECORD'
  | 'TC_DNS_TIMEOUT'
  | 'TC_DNS_BAD_NAME'
  | 'TC_DNS_BAD_SERVER'
  | 'TC_DNS_SERVFAIL'
  | 'TC_DNS_REFUSED'
  | 'TC_DNS_NO_SERVICE'
  | 'TC_DNS_MALFORMED'
  | 'TC_DNS_RESOURCE';

export interface DnsErrorDetails {
  /** The name queried, when there was one. */
  name?: string;
  /** The record type queried. */
  qtype?: string;
  /** The server asked, as host:port. */
  server?: string;
  /** The rcode of the answer, when the error comes from one (e.g. "FORMERR"). */
  rcode?: string;
  /** True when the server could not be reached at all (ICMP port unreachable, TCP RST). */
  unreachable?: boolean;
}

export class DnsError extends Error {
  override readonly name = 'DnsError';
  /** The name queried, when there was one. */
  readonly qname?: string;
  readonly qtype?: string;
  readonly server?: string;
  readonly rcode?: string;
  readonly unreachable?: boolean;

  constructor(
    readonly code: DnsErrorCode,
    message: string,
    details: DnsErrorDetails = {},
  ) {
    super(message);
    if (details.name !== undefined) this.qname = details.name;
    if (details.qtype !== undefined) this.qtype = details.qtype;
    if (details.server !== undefined) this.server = details.server;
    if (details.rcode !== undefined) this.rcode = details.rcode;
    if (details.unreachable !== undefined) this.unreachable = details.unreachable;
  }
}

export interface DnsQueryOptions {
  /** The server to ask; default: the first nameserver of /etc/resolv.conf. */
  server?: DnsServer;
  /** Bound on one query, all its tries and a TCP fallback included (ms). Default 5000. */
  timeoutMs?: number;
  /** UDP sends within that bound (the first plus retries). Default 3, at most 10. */
  tries?: number;
  /** Ask over TCP only (no UDP). Default false. */
  tcp?: boolean;
  /** Advertise EDNS(0) with a 1232-octet UDP payload. Default true; a server answering
   * FORMERR to it is asked once more without. */
  edns?: boolean;
  /** Ends the query early (it then fails with TC_DNS_TIMEOUT). */
  signal?: AbortSignal;
}

export const DEFAULT_TIMEOUT_MS = 5000;
export const DEFAULT_TRIES = 3;
const MAX_TRIES = 10;
const EDNS_UDP_SIZE = 1232;

// ---------------------------------------------------------------------------------------
// Names and servers

const LABEL = /^[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?$/;

/**
 * Checks a domain name (letters, digits, hyphen and underscore; labels of 1 to 63
 * characters, not starting or ending with a hyphen; at most 253 characters without the
 * trailing dot, which is allowed) and returns it without the trailing dot. Throws
 * DnsError('TC_DNS_BAD_NAME').
 */
export function checkName(name: string, what = 'domain name'): string {
  const bad = (why: string): DnsError =>
    new DnsError('TC_DNS_BAD_NAME', `invalid ${what} ${JSON.stringify(name)}: ${why}`, { name });
  if (typeof name !== 'string') throw bad('not a string');
  const n = name.endsWith('.') ? name.slice(0, -1) : name;
  if (n === '') throw bad('empty');
  if (n.length > 253) throw bad(`${n.length} characters, more than 253`);
  // eslint-disable-next-line no-control-regex
  if (/[^\x21-\x7e]/.test(n)) {
    throw bad('only ASCII letters, digits, "-", "_" and "." are allowed (use the xn-- form of an internationalised name)');
  }
  for (const label of n.split('.')) {
    if (label === '') throw bad('empty label (two dots in a row, or a leading dot)');
    if (label.length > 63) throw bad(`label "${label.slice(0, 20)}…" is ${label.length} characters, more than 63`);
    if (!LABEL.test(label)) {
      throw bad(`label "${label}" may hold only letters, digits, "-" and "_", and may not start or end with "-"`);
    }
  }
  return n;
}

/** The service's label + `.` + the domain without a trailing dot. */
export function srvName(service: Pick<SrvService, 'label'>, domain: string): string {
  const d = domain.endsWith('.') ? domain.slice(0, -1) : domain;
  return `${service.label}.${d}`;
}

/**
 * Parses `host:port`, `host` (port 53), `[v6]:port`, `[v6]` or a bare IPv6 address.
 * Throws DnsError('TC_DNS_BAD_SERVER').
 */
export function parseDnsServer(s: string): DnsServer {
  const bad = (why: string): DnsError =>
    new DnsError(
      'TC_DNS_BAD_SERVER',
      `invalid DNS server ${JSON.stringify(s)}: ${why} (expected host, host:port or [IPv6]:port, e.g. 127.0.0.1:5353)`,
    );
  if (typeof s !== 'string') throw bad('not a string');
  const t = s.trim();
  if (t === '') throw bad('empty');
  let host: string;
  let portText: string | undefined;
  if (t.startsWith('[')) {
    const m = /^\[([^\]]+)\](?::([^:]*))?$/.exec(t);
    if (!m) throw bad('unbalanced brackets');
    host = m[1] as string;
    portText = m[2];
    if (!net.isIPv6(host)) throw bad(`"${host}" in brackets is not an IPv6 address`);
  } else {
    const colons = t.split(':').length - 1;
    if (colons > 1) {
      if (!net.isIPv6(t)) throw bad('not an IPv6 address; put an IPv6 address in brackets to give a port');
      host = t;
    } else if (colons === 1) {
      const i = t.indexOf(':');
      host = t.slice(0, i);
      portText = t.slice(i + 1);
    } else {
      host = t;
    }
    if (host === '') throw bad('no host');
    if (!net.isIP(host)) {
      try {
        checkName(host, 'host name');
      } catch {
        throw bad(`"${host}" is neither an IP address nor a host name`);
      }
    }
  }
  let port = 53;
  if (portText !== undefined) {
    if (!/^\d{1,5}$/.test(portText)) throw bad(`port "${portText}" is not a number`);
    port = Number(portText);
    if (port < 1 || port > 65535) throw bad(`port ${port} is out of range 1-65535`);
  }
  return { host, port };
}

/**
 * The system's DNS server: the first `nameserver` of /etc/resolv.conf, else the first of
 * node:dns getServers(). Throws DnsError('TC_DNS_BAD_SERVER') when there is none.
 */
export function defaultDnsServer(resolvConf = '/etc/resolv.conf'): DnsServer {
  try {
    const text = fs.readFileSync(resolvConf, 'utf8');
    for (const line of text.split('\n')) {
      const m = /^\s*nameserver\s+(\S+)/.exec(line);
      if (m) {
        const addr = m[1] as string;
        if (net.isIP(addr.replace(/%.*$/, ''))) return { host: addr, port: 53 };
      }
    }
  } catch {
    // no resolv.conf: fall back to node's view
  }
  const first = getServers()[0];
  if (first) return parseDnsServer(first);
  throw new DnsError('TC_DNS_BAD_SERVER', 'no DNS server configured: give one with --dns-server host:port');
}

export function formatServer(s: DnsServer): string {
  return net.isIPv6(s.host.replace(/%.*$/, '')) ? `[${s.host}]:${s.port}` : `${s.host}:${s.port}`;
}

interface ResolvedServer {
  address: string;
  family: 4 | 6;
  port: number;
  label: string;
}

async function resolveServer(s: DnsServer, withinMs: number): Promise<ResolvedServer> {
  const label = formatServer(s);
  const bare = s.host.replace(/%.*$/, '');
  const fam = net.isIP(bare);
  if (fam === 4 || fam === 6) return { address: s.host, family: fam, port: s.port, label };
  let timer: NodeJS.Timeout | undefined;
  try {
    // The system resolver (getaddrinfo) cannot be cancelled: stop waiting for it at the bound.
    const r = await Promise.race([
      dnsPromises.lookup(s.host),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${withinMs} ms`)), withinMs);
      }),
    ]);
    return { address: r.address, family: r.family === 6 ? 6 : 4, port: s.port, label };
  } catch (e) {
    throw new DnsError('TC_DNS_BAD_SERVER', `DNS server host ${JSON.stringify(s.host)} could not be resolved: ${(e as Error).message}`, {
      server: label,
    });
  } finally {
    clearTimeout(timer);
  }
}

// ---------------------------------------------------------------------------------------
// One exchange

export type QueryType = 'SRV' | 'A' | 'AAAA';

export interface DnsResponse {
  packet: packet.DecodedPacket;
  rcode: string;
  /** The transport the final answer came over. */
  transport: 'udp' | 'tcp';
  /** True when a truncated UDP answer made us ask again over TCP. */
  truncatedOverUdp: boolean;
  server: string;
}

interface Deadline {
  at: number;
  signal?: AbortSignal;
}

const remaining = (d: Deadline): number => d.at - Date.now();

function buildQuery(id: number, name: string, type: QueryType, edns: boolean): Buffer {
  const q: packet.Packet = {
    type: 'query',
    id,
    flags: packet.RECURSION_DESIRED,
    questions: [{ type, name, class: 'IN' }],
  };
  if (edns) {
    q.additionals = [{ type: 'OPT', name: '.', udpPayloadSize: EDNS_UDP_SIZE, extendedRcode: 0, ednsVersion: 0, flags: 0, flag_do: false, options: [] }];
  }
  return packet.encode(q);
}

function rcodeOf(p: packet.DecodedPacket): string {
  return (p as packet.DecodedPacket & { rcode?: string }).rcode ?? 'NOERROR';
}

/** Whether a decoded message is the answer to our question. */
function answersUs(p: packet.DecodedPacket, id: number, name: string, type: QueryType): boolean {
  if (p.id !== id || !p.flag_qr) return false;
  const qs = p.questions ?? [];
  // Some servers send errors (FORMERR, REFUSED) without the question section.
  if (qs.length === 0) return rcodeOf(p) !== 'NOERROR';
  const q = qs[0];
  return qs.length === 1 && q !== undefined && q.name.toLowerCase() === name.toLowerCase() && q.type === type && (q.class ?? 'IN') === 'IN';
}

type Attempt =
  | { kind: 'answer'; packet: packet.DecodedPacket }
  | { kind: 'timeout'; malformed: number }
  | { kind: 'unreachable'; error: string };

function udpAttempt(srv: ResolvedServer, msg: Buffer, id: number, name: string, type: QueryType, waitMs: number, signal?: AbortSignal): Promise<Attempt> {
  return new Promise((resolve) => {
    const sock = dgram.createSocket(srv.family === 6 ? 'udp6' : 'udp4');
    let malformed = 0;
    let settled = false;
    const finish = (a: Attempt): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      leave();
      try {
        sock.close();
      } catch {
        // already closed
      }
      resolve(a);
    };
    const timer = setTimeout(() => finish({ kind: 'timeout', malformed }), Math.max(1, waitMs));
    const leave = signal ? onAbort(signal, () => finish({ kind: 'timeout', malformed })) : () => undefined;
    sock.on('error', (e: NodeJS.ErrnoException) => finish({ kind: 'unreachable', error: e.code ?? e.message }));
    sock.on('message', (buf) => {
      let p: packet.DecodedPacket;
      try {
        p = packet.decode(buf);
      } catch {
        malformed++;
        return;
      }
      // Anything else (a late answer to an earlier try, a spoof) is ignored.
      if (answersUs(p, id, name, type)) finish({ kind: 'answer', packet: p });
    });
    // A connected socket only receives from the server, and ICMP port unreachable comes
    // back as ECONNREFUSED instead of a silent wait.
    sock.connect(srv.port, srv.address, () => {
      sock.send(msg, (err) => {
        if (err) finish({ kind: 'unreachable', error: (err as NodeJS.ErrnoException).code ?? err.message });
      });
    });
  });
}

function tcpAttempt(srv: ResolvedServer, msg: Buffer, id: number, name: string, type: QueryType, waitMs: number, signal?: AbortSignal): Promise<Attempt | { kind: 'malformed'; why: string }> {
  return new Promise((resolve) => {
    const sock = net.connect({ host: srv.address, port: srv.port, family: srv.family });
    let buf = Buffer.alloc(0);
    let settled = false;
    const finish = (a: Attempt | { kind: 'malformed'; why: string }): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      leave();
      sock.destroy();
      resolve(a);
    };
    const timer = setTimeout(() => finish({ kind: 'timeout', malformed: 0 }), Math.max(1, waitMs));
    const leave = signal ? onAbort(signal, () => finish({ kind: 'timeout', malformed: 0 })) : () => undefined;
    sock.on('connect', () => {
      const framed = Buffer.alloc(2 + msg.length);
      framed.writeUInt16BE(msg.length, 0);
      msg.copy(framed, 2);
      sock.write(framed);
    });
    sock.on('error', (e: NodeJS.ErrnoException) => finish({ kind: 'unreachable', error: e.code ?? e.message }));
    sock.on('end', () => finish({ kind: 'malformed', why: `connection closed after ${buf.length} octets, before a whole answer` }));
    sock.on('data', (chunk: Buffer) => {
      buf = Buffer.concat([buf, chunk]);
      // Answers to other ids on the same connection are skipped, one message at a time.
      while (buf.length >= 2) {
        const len = buf.readUInt16BE(0);
        if (len < 12) return finish({ kind: 'malformed', why: `TCP message length ${len} is shorter than a DNS header` });
        if (buf.length < 2 + len) return;
        const one = buf.subarray(2, 2 + len);
        buf = buf.subarray(2 + len);
        let p: packet.DecodedPacket;
        try {
          p = packet.decode(one);
        } catch (e) {
          return finish({ kind: 'malformed', why: `undecodable answer: ${(e as Error).message}` });
        }
        if (answersUs(p, id, name, type)) return finish({ kind: 'answer', packet: p });
      }
    });
  });
}

/**
 * Sends one question and returns the server's answer whatever its rcode. Throws DnsError
 * for TC_DNS_BAD_NAME, TC_DNS_BAD_SERVER, TC_DNS_TIMEOUT (no answer within the bound, or the
 * server unreachable: see `unreachable`) and TC_DNS_MALFORMED (only undecodable answers).
 */
export async function exchange(name: string, type: QueryType, opts: DnsQueryOptions = {}): Promise<DnsResponse> {
  const qname = checkName(name);
  const timeoutMs = positive(opts.timeoutMs, DEFAULT_TIMEOUT_MS);
  const tries = Math.min(MAX_TRIES, Math.max(1, Math.floor(positive(opts.tries, DEFAULT_TRIES))));
  const deadline: Deadline = { at: Date.now() + timeoutMs, ...(opts.signal ? { signal: opts.signal } : {}) };
  const srv = await resolveServer(opts.server ?? defaultDnsServer(), timeoutMs);
  const details = { name: qname, qtype: type, server: srv.label };
  const started = Date.now();
  const timeout = (extra = ''): DnsError => {
    // Stopped early by the caller (Ctrl-C, or discover()'s bound on all its lookups).
    const within = opts.signal?.aborted
      ? `after ${Date.now() - started} ms: stopped (${isTimeout(opts.signal.reason) ? 'the time of the lookups ran out' : 'interrupted'})`
      : `within ${timeoutMs} ms`;
    return new DnsError('TC_DNS_TIMEOUT', `no answer from DNS server ${srv.label} for ${qname} ${type} ${within}${extra}`, details);
  };
  const unreachable = (how: string, err: string): DnsError => {
    const local = LOCAL_RESOURCE_ERRORS[err];
    // Out of sockets here is no news about the server: say what it is.
    if (local) return new DnsError('TC_DNS_RESOURCE', `could not ask DNS server ${srv.label} for ${qname} ${type} over ${how}: ${err} (${local})`, details);
    return new DnsError('TC_DNS_TIMEOUT', `DNS server ${srv.label} unreachable over ${how} for ${qname} ${type}: ${err}`, { ...details, unreachable: true });
  };

  const overTcp = async (truncatedOverUdp: boolean): Promise<DnsResponse> => {
    let edns = opts.edns !== false;
    for (;;) {
      const wait = remaining(deadline);
      if (wait <= 0 || opts.signal?.aborted) throw timeout(truncatedOverUdp ? ' (over TCP, after a truncated UDP answer)' : ' (over TCP)');
      const id = randomInt(0, 65536);
      const a = await tcpAttempt(srv, buildQuery(id, qname, type, edns), id, qname, type, wait, opts.signal);
      if (a.kind === 'answer') {
        if (edns && rcodeOf(a.packet) === 'FORMERR') {
          edns = false;
          continue;
        }
        return { packet: a.packet, rcode: rcodeOf(a.packet), transport: 'tcp', truncatedOverUdp, server: srv.label };
      }
      if (a.kind === 'unreachable') throw unreachable('TCP', a.error);
      if (a.kind === 'malformed') throw new DnsError('TC_DNS_MALFORMED', `malformed answer over TCP from ${srv.label} for ${qname} ${type}: ${a.why}`, details);
      throw timeout(' (over TCP)');
    }
  };

  if (opts.tcp) return overTcp(false);

  let edns = opts.edns !== false;
  let malformed = 0;
  const perTry = Math.max(1, Math.floor(timeoutMs / tries));
  for (let i = 0; i < tries; i++) {
    const left = remaining(deadline);
    if (left <= 0 || opts.signal?.aborted) break;
    const wait = i === tries - 1 ? left : Math.min(perTry, left);
    const id = randomInt(0, 65536);
    const a = await udpAttempt(srv, buildQuery(id, qname, type, edns), id, qname, type, wait, opts.signal);
    if (a.kind === 'unreachable') throw unreachable('UDP', a.error);
    if (a.kind === 'timeout') {
      malformed += a.malformed;
      continue;
    }
    const p = a.packet;
    if (edns && rcodeOf(p) === 'FORMERR') {
      // A server that does not know EDNS(0) may say FORMERR: ask once more without it.
      edns = false;
      i--;
      continue;
    }
    if (p.flag_tc) return overTcp(true);
    return { packet: p, rcode: rcodeOf(p), transport: 'udp', truncatedOverUdp: false, server: srv.label };
  }
  if (malformed > 0) {
    throw new DnsError('TC_DNS_MALFORMED', `only undecodable answers (${malformed}) from DNS server ${srv.label} for ${qname} ${type}`, details);
  }
  throw timeout(` (${tries} ${tries === 1 ? 'try' : 'tries'})`);
}

/** Socket errors that mean this process or machine ran out of something, not that the server failed. */
const LOCAL_RESOURCE_ERRORS: Record<string, string> = {
  EMFILE: 'too many open files in this process',
  ENFILE: 'too many open files on this machine',
  ENOBUFS: 'no buffer space on this machine',
  ENOMEM: 'out of memory',
};

function positive(v: number | undefined, dflt: number): number {
  return v !== undefined && Number.isFinite(v) && v > 0 ? v : dflt;
}

/** Maps a non-NOERROR rcode to its DnsError. */
function rcodeError(r: DnsResponse, name: string, type: QueryType): DnsError {
  const details = { name, qtype: type, server: r.server, rcode: r.rcode };
  switch (r.rcode) {
    case 'NXDOMAIN':
      return new DnsError('TC_DNS_NXDOMAIN', `${name} does not exist (NXDOMAIN from ${r.server})`, details);
    case 'REFUSED':
      return new DnsError('TC_DNS_REFUSED', `DNS server ${r.server} refused the query for ${name} ${type} (REFUSED)`, details);
    case 'SERVFAIL':
      return new DnsError('TC_DNS_SERVFAIL', `DNS server ${r.server} failed to answer for ${name} ${type} (SERVFAIL)`, details);
    default:
      return new DnsError('TC_DNS_SERVFAIL', `DNS server ${r.server} answered ${name} ${type} with rcode ${r.rcode}`, details);
  }
}

/** The names the answer reaches from `qname` through CNAME records, lower-cased. */
function aliasChain(p: packet.DecodedPacket, qname: string): Set<string> {
  const names = new Set([qname.toLowerCase()]);
  const answers = p.answers ?? [];
  for (let changed = true, rounds = 0; changed && rounds <= answers.length; rounds++) {
    changed = false;
    for (const a of answers) {
      if (a.type === 'CNAME' && names.has(a.name.toLowerCase()) && !names.has(String(a.data).toLowerCase())) {
        names.add(String(a.data).toLowerCase());
        changed = true;
      }
    }
  }
  return names;
}

/** A, AAAA or SRV answers of the given type for the name (following CNAMEs). */
type DataAnswer = Exclude<packet.Answer, packet.OptAnswer>;

async function lookup(name: string, type: QueryType, opts: DnsQueryOptions): Promise<{ answers: DataAnswer[]; response: DnsResponse }> {
  const qname = checkName(name);
  const r = await exchange(qname, type, opts);
  if (r.rcode !== 'NOERROR') throw rcodeError(r, qname, type);
  const names = aliasChain(r.packet, qname);
  const answers = (r.packet.answers ?? []).filter(
    (a): a is DataAnswer => a.type === type && names.has(a.name.toLowerCase()) && ((a as DataAnswer).class ?? 'IN') === 'IN',
  );
  if (answers.length === 0) {
    throw new DnsError('TC_DNS_NO_RECORD', `${qname} has no ${type} record (NOERROR with no ${type} answer from ${r.server})`, {
      name: qname,
      qtype: type,
      server: r.server,
      rcode: r.rcode,
    });
  }
  return { answers, response: r };
}

// ---------------------------------------------------------------------------------------
// SRV, addresses, discovery

const isNoTarget = (t: string): boolean => t === '.' || t === '';

/**
 * The SRV records of `name` (e.g. `_ldap._tcp.example.test`), in the order received.
 * Throws DnsError: TC_DNS_BAD_NAME (nothing sent), TC_DNS_NXDOMAIN, TC_DNS_NO_RECORD (NOERROR
 * without SRV), TC_DNS_NO_SERVICE (every record's target is ".": "the service is decidedly
 * not available at this domain", RFC 2782), TC_DNS_MALFORMED (a target that is not a
 * domain name), and the transport and rcode errors of `exchange`.
 */
export async function querySrv(name: string, opts: DnsQueryOptions = {}): Promise<SrvRecord[]> {
  const { answers, response } = await lookup(name, 'SRV', opts);
  const records: SrvRecord[] = [];
  for (const a of answers) {
    const d = (a as packet.SrvAnswer).data;
    const target = d.target.endsWith('.') && d.target !== '.' ? d.target.slice(0, -1) : d.target;
    if (!isNoTarget(target) && !net.isIP(target)) {
      try {
        checkName(target, 'SRV target');
      } catch (e) {
        throw new DnsError('TC_DNS_MALFORMED', `SRV record of ${name} from ${response.server} has a target that is not a host name: ${(e as Error).message}`, {
          name,
          qtype: 'SRV',
          server: response.server,
        });
      }
    }
    records.push({ priority: d.priority ?? 0, weight: d.weight ?? 0, port: d.port, target: isNoTarget(target) ? '.' : target, ttl: a.ttl ?? 0 });
  }
  if (records.every((r) => r.target === '.')) {
    throw new DnsError('TC_DNS_NO_SERVICE', `${name}: SRV target "." — the service is decidedly not available at this domain (RFC 2782)`, {
      name,
      qtype: 'SRV',
      server: response.server,
    });
  }
  return records;
}

export interface AddressResult {
  a: string[];
  aaaa: string[];
  /** A family whose lookup failed other than by NXDOMAIN or no record (then its list is []). */
  errors?: { a?: DnsError; aaaa?: DnsError };
}

/**
 * A and AAAA of `host`, both asked (in parallel); an IP address literal is returned as it
 * is, without a query. NXDOMAIN or no record gives [] for that
 * family. When one family fails otherwise (REFUSED, SERVFAIL, timeout) its list is [] and
 * the error is in `errors`; when both fail so, the A error is thrown.
 */
export async function queryAddresses(host: string, opts: DnsQueryOptions = {}): Promise<AddressResult> {
  // An address literal is its own address: nothing to ask.
  const literal = host.replace(/^\[(.*)\]$/, '$1');
  if (net.isIPv4(literal)) return { a: [literal], aaaa: [] };
  if (net.isIPv6(literal)) return { a: [], aaaa: [literal] };
  const h = checkName(host, 'host name');
  const one = async (type: 'A' | 'AAAA'): Promise<string[] | DnsError> => {
    try {
      const { answers } = await lookup(h, type, opts);
      return answers.map((a) => String(a.data));
    } catch (e) {
      if (!(e instanceof DnsError)) throw e;
      if (e.code === 'TC_DNS_NXDOMAIN' || e.code === 'TC_DNS_NO_RECORD') return [];
      return e;
    }
  };
  const [a, aaaa] = await Promise.all([one('A'), one('AAAA')]);
  if (a instanceof DnsError && aaaa instanceof DnsError) throw a;
  const out: AddressResult = { a: a instanceof DnsError ? [] : a, aaaa: aaaa instanceof DnsError ? [] : aaaa };
  if (a instanceof DnsError || aaaa instanceof DnsError) {
    out.errors = {};
    if (a instanceof DnsError) out.errors.a = a;
    if (aaaa instanceof DnsError) out.errors.aaaa = aaaa;
  }
  return out;
}

export interface DiscoveredTarget {
  record: SrvRecord;
  /** https://<target>:<port><the service's path> */
  url: string;
  /** A then AAAA addresses of the target; [] when it has none (or the lookup failed). */
  addresses: string[];
  /** Why the address lookup failed, when it did (both families, or one: see the codes). */
  addressErrors?: DnsError[];
}

export interface DiscoverOptions extends DnsQueryOptions {
  /** Random source of the RFC 2782 weighted selection, in [0, 1). Default Math.random. */
  random?: () => number;
  /** Targets whose addresses are looked up at once (each asks A and AAAA). Default 16. */
  targetsAtOnce?: number;
}

/** Targets looked up at once by discover(): 2 queries (and sockets) each. */
export const DISCOVER_TARGETS_AT_ONCE = 16;
/** discover()'s address lookups all end within this many timeoutMs. */
export const ADDRESS_PHASE_TIMEOUTS = 2;

/** The entry URL an SRV record names: https://<target>:<port><path>. */
export function discoveryUrl(record: Pick<SrvRecord, 'target' | 'port'>, path: string): string {
  const host = record.target.endsWith('.') ? record.target.slice(0, -1) : record.target;
  const h = net.isIPv6(host) ? `[${host}]` : host;
  return `https://${h}:${record.port}${path}`;
}

/**
 * Discovery by SRV: `<service label>.<domain>`, the records in RFC 2782 order, each target's
 * A and AAAA looked up. A target without addresses is kept with `addresses: []` so the
 * caller can report it. Records with target "." next to real ones are dropped; when all
 * are ".", TC_DNS_NO_SERVICE. Bound: timeoutMs for the SRV query, then
 * ADDRESS_PHASE_TIMEOUTS × timeoutMs for the address lookups, `targetsAtOnce` targets at a
 * time (a record set of thousands of targets must not open thousands of sockets at once);
 * a target not asked by then gets a TC_DNS_TIMEOUT saying so.
 */
export async function discover(service: SrvService, domain: string, opts: DiscoverOptions = {}): Promise<DiscoveredTarget[]> {
  const d = checkName(domain);
  const name = checkName(srvName(service, d), 'SRV name');
  const { random, targetsAtOnce, ...q } = opts;
  const records = (await querySrv(name, q)).filter((r) => r.target !== '.');
  const ordered = orderSrv(records, random);
  // Each target once (names are case-insensitive), as first written.
  const firstSpelling = new Map<string, string>();
  for (const r of ordered) if (!firstSpelling.has(r.target.toLowerCase())) firstSpelling.set(r.target.toLowerCase(), r.target);
  const targets = [...firstSpelling.values()];
  const phaseMs = ADDRESS_PHASE_TIMEOUTS * positive(q.timeoutMs, DEFAULT_TIMEOUT_MS);
  const phase = new TimeLimit(phaseMs, q.signal);
  let found: { addresses: string[]; errors: DnsError[] }[];
  try {
    found = await pool(targets, targetsAtOnce ?? DISCOVER_TARGETS_AT_ONCE, (target) => {
      if (!phase.signal.aborted) return addressesOf(target, { ...q, signal: phase.signal });
      const why = phase.timedOut ? `the address lookups of ${targets.length} targets took longer than ${phaseMs} ms` : 'interrupted';
      return Promise.resolve({ addresses: [], errors: [new DnsError('TC_DNS_TIMEOUT', `${target}: not looked up: ${why}`, { name: target })] });
    });
  } finally {
    phase.dispose();
  }
  const byTarget = new Map(targets.map((t, i) => [t.toLowerCase(), found[i]!]));
  return ordered.map((r) => {
    const f = byTarget.get(r.target.toLowerCase())!;
    const t: DiscoveredTarget = { record: r, url: discoveryUrl(r, service.path), addresses: f.addresses };
    if (f.errors.length > 0) t.addressErrors = f.errors;
    return t;
  });
}

async function addressesOf(target: string, opts: DnsQueryOptions): Promise<{ addresses: string[]; errors: DnsError[] }> {
  if (net.isIP(target)) return { addresses: [target], errors: [] };
  try {
    const r = await queryAddresses(target, opts);
    return { addresses: [...r.a, ...r.aaaa], errors: [r.errors?.a, r.errors?.aaaa].filter((e): e is DnsError => e !== undefined) };
  } catch (e) {
    if (e instanceof DnsError) return { addresses: [], errors: [e] };
    throw e;
  }
}
