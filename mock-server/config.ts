// Options of the mock and their defaults, resolved once at start so the rest of the server
// reads plain, complete values.
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import { FaultSet } from './faults.js';
import { VariantSet } from './variants.js';

export interface MockOptions {
  /** Interface to listen on. Default 127.0.0.1: the mock is a local tool, not a service. */
  host?: string;
  /** 0 = ephemeral (the library default); the CLI uses 8443. */
  port?: number;
  /** Main account (full rights on trustgroup1, read-only on trustgroup2). Default 'taxii'. */
  user?: string;
  /** Default 'taxii-password'. */
  password?: string;
  /** The profiles to mount, by id (default: every profile of the registry). An unknown id makes startMock throw. */
  profiles?: string[];
  /** Fault names (`listFaults()`). An unknown name, or one of a profile not mounted, makes startMock throw. */
  faults?: string[];
  /** Conformant variants (`listVariants()`). An unknown name, one of a profile not mounted, or two that conflict make startMock throw. */
  variants?: string[];
  /** Seed of the generated collection content. Default 1: same seed, same data. */
  seed?: number;
  /** Your own certificate and key (PEM files); both or neither. */
  certFile?: string;
  keyFile?: string;
  /** Where the generated certificate is cached. Default <os.tmpdir()>/taxii-conform-mock-cert/. */
  certCacheDir?: string;
  /** How long a channel GET waits for news before answering 204. Default 1000 ms. */
  longPollMs?: number;
  /** msg-age (seconds) of a channel created without one. Default 86400. */
  msgAgeDefaultS?: number;
  /** Largest request body accepted; larger gets 413. Default 16 MiB. */
  maxRequestBytes?: number;
  /** A request's headers (and the TLS handshake) must arrive within this of its first byte; else 408. Default 20 s. */
  headersTimeoutMs?: number;
  /** A request's body must arrive within this of its headers; else 408. Default 60 s. */
  bodyTimeoutMs?: number;
  /** A connection with no request under way (or an answer the client stops reading) is closed after this. Default 30 s. */
  idleTimeoutMs?: number;
  /** Connections open at once; one more is closed at once. Default 512. */
  maxConnections?: number;
  /** Connections open at once from one client address. Default 256. */
  maxConnectionsPerClient?: number;
  /** Deepest nesting of arrays and objects in a JSON request body; deeper gets 400. Default 100. */
  maxJsonDepth?: number;
  /** Content (octets of JSON) all channels and collections hold together; beyond it a POST gets 507. Default: an eighth of the V8 heap limit, at most 256 MiB. */
  maxStoredBytes?: number;
  /** Content one channel or collection holds; beyond it a POST gets 507 (413 when the POST alone is larger). Default 64 MiB, at most maxStoredBytes. */
  maxStoredBytesPerResource?: number;
  /** Lifetime of issued bearer tokens. Default 3600 s. */
  tokenLifetimeS?: number;
  /** Check every message the mock sends against its own schema (500 and a log line if one fails). Default true. */
  validateResponses?: boolean;
  /** Where internal errors are logged. Default console.error. */
  log?: (line: string) => void;
  /** Also answer DNS (UDP and TCP) on this port: each mounted profile's SRV record under dnsDomain → this mock. 0 = any free port. */
  dnsPort?: number;
  /** The domain the DNS responder serves. Default example.test (SRV target taxii.example.test). */
  dnsDomain?: string;
  /** TAXII 2.1: the server's page size (the most items a page holds, whatever `limit` asks). Default 5. */
  pageSize?: number;
  /** TAXII 2.1: a status stays `pending` for this long after its POST (default: for two polls). */
  statusPendingMs?: number;
  // Subscription quotas (a waiting subscriber costs memory; the read-only account can subscribe too).
  /** Subscriptions one user may hold over every channel; a GET that would make one more gets 429. Default 1000. */
  maxSubscriptionsPerCaller?: number;
  /** Subscriptions one channel may hold; a GET that would make one more gets 507. Default 10000. */
  maxSubscriptionsPerChannel?: number;
}

