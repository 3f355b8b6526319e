// The mock's DNS responder: a small authoritative server (dns-packet) over UDP and TCP on
// the same port, serving the SRV records that advertise the mock (`<label>.<domain>. IN SRV
// <priority> <weight> <port> <target>`, one per service label of the mounted profiles) and
// the target's address, so that a client can be pointed at it to test discovery by SRV.
//
// The zone: `<domain>` (SOA, NS at the apex), `<label>.<domain>` for each label (SRV →
// targetHost, taxiiPort, plus extraRecords) and `targetHost` (A or AAAA targetAddress; the AAAA (or A)
// question gets NOERROR with no answer). Answers are authoritative (AA) and echo the id and
// the question; a name of the zone that does not exist gets NXDOMAIN, one that exists
// without the type asked gets NOERROR with no answer (both with the SOA in the authority
// section, RFC 2308). Outside the zone: NXDOMAIN (not authoritative). A class other than IN:
// REFUSED. An opcode other than QUERY: NOTIMP. An undecodable message of 12 octets or more:
// FORMERR (id echoed, no question); shorter, or a response (QR set): dropped.
// Over UDP an answer larger than 512 octets (or the client's EDNS size, at most 1232) is
// sent truncated (TC, question only), so the client asks again over TCP.
//
// Faults: noRecord (no SRV record for the mock: without extraRecords the name is absent,
// NXDOMAIN; extraRecords are still served, so a lone target "." can be set up), deadPort (the SRV record
// points at this port instead of taxiiPort), noAddress (targetHost has no address: the name
// is absent, NXDOMAIN for A and AAAA).
import dgram from 'node:dgram';
import net from 'node:net';
import * as packet from 'dns-packet';
import { checkName, type SrvRecord } from '../suites/probes/dns.js';

export interface DnsResponderOptions {
  /** Address to listen on (UDP and TCP). Default 127.0.0.1. */
  host?: string;
  /** 0 = an ephemeral port (the same one for UDP and TCP). */
  port: number;
  /** The domain whose SRV records are served, e.g. example.test. */
  domain: string;
  /** The service labels (`_service._proto`) an SRV record is served for under the domain. */
  services: readonly string[];
  /** The SRV target, e.g. taxii.example.test. */
  targetHost: string;
  /** The target's address (IPv4 → A record, IPv6 → AAAA record), e.g. 127.0.0.1. */
  targetAddress: string;
  /** The mock's HTTPS port, put in the SRV record. */
  taxiiPort: number;
  faults?: {
    /** No SRV record for the mock at <label>.<domain>: with no extraRecords the name
     * is absent (NXDOMAIN); extraRecords are still served (e.g. a lone "." target). */
    noRecord?: boolean;
    /** The SRV record points at this port instead of taxiiPort. */
    deadPort?: number;
    /** targetHost has no address (NXDOMAIN for A and AAAA). */
    noAddress?: boolean;
  };
  /** More SRV records at each <label>.<domain> (their ttl is used as given). */
  extraRecords?: SrvRecord[];
  /** Priority and weight of the main SRV record. Default 0 and 5 (the pre-draft's example). */
  priority?: number;
  weight?: number;
  /** TTL of the records served. Default 300. */
  ttl?: number;
  /** Called with one line per query answered (for the mock's log). */
  log?: (line: string) => void;
}

export interface RunningDnsResponder {
  port: number;
  host: string;
  close(): Promise<void>;
}

type Rr = Exclude<packet.Answer, packet.OptAnswer>;

const RCODE = { NOERROR: 0, FORMERR: 1, SERVFAIL: 2, NXDOMAIN: 3, NOTIMP: 4, REFUSED: 5 } as const;
const MAX_UDP = 1232;
const CLASSIC_UDP = 512;
const TCP_IDLE_MS = 10_000;

const lower = (n: string): string => (n.endsWith('.') && n !== '.' ? n.slice(0, -1) : n).toLowerCase();

interface Zone {
  apex: string;
  soa: Rr;
}

/** The records served, built once from the options. */
class ZoneData {
  readonly zones: Zone[] = [];
  readonly records = new Map<string, Rr[]>();
  /** Names that exist (with records, or as empty non-terminals). */
  readonly names = new Set<string>();

