// `taxii-conform mock`: the reference server for client authors, with switchable faults.
import type { Argv, CommandModule } from 'yargs';
import { COMMAND_HEADS } from './index.js';
import { UsageError } from '../cli-errors.js';
import { intOption, list, valueOptions } from '../options.js';
import { listFaults, startMock, type RunningMock } from '../../mock-server/index.js';
import { checkFaultNames, parseFaultName } from '../../mock-server/faults.js';
import { LIMIT_OPTIONS, type MockOptions } from '../../mock-server/config.js';
import { listVariants, PROFILE_IDS } from '../../suites/registry.js';
import { domainName } from './run.js';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** Options a --config file may set: the command's own, with their JSON types. */
const CONFIG_KEYS: Record<string, 'string' | 'number' | 'string[]'> = {
  host: 'string',
  port: 'number',
  user: 'string',
  password: 'string',
  profile: 'string[]',
  fault: 'string[]',
  variant: 'string[]',
  seed: 'number',
  cert: 'string',
  key: 'string',
  'long-poll-ms': 'number',
  'page-size': 'number',
  'status-pending-ms': 'number',
  'dns-port': 'number',
  'dns-domain': 'string',
  ...Object.fromEntries(LIMIT_OPTIONS.map((l) => [l.option, 'number' as const])),
};

