// `taxii-conform discover <domain>`: the Discovery URLs a domain's SRV record names, in
// RFC 2782 order.
import type { Argv, CommandModule } from 'yargs';
import { COMMAND_HEADS } from './index.js';
import { EXIT, UsageError } from '../cli-errors.js';
import { intOption, valueOptions } from '../options.js';
import { profileOption, resolveProfile } from '../profiles.js';
import { discover, DnsError, parseDnsServer, srvName, type DnsServer } from '../../suites/probes/dns.js';
import { DEFAULT_PROFILE, PROFILE_IDS, getProfile } from '../../suites/registry.js';
import { domainName } from './run.js';

export interface DiscoverArgs {
  domain: string;
  profile?: string;
  'dns-server'?: string;
  timeout: number | string;
  format: string;
}

/** Codes meaning "there is no TAXII service here" (exit 1), as against "DNS did not answer" (3). */
const NO_SERVICE = new Set(['TC_DNS_NXDOMAIN', 'TC_DNS_NO_RECORD', 'TC_DNS_NO_SERVICE', 'TC_DNS_MALFORMED']);

/** The default profile's SRV label, to show in the help. */
const defaultLabel = getProfile(DEFAULT_PROFILE)?.srv?.label ?? '<label>';

export const discoverCommand: CommandModule<object, DiscoverArgs> = {
  ...COMMAND_HEADS.discover,
  builder: (y: Argv) =>
    valueOptions(y
      .positional('domain', { type: 'string', describe: `The domain, e.g. example.com (looks up ${defaultLabel}.example.com for the default profile)` })
      .option('profile', { ...profileOption, describe: `Whose SRV record to look up: ${PROFILE_IDS.join(', ')}` })
      .option('dns-server', { type: 'string', describe: 'DNS server, host:port (default: the system\'s)' })
      .option('timeout', { type: 'number', default: 5000, describe: 'Time limit of each lookup in ms' })
      .option('format', { type: 'string', default: 'text', choices: ['text', 'json'], describe: 'text: one URL a line; json: records and addresses' })
      .epilog('Exit: 0 found, 1 no TAXII service (no record, NXDOMAIN, "."), 2 bad input, 3 the DNS server did not answer.'),
      ['domain'],
    ) as unknown as Argv<DiscoverArgs>,
  handler: async (args) => {
    process.exitCode = await discoverUrls(args);
  },
};

/** The discover command's work; returns its exit code. */
export async function discoverUrls(
  args: DiscoverArgs,
  out: (s: string) => void = (s) => process.stdout.write(s),
  err: (s: string) => void = (s) => process.stderr.write(s),
): Promise<number> {
  const profile = resolveProfile(args.profile ?? DEFAULT_PROFILE);
  const service = profile.srv;
  if (!service) throw new UsageError(`the ${profile.id} profile defines no DNS SRV record to look up`);
  const domain = domainName(args.domain, 'the domain');
  const timeoutMs = intOption('timeout', args.timeout, 100, 60_000);
  let server: DnsServer | undefined;
  if (args['dns-server'] !== undefined) {
    try {
      server = parseDnsServer(args['dns-server']);
    } catch (e) {
      throw new UsageError(`--dns-server: ${(e as Error).message}`);
    }
  }
  try {
    const found = await discover(service, domain, { ...(server ? { server } : {}), timeoutMs });
    if (args.format === 'json') {
      out(`${JSON.stringify({ name: srvName(service, domain), targets: found }, null, 2)}\n`);
    } else {
      for (const t of found) {
        out(`${t.url}\n`);
        if (t.addresses.length > 0) continue;
        // "No address" only when DNS said so; a lookup that failed says why (timeout, REFUSED, out of sockets).
        const why = t.addressErrors?.map((e) => e.message).join('; ');
        err(`taxii-conform: warning: ${why ? `address lookup of ${t.record.target} failed: ${why}` : `${t.record.target} has no address`}\n`);
      }
    }
    return found.length ? EXIT.ok : EXIT.gateFailed;
  } catch (e) {
    if (!(e instanceof DnsError)) throw e;
    err(`taxii-conform: ${e.message}\n`);
    return e.code === 'TC_DNS_BAD_NAME' || e.code === 'TC_DNS_BAD_SERVER' ? EXIT.usage : NO_SERVICE.has(e.code) ? EXIT.gateFailed : EXIT.unreachable;
  }
}
