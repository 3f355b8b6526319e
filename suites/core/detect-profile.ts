// `--profile auto`: which of the profiles the target speaks, asked before the run with a
// transport of its own (the run's trust and credentials, where they may go).
import { HttpTransport, type HttpExchange } from '../probes/http.js';
import { authorize, CredentialScope, type Credentials } from './credentials.js';
import { withTimeLimit } from './abort.js';
import { detectProfile } from './version-hint.js';
import type { Profile } from './profile.js';

export interface DetectOptions {
  target: string;
  profiles: readonly Profile[];
  creds: Credentials;
  allowOrigins?: string[];
  insecure: boolean;
  ca?: string;
  timeoutMs: number;
  signal?: AbortSignal;
}

/** The profile the target's answers are of, and what gave it away; undefined when none recognises them. */
export async function detectTargetProfile(o: DetectOptions): Promise<{ profile: Profile; why: string } | undefined> {
  const transport = new HttpTransport({
    verify: !o.insecure,
    ca: o.ca,
    maxBodyBytes: 1024 * 1024,
    hosts: new Map(),
    connectTimeoutMs: o.timeoutMs,
    ...(o.creds.clientCert ? { clientCertificate: o.creds.clientCert } : {}),
  });
  const scope = new CredentialScope([...(o.allowOrigins ?? []), o.target]);
  const signal = o.signal ?? new AbortController().signal;
  try {
    return await detectProfile(o.profiles, o.target, async (url, accept): Promise<HttpExchange> => {
      const headers: Record<string, string> = { accept };
      const a = await authorize('default', url, { creds: o.creds, runId: 'detect', scope });
      if (a.value) headers.authorization = a.value;
      return withTimeLimit(o.timeoutMs, signal, (s) => transport.send({ method: 'GET', url, headers, ...(a.clientCert ? { clientCert: a.clientCert } : {}), signal: s }));
    });
  } finally {
    await transport.close();
  }
}