  constructor(o: DnsResponderOptions) {
    checkOptions(o);
    const ttl = o.ttl ?? 300;
    const domain = lower(o.domain);
    const target = lower(o.targetHost);
    const apexes = [domain];
    if (!inZone(target, domain)) apexes.push(target);
    for (const apex of apexes) {
      const soa: Rr = {
        type: 'SOA',
        name: apex,
        ttl,
        class: 'IN',
        data: { mname: `ns.${apex}`, rname: `hostmaster.${apex}`, serial: 1, refresh: 3600, retry: 600, expire: 86400, minimum: 60 },
      };
      this.zones.push({ apex, soa });
      this.add(soa);
      this.add({ type: 'NS', name: apex, ttl, class: 'IN', data: `ns.${apex}` });
    }
    for (const label of o.services) {
      const srv = `${label}.${domain}`;
      if (!o.faults?.noRecord) {
        this.add({
          type: 'SRV',
          name: srv,
          ttl,
          class: 'IN',
          data: { priority: o.priority ?? 0, weight: o.weight ?? 5, port: o.faults?.deadPort ?? o.taxiiPort, target: o.targetHost.replace(/\.$/, '') },
        });
      }
      for (const r of o.extraRecords ?? []) {
        this.add({ type: 'SRV', name: srv, ttl: r.ttl, class: 'IN', data: { priority: r.priority, weight: r.weight, port: r.port, target: r.target } });
      }
    }
    if (!o.faults?.noAddress) {
      const v6 = net.isIPv6(o.targetAddress);
      this.add({ type: v6 ? 'AAAA' : 'A', name: target, ttl, class: 'IN', data: o.targetAddress });
    }
  }

  private add(rr: Rr): void {
    const n = lower(rr.name);
    const list = this.records.get(n);
    if (list) list.push(rr);
    else this.records.set(n, [rr]);
    // The name and its ancestors down to the apex exist.
    const zone = this.zoneOf(n);
    for (let cur = n; ; cur = cur.slice(cur.indexOf('.') + 1)) {
      this.names.add(cur);
      if (!zone || cur === zone.apex || !cur.includes('.')) break;
    }
  }

  zoneOf(name: string): Zone | undefined {
    // The longest apex that holds the name.
    let best: Zone | undefined;
    for (const z of this.zones) if (inZone(name, z.apex) && (!best || z.apex.length > best.apex.length)) best = z;
    return best;
  }
}

const isPort = (p: unknown): boolean => Number.isInteger(p) && (p as number) >= 0 && (p as number) <= 65535;
const isU16 = isPort;
const isTtl = (t: unknown): boolean => Number.isInteger(t) && (t as number) >= 0 && (t as number) <= 0x7fffffff;

/** Throws a TypeError naming the bad option (a bad zone would only fail at answer time). */
function checkOptions(o: DnsResponderOptions): void {
  const bad = (what: string): never => {
    throw new TypeError(`DNS responder: ${what}`);
  };
  for (const [k, v] of [
    ['domain', o.domain],
    ['targetHost', o.targetHost],
  ] as const) {
    try {
      checkName(v);
    } catch (e) {
      bad(`${k}: ${(e as Error).message}`);
    }
  }
  for (const label of o.services) {
    try {
      checkName(`${label}.${o.domain}`);
    } catch (e) {
      bad(`service label ${JSON.stringify(label)}: ${(e as Error).message}`);
    }
  }
  if (!net.isIP(o.targetAddress)) bad(`targetAddress ${JSON.stringify(o.targetAddress)} is not an IP address`);
  if (!isPort(o.taxiiPort)) bad(`taxiiPort ${String(o.taxiiPort)} is not a port number`);
  if (!isPort(o.port)) bad(`port ${String(o.port)} is not a port number (0 = ephemeral)`);
  if (o.faults?.deadPort !== undefined && !isPort(o.faults.deadPort)) bad(`faults.deadPort ${String(o.faults.deadPort)} is not a port number`);
  if (o.ttl !== undefined && !isTtl(o.ttl)) bad(`ttl ${String(o.ttl)} is not a TTL`);
  if (o.priority !== undefined && !isU16(o.priority)) bad(`priority ${String(o.priority)} is not 0-65535`);
  if (o.weight !== undefined && !isU16(o.weight)) bad(`weight ${String(o.weight)} is not 0-65535`);
  for (const r of o.extraRecords ?? []) {
    if (!isU16(r.priority) || !isU16(r.weight) || !isPort(r.port) || !isTtl(r.ttl)) bad(`extra record ${JSON.stringify(r)} has a field out of range`);
    if (r.target !== '.') {
      try {
        checkName(r.target);
      } catch (e) {
        bad(`extra record target: ${(e as Error).message}`);
      }
    }
  }
}

