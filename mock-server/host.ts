// The mock host: listens once — TLS with its certificate, a DNS responder when asked — and
// mounts each enabled profile (mock-server/<id>/) at its prefix; each request goes to the
// profile whose prefix its path starts with (pipeline.ts). The host's own faults
// (host-faults.ts) change the listener and the DNS responder; every other fault is a
// mounted profile's, which reads it from the state the host hands it.
import net from 'node:net';
import type { Fault, Variant } from '../suites/core/types.js';
import { Authenticator } from './auth.js';
import { faultyCertificate, generateCertificate, generateClientIdentities, loadCertificate, REFERENCE_NAMES, type CertPair, type ClientIdentities } from './cert.js';
import { originOf, READER, resolveConfig, type MockConfig, type MockOptions } from './config.js';
import type { HostState, MountedEntry } from './context.js';
import { startDnsResponder } from './dns-responder.js';
import { checkFaultNames, parseFaultName } from './faults.js';
import { checkVariants } from './variants.js';
import { freePort } from './free-port.js';
import { isHostFault, type HostFaultName } from './host-faults.js';
import { errorAnswerOf, handleRequest, type Mount } from './pipeline.js';
import type { MockProfile } from './profile.js';
import { listen } from './server.js';

export interface RunningMock {
  /** The entry URL (e.g. Discovery URL) of the first profile mounted: the registry's default when it is. */
  url: string;
  /** Every profile mounted: its id, prefix and entry URL. */
  mounted: MountedEntry[];
  port: number;
  host: string;
  /** The main account: full rights on what each profile seeds for it. */
  credentials: { user: string; password: string };
  /** The fixed read-only account. */
  readonlyCredentials: { user: string; password: string };
  faults: string[];
  /** The conformant variants switched on. */
  variants: string[];
  /** The served certificate (PEM), for clients that want to trust it instead of --insecure. */
  certificate: string;
  /** Where that certificate is stored, when it is a file. */
  certFile?: string;
  /** When a profile asks for client certificates: the CA they are verified against, and one issued for the main account. */
  clientCertificates?: ClientIdentities;
  /** A second origin serving the same (another port), when a mounted profile asks for one: a client allows its credentials there (`run --allow-origin`). */
  otherOrigin?: string;
  /** The DNS responder, when started (dnsPort): an SRV record under domain → <target>:<port> for each label (the mounted profiles' that advertise one). */
  dns?: { port: number; domain: string; target: string; labels: string[] };
  close(): Promise<void>;
}

/**
 * Starts a host mounting `profiles` (in this order; the first one's entry URL is `url`);
 * `catalog` is every fault there is, `variants` every conformant variant. Rejects, before
 * listening, on an unknown fault or variant, one of a profile not mounted, conflicting
 * variants, or bad options.
 */
