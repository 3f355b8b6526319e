// The mock server's public API: start a reference TAXII server (or a faulty one) and stop it.
import type { Fault } from '../suites/core/types.js';
import { Authenticator } from './auth.js';
import { faultyCertificate, generateCertificate, loadCertificate, REFERENCE_NAMES, type CertPair } from './cert.js';
import { startDnsResponder } from './dns-responder.js';
import net from 'node:net';
import { READER, originOf, resolveConfig, type MockOptions } from './config.js';
import type { MockState } from './context.js';
import { FAULTS } from './faults.js';
import { freePort } from './free-port.js';
import { listen } from './server.js';
import { taxii2PredraftMock } from './taxii2-predraft/profile.js';
import { discoveryUrl } from './taxii2-predraft/urls.js';

export type { MockOptions } from './config.js';
export { FAULTS } from './faults.js';

export interface RunningMock {
  /** The Discovery URL, https://host:port/taxii/ */
  url: string;
  port: number;
  host: string;
  /** The main account: full rights on trustgroup1, read-only on trustgroup2. */
  credentials: { user: string; password: string };
  /** The fixed read-only account. */
  readonlyCredentials: { user: string; password: string };
  faults: string[];
  /** The served certificate (PEM), for clients that want to trust it instead of --insecure. */
  certificate: string;
  /** Where that certificate is stored, when it is a file. */
  certFile?: string;
  /** The DNS responder, when started (dnsPort): SRV _taxii._tcp.<domain> → <target>:<port>. */
  dns?: { port: number; domain: string; target: string };
  close(): Promise<void>;
}

/** Starts the mock; rejects (before listening) on an unknown fault name or bad options. */
export async function startMock(opts: MockOptions = {}): Promise<RunningMock> {
  const config = resolveConfig(opts);
  const profile = taxii2PredraftMock;
  const accounts = [{ user: config.user, password: config.password }, { ...READER }];
  const closing = new AbortController();
  const store = profile.seedStore(config);
  store.quota.limit(config.maxStoredBytes, config.maxStoredBytesPerResource);
  const mock: MockState = {
    config,
    faults: config.faults,
    store,
    auth: new Authenticator(accounts, config.faults),
    profile,
    accounts,
    origin: '',
    closing: closing.signal,
    received: { count: 0 },
  };
  const has = (f: string): boolean => config.faults.has(f as never);
  const tls: CertPair =
    (await faultyCertificate(has)) ??
    // With a DNS responder the certificate also names the SRV target (made fresh, not cached).
    (config.dnsPort !== undefined
      ? await generateCertificate({ names: [...REFERENCE_NAMES, { type: 'dns', value: `taxii.${config.dnsDomain}` }] })
      : await loadCertificate(config));
  const server = await listen(mock, tls);
  mock.origin = originOf(config.host, server.port);
  const dns = config.dnsPort === undefined ? undefined : await startDns(config, server.port, has).catch(async (e: unknown) => {
    await server.close();
    throw e;
  });

  let closed: Promise<void> | undefined;
  const running: RunningMock = {
    url: discoveryUrl(mock.origin),
    port: server.port,
    host: config.host,
    credentials: { user: config.user, password: config.password },
    readonlyCredentials: { ...READER },
    faults: config.faults.names,
    certificate: tls.cert,
    close: () =>
      (closed ??= (async () => {
        closing.abort(); // long polls answer 204 at once
        mock.store.wakeAll();
        await new Promise((resolve) => setImmediate(resolve)); // let them write it
        await server.close();
        await dns?.close();
      })()),
  };
  if (dns) running.dns = { port: dns.port, domain: config.dnsDomain, target: dns.target };
  if (tls.certFile !== undefined) running.certFile = tls.certFile;
  return running;
}

/** Every fault the mock can be switched into. */
export function listFaults(): Fault[] {
  return FAULTS.map((f) => ({ ...f, breaks: [...f.breaks] }));
}

async function startDns(config: ReturnType<typeof resolveConfig>, taxiiPort: number, has: (f: string) => boolean) {
  const target = `taxii.${config.dnsDomain}`;
  const responder = await startDnsResponder({
    host: config.host,
    port: config.dnsPort ?? 0,
    domain: config.dnsDomain,
    targetHost: target,
    targetAddress: net.isIP(config.host) ? config.host : '127.0.0.1',
    taxiiPort,
    ...(has('dns-no-service') ? { extraRecords: [{ priority: 0, weight: 0, port: 0, target: '.', ttl: 300 }] } : {}),
    faults: {
      ...(has('dns-no-record') || has('dns-no-service') ? { noRecord: true } : {}),
      ...(has('dns-no-address') ? { noAddress: true } : {}),
      ...(has('dns-dead-port') ? { deadPort: await freePort(config.host) } : {}),
    },
  });
  return { port: responder.port, target, close: () => responder.close() };
}
