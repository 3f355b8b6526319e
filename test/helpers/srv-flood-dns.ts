// A DNS server on 127.0.0.1 whose `_taxii._tcp.<domain>` has many SRV records (t0001.<domain>,
// t0002.<domain>, …), each target with one A record (127.0.0.1) and no AAAA. Over UDP the SRV
// answer is too large: it is sent truncated (TC) and the client asks again over TCP. Address
// answers wait `delayMs`, so that lookups overlap and the server can count how many it holds
// at once: `maxInFlight` is what a client had outstanding at its peak.
import dgram from 'node:dgram';
import net from 'node:net';
import * as packet from 'dns-packet';

export interface FloodDns {
  port: number;
  /** The most address questions received and not answered yet, at any one time. */
  maxInFlight(): number;
  /** Address questions received (A and AAAA). */
  addressQueries(): number;
  close(): Promise<void>;
}

export async function startFloodDns(o: { domain: string; targets: number; delayMs: number }): Promise<FloodDns> {
  const srvName = `_taxii._tcp.${o.domain}`.toLowerCase();
  const targetName = (i: number): string => `t${String(i + 1).padStart(4, '0')}.${o.domain}`;
  const timers = new Set<NodeJS.Timeout>();
  const sockets = new Set<net.Socket>();
  let inFlight = 0;
  let peak = 0;
  let queries = 0;

  /** The answer to one query, or undefined for what is not ours to answer. */
  const answer = (q: packet.DecodedPacket): packet.Packet | undefined => {
    const question = q.questions?.[0];
    if (!question) return undefined;
    const name = question.name.toLowerCase();
    const base: packet.Packet = { type: 'response', id: q.id, flags: packet.AUTHORITATIVE_ANSWER | packet.RECURSION_DESIRED, questions: [question] };
    if (name === srvName && question.type === 'SRV') {
      return {
        ...base,
        answers: Array.from({ length: o.targets }, (_, i) => ({ type: 'SRV' as const, name: question.name, ttl: 60, class: 'IN' as const, data: { priority: 0, weight: 1, port: 8443, target: targetName(i) } })),
      };
    }
    if (/^t\d{4}\./.test(name) && name.endsWith(`.${o.domain}`.toLowerCase())) {
      if (question.type === 'A') return { ...base, answers: [{ type: 'A', name: question.name, ttl: 60, class: 'IN', data: '127.0.0.1' }] };
      return base; // AAAA: NOERROR, no answer
    }
    return { ...base, flags: (base.flags ?? 0) | 3 }; // NXDOMAIN
  };

  /** Sends `reply` after the delay for address questions (counted while they wait), at once for the rest. */
  const later = (q: packet.DecodedPacket, reply: () => void): void => {
    const type = q.questions?.[0]?.type;
    if (type !== 'A' && type !== 'AAAA') return reply();
    queries++;
    inFlight++;
    peak = Math.max(peak, inFlight);
    const t = setTimeout(() => {
      timers.delete(t);
      inFlight--;
      reply();
    }, o.delayMs);
    timers.add(t);
  };

  const tcp = net.createServer((s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => undefined);
    let buf = Buffer.alloc(0);
    s.on('data', (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      while (buf.length >= 2 && buf.length >= 2 + buf.readUInt16BE(0)) {
        const len = buf.readUInt16BE(0);
        const q = packet.decode(buf.subarray(2, 2 + len));
        buf = buf.subarray(2 + len);
        const a = answer(q);
        if (a) later(q, () => !s.destroyed && s.write(packet.streamEncode(a)));
      }
    });
  });
  tcp.listen(0, '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    tcp.once('listening', resolve);
    tcp.once('error', reject);
  });
  const port = (tcp.address() as net.AddressInfo).port;

  const udp = dgram.createSocket('udp4');
  udp.on('message', (msg, from) => {
    let q: packet.DecodedPacket;
    try {
      q = packet.decode(msg);
    } catch {
      return;
    }
    const a = answer(q);
    if (!a) return;
    let out = packet.encode(a);
    // Too large for UDP: the question only, truncated (the client asks again over TCP).
    if (out.length > 512) out = packet.encode({ type: 'response', id: q.id, flags: packet.AUTHORITATIVE_ANSWER | packet.TRUNCATED_RESPONSE, questions: q.questions ?? [] });
    later(q, () => udp.send(out, from.port, from.address));
  });
  await new Promise<void>((resolve, reject) => {
    udp.once('error', reject);
    udp.bind(port, '127.0.0.1', () => resolve());
  });

  return {
    port,
    maxInFlight: () => peak,
    addressQueries: () => queries,
    async close(): Promise<void> {
      for (const t of timers) clearTimeout(t);
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => udp.close(() => resolve()));
      await new Promise<void>((resolve) => tcp.close(() => resolve()));
    },
  };
}