/**
 * The limits `taxii-conform mock` takes as options, in a --config file or on the command
 * line (whole numbers; the defaults and bounds are resolveConfig's).
 */
export const LIMIT_OPTIONS = [
  { option: 'max-request-bytes', field: 'maxRequestBytes', describe: 'Largest request body (octets); larger gets 413' },
  { option: 'headers-timeout-ms', field: 'headersTimeoutMs', describe: "A request's headers (and the TLS handshake) must arrive within this of its first byte; else 408" },
  { option: 'body-timeout-ms', field: 'bodyTimeoutMs', describe: "A request's body must arrive within this of its headers; else 408" },
  { option: 'idle-timeout-ms', field: 'idleTimeoutMs', describe: 'A connection with no request under way, or an answer the client stops reading, is closed after this' },
  { option: 'max-connections', field: 'maxConnections', describe: 'Connections open at once; one more is closed at once' },
  { option: 'max-connections-per-client', field: 'maxConnectionsPerClient', describe: 'Connections open at once from one client address' },
  { option: 'max-json-depth', field: 'maxJsonDepth', describe: 'Deepest nesting of arrays and objects in a JSON request body; deeper gets 400' },
  { option: 'max-stored-bytes', field: 'maxStoredBytes', describe: 'Content (octets of JSON) all channels and collections hold together; beyond it a POST gets 507' },
  { option: 'max-stored-bytes-per-resource', field: 'maxStoredBytesPerResource', describe: 'Content one channel or collection holds; beyond it a POST gets 507' },
  { option: 'max-subscriptions-per-caller', field: 'maxSubscriptionsPerCaller', describe: 'Subscriptions one user may hold over every channel; a GET that would make one more gets 429' },
  { option: 'max-subscriptions-per-channel', field: 'maxSubscriptionsPerChannel', describe: 'Subscriptions one channel may hold; a GET that would make one more gets 507' },
] as const satisfies readonly { option: string; field: keyof MockOptions; describe: string }[];

/** The fixed read-only account (read-only everywhere). */
export const READER = { user: 'reader', password: 'reader-password' } as const;

export interface MockConfig {
  host: string;
  port: number;
  user: string;
  password: string;
  /** Every fault switched on (startMock checks the names against the catalog). */
  faults: FaultSet;
  /** Every conformant variant switched on (startMock checks the names against the catalog). */
  variants: VariantSet;
  seed: number;
  certFile?: string;
  keyFile?: string;
  certCacheDir: string;
  longPollMs: number;
  msgAgeDefaultS: number;
  maxRequestBytes: number;
  headersTimeoutMs: number;
  bodyTimeoutMs: number;
  idleTimeoutMs: number;
  maxConnections: number;
  maxConnectionsPerClient: number;
  maxJsonDepth: number;
  maxStoredBytes: number;
  maxStoredBytesPerResource: number;
  tokenLifetimeS: number;
  validateResponses: boolean;
  log: (line: string) => void;
  dnsPort?: number;
  dnsDomain: string;
  maxSubscriptionsPerCaller: number;
  maxSubscriptionsPerChannel: number;
  /** TAXII 2.1 page size (1–10000), when set. */
  pageSize?: number;
  /** TAXII 2.1 status pending time in ms (0–600000), when set. */
  statusPendingMs?: number;
}

