// Discovery by DNS SRV against real DNS servers on 127.0.0.1: dnsmasq (a real peer, per
// DESIGN "Real peers in tests") and the mock's own responder. No mocked sockets.
import dgram from 'node:dgram';
import net from 'node:net';
import * as packet from 'dns-packet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DnsError,
  discover,
  exchange,
  queryAddresses,
  querySrv,
  srvName,
  type DnsErrorCode,
  type DnsServer,
  type SrvRecord,
} from '../../suites/probes/dns.js';
import { orderSrv } from '../../suites/probes/srv-order.js';
import { startDnsResponder, type DnsResponderOptions, type RunningDnsResponder } from '../../mock-server/dns-responder.js';
import { hasDnsmasq, NO_DNSMASQ_MESSAGE, startDnsmasq, type RunningDnsmasq } from '../helpers/dnsmasq.js';
import { PREDRAFT_SRV } from '../../suites/taxii2-predraft/profile.js';

const FAST = { timeoutMs: 2000, tries: 2 };

async function codeOf(p: Promise<unknown>): Promise<DnsErrorCode | 'resolved'> {
  try {
    await p;
    return 'resolved';
  } catch (e) {
    if (e instanceof DnsError) return e.code;
    throw e;
  }
}

/** Sends raw octets over UDP and returns the first reply, or undefined after waitMs. */
function rawUdp(port: number, msg: Buffer, waitMs = 400): Promise<Buffer | undefined> {
  return new Promise((resolve) => {
    const s = dgram.createSocket('udp4');
    const t = setTimeout(() => {
      s.close();
      resolve(undefined);
    }, waitMs);
    s.on('message', (m) => {
      clearTimeout(t);
      s.close();
      resolve(m);
    });
    s.send(msg, port, '127.0.0.1');
  });
}

/** Sends one length-framed message over TCP; returns the reply, or 'closed' / undefined. */
function rawTcp(port: number, msg: Buffer, waitMs = 1000): Promise<Buffer | 'closed' | undefined> {
  return new Promise((resolve) => {
    const c = net.connect(port, '127.0.0.1');
    let buf = Buffer.alloc(0);
    const done = (v: Buffer | 'closed' | undefined): void => {
      clearTimeout(t);
      c.destroy();
      resolve(v);
    };
    const t = setTimeout(() => done(undefined), waitMs);
    c.on('connect', () => {
      const framed = Buffer.alloc(2 + msg.length);
      framed.writeUInt16BE(msg.length, 0);
      msg.copy(framed, 2);
      c.write(framed);
    });
    c.on('data', (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      if (buf.length >= 2 && buf.length >= 2 + buf.readUInt16BE(0)) done(buf.subarray(2, 2 + buf.readUInt16BE(0)));
    });
    c.on('end', () => done('closed'));
    c.on('error', () => done('closed'));
  });
}

/** A UDP "DNS server" that swallows every packet; counts them. */
async function blackHole(): Promise<{ server: DnsServer; received: () => number; close: () => Promise<void> }> {
  const s = dgram.createSocket('udp4');
  let n = 0;
  s.on('message', () => n++);
  await new Promise<void>((r) => s.bind(0, '127.0.0.1', () => r()));
  return { server: { host: '127.0.0.1', port: s.address().port }, received: () => n, close: () => new Promise((r) => s.close(() => r())) };
}

const BAD_NAMES = ['', '.', 'a..b.test', '.lead.test', '-bad.test', 'bad-.test', `${'a'.repeat(64)}.test`, `${'abcdefghi.'.repeat(26)}test`, 'exa mple.test', 'ex/ample.test', 'ex:ample.test', 'bücher.test', 'a@b.test'];

// ---------------------------------------------------------------------------------------