/** Reads and checks a --config file; every problem is one line (yargs reports it, exit 2). */
export function readMockConfig(path: string): Record<string, unknown> {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new UsageError(`--config ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  if (!data || typeof data !== 'object' || Array.isArray(data)) throw new UsageError(`--config ${path}: expected a JSON object of options`);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(data)) {
    const type = CONFIG_KEYS[k];
    if (!type) throw new UsageError(`--config ${path}: unknown option "${k}" (known: ${Object.keys(CONFIG_KEYS).join(', ')})`);
    const ok = type === 'string[]' ? Array.isArray(v) && v.every((x) => typeof x === 'string') : typeof v === type;
    if (!ok) throw new UsageError(`--config ${path}: "${k}" must be ${type === 'string[]' ? 'an array of strings' : `a ${type}`}`);
    out[k] = typeof v === 'number' ? String(v) : v;
  }
  return out;
}

interface MockArgs {
  host: string;
  port: number | string;
  user: string;
  password: string;
  profile?: string[];
  fault?: string[];
  variant?: string[];
  'list-faults': boolean;
  'list-variants': boolean;
  seed: number | string;
  cert?: string;
  key?: string;
  'long-poll-ms': number | string;
  'page-size'?: number | string;
  'status-pending-ms'?: number | string;
  'dns-port'?: number | string;
  'dns-domain': string;
  [limit: string]: unknown;
}

export const mockCommand: CommandModule<object, MockArgs> = {
  ...COMMAND_HEADS.mock,
  builder: (y: Argv) =>
    valueOptions(y
      .option('host', { type: 'string', default: '127.0.0.1', describe: 'Interface to listen on' })
      .option('port', { type: 'number', default: 8443, describe: 'HTTPS port (0: any free port)' })
      .option('user', { type: 'string', default: 'taxii', describe: 'User of the main account' })
      .option('password', { type: 'string', default: 'taxii-password', describe: 'Password of the main account' })
      .option('profile', { type: 'string', array: true, describe: `Mount this profile (repeat or comma-separate; default all: ${PROFILE_IDS.join(', ')})` })
      .option('fault', { type: 'string', array: true, describe: 'Switch on a fault (repeat or comma-separate); NAME@KIND for one URL kind only (a fault listing `scopes`); see --list-faults' })
      .option('variant', { type: 'string', array: true, describe: 'Switch on a conformant variant (repeat or comma-separate): another way of meeting the spec; see --list-variants' })
      .option('list-faults', { type: 'boolean', default: false, describe: 'Print the faults, one JSON object a line (name, profile, description, breaks), and exit' })
      .option('list-variants', { type: 'boolean', default: false, describe: 'Print the conformant variants, one JSON object a line (name, profile, description, freedom, conflicts), and exit' })
      .option('seed', { type: 'number', default: 1, describe: 'Seed of the generated content (same seed, same data)' })
      .option('cert', { type: 'string', describe: 'PEM certificate to serve (with --key); default: generated and cached' })
      .option('key', { type: 'string', describe: 'PEM private key of --cert' })
      .option('dns-port', { type: 'number', describe: 'Also answer DNS on this port (UDP+TCP): each mounted profile\'s SRV record under <dns-domain> points here' })
      .option('dns-domain', { type: 'string', default: 'example.test', describe: 'Domain the DNS responder serves' })
      .option('long-poll-ms', { type: 'number', default: 1000, describe: 'How long a channel GET waits for new messages' })
      .option('page-size', { type: 'number', describe: 'TAXII 2.1: the most items a page holds, whatever `limit` asks (1–10000; default 5; a page-size variant sets it too)' })
      .option('status-pending-ms', { type: 'number', describe: 'TAXII 2.1: a status stays "pending" this long after its POST (0–600000; default: until it is read twice; a pending variant sets it too)' })
      .options(Object.fromEntries(LIMIT_OPTIONS.map((l) => [l.option, { type: 'number', describe: `${l.describe} (see docs/mock-server.md)` }])))
      .config('config', 'JSON file of these options, e.g. {"port": 8443, "fault": ["jwt-alg-none"]}; flags given on the command line win', readMockConfig),
    ) as unknown as Argv<MockArgs>,
  handler: async (args) => {
    if (args['list-faults']) {
      // `scopes`: the URL kinds a fault can be switched on for alone (--fault NAME@KIND).
      for (const f of listFaults()) process.stdout.write(`${JSON.stringify({ name: f.name, profile: f.profile, description: f.description, breaks: f.breaks, ...(f.scopes ? { scopes: f.scopes } : {}) })}\n`);
      return;
    }
    if (args['list-variants']) {
      for (const v of listVariants()) process.stdout.write(`${JSON.stringify({ name: v.name, profile: v.profile, description: v.description, freedom: v.freedom, conflicts: v.conflicts })}\n`);
      return;
    }
    const profiles = list(args.profile);
    for (const p of profiles) if (!PROFILE_IDS.includes(p)) throw new UsageError(`unknown profile "${p}" (known: ${PROFILE_IDS.join(', ')})`);
    const faults = list(args.fault);
    const known = new Set(listFaults().map((f) => f.name));
    for (const f of faults) if (!known.has(parseFaultName(f).name)) throw new UsageError(`unknown fault "${f}" (see --list-faults)`);
    try {
      checkFaultNames(faults, listFaults()); // a scope (NAME@KIND): one of the URL kinds the fault takes
    } catch (e) {
      throw new UsageError(`${(e as Error).message} (see --list-faults)`);
    }
    const variants = list(args.variant);
    const knownVariants = new Set(listVariants().map((v) => v.name));
    for (const v of variants) if (!knownVariants.has(v)) throw new UsageError(`unknown variant "${v}" (see --list-variants)`);
    if ((args.cert === undefined) !== (args.key === undefined)) throw new UsageError('--cert and --key go together');
    const port = intOption('port', args.port, 0, 65535);
    const seed = intOption('seed', args.seed, 0, 2 ** 31 - 1);
    const longPollMs = intOption('long-poll-ms', args['long-poll-ms'], 0, 600_000);
    const pageSize = args['page-size'] === undefined ? undefined : intOption('page-size', args['page-size'], 1, 10_000);
    const statusPendingMs = args['status-pending-ms'] === undefined ? undefined : intOption('status-pending-ms', args['status-pending-ms'], 0, 600_000);
    const dnsPort = args['dns-port'] === undefined ? undefined : intOption('dns-port', args['dns-port'], 0, 65535);
    const dnsDomain = domainName(args['dns-domain'], '--dns-domain');
    const limits: Partial<MockOptions> = {};
    for (const l of LIMIT_OPTIONS) {
      if (args[l.option] !== undefined) limits[l.field] = intOption(l.option, args[l.option], 1, Number.MAX_SAFE_INTEGER);
    }
    let mock;
    try {
      mock = await startMock({
        host: args.host, port, user: args.user, password: args.password, profiles, faults, variants, seed, longPollMs, ...limits,
        ...(pageSize !== undefined ? { pageSize } : {}),
        ...(statusPendingMs !== undefined ? { statusPendingMs } : {}),
        ...(dnsPort !== undefined ? { dnsPort, dnsDomain } : {}),
        ...(args.cert ? { certFile: args.cert, keyFile: args.key } : {}),
      });
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      if (err.code === 'EADDRINUSE') throw new UsageError(`a port asked for on ${args.host} is in use (${err.message})`);
      if (err.code === 'EACCES') throw new UsageError(`not allowed to listen on ${args.host}:${port}`);
      throw new UsageError(err.message);
    }
    const cert = certificatePath(mock);
    const clientFiles = clientCertificateFiles(mock);
    const width = Math.max(...mock.mounted.map((m) => m.profile.length));
    const lines = [
      `taxii-conform mock listening on ${args.host}:${mock.port}`,
      ...mock.mounted.map((m) => `  ${`${m.profile}:`.padEnd(width + 2)} ${m.url}`),
      `  certificate:   ${cert.path}${cert.temporary ? ' (written for this run; removed when it stops)' : ''}`,
      `  user:          ${mock.credentials.user}`,
      `  password:      ${mock.credentials.password}`,
      `  read-only:     ${mock.readonlyCredentials.user} / ${mock.readonlyCredentials.password}`,
      `  faults:        ${faults.length ? faults.join(', ') : 'none (reference behaviour)'}`,
      ...(variants.length ? [`  variants:      ${variants.join(', ')}`] : []),
      ...(mock.otherOrigin ? [`  other origin:  ${mock.otherOrigin} serves the same (a variant serves API Roots there): run with --allow-origin ${mock.otherOrigin}`] : []),
      ...(clientFiles
        ? [
            `  client certs:  asked for, verified against ${clientFiles.ca} (written for this run; removed when it stops)`,
            `  client cert:   ${clientFiles.cert} and key ${clientFiles.key}: authenticates ${mock.credentials.user} without a password`,
          ]
        : []),
      ...(mock.dns
        ? [
            `  DNS:           ${args.host}:${mock.dns.port} (UDP+TCP): ${mock.dns.labels.length ? `the SRV records ${mock.dns.labels.map((l) => `${l}.${mock.dns!.domain}`).join(', ')} → ${mock.dns.target}:${mock.port}` : `no SRV record under ${mock.dns.domain} (the variants switched on publish none)`}`,
            ...(mock.dns.labels.length ? [`  discover:      taxii-conform discover ${mock.dns.domain} --dns-server ${args.host}:${mock.dns.port}`] : []),
          ]
        : []),
      ...mock.mounted.map((m) => `  try:           taxii-conform run ${m.url} --profile ${m.profile} --ca ${cert.path} --user ${mock.credentials.user} --password '${mock.credentials.password}'${mock.otherOrigin ? ` --allow-origin ${mock.otherOrigin}` : ''}`),
      `Ctrl-C stops it.`,
    ];
    // Handlers first, then the ready lines: a supervisor may signal as soon as it reads them.
    const stopped = new Promise<void>((resolve) => {
      const stop = (): void => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        void mock.close().then(resolve, resolve);
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
    process.stdout.write(`${lines.join('\n')}\n`);
    await stopped;
    if (cert.temporary) rmSync(dirname(cert.path), { recursive: true, force: true });
    if (clientFiles) rmSync(dirname(clientFiles.ca), { recursive: true, force: true });
    process.stdout.write('taxii-conform mock stopped\n');
  },
};

/** Where the served certificate is: its file, or (generated for this run) a copy written for clients to trust. */
function certificatePath(mock: RunningMock): { path: string; temporary: boolean } {
  if (mock.certFile !== undefined) return { path: mock.certFile, temporary: false };
  const path = join(mkdtempSync(join(tmpdir(), 'taxii-conform-mock-')), 'cert.pem');
  writeFileSync(path, mock.certificate, { mode: 0o644 });
  return { path, temporary: true };
}

/** The client CA, and the certificate and key it issued for the main user, written for clients when the mock asks for client certificates. */
function clientCertificateFiles(mock: RunningMock): { ca: string; cert: string; key: string } | undefined {
  const c = mock.clientCertificates;
  if (!c) return undefined;
  const dir = mkdtempSync(join(tmpdir(), 'taxii-conform-mock-client-'));
  const files = { ca: join(dir, 'client-ca.pem'), cert: join(dir, 'client-cert.pem'), key: join(dir, 'client-key.pem') };
  writeFileSync(files.ca, c.ca, { mode: 0o644 });
  writeFileSync(files.cert, c.cert, { mode: 0o644 });
  writeFileSync(files.key, c.key, { mode: 0o600 });
  return files;
}
