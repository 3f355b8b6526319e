// The DNS step kind: the SRV lookup of a domain, as a case sees it: how many records,
// whether they are usable, whether their targets resolve (assertions/srv-*.ts read it). A
// server that does not answer is the probe's failure (error), not the target's.
import { performance } from 'node:perf_hooks';
import { Type } from '@sinclair/typebox';
import { defaultDnsServer, discover, DnsError, formatServer, srvName, type DiscoveredTarget, type DnsServer, type SrvService } from '../../probes/dns.js';
import type { Profile } from '../profile.js';
import type { DnsEvidence } from '../types.js';
import { expand } from '../template.js';
import { template } from '../schema-kit.js';
import { defineStepKind, ProbeFailed } from './kind.js';

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

/** The name a DNS step of the profile asks for (the profile's SRV label under the domain). */
function srvQuestion(profile: Profile, domain: string): string {
  return profile.srv ? srvName(profile.srv, domain) : `<${profile.id} defines no SRV service>.${domain}`;
}

/** What a DNS step offers to capture: `urls` (JSON list, RFC 2782 order), `url` (the first). */
export function dnsCaptures(o: DnsOutcome): Record<string, string | undefined> {
  return { urls: JSON.stringify(o.targets.map((t) => t.url)), url: o.targets[0]?.url };
}

export const dnsStep = defineStepKind({
  key: 'dns',
  subject: 'dns',
  parallel: false,
  fields: {},
  schema: Type.Object(
    { srv: template('The domain whose SRV record is looked up, e.g. `{srvDomain}`.') },
    { additionalProperties: false, title: 'DNS step', description: "A DNS lookup: the SRV record of the domain and its targets' addresses. Captures: `urls` (JSON list, RFC 2782 order), `url` (the first)." },
  ),
  async run(spec, step, ctx) {
    const { env, signal } = ctx;
    const domain = expand(spec.srv, ctx.vars);
    // The SRV label is the profile's (its spec's "DNS SRV Records").
    const service = env.profile.srv;
    if (!service) throw new ProbeFailed(`the ${env.profile.id} profile defines no DNS SRV service to look up`);
    const started = performance.now();
    const took = (): number => Math.round(performance.now() - started);
    let o: DnsOutcome;
    try {
      o = await runDnsStep(service, domain, env.dnsServer, env.timeoutMs, signal);
    } catch (e) {
      ctx.keep(dnsEvidence(srvName(service, domain), env.dnsServer, { error: (e as Error).message }, took()));
      throw new ProbeFailed(`DNS lookup failed: ${(e as Error).message}`);
    }
    ctx.keep(dnsEvidence(o.name, env.dnsServer, o, took()));
    ctx.note(o.targets.length ? `SRV ${o.name}: ${o.targets.map((t) => t.url).join(', ')}` : `SRV ${o.name}: ${o.absent ?? o.unusable}`);
    ctx.judge(step, 'dns', o);
    const offered = dnsCaptures(o);
    for (const [name, from] of Object.entries(step.capture ?? {})) {
      const v = offered[from];
      if (v !== undefined) ctx.vars.set(name, v);
    }
    return true;
  },
  explain: {
    describe: (spec, profile) => [`DNS SRV lookup of ${srvQuestion(profile, spec.srv)}`],
    evidence: () => 'DNS: the SRV question, the records and their addresses, and the dig line that asks again.',
    reproduce: (spec, profile) => `dig @<dns-server> -p <port> SRV ${srvQuestion(profile, spec.srv)}`,
  },
});
