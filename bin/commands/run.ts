// `taxii-conform run <url>`: run the suite against a server, print the verdicts, write reports.
import type { Argv, CommandModule } from 'yargs';
import { COMMAND_HEADS } from './index.js';
import { EXIT, UsageError } from '../cli-errors.js';
import { httpsOrigin, httpUrlWithCredentials, intOption, list, parseVars, readPem, selection, valueOptions } from '../options.js';
import { profileOption, resolveProfile } from '../profiles.js';
import { runSuite } from '../../suites/core/runner.js';
import { readBaseline, writeBaseline } from '../../suites/core/baseline.js';
import type { CaseResult, Gate, RunReport } from '../../suites/core/types.js';
import { Progress } from '../progress.js';
import { Interrupts } from '../interrupts.js';
import { parseReportFormats, renderConsole, ReportWriteError, shouldUseColor, writeReports, type WriteReportsOptions } from '../../reports/index.js';
import { checkName, parseDnsServer, type DnsServer } from '../../suites/probes/dns.js';
import { DEFAULT_PROFILE, getProfile, PLUGINS } from '../../suites/registry.js';
import type { Profile } from '../../suites/core/profile.js';
import { prepareReportDir, probeWritableFile } from '../report-paths.js';
import { join } from 'node:path';
import { detectTargetProfile } from '../../suites/core/detect-profile.js';
import type { Credentials } from '../../suites/core/credentials.js';
import { clientIdentity } from '../client-cert.js';

/** A domain name for --srv, or a usage error saying what is wrong with it. */
export function domainName(v: string, option = '--srv'): string {
  try {
    return checkName(v.replace(/\.$/, ''));
  } catch (e) {
    throw new UsageError(`${option}: ${(e as Error).message}`);
  }
}

export interface RunArgs {
  url?: string;
  profile: string;
  user?: string;
  password?: string;
  token?: string;
  'allow-origin'?: string[];
  'client-cert'?: string;
  'client-key'?: string;
  'client-key-passphrase'?: string;
  ca?: string;
  insecure: boolean;
  area?: string[];
  case?: string[];
  gate: string;
  'report-dir': string;
  format: string | string[];
  concurrency: number | string;
  timeout: number | string;
  baseline?: string;
  'read-only': boolean;
  verbose: boolean;
  srv?: string;
  'dns-server'?: string;
  'write-baseline'?: string;
  progress?: boolean;
  'probe-http-port'?: number | string;
  var?: string[];
  /** The profiles' own run options (Profile.runOptions), by name. */
  [runOption: string]: unknown;
}

/** Every profile's run options, by name, with the profiles that take each. */
function runOptions(): Map<string, { describe: string; choices?: readonly string[]; profiles: string[] }> {
  const all = new Map<string, { describe: string; choices?: readonly string[]; profiles: string[] }>();
  for (const { suite } of PLUGINS) {
    for (const o of suite.runOptions ?? []) {
      const seen = all.get(o.name);
      if (seen) seen.profiles.push(suite.id);
      else all.set(o.name, { describe: o.describe, ...(o.choices ? { choices: o.choices } : {}), profiles: [suite.id] });
    }
  }
  return all;
}

/** The profile configured with the run options given; one another profile takes is a usage error. */
function configured(profile: Profile, args: RunArgs): Profile {
  const given: [string, string][] = [];
  for (const [name, o] of runOptions()) {
    const v = args[name];
    if (v === undefined) continue;
    if (!o.profiles.includes(profile.id) || !profile.configure) throw new UsageError(`--${name} applies to the ${o.profiles.join(', ')} profile, not to ${profile.id}`);
    given.push([name, String(v)]);
  }
  if (given.length === 0) return profile;
  try {
    return profile.configure!(Object.fromEntries(given));
  } catch (e) {
    throw new UsageError(`${given.map(([n]) => `--${n}`).join(', ')}: ${(e as Error).message}`);
  }
}

/** `--profile auto`: the profile is the one whose answers the target gives. */
export const AUTO_PROFILE = 'auto';

/** The profile the target speaks (said on stderr), or a usage error when no profile recognises it. */
async function autoProfile(target: string, creds: Credentials, allowOrigins: string[], insecure: boolean, ca: string | undefined, timeoutMs: number): Promise<Profile> {
  const found = await detectTargetProfile({ target, profiles: PLUGINS.map((p) => p.suite), creds, allowOrigins, insecure, ...(ca ? { ca } : {}), timeoutMs });
  if (!found) throw new UsageError(`--profile auto: no profile recognises what ${target} answers (${PLUGINS.filter((p) => p.suite.recognize).map((p) => p.id).join(', ')} tried): name one with --profile`);
  process.stderr.write(`taxii-conform: --profile auto: ${found.why}: running --profile ${found.profile.id}\n`);
  return found.profile;
}