function inZone(name: string, apex: string): boolean {
  return name === apex || name.endsWith(`.${apex}`);
}

function headerFlags(rcode: number, rd: boolean, aa: boolean, tc = false): number {
  return rcode | (rd ? packet.RECURSION_DESIRED : 0) | (aa ? packet.AUTHORITATIVE_ANSWER : 0) | (tc ? packet.TRUNCATED_RESPONSE : 0);
}

/** The bare error answer to an undecodable query: id echoed, FORMERR, no sections. */
function formErr(buf: Buffer): Buffer | undefined {
  if (buf.length < 12) return undefined;
  const flags = buf.readUInt16BE(2);
  if (flags & 0x8000) return undefined; // a response: never answer those
  const rd = (flags & 0x0100) !== 0;
  return packet.encode({ type: 'response', id: buf.readUInt16BE(0), flags: headerFlags(RCODE.FORMERR, rd, false), questions: [] });
}

interface Answered {
  /** The wire answer, or undefined when the message is dropped. */
  reply?: Buffer;
  /** A line for the log. */
  summary: string;
}

/**
 * Builds the answer to one message. `udp` applies the UDP size limit (truncation); over TCP
 * the limit is 65535. Exported for unit tests.
 */
function answerQuery(zone: ZoneData, buf: Buffer, udp: boolean): Answered {
  let q: packet.DecodedPacket;
  try {
    q = packet.decode(buf);
  } catch (e) {
    const reply = formErr(buf);
    return reply ? { reply, summary: `FORMERR (undecodable: ${(e as Error).message})` } : { summary: 'dropped (undecodable, shorter than a header or a response)' };
  }
  if (q.flag_qr) return { summary: 'dropped (a response, not a query)' };
  const rd = q.flag_rd;
  const qs = q.questions ?? [];
  const opt = (q.additionals ?? []).find((a): a is packet.OptAnswer => a.type === 'OPT');
  const base = { type: 'response' as const, id: q.id ?? 0, questions: qs };
  const withOpt = (p: packet.Packet): packet.Packet =>
    opt ? { ...p, additionals: [...(p.additionals ?? []), { type: 'OPT', name: '.', udpPayloadSize: MAX_UDP, extendedRcode: 0, ednsVersion: 0, flags: 0, flag_do: false, options: [] }] } : p;
  const opcode = (q as packet.DecodedPacket & { opcode?: string }).opcode ?? 'QUERY';
  if (opcode !== 'QUERY') {
    return { reply: packet.encode(withOpt({ ...base, flags: headerFlags(RCODE.NOTIMP, rd, false) })), summary: `NOTIMP (opcode ${opcode})` };
  }
  const question = qs[0];
  if (qs.length !== 1 || !question) {
    return { reply: packet.encode(withOpt({ ...base, flags: headerFlags(RCODE.FORMERR, rd, false) })), summary: `FORMERR (${qs.length} questions)` };
  }
  const label = `${question.name} ${question.class ?? 'IN'} ${question.type}`;
  if ((question.class ?? 'IN') !== 'IN') {
    return { reply: packet.encode(withOpt({ ...base, flags: headerFlags(RCODE.REFUSED, rd, false) })), summary: `${label}: REFUSED (class)` };
  }
  const name = lower(question.name);
  const z = zone.zoneOf(name);
  let p: packet.Packet;
  let summary: string;
  if (!z) {
    p = { ...base, flags: headerFlags(RCODE.NXDOMAIN, rd, false) };
    summary = `${label}: NXDOMAIN (outside the zone)`;
  } else if (!zone.names.has(name)) {
    p = { ...base, flags: headerFlags(RCODE.NXDOMAIN, rd, true), authorities: [z.soa] };
    summary = `${label}: NXDOMAIN`;
  } else {
    const all = zone.records.get(name) ?? [];
    const answers = (question.type as string) === 'ANY' ? all : all.filter((r) => r.type === question.type);
    if (answers.length === 0) {
      p = { ...base, flags: headerFlags(RCODE.NOERROR, rd, true), authorities: [z.soa] };
      summary = `${label}: NOERROR, no record`;
    } else {
      // The targets' addresses, when the zone has them, go in the additional section.
      const additionals: Rr[] = [];
      for (const a of answers) {
        if (a.type !== 'SRV') continue;
        for (const r of zone.records.get(lower(a.data.target)) ?? []) if (r.type === 'A' || r.type === 'AAAA') additionals.push(r);
      }
      p = { ...base, flags: headerFlags(RCODE.NOERROR, rd, true), answers, additionals };
      summary = `${label}: ${answers.length} answer(s)`;
    }
  }
  p = withOpt(p);
  const limit = !udp ? 65535 : opt ? Math.min(MAX_UDP, Math.max(CLASSIC_UDP, opt.udpPayloadSize)) : CLASSIC_UDP;
  if (packet.encodingLength(p) > limit) {
    const flags = (p.flags ?? 0) | packet.TRUNCATED_RESPONSE;
    return { reply: packet.encode(withOpt({ ...base, flags })), summary: `${summary}, truncated (TC) over UDP` };
  }
  return { reply: packet.encode(p), summary };
}