export async function startHost(
  opts: MockOptions,
  profiles: readonly MockProfile[],
  catalog: readonly Fault[],
  variants: readonly Variant[] = [],
): Promise<RunningMock> {
  if (profiles.length === 0) throw new Error('the mock needs at least one profile to mount');
  const config = resolveConfig(opts);
  checkFaults(config.faults.names, profiles, catalog);
  checkVariants(config.variants.names, profiles.map((p) => p.id), variants);
  const has = (f: HostFaultName): boolean => config.faults.has(f);
  const accounts = [{ user: config.user, password: config.password }, { ...READER }];
  const closing = new AbortController();
  const needs = profiles.map((p) => p.hostNeeds?.(config.faults, config.variants) ?? {});
  const ecdsa = needs.some((n) => n.ecdsaCertificate === true);
  const clients = needs.some((n) => n.requestClientCertificates === true) ? await generateClientIdentities(config.user) : undefined;
  const tls: CertPair =
    (await faultyCertificate(has)) ??
    (ecdsa ? await generateCertificate({ key: 'ecdsa-p256', ...(config.dnsPort !== undefined ? { names: [...REFERENCE_NAMES, { type: 'dns' as const, value: `taxii.${config.dnsDomain}` }] } : {}) }) : undefined) ??
    // With a DNS responder the certificate also names the SRV target (made fresh, not cached).
    (config.dnsPort !== undefined
      ? await generateCertificate({ names: [...REFERENCE_NAMES, { type: 'dns', value: `taxii.${config.dnsDomain}` }] })
      : await loadCertificate(config));

  // Filled once the port is known (a profile's URLs need the origin); no client knows the port before.
  const mounts: Mount[] = [];
  const host: HostState = { config, faults: config.faults, variants: config.variants, accounts, origin: '', closing: closing.signal, mounted: [] };
  const listenOptions: Parameters<typeof listen>[0] = {
    config,
    tls,
    has,
    profileCiphers: [...new Set(profiles.flatMap((p) => p.tlsCiphers ?? []))],
    ecdsa,
    plainRedirect: needs.some((n) => n.plainHttpRedirect === true),
    ...(clients ? { clientCa: clients.ca } : {}),
    onRequest: (req, res) => void handleRequest(mounts, host, req, res),
    // A connection's errors are the host's: said in the first mounted profile's error message.
    errorAnswer: (err) => errorAnswerOf(mounts[0], err),
  };
  const server = await listen(listenOptions);
  // A second origin: the same listener on another port of the interface.
  const other = needs.some((n) => n.otherOrigin === true) ? await listen(listenOptions).catch(async (e) => {
    await server.close();
    throw e;
  }) : undefined;
  host.origin = originOf(config.host, server.port);
  if (other) host.otherOrigin = originOf(config.host, other.port);
  host.mounted = profiles.map((p) => ({ profile: p.id, prefix: p.prefix, url: p.entryUrl(host.origin, host.variants), ...(p.previousVersion ? { previousVersion: p.previousVersion } : {}) }));
  let dns: Awaited<ReturnType<typeof startDns>> | undefined;
  try {
    for (const p of profiles) mounts.push({ prefix: p.prefix, mounted: p.mount(host) });
    const labels = profiles.flatMap((p) => (p.srvLabel && (p.srvAdvertised?.(host.variants) ?? true) ? [p.srvLabel] : []));
    if (config.dnsPort !== undefined) dns = await startDns(config, labels, server.port, has);
  } catch (e) {
    await server.close();
    await other?.close();
    throw e;
  }

  let closed: Promise<void> | undefined;
  const running: RunningMock = {
    url: host.mounted[0]!.url,
    mounted: [...host.mounted],
    port: server.port,
    host: config.host,
    credentials: { user: config.user, password: config.password },
    readonlyCredentials: { ...READER },
    faults: config.faults.names,
    variants: config.variants.names,
    certificate: tls.cert,
    close: () =>
      (closed ??= (async () => {
        closing.abort(); // long polls answer 204 at once
        for (const m of mounts) m.mounted.close?.();
        await new Promise((resolve) => setImmediate(resolve)); // let them write it
        await server.close();
        await other?.close();
        await dns?.close();
      })()),
  };
  if (dns) running.dns = { port: dns.port, domain: config.dnsDomain, target: dns.target, labels: dns.labels };
  if (tls.certFile !== undefined) running.certFile = tls.certFile;
  if (clients) running.clientCertificates = clients;
  if (host.otherOrigin !== undefined) running.otherOrigin = host.otherOrigin;
  return running;
}

/** Every fault is known, and each profile's fault belongs to a mounted profile (a host fault applies to any). */
function checkFaults(names: readonly string[], profiles: readonly MockProfile[], catalog: readonly Fault[]): void {
  checkFaultNames(names, catalog);
  const mounted = new Set(profiles.map((p) => p.id));
  for (const given of names) {
    const { name } = parseFaultName(given);
    if (isHostFault(name)) continue;
    const owners = catalog.filter((f) => f.name === name).map((f) => f.profile);
    if (!owners.some((o) => mounted.has(o))) {
      throw new Error(`the fault "${name}" is the ${owners.join(', ')} profile's, which is not mounted (mounted: ${[...mounted].join(', ')})`);
    }
  }
}

async function startDns(config: MockConfig, services: readonly string[], taxiiPort: number, has: (f: HostFaultName) => boolean) {
  const target = `taxii.${config.dnsDomain}`;
  const responder = await startDnsResponder({
    host: config.host,
    port: config.dnsPort ?? 0,
    domain: config.dnsDomain,
    services,
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
  return { port: responder.port, target, labels: [...services], close: () => responder.close() };
}