/** The default profile's SRV label, to show in the help. */
const srvExample = getProfile(DEFAULT_PROFILE)?.srv?.label ?? '<label>';

export const runCommand: CommandModule<object, RunArgs> = {
  ...COMMAND_HEADS.run,
  builder: (y: Argv) =>
    valueOptions(y
      .positional('url', {
        type: 'string',
        describe:
          'Discovery URL (e.g. https://host/taxii/) or API Base URL; optional with --srv. A user:password@ in it is used as --user/--password (and never printed)',
      })
      .option('srv', { type: 'string', describe: `Find the server through the profile's DNS SRV record under <domain> (${srvExample}.<domain>) and test the record too` })
      .option('dns-server', { type: 'string', describe: 'DNS server for --srv, host:port (default: the system\'s)' })
      .option('probe-http-port', { type: 'number', default: 80, describe: 'The port of the host where plain HTTP must serve no TAXII' })
      .option('profile', { ...profileOption, describe: `${String(profileOption.describe)}, or auto (the one whose answers the server gives)` })
      .option('user', { type: 'string', describe: 'HTTP Basic user (or env TAXII_USER)' })
      .option('password', { type: 'string', describe: 'HTTP Basic password (or env TAXII_PASSWORD; prefer the env var)' })
      .option('token', { type: 'string', describe: 'A bearer token to send instead of Basic (or env TAXII_TOKEN)' })
      .option('allow-origin', {
        type: 'string',
        array: true,
        describe: 'Also send the credentials to this origin (https://host:port), e.g. an API Base on another host; repeatable. They go to the target URL\'s origin only otherwise, never over plain HTTP',
      })
      .option('client-cert', {
        type: 'string',
        describe: 'PEM file of a TLS client certificate to present (or env TAXII_CLIENT_CERT), with --client-key: a credential, presented where --user/--token go (the target\'s origin and --allow-origin), never on the requests whose point is to lack credentials',
      })
      .option('client-key', { type: 'string', describe: 'PEM file of the client certificate\'s private key (or env TAXII_CLIENT_KEY)' })
      .option('client-key-passphrase', { type: 'string', describe: 'Passphrase of an encrypted --client-key (or env TAXII_CLIENT_KEY_PASSPHRASE; prefer the env var)' })
      .option('ca', { type: 'string', describe: 'PEM file of a CA to trust for the server certificate' })
      .option('insecure', { type: 'boolean', default: false, describe: 'Do not verify the server certificate (self-signed test servers)' })
      .option('area', { type: 'string', array: true, describe: 'Only these areas, comma separated or repeated (see `taxii-conform list --area`)' })
      .option('case', { type: 'string', array: true, describe: 'Only these case ids, comma separated or repeated' })
      .option('gate', { type: 'string', default: 'must', choices: ['must', 'should'], describe: 'must: fail on failed MUSTs and errors; should: also on warnings' })
      .option('report-dir', { type: 'string', default: 'taxii-conform-report', describe: 'Where report.json, junit.xml (and index.html) go' })
      .option('format', { type: 'string', array: true, default: 'console,json,junit,html', describe: 'Reports to produce, comma separated or repeated: console, json, junit, html' })
      .option('concurrency', { type: 'number', default: 4, describe: 'Cases run at once (1-64)' })
      .option('timeout', { type: 'number', default: 15000, describe: 'Time limit in ms of each case, each setup request and each connect (long-poll cases wait for the server)' })
      .option('baseline', { type: 'string', describe: 'JSON file of accepted deviations: {"known":[{"case":"<id>","reason":"..."}]}' })
      .option('write-baseline', { type: 'string', describe: 'Write the run\'s failing and warning cases as a baseline file (to accept them)' })
      .option('progress', { type: 'boolean', default: true, describe: 'Show progress on stderr (--no-progress: none)' })
      .option('read-only', { type: 'boolean', default: false, describe: 'Skip every case that writes to the server; nothing but GET, HEAD and the token request is sent' })
      .option('verbose', { type: 'boolean', default: false, describe: 'Show passed checks and curl lines in the console' })
      .option('var', {
        type: 'string',
        array: true,
        describe: "Name what the cases use, name=value (repeatable), e.g. --var collection=<id> --var api-root=<url>: setup takes it over its own choice (`taxii-conform explain <case>` names a case's variables)",
      })
      .options(
        Object.fromEntries(
          [...runOptions()].map(([name, o]) => [name, { type: 'string', describe: `${o.profiles.join(', ')} profile: ${o.describe}${o.choices ? ` (${o.choices.join(', ')})` : ''}` }]),
        ),
      )
      .example('$0 run https://taxii.example.com/taxii/ --user alice', 'Test a server (the password from env TAXII_PASSWORD); reports in taxii-conform-report/')
      .example('$0 run https://127.0.0.1:8443/taxii/ --insecure --area tls,auth --gate should --baseline known.json', 'A CI gate: two areas, SHOULDs too, accepted deviations excused')
      .example('$0 run https://taxii.example.com/taxii/ --client-cert me.pem --client-key me-key.pem', 'A server requiring mutual TLS (an encrypted key\'s passphrase from env TAXII_CLIENT_KEY_PASSPHRASE)')
      .epilog('Exit codes: 0 gate passed, 1 gate failed (or the run was interrupted or checked nothing), 2 usage or config error, 3 target unreachable.'),
      ['url'],
    ) as unknown as Argv<RunArgs>,
  handler: async (args) => {
    process.exitCode = await run(args);
  },
};