// Without dnsmasq the block is skipped, its title saying why.
describe.skipIf(!hasDnsmasq)(hasDnsmasq ? 'DNS SRV discovery against dnsmasq' : NO_DNSMASQ_MESSAGE, () => {
  let dm: RunningDnsmasq | undefined;
  const server = (): DnsServer => (dm as RunningDnsmasq).server;
  const BIG = 40;

  beforeAll(async () => {
    if (!hasDnsmasq) return;
    dm = await startDnsmasq({
      local: ['example.test', 'multi.test', 'nosvc.test', 'noaddr.test', 'norec.test', 'big.test'],
      localTtl: 300,
      srv: [
        { name: '_taxii._tcp.example.test', target: 'taxii.example.test', port: 8443, priority: 0, weight: 5 },
        { name: '_taxii._tcp.multi.test', target: 'one.multi.test', port: 1001, priority: 0, weight: 1 },
        { name: '_taxii._tcp.multi.test', target: 'three.multi.test', port: 1003, priority: 0, weight: 3 },
        { name: '_taxii._tcp.multi.test', target: 'backup.multi.test', port: 2000, priority: 10, weight: 0 },
        { name: '_taxii._tcp.multi.test', target: 'last.multi.test', port: 3000, priority: 20, weight: 7 },
        { name: '_taxii._tcp.nosvc.test' },
        { name: '_taxii._tcp.noaddr.test', target: 'ghost.noaddr.test', port: 443 },
        { name: '_taxii._tcp.plain.test', target: 'taxii.plain.test', port: 443 },
        ...Array.from({ length: BIG }, (_, i) => ({
          name: '_taxii._tcp.big.test',
          target: `server-number-${String(i).padStart(3, '0')}.a-rather-long-name.big.test`,
          port: 10000 + i,
          priority: i % 3,
          weight: i,
        })),
      ],
      hosts: [
        { name: 'taxii.example.test', address: ['127.0.0.1', '::1'] },
        { name: 'one.multi.test', address: '127.0.0.11' },
        { name: 'three.multi.test', address: '127.0.0.13' },
        { name: 'backup.multi.test', address: '127.0.0.20' },
        { name: 'last.multi.test', address: '127.0.0.30' },
        { name: 'taxii.plain.test', address: '127.0.0.1' },
      ],
      extraArgs: ['--txt-record=_taxii._tcp.norec.test,not-an-srv-record'],
    });
  });

  afterAll(async () => {
    await dm?.stop();
  });

  it.skipIf(!hasDnsmasq)('(1) one SRV record: the Discovery URL and the target address', async () => {
    const found = await discover(PREDRAFT_SRV, 'example.test', { server: server(), ...FAST });
    expect(found).toHaveLength(1);
    const t = found[0]!;
    expect(t.url).toBe('https://taxii.example.test:8443/taxii/');
    expect(t.record).toEqual({ priority: 0, weight: 5, port: 8443, target: 'taxii.example.test', ttl: 300 });
    expect(t.addresses).toEqual(['127.0.0.1', '::1']);
    expect(t.addressErrors).toBeUndefined();
    // A trailing dot on the domain is the same domain; TCP gives the same answer.
    expect((await discover(PREDRAFT_SRV, 'example.test.', { server: server(), ...FAST }))[0]!.url).toBe(t.url);
    expect(await discover(PREDRAFT_SRV, 'example.test', { server: server(), ...FAST, tcp: true })).toEqual(found);
    // dnsmasq answers authoritatively.
    const raw = await exchange(srvName(PREDRAFT_SRV, 'example.test'), 'SRV', { server: server(), ...FAST });
    expect(raw.rcode).toBe('NOERROR');
    expect(raw.packet.flag_aa).toBe(true);
  });

  it.skipIf(!hasDnsmasq)('(2) several records: priority order always holds; weighted selection', async () => {
    for (let i = 0; i < 25; i++) {
      const found = await discover(PREDRAFT_SRV, 'multi.test', { server: server(), ...FAST });
      expect(found.map((t) => t.record.priority)).toEqual([0, 0, 10, 20]);
      expect(found.slice(2).map((t) => t.url)).toEqual(['https://backup.multi.test:2000/taxii/', 'https://last.multi.test:3000/taxii/']);
      expect(new Set(found.slice(0, 2).map((t) => t.record.target))).toEqual(new Set(['one.multi.test', 'three.multi.test']));
    }
    // Injected random: deterministic. dnsmasq rotates the records from one answer to the
    // next, so a draw is chosen that picks "three" whichever of the two comes first:
    // 0.5 * (1 + 3) = 2, running sums 1, 4 (one first) or 3, 4 (three first).
    const high = await discover(PREDRAFT_SRV, 'multi.test', { server: server(), ...FAST, random: () => 0.5 });
    expect(high.map((t) => t.record.target)).toEqual(['three.multi.test', 'one.multi.test', 'backup.multi.test', 'last.multi.test']);
    expect(high.map((t) => t.addresses)).toEqual([['127.0.0.13'], ['127.0.0.11'], ['127.0.0.20'], ['127.0.0.30']]);
    // For one answer, the same draws give the same order every time.
    const answer = await querySrv(srvName(PREDRAFT_SRV, 'multi.test'), { server: server(), ...FAST });
    const first = orderSrv(answer, () => 0.1);
    for (let i = 0; i < 50; i++) expect(orderSrv(answer, () => 0.1)).toEqual(first);
    // 0.1 * 4 = 0.4: the first of the two in the order received, whichever it is.
    expect(first[0]).toEqual(answer.find((r) => r.priority === 0));
    // 2000 orderings of the records dnsmasq sent: the first pick of weights 1 and 3.
    const records = await querySrv(srvName(PREDRAFT_SRV, 'multi.test'), { server: server(), ...FAST });
    let one = 0;
    for (let i = 0; i < 2000; i++) {
      const o = orderSrv(records);
      expect(o.map((r) => r.priority)).toEqual([0, 0, 10, 20]);
      if (o[0]!.target === 'one.multi.test') one++;
    }
    // Binomial(2000, 0.25): sd ≈ 19.4; ±100 is > 5 sd.
    expect(one).toBeGreaterThan(400);
    expect(one).toBeLessThan(600);
  });

  it.skipIf(!hasDnsmasq)('(3) target "." is NO_SERVICE (dnsmasq serves "0 0 1 .")', async () => {
    const raw = await exchange(srvName(PREDRAFT_SRV, 'nosvc.test'), 'SRV', { server: server(), ...FAST });
    expect(raw.packet.answers).toMatchObject([{ type: 'SRV', data: { priority: 0, weight: 0, port: 1, target: '.' } }]);
    expect(await codeOf(querySrv(srvName(PREDRAFT_SRV, 'nosvc.test'), { server: server(), ...FAST }))).toBe('TC_DNS_NO_SERVICE');
    expect(await codeOf(discover(PREDRAFT_SRV, 'nosvc.test', { server: server(), ...FAST }))).toBe('TC_DNS_NO_SERVICE');
  });

  it.skipIf(!hasDnsmasq)('(4) no record: REFUSED with --no-resolv alone, NXDOMAIN under --local, NO_RECORD for another type', async () => {
    // Not under any --local: dnsmasq is a forwarder with no upstream and says REFUSED.
    expect(await codeOf(discover(PREDRAFT_SRV, 'missing.test', { server: server(), ...FAST }))).toBe('TC_DNS_REFUSED');
    // Under --local=/example.test/: the name does not exist.
    expect(await codeOf(discover(PREDRAFT_SRV, 'nothere.example.test', { server: server(), ...FAST }))).toBe('TC_DNS_NXDOMAIN');
    // The name exists (a TXT record) but has no SRV: NOERROR without answer.
    expect(await codeOf(discover(PREDRAFT_SRV, 'norec.test', { server: server(), ...FAST }))).toBe('TC_DNS_NO_RECORD');
    // A name that has only an A record, asked for SRV.
    expect(await codeOf(querySrv('taxii.example.test', { server: server(), ...FAST }))).toBe('TC_DNS_NO_RECORD');
  });

  it.skipIf(!hasDnsmasq)('(5) a target with no address is kept with addresses []', async () => {
    const found = await discover(PREDRAFT_SRV, 'noaddr.test', { server: server(), ...FAST });
    expect(found).toHaveLength(1);
    expect(found[0]!.url).toBe('https://ghost.noaddr.test:443/taxii/');
    expect(found[0]!.addresses).toEqual([]);
    expect(found[0]!.addressErrors).toBeUndefined(); // NXDOMAIN is "no address", not an error
    expect(await queryAddresses('ghost.noaddr.test', { server: server(), ...FAST })).toEqual({ a: [], aaaa: [] });
    // Outside --local, dnsmasq REFUSEs the AAAA of an IPv4-only host: the A is still used.
    const plain = await discover(PREDRAFT_SRV, 'plain.test', { server: server(), ...FAST });
    expect(plain[0]!.addresses).toEqual(['127.0.0.1']);
    expect(plain[0]!.addressErrors?.map((e) => [e.qtype, e.code])).toEqual([['AAAA', 'TC_DNS_REFUSED']]);
  });

  it.skipIf(!hasDnsmasq)('a large answer is truncated over UDP and asked again over TCP', async () => {
    const raw = await exchange(srvName(PREDRAFT_SRV, 'big.test'), 'SRV', { server: server(), ...FAST });
    expect(raw.truncatedOverUdp).toBe(true);
    expect(raw.transport).toBe('tcp');
    const records = await querySrv(srvName(PREDRAFT_SRV, 'big.test'), { server: server(), ...FAST });
    expect(records).toHaveLength(BIG);
    const ordered = orderSrv(records);
    expect(ordered.map((r) => r.priority)).toEqual([...ordered.map((r) => r.priority)].sort((a, b) => a - b));
  });

  it.skipIf(!hasDnsmasq)('(7) malformed names: TC_DNS_BAD_NAME and nothing sent', async () => {
    const hole = await blackHole();
    try {
      for (const name of BAD_NAMES) {
        expect(await codeOf(discover(PREDRAFT_SRV, name, { server: hole.server, timeoutMs: 300 })), name).toBe('TC_DNS_BAD_NAME');
        expect(await codeOf(querySrv(name, { server: hole.server, timeoutMs: 300 })), name).toBe('TC_DNS_BAD_NAME');
      }
      // A domain that is fine alone but too long once prefixed with _taxii._tcp.
      const long = `${'abcdefghi.'.repeat(24)}abcdefghijk`;
      expect(long.length).toBeLessThanOrEqual(253);
      expect(await codeOf(discover(PREDRAFT_SRV, long, { server: hole.server, timeoutMs: 300 }))).toBe('TC_DNS_BAD_NAME');
      expect(hole.received()).toBe(0);
    } finally {
      await hole.close();
    }
  });
});