export function resolveConfig(opts: MockOptions = {}): MockConfig {
  const user = opts.user ?? 'taxii';
  if (user === READER.user) {
    throw new Error(`the main user cannot be "${READER.user}": that name is the fixed read-only account`);
  }
  if (user.includes(':')) throw new Error('the user name cannot contain ":" (HTTP Basic splits on it)');
  if ((opts.certFile === undefined) !== (opts.keyFile === undefined)) {
    throw new Error('certFile and keyFile go together: give both or neither');
  }
  // Parsed JSON takes several times its text in memory: an eighth of the heap leaves room
  // for that, the requests being read and everything else.
  const maxStoredBytes = wholeNumber(
    'maxStoredBytes',
    opts.maxStoredBytes ?? Math.min(256 * MiB, Math.floor(v8.getHeapStatistics().heap_size_limit / 8)),
    1,
    Number.MAX_SAFE_INTEGER,
  );
  const cfg: MockConfig = {
    host: opts.host ?? '127.0.0.1',
    port: wholeNumber('port', opts.port ?? 0, 0, 65535),
    user,
    password: opts.password ?? 'taxii-password',
    faults: new FaultSet(opts.faults ?? []),
    variants: new VariantSet(opts.variants ?? []),
    seed: wholeNumber('seed', opts.seed ?? 1, 0, 2 ** 31 - 1),
    certCacheDir: opts.certCacheDir ?? path.join(os.tmpdir(), 'taxii-conform-mock-cert'),
    longPollMs: wholeNumber('longPollMs', opts.longPollMs ?? 1000, 0, 600_000),
    msgAgeDefaultS: wholeNumber('msgAgeDefaultS', opts.msgAgeDefaultS ?? 86400, 0, 9_999_999_999),
    maxRequestBytes: wholeNumber('maxRequestBytes', opts.maxRequestBytes ?? 16 * MiB, 1, Number.MAX_SAFE_INTEGER),
    headersTimeoutMs: wholeNumber('headersTimeoutMs', opts.headersTimeoutMs ?? 20_000, 1, 3_600_000),
    bodyTimeoutMs: wholeNumber('bodyTimeoutMs', opts.bodyTimeoutMs ?? 60_000, 1, 3_600_000),
    idleTimeoutMs: wholeNumber('idleTimeoutMs', opts.idleTimeoutMs ?? 30_000, 1, 3_600_000),
    maxConnections: wholeNumber('maxConnections', opts.maxConnections ?? 512, 1, 1_000_000),
    maxConnectionsPerClient: wholeNumber('maxConnectionsPerClient', opts.maxConnectionsPerClient ?? 256, 1, 1_000_000),
    maxJsonDepth: wholeNumber('maxJsonDepth', opts.maxJsonDepth ?? 100, 1, 100_000),
    maxStoredBytes,
    maxStoredBytesPerResource: wholeNumber(
      'maxStoredBytesPerResource',
      opts.maxStoredBytesPerResource ?? Math.min(64 * MiB, maxStoredBytes),
      1,
      Number.MAX_SAFE_INTEGER,
    ),
    tokenLifetimeS: wholeNumber('tokenLifetimeS', opts.tokenLifetimeS ?? 3600, 1, 10 * 365 * 86400),
    validateResponses: opts.validateResponses ?? true,
    log: opts.log ?? ((line) => console.error(line)),
    dnsDomain: (opts.dnsDomain ?? 'example.test').replace(/\.$/, ''),
    maxSubscriptionsPerCaller: wholeNumber('maxSubscriptionsPerCaller', opts.maxSubscriptionsPerCaller ?? 1000, 1, 10_000_000),
    maxSubscriptionsPerChannel: wholeNumber('maxSubscriptionsPerChannel', opts.maxSubscriptionsPerChannel ?? 10_000, 1, 10_000_000),
  };
  if (opts.dnsPort !== undefined) cfg.dnsPort = wholeNumber('dnsPort', opts.dnsPort, 0, 65535);
  if (opts.pageSize !== undefined) cfg.pageSize = wholeNumber('pageSize', opts.pageSize, 1, 10_000);
  if (opts.statusPendingMs !== undefined) cfg.statusPendingMs = wholeNumber('statusPendingMs', opts.statusPendingMs, 0, 600_000);
  if (opts.certFile !== undefined) cfg.certFile = opts.certFile;
  if (opts.keyFile !== undefined) cfg.keyFile = opts.keyFile;
  return cfg;
}

const MiB = 1024 * 1024;

function wholeNumber(name: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${name} must be a whole number from ${min} to ${max}, got ${value}`);
  }
  return value;
}

/** The origin clients use: host as configured, IPv6 in brackets. */
export function originOf(host: string, port: number): string {
  const h = host.includes(':') ? `[${host}]` : host;
  return `https://${h}:${port}`;
}