export async function run(args: RunArgs, out: (s: string) => void = (s) => process.stdout.write(s)): Promise<number> {
  // Ctrl-C is ours until the report is written.
  const interrupts = new Interrupts();
  try {
    return await runWith(args, out, interrupts);
  } finally {
    interrupts.end();
  }
}

async function runWith(args: RunArgs, out: (s: string) => void, interrupts: Interrupts): Promise<number> {
  if (args.url === undefined && args.srv === undefined) throw new UsageError('name the server: a URL, or --srv <domain>');
  if (args.profile === AUTO_PROFILE && args.url === undefined) throw new UsageError('--profile auto asks the URL which version it speaks: give a URL');
  // Resolved now so that a misspelt profile is a usage error before anything else; `auto` later, once the credentials are read.
  const named = args.profile === AUTO_PROFILE ? undefined : resolveProfile(args.profile);
  const given = args.url === undefined ? undefined : httpUrlWithCredentials('the URL', args.url);
  const target = given?.url;
  const srvDomain = args.srv === undefined ? undefined : domainName(args.srv);
  let dnsServer: DnsServer | undefined;
  if (args['dns-server'] !== undefined) {
    try {
      dnsServer = parseDnsServer(args['dns-server']);
    } catch (e) {
      throw new UsageError(`--dns-server: ${(e as Error).message}`);
    }
  }
  // Port 80 unless told: "HTTPS only" holds for the host's usual plain-HTTP port too.
  const probeHttpPort = intOption('probe-http-port', args['probe-http-port'] ?? 80, 1, 65535);
  const formats = (() => {
    try {
      return parseReportFormats(args.format);
    } catch (e) {
      throw new UsageError(`--format: ${(e as Error).message}`);
    }
  })();
  const gate = args.gate as Gate;
  const concurrency = intOption('concurrency', args.concurrency, 1, 64);
  const timeoutMs = intOption('timeout', args.timeout, 100, 600_000);
  if (given?.password !== undefined && given.user === undefined) throw new UsageError('the URL gives a password without a user name');
  if (given?.user !== undefined && args.user !== undefined) throw new UsageError('the user is given twice, in the URL and with --user: give it once');
  if (given?.password !== undefined && args.password !== undefined) throw new UsageError('the password is given twice, in the URL and with --password: give it once');
  // The URL's user and password stand for --user/--password; TAXII_USER/TAXII_PASSWORD are the fallback.
  const user = given?.user ?? args.user ?? process.env.TAXII_USER;
  const password = given?.password ?? args.password ?? process.env.TAXII_PASSWORD;
  const allowOrigins = list(args['allow-origin']).map(httpsOrigin);
  const token = args.token ?? process.env.TAXII_TOKEN;
  if (user && !password) throw new UsageError('--user needs a password: --password or env TAXII_PASSWORD');
  const ca = args.ca ? readPem(args.ca) : undefined;
  const clientCert = clientIdentity(args);
  const creds = { user, password, token, ...(clientCert ? { clientCert } : {}) };
  const vars = parseVars(args.var);
  const profile = configured(named ?? (await autoProfile(target!, creds, allowOrigins, args.insecure, ca, timeoutMs)), args);
  if (args.srv !== undefined && !profile.srv) throw new UsageError(`--srv: the ${profile.id} profile defines no DNS SRV record`);
  const { areas, caseIds, cases: selected } = selection(profile, args.area, args.case);
  const ids = new Set(profile.cases().map((c) => c.id));
  const baseline = args.baseline ? readBaseline(args.baseline, ids) : undefined;
  // Where the run's files go, proven writable before anything is sent.
  const reportDir = args['report-dir'];
  const writesFiles = formats.some((f) => f !== 'console');
  if (writesFiles) prepareReportDir(reportDir);
  if (args['write-baseline'] !== undefined) probeWritableFile(args['write-baseline'], '--write-baseline');

  const progress = args.progress ? new Progress(process.stderr, selected) : undefined;
  let report: RunReport;
  let unreachable: string | undefined;
  let hint: string | undefined;
  try {
    ({ report, unreachable, versionHint: hint } = await runSuite({
      profile,
      ...(target ? { target } : {}),
      ...(srvDomain ? { srv: { domain: srvDomain } } : {}),
      ...(dnsServer ? { dnsServer } : {}),
      probeHttpPort,
      creds,
      allowOrigins,
      onWarning: (w: string) => process.stderr.write(`taxii-conform: warning: ${w}\n`),
      insecure: args.insecure,
      ca,
      areas,
      caseIds,
      gate,
      concurrency,
      timeoutMs,
      readOnly: args['read-only'],
      vars,
      otherProfiles: PLUGINS.map((p) => p.suite).filter((p) => p.id !== profile.id),
      baseline,
      signal: interrupts.signal,
      ...(progress ? { onCase: (r: CaseResult) => progress.onCase(r) } : {}),
      onCleanup: (c) => interrupts.cleanupStarted(c),
      // Bodies too long for a curl line go beside the report files (none without them).
      ...(writesFiles ? { requestBodiesDir: join(reportDir, 'bodies') } : {}),
      recordOptions: {
        format: formats,
        'report-dir': reportDir,
        ...(args.ca ? { ca: args.ca } : {}),
        // The files (the report records whose certificate it is: runner.ts), never the passphrase.
        ...(clientCert ? { 'client-cert': clientCert.certPath!, 'client-key': clientCert.keyPath! } : {}),
        // The chosen profile's own run options given.
        ...Object.fromEntries([...runOptions().keys()].filter((n) => args[n] !== undefined).map((n) => [n, String(args[n])])),
        ...(args['write-baseline'] !== undefined ? { 'write-baseline': args['write-baseline'] } : {}),
      },
    }));
  } finally {
    progress?.end();
  }
  interrupts.reporting();
  if (hint) process.stderr.write(`taxii-conform: ${hint}\n`);
  if (unreachable) {
    process.stderr.write(`taxii-conform: target unreachable: ${unreachable}\n`);
    // The report says so too: a CI job reads it as it reads any other run's.
    report.notes = [...(report.notes ?? []), `target unreachable: ${unreachable}`];
    await writeAll(report, { dir: reportDir, formats });
    return EXIT.unreachable;
  }
  let failed = false;
  if (formats.includes('console')) {
    try {
      out(renderConsole(report, { color: shouldUseColor(process.stdout, process.env), verbose: args.verbose }));
    } catch (e) {
      process.stderr.write(`taxii-conform: could not print the console report: ${(e as Error).message}\n`);
      failed = true;
    }
  }
  const w = await writeAll(report, { dir: reportDir, formats, catalog: profile.requirements() });
  const written = w.written;
  failed ||= w.failed;
  if (args['write-baseline'] !== undefined) {
    const n = writeBaseline(args['write-baseline'], report.cases);
    written.push(args['write-baseline']);
    out(`baseline: ${n} failing or warning case(s) written to ${args['write-baseline']}\n`);
  }
  for (const f of written) out(`report: ${f}\n`);
  // A report that could not be made is never a passed gate.
  return report.summary.gate === 'passed' && !failed ? EXIT.ok : EXIT.gateFailed;
}

/**
 * Writes the report files. A directory that cannot be written is the user's to fix (exit 2);
 * a writer that fails on the run's data is not (the others are written, the run exits 1).
 */
async function writeAll(report: RunReport, opts: WriteReportsOptions): Promise<{ written: string[]; failed: boolean }> {
  try {
    return { written: await writeReports(report, opts), failed: false };
  } catch (e) {
    if (!(e instanceof ReportWriteError)) throw e;
    if (e.ioOnly) throw new UsageError(`cannot write the reports to ${opts.dir}: ${e.message}`);
    process.stderr.write(`taxii-conform: ${e.message}\n`);
    return { written: e.written, failed: true };
  }
}