describe('DNS failures (no dnsmasq needed)', () => {
  it('(6) a server that does not answer: TC_DNS_TIMEOUT within the bound, after the tries', async () => {
    const hole = await blackHole();
    try {
      const started = Date.now();
      const err = await discover(PREDRAFT_SRV, 'example.test', { server: hole.server, timeoutMs: 600, tries: 3 }).catch((e: unknown) => e);
      const took = Date.now() - started;
      expect(err).toBeInstanceOf(DnsError);
      expect((err as DnsError).code).toBe('TC_DNS_TIMEOUT');
      expect((err as DnsError).message).toMatch(/no answer .* within 600 ms \(3 tries\)/);
      expect(took).toBeGreaterThanOrEqual(550);
      expect(took).toBeLessThan(1500);
      expect(hole.received()).toBe(3);
      // Forced TCP to a port nobody listens on over TCP: refused at once.
      const tcp = await discover(PREDRAFT_SRV, 'example.test', { server: hole.server, timeoutMs: 600, tcp: true }).catch((e: unknown) => e);
      expect((tcp as DnsError).code).toBe('TC_DNS_TIMEOUT');
      expect((tcp as DnsError).unreachable).toBe(true);
    } finally {
      await hole.close();
    }
  });

  it('a closed UDP port (ICMP port unreachable) fails at once, marked unreachable', async () => {
    const hole = await blackHole();
    const server = hole.server;
    await hole.close();
    const started = Date.now();
    const err = (await querySrv(srvName(PREDRAFT_SRV, 'example.test'), { server, timeoutMs: 3000 }).catch((e: unknown) => e)) as DnsError;
    expect(err.code).toBe('TC_DNS_TIMEOUT');
    expect(err.unreachable).toBe(true);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('a server answering garbage: TC_DNS_MALFORMED', async () => {
    const s = dgram.createSocket('udp4');
    s.on('message', (_m, r) => s.send(Buffer.from([1, 2, 3, 4, 5]), r.port, r.address));
    await new Promise<void>((r) => s.bind(0, '127.0.0.1', () => r()));
    try {
      const code = await codeOf(querySrv(srvName(PREDRAFT_SRV, 'example.test'), { server: { host: '127.0.0.1', port: s.address().port }, timeoutMs: 400, tries: 2 }));
      expect(code).toBe('TC_DNS_MALFORMED');
    } finally {
      await new Promise<void>((r) => s.close(() => r()));
    }
  });
});

// ---------------------------------------------------------------------------------------

describe("DNS SRV discovery against the mock's responder", () => {
  const started: RunningDnsResponder[] = [];
  const base: DnsResponderOptions = { port: 0, domain: 'example.test', targetHost: 'taxii.example.test', targetAddress: '127.0.0.1', taxiiPort: 8443, services: [PREDRAFT_SRV.label] };
  async function responder(o: Partial<DnsResponderOptions> = {}): Promise<DnsServer> {
    const r = await startDnsResponder({ ...base, ...o });
    started.push(r);
    return { host: r.host, port: r.port };
  }
  afterAll(async () => {
    await Promise.all(started.map((r) => r.close()));
  });

  for (const tcp of [false, true]) {
    const how = tcp ? 'TCP' : 'UDP';
    it(`(1) the record and the target's address, over ${how}`, async () => {
      const server = await responder();
      const found = await discover(PREDRAFT_SRV, 'example.test', { server, ...FAST, tcp });
      expect(found).toEqual([
        { record: { priority: 0, weight: 5, port: 8443, target: 'taxii.example.test', ttl: 300 }, url: 'https://taxii.example.test:8443/taxii/', addresses: ['127.0.0.1'] },
      ]);
      const raw = await exchange(srvName(PREDRAFT_SRV, 'example.test'), 'SRV', { server, ...FAST, tcp });
      expect(raw.transport).toBe(how.toLowerCase());
      expect(raw.packet.flag_aa).toBe(true);
      // The target's address comes along in the additional section.
      expect(raw.packet.additionals?.some((a) => a.type === 'A' && a.name === 'taxii.example.test')).toBe(true);
    });

    it(`(2) extra records: priority order and weighted selection, over ${how}`, async () => {
      const rec = (target: string, priority: number, weight: number, port: number): SrvRecord => ({ target, priority, weight, port, ttl: 60 });
      const server = await responder({
        priority: 5,
        weight: 1,
        extraRecords: [rec('three.example.test', 5, 3, 1003), rec('backup.example.test', 10, 0, 2000), rec('first.example.test', 1, 0, 1000)],
      });
      for (let i = 0; i < 10; i++) {
        const found = await discover(PREDRAFT_SRV, 'example.test', { server, ...FAST, tcp });
        expect(found.map((t) => t.record.priority)).toEqual([1, 5, 5, 10]);
      }
      const found = await discover(PREDRAFT_SRV, 'example.test', { server, ...FAST, tcp, random: () => 0.5 });
      expect(found.map((t) => t.url)).toEqual([
        'https://first.example.test:1000/taxii/',
        'https://three.example.test:1003/taxii/',
        'https://taxii.example.test:8443/taxii/',
        'https://backup.example.test:2000/taxii/',
      ]);
      expect(found.map((t) => t.addresses)).toEqual([[], [], ['127.0.0.1'], []]);
    });

    it(`(3)(4) faults noRecord (NXDOMAIN), NO_SERVICE, NO_RECORD, outside the zone, over ${how}`, async () => {
      const noRecord = await responder({ faults: { noRecord: true } });
      expect(await codeOf(discover(PREDRAFT_SRV, 'example.test', { server: noRecord, ...FAST, tcp }))).toBe('TC_DNS_NXDOMAIN');
      const noService = await responder({ faults: { noRecord: true }, extraRecords: [{ priority: 0, weight: 0, port: 0, target: '.', ttl: 60 }] });
      expect(await codeOf(discover(PREDRAFT_SRV, 'example.test', { server: noService, ...FAST, tcp }))).toBe('TC_DNS_NO_SERVICE');
      const server = await responder();
      expect(await codeOf(querySrv('taxii.example.test', { server, ...FAST, tcp }))).toBe('TC_DNS_NO_RECORD');
      // _tcp.example.test exists (an empty non-terminal): NOERROR without answer.
      expect(await codeOf(querySrv('_tcp.example.test', { server, ...FAST, tcp }))).toBe('TC_DNS_NO_RECORD');
      expect(await codeOf(querySrv('_taxii._tcp.nothere.example.test', { server, ...FAST, tcp }))).toBe('TC_DNS_NXDOMAIN');
      expect(await codeOf(discover(PREDRAFT_SRV, 'other.test', { server, ...FAST, tcp }))).toBe('TC_DNS_NXDOMAIN');
    });

    it(`(5) faults noAddress and deadPort, over ${how}`, async () => {
      const noAddress = await responder({ faults: { noAddress: true } });
      const found = await discover(PREDRAFT_SRV, 'example.test', { server: noAddress, ...FAST, tcp });
      expect(found.map((t) => [t.url, t.addresses])).toEqual([['https://taxii.example.test:8443/taxii/', []]]);
      expect(found[0]!.addressErrors).toBeUndefined();
      const deadPort = await responder({ faults: { deadPort: 9 } });
      const dead = await discover(PREDRAFT_SRV, 'example.test', { server: deadPort, ...FAST, tcp });
      expect(dead.map((t) => [t.url, t.addresses])).toEqual([['https://taxii.example.test:9/taxii/', ['127.0.0.1']]]);
    });
  }

  it('refuses bad options before listening', async () => {
    await expect(startDnsResponder({ ...base, targetAddress: 'not-an-ip' })).rejects.toThrow(/targetAddress/);
    await expect(startDnsResponder({ ...base, domain: 'bad..domain' })).rejects.toThrow(/domain/);
    await expect(startDnsResponder({ ...base, taxiiPort: 70000 })).rejects.toThrow(/taxiiPort/);
  });

  it('echoes the id and the question (case kept), sets AA; REFUSED for another class', async () => {
    const server = await responder();
    const q = packet.encode({ type: 'query', id: 4242, flags: packet.RECURSION_DESIRED, questions: [{ type: 'SRV', name: '_TAXII._tcp.Example.TEST', class: 'IN' }] });
    const r = packet.decode((await rawUdp(server.port, q))!);
    expect(r.id).toBe(4242);
    expect(r.flag_qr && r.flag_aa && r.flag_rd).toBe(true);
    expect(r.questions).toEqual([{ type: 'SRV', name: '_TAXII._tcp.Example.TEST', class: 'IN' }]);
    expect(r.answers).toHaveLength(1);
    const ch = packet.encode({ type: 'query', id: 7, questions: [{ type: 'A', name: 'taxii.example.test', class: 'CH' }] });
    expect((packet.decode((await rawUdp(server.port, ch))!) as { rcode?: string }).rcode).toBe('REFUSED');
    const aaaa = await exchange('taxii.example.test', 'AAAA', { server, ...FAST });
    expect([aaaa.rcode, aaaa.packet.answers, aaaa.packet.flag_aa]).toEqual(['NOERROR', [], true]);
  });

  it('a large answer is truncated over UDP and the resolver falls back to TCP', async () => {
    const extraRecords = Array.from({ length: 40 }, (_, i) => ({ priority: 1, weight: i, port: 2000 + i, target: `backup-${i}.a-long-label-to-fill-the-packet.example.test`, ttl: 60 }));
    const server = await responder({ extraRecords });
    const raw = await exchange(srvName(PREDRAFT_SRV, 'example.test'), 'SRV', { server, ...FAST });
    expect([raw.truncatedOverUdp, raw.transport]).toEqual([true, 'tcp']);
    expect(await querySrv(srvName(PREDRAFT_SRV, 'example.test'), { server, ...FAST, edns: false })).toHaveLength(41);
  });

  it('malformed packets get FORMERR or are dropped, and the responder keeps answering', async () => {
    const server = await responder();
    // Shorter than a header: dropped.
    expect(await rawUdp(server.port, Buffer.from([0xde, 0xad, 0xbe]), 200)).toBeUndefined();
    // A header claiming one question that is not there: FORMERR, id echoed.
    const junk = Buffer.from([0x12, 0x34, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xc0, 0xff]);
    const fe = packet.decode((await rawUdp(server.port, junk))!) as packet.DecodedPacket & { rcode?: string };
    expect([fe.id, fe.rcode, fe.flag_qr]).toEqual([0x1234, 'FORMERR', true]);
    // A response (QR set) is never answered.
    const resp = packet.encode({ type: 'response', id: 9, questions: [{ type: 'A', name: 'taxii.example.test' }] });
    expect(await rawUdp(server.port, resp, 200)).toBeUndefined();
    // Two questions: FORMERR.
    const two = packet.encode({ type: 'query', id: 10, questions: [{ type: 'A', name: 'a.example.test' }, { type: 'A', name: 'b.example.test' }] });
    expect((packet.decode((await rawUdp(server.port, two))!) as { rcode?: string }).rcode).toBe('FORMERR');
    // Over TCP: FORMERR for junk with a header, the connection closed for a frame too short.
    const tfe = await rawTcp(server.port, junk);
    expect(Buffer.isBuffer(tfe) && (packet.decode(tfe) as { rcode?: string }).rcode).toBe('FORMERR');
    expect(await rawTcp(server.port, Buffer.from([1, 2, 3]))).toBe('closed');
    // Random garbage of every length up to 64 octets: no crash.
    for (let n = 0; n < 64; n++) await rawUdp(server.port, Buffer.from(Array.from({ length: n }, (_, i) => (i * 37 + n * 11) & 0xff)), 30);
    expect(await discover(PREDRAFT_SRV, 'example.test', { server, ...FAST })).toHaveLength(1);
    expect(await discover(PREDRAFT_SRV, 'example.test', { server, ...FAST, tcp: true })).toHaveLength(1);
  });
});
