// DNS steps: the SRV lookup of a domain, as a case sees it: how many records, whether they
// are usable, whether their targets resolve. A server that does not answer is the probe's
// failure (error), not the target's.
import { defaultDnsServer, discover, DnsError, formatServer, srvName, type DiscoveredTarget, type DnsServer, type SrvService } from '../probes/dns.js';
import type { Assertion, DnsEvidence } from './types.js';
import type { AssertionOutcome } from './assertions.js';

export interface DnsOutcome {
  name: string;
  targets: DiscoveredTarget[];
  /** Why there are no usable records (NXDOMAIN, no record, the "." answer, a malformed one). */
  absent?: string;
  /** The "." answer or a malformed record: records exist but are not usable. */
  unusable?: string;
}

/** Codes that describe the zone (the target's doing); anything else means the probe could not run. */
const ZONE_CODES = new Set(['TC_DNS_NXDOMAIN', 'TC_DNS_NO_RECORD', 'TC_DNS_NO_SERVICE', 'TC_DNS_MALFORMED']);

export async function runDnsStep(service: SrvService, domain: string, server: DnsServer | undefined, timeoutMs: number, signal: AbortSignal): Promise<DnsOutcome> {
  const name = srvName(service, domain);
  try {
    const targets = await discover(service, domain, { ...(server ? { server } : {}), timeoutMs, signal });
    // Out of sockets here says nothing about the zone: the probe could not run.
    const local = targets.flatMap((t) => t.addressErrors ?? []).find((e) => e.code === 'TC_DNS_RESOURCE');
    if (local) throw local;
    return { name, targets };
  } catch (e) {
    if (e instanceof DnsError && ZONE_CODES.has(e.code)) {
      const unusable = e.code === 'TC_DNS_NO_SERVICE' || e.code === 'TC_DNS_MALFORMED';
      return { name, targets: [], ...(unusable ? { unusable: e.message } : { absent: e.message }) };
    }
    throw e;
  }
}

/** The server a lookup goes to: the given one, else the system's (undefined when it has none). */
function serverOf(server: DnsServer | undefined): DnsServer | undefined {
  if (server) return server;
  try {
    return defaultDnsServer();
  } catch {
    return undefined;
  }
}

/** `dig @server -p port SRV name`: the same question to the same server. */
export function digLine(name: string, server: DnsServer | undefined): string {
  const s = serverOf(server);
  const at = s ? `@${s.host.replace(/%.*$/, '')}${s.port !== 53 ? ` -p ${s.port}` : ''} ` : '';
  return `dig ${at}SRV ${name}`;
}

/** The evidence of one SRV lookup: the question, the records and their addresses, or why there are none. */
export function dnsEvidence(name: string, server: DnsServer | undefined, got: DnsOutcome | { error: string }, durationMs: number): DnsEvidence {
  const s = serverOf(server);
  const error = 'error' in got ? got.error : (got.absent ?? got.unusable);
  const targets = 'error' in got ? [] : got.targets;
  return {
    kind: 'dns',
    server: s ? formatServer(s) : 'the system resolver',
    question: { name, type: 'SRV' },
    answers: targets.map((t) => ({ ...t.record, addresses: [...t.addresses] })),
    ...(error !== undefined ? { error } : {}),
    durationMs,
    reproduce: digLine(name, server),
  };
}

export function evaluateDns(a: Assertion, o: DnsOutcome): AssertionOutcome {
  const count = o.targets.length;
  if (a.srvRecords) {
    const actual = o.absent ?? o.unusable ?? `${count} record(s): ${o.targets.map((t) => `${t.record.priority} ${t.record.weight} ${t.record.port} ${t.record.target}`).join('; ')}`;
    return { ok: count >= a.srvRecords.min || (o.unusable !== undefined && a.srvRecords.min <= 1), expected: `at least ${a.srvRecords.min} SRV record(s) for ${o.name}`, actual };
  }
  if (a.srvUsable) {
    const badPort = o.targets.find((t) => t.record.port < 1 || t.record.port > 65535);
    const why = o.unusable ?? o.absent ?? (badPort ? `port ${badPort.record.port} of ${badPort.record.target}` : undefined);
    return { ok: why === undefined, expected: `usable SRV records for ${o.name} (a host name and a port, not ".")`, actual: why ?? `${count} usable record(s)` };
  }
  if (a.srvTargetsResolve) {
    const dead = o.targets.filter((t) => t.addresses.length === 0);
    return {
      ok: count > 0 && dead.length === 0,
      expected: 'every SRV target has an A or AAAA address',
      actual: count === 0 ? (o.absent ?? o.unusable ?? 'no records') : dead.length ? `no address for ${dead.map((t) => t.record.target).join(', ')}` : `all ${count} resolve`,
    };
  }
  throw new Error('not a DNS assertion');
}

/** What a DNS step offers to capture: `urls` (JSON list, RFC 2782 order), `url` (the first). */
export function dnsCaptures(o: DnsOutcome): Record<string, string | undefined> {
  return { urls: JSON.stringify(o.targets.map((t) => t.url)), url: o.targets[0]?.url };
}