/** Starts the responder on UDP and TCP (the same port). */
export async function startDnsResponder(o: DnsResponderOptions): Promise<RunningDnsResponder> {
  const host = o.host ?? '127.0.0.1';
  const zone = new ZoneData(o);
  const log = o.log;
  const attempts = o.port === 0 ? 10 : 1;
  let lastErr: unknown;
  for (let i = 0; i < attempts; i++) {
    try {
      return await listen(host, o.port, zone, log);
    } catch (e) {
      lastErr = e;
      if ((e as NodeJS.ErrnoException).code !== 'EADDRINUSE' || o.port !== 0) throw e;
    }
  }
  throw lastErr;
}

async function listen(host: string, port: number, zone: ZoneData, log?: (line: string) => void): Promise<RunningDnsResponder> {
  const udp = dgram.createSocket(net.isIPv6(host) ? 'udp6' : 'udp4');
  await new Promise<void>((resolve, reject) => {
    udp.once('error', reject);
    udp.bind(port, host, () => {
      udp.off('error', reject);
      resolve();
    });
  });
  const bound = udp.address().port;
  udp.on('error', () => {
    // A send error (the client went away) must not end the responder.
  });
  udp.on('message', (msg, rinfo) => {
    let out: Answered;
    try {
      out = answerQuery(zone, msg, true);
    } catch (e) {
      out = { summary: `dropped (internal error: ${(e as Error).message})` };
    }
    log?.(`dns udp ${rinfo.address}:${rinfo.port} ${out.summary}`);
    if (out.reply) udp.send(out.reply, rinfo.port, rinfo.address, () => undefined);
  });

  const sockets = new Set<net.Socket>();
  const tcp = net.createServer((sock) => {
    sockets.add(sock);
    sock.on('close', () => sockets.delete(sock));
    sock.on('error', () => sock.destroy());
    sock.setTimeout(TCP_IDLE_MS, () => sock.destroy());
    let buf = Buffer.alloc(0);
    sock.on('data', (chunk: Buffer) => {
      buf = Buffer.concat([buf, chunk]);
      while (buf.length >= 2) {
        const len = buf.readUInt16BE(0);
        if (buf.length < 2 + len) return;
        const one = buf.subarray(2, 2 + len);
        buf = buf.subarray(2 + len);
        let out: Answered;
        try {
          out = answerQuery(zone, one, false);
        } catch (e) {
          out = { summary: `dropped (internal error: ${(e as Error).message})` };
        }
        log?.(`dns tcp ${sock.remoteAddress}:${sock.remotePort} ${out.summary}`);
        if (!out.reply) {
          // Nothing sensible can follow an undecodable frame on this connection.
          sock.destroy();
          return;
        }
        const framed = Buffer.alloc(2 + out.reply.length);
        framed.writeUInt16BE(out.reply.length, 0);
        out.reply.copy(framed, 2);
        sock.write(framed);
      }
    });
  });
  tcp.maxConnections = 64;
  try {
    await new Promise<void>((resolve, reject) => {
      tcp.once('error', reject);
      tcp.listen({ port: bound, host, exclusive: true }, () => {
        tcp.off('error', reject);
        resolve();
      });
    });
  } catch (e) {
    await new Promise<void>((r) => udp.close(() => r()));
    throw e;
  }
  tcp.on('error', () => undefined);

  let closed: Promise<void> | undefined;
  return {
    port: bound,
    host,
    close(): Promise<void> {
      closed ??= Promise.all([
        new Promise<void>((r) => {
          try {
            udp.close(() => r());
          } catch {
            r();
          }
        }),
        new Promise<void>((r) => {
          for (const s of sockets) s.destroy();
          tcp.close(() => r());
        }),
      ]).then(() => undefined);
      return closed;
    },
  };
}
