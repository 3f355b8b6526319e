// Starting the mock for one profile and running its suite against it: shared by the fault
// matrix and the variant matrix (real HTTPS, and DNS when the profile has an SRV record).
import os from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import { startMock, type MockOptions, type RunningMock } from '../../mock-server/index.js';
import { runSuite } from '../../suites/core/runner.js';
import type { Profile } from '../../suites/core/profile.js';
import type { ProfilePlugin } from '../../suites/registry.js';
import type { CaseResult, RunReport } from '../../suites/core/types.js';

const certCacheDir = path.join(os.tmpdir(), 'taxii-conform-mock-cert-test');

/** The mock mounting this profile alone (long polls of 600 ms unless `extra` says otherwise), its SRV record too when it has one. */
export async function startFor(plugin: ProfilePlugin, extra: Partial<MockOptions> = {}): Promise<RunningMock> {
  return startMock({
    port: 0,
    certCacheDir,
    log: () => {},
    longPollMs: 600,
    profiles: [plugin.id],
    ...(plugin.suite.srv ? { dnsPort: 0 } : {}),
    ...extra,
  });
}

/**
 * The whole suite of `profile` (or these cases) against the mock, as a CI job would run it,
 * each case within `timeoutMs` (--timeout).
 */
export async function runAgainst(mock: RunningMock, profile: Profile, caseIds?: readonly string[], timeoutMs = 15_000): Promise<RunReport> {
  const { report, unreachable } = await runSuite({
    profile,
    target: mock.url,
    // --srv only where the mock advertises this profile's SRV record (a variant may publish none).
    ...(mock.dns && profile.srv && mock.dns.labels.includes(profile.srv.label) ? { srv: { domain: mock.dns.domain }, dnsServer: { host: '127.0.0.1', port: mock.dns.port } } : {}),
    probeHttpPort: mock.port,
    creds: { user: mock.credentials.user, password: mock.credentials.password },
    insecure: true,
    // A variant serving the API Roots on another origin: the user would allow it with --allow-origin.
    ...(mock.otherOrigin ? { allowOrigins: [mock.otherOrigin] } : {}),
    ...(caseIds ? { caseIds: [...caseIds] } : {}),
    gate: 'must',
    concurrency: 8,
    timeoutMs,
    readOnly: false,
  });
  expect(unreachable).toBeUndefined();
  return report;
}

export const show = (r: CaseResult): string => `${r.id}: ${r.verdict} — ${r.message}`;
