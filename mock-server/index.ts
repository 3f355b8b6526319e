// The mock server's public API: start a reference TAXII server (or a faulty one) and stop it.
import type { Fault } from '../suites/core/types.js';
import { Authenticator } from './auth.js';
import { loadCertificate } from './cert.js';
import { READER, originOf, resolveConfig, type MockOptions } from './config.js';
import type { MockState } from './context.js';
import { FAULTS } from './faults.js';
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
  close(): Promise<void>;
}

/** Starts the mock; rejects (before listening) on an unknown fault name or bad options. */
export async function startMock(opts: MockOptions = {}): Promise<RunningMock> {
  const config = resolveConfig(opts);
  const profile = taxii2PredraftMock;
  const accounts = [{ user: config.user, password: config.password }, { ...READER }];
  const closing = new AbortController();
  const mock: MockState = {
    config,
    faults: config.faults,
    store: profile.seedStore(config),
    auth: new Authenticator(accounts, config.faults),
    profile,
    accounts,
    origin: '',
    closing: closing.signal,
    received: { count: 0 },
  };
  const tls = await loadCertificate(config);
  const server = await listen(mock, tls);
  mock.origin = originOf(config.host, server.port);

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
      })()),
  };
  if (tls.certFile !== undefined) running.certFile = tls.certFile;
  return running;
}

/** Every fault the mock can be switched into. */
export function listFaults(): Fault[] {
  return FAULTS.map((f) => ({ ...f, breaks: [...f.breaks] }));
}
