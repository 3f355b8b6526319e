// Options of the mock and their defaults, resolved once at start so the rest of the server
// reads plain, complete values.
import os from 'node:os';
import path from 'node:path';
import { FaultSet } from './faults.js';

export interface MockOptions {
  /** Interface to listen on. Default 127.0.0.1: the mock is a local tool, not a service. */
  host?: string;
  /** 0 = ephemeral (the library default); the CLI uses 8443. */
  port?: number;
  /** Main account (full rights on trustgroup1, read-only on trustgroup2). Default 'taxii'. */
  user?: string;
  /** Default 'taxii-password'. */
  password?: string;
  /** Fault names from mock-server/faults.ts. An unknown name makes startMock throw. */
  faults?: string[];
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
  /** Lifetime of issued bearer tokens. Default 3600 s. */
  tokenLifetimeS?: number;
  /** Check every message the mock sends against its own schema (500 and a log line if one fails). Default true. */
  validateResponses?: boolean;
  /** Where internal errors are logged. Default console.error. */
  log?: (line: string) => void;
  /** Also answer DNS (UDP and TCP) on this port: SRV _taxii._tcp.<dnsDomain> → this mock. 0 = any free port. */
  dnsPort?: number;
  /** The domain the DNS responder serves. Default example.test (SRV target taxii.example.test). */
  dnsDomain?: string;
  // Subscription quotas (a waiting subscriber costs memory; the read-only account can subscribe too).
  /** Subscriptions one user may hold over every channel; a GET that would make one more gets 429. Default 1000. */
  maxSubscriptionsPerCaller?: number;
  /** Subscriptions one channel may hold; a GET that would make one more gets 503. Default 10000. */
  maxSubscriptionsPerChannel?: number;
}

/** Default subscription quotas (MockOptions.maxSubscriptionsPerCaller and maxSubscriptionsPerChannel). */
export const SUBSCRIPTION_QUOTAS = { perCaller: 1000, perChannel: 10_000 } as const;

/** The fixed read-only account (read-only everywhere). */
export const READER = { user: 'reader', password: 'reader-password' } as const;

export interface MockConfig {
  host: string;
  port: number;
  user: string;
  password: string;
  faults: FaultSet;
  seed: number;
  certFile?: string;
  keyFile?: string;
  certCacheDir: string;
  longPollMs: number;
  msgAgeDefaultS: number;
  maxRequestBytes: number;
  tokenLifetimeS: number;
  validateResponses: boolean;
  log: (line: string) => void;
  dnsPort?: number;
  dnsDomain: string;
  maxSubscriptionsPerCaller: number;
  maxSubscriptionsPerChannel: number;
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
  const cfg: MockConfig = {
    host: opts.host ?? '127.0.0.1',
    port: wholeNumber('port', opts.port ?? 0, 0, 65535),
    user,
    password: opts.password ?? 'taxii-password',
    faults: new FaultSet(opts.faults ?? []),
    seed: wholeNumber('seed', opts.seed ?? 1, 0, 2 ** 31 - 1),
    certCacheDir: opts.certCacheDir ?? path.join(os.tmpdir(), 'taxii-conform-mock-cert'),
    longPollMs: wholeNumber('longPollMs', opts.longPollMs ?? 1000, 0, 600_000),
    msgAgeDefaultS: wholeNumber('msgAgeDefaultS', opts.msgAgeDefaultS ?? 86400, 0, 9_999_999_999),
    maxRequestBytes: wholeNumber('maxRequestBytes', opts.maxRequestBytes ?? 16 * 1024 * 1024, 1, Number.MAX_SAFE_INTEGER),
    tokenLifetimeS: wholeNumber('tokenLifetimeS', opts.tokenLifetimeS ?? 3600, 1, 10 * 365 * 86400),
    validateResponses: opts.validateResponses ?? true,
    log: opts.log ?? ((line) => console.error(line)),
    dnsDomain: (opts.dnsDomain ?? 'example.test').replace(/\.$/, ''),
    maxSubscriptionsPerCaller: wholeNumber('maxSubscriptionsPerCaller', opts.maxSubscriptionsPerCaller ?? SUBSCRIPTION_QUOTAS.perCaller, 1, 10_000_000),
    maxSubscriptionsPerChannel: wholeNumber('maxSubscriptionsPerChannel', opts.maxSubscriptionsPerChannel ?? SUBSCRIPTION_QUOTAS.perChannel, 1, 10_000_000),
  };
  if (opts.dnsPort !== undefined) cfg.dnsPort = wholeNumber('dnsPort', opts.dnsPort, 0, 65535);
  if (opts.certFile !== undefined) cfg.certFile = opts.certFile;
  if (opts.keyFile !== undefined) cfg.keyFile = opts.keyFile;
  return cfg;
}

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
