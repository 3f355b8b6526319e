// The engine's guards (issue 11, item 7): whatever escapes a profile's setup or a case's own
// handling ends as a setup problem or an error verdict, never as an exception out of the run
// (which the CLI would have reported with the user's exit code).
import { describe, expect, it } from 'vitest';
import { runSuite } from '../../suites/core/runner.js';
import { executeCase, type CaseEnv } from '../../suites/core/case-executor.js';
import { Scrubber } from '../../suites/core/evidence.js';
import { CredentialScope } from '../../suites/core/credentials.js';
import type { Profile } from '../../suites/core/profile.js';
import { taxii2Predraft } from '../../suites/taxii2-predraft/profile.js';
import type { HttpTransport } from '../../suites/probes/http.js';

describe('a profile setup that throws', () => {
  it('is a setup problem naming the error: the run ends with a report and a failed gate', async () => {
    const profile: Profile = {
      ...taxii2Predraft,
      setup: async () => {
        throw new TypeError('Invalid URL');
      },
    };
    const { report, unreachable } = await runSuite({
      profile,
      // Nothing is sent: the setup throws first.
      target: 'https://127.0.0.1:1/taxii/',
      creds: {},
      insecure: true,
      areas: ['discovery'],
      gate: 'must',
      concurrency: 2,
      timeoutMs: 1000,
      readOnly: true,
    });
    expect(unreachable).toBeUndefined();
    expect(report.notes).toContain('setup problem: setup stopped on an unexpected error while reading https://127.0.0.1:1/taxii/: Invalid URL');
    expect(report.summary.gate).toBe('failed');
    expect(report.cases.length).toBeGreaterThan(0);
  });
});

describe('a case whose finishing throws', () => {
  it('ends as an error verdict instead of rejecting', async () => {
    const c = taxii2Predraft.cases().find((x) => x.id === 'discovery.get')!;
    const transport = { send: async (request: unknown) => ({ request, error: 'connection refused', durationMs: 0 }) } as unknown as HttpTransport;
    const scrubber = new Scrubber();
    // The scrubber meets a message it cannot handle (a V8 string past its limit, say).
    scrubber.scrub = () => {
      throw new RangeError('Invalid string length');
    };
    const env: CaseEnv = {
      profile: taxii2Predraft,
      transport,
      scrubber,
      creds: { user: 'u', password: 'p' },
      scope: new CredentialScope(['https://127.0.0.1:1/taxii/']),
      insecure: true,
      runId: '0badf00d',
      vars: new Map([['discovery', 'https://127.0.0.1:1/taxii/'], ['target', 'https://127.0.0.1:1/taxii/']]),
      readOnly: true,
      timeoutMs: 1000,
      signal: new AbortController().signal,
      track: () => undefined,
    };
    const r = await executeCase(c, env);
    expect(r).toMatchObject({ id: 'discovery.get', verdict: 'error', message: 'internal error', checks: [], evidence: [] });
  });
});
