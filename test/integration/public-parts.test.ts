// A run without credentials: against a server whose Discovery URL is public, the cases that
// need no credentials run without them (and give verdicts); against one that refuses, the
// cases that depend on what setup could not read skip saying truly why (the 401, not "the
// run started from an API Base URL"). Neither run passes the gate on what it could not check.
// Real HTTPS over loopback against the mock.
import { afterAll, describe, expect, it } from 'vitest';
import type { RunningMock } from '../../mock-server/index.js';
import { runSuite } from '../../suites/core/runner.js';
import { getPlugin } from '../../suites/registry.js';
import { startFor } from '../helpers/matrix-run.js';

const plugin = getPlugin('taxii2-predraft')!;
const started: RunningMock[] = [];
afterAll(async () => {
  await Promise.all(started.map((m) => m.close()));
});

async function runWithoutCredentials(variants: string[]) {
  const mock = await startFor(plugin, { variants });
  started.push(mock);
  const { report } = await runSuite({
    profile: plugin.suite,
    target: mock.url,
    creds: {},
    insecure: true,
    areas: ['discovery', 'auth', 'api-base'],
    gate: 'must',
    concurrency: 4,
    timeoutMs: 15_000,
    readOnly: true,
  });
  return report;
}

describe('a run without credentials', () => {
  it('against a public Discovery URL runs the Discovery cases without them', async () => {
    const report = await runWithoutCredentials(['public-discovery']);
    const discovery = report.cases.filter((c) => c.area === 'discovery');
    expect(discovery.length).toBeGreaterThan(3);
    expect(discovery.filter((c) => c.verdict !== 'pass').map((c) => `${c.id}: ${c.verdict} — ${c.message}`)).toEqual([]);
    // The API Bases refuse: what needs them did not run, so the gate cannot pass.
    expect(report.summary.gate).toBe('failed');
  });

  it('against a Discovery URL that answers 401 skips the Discovery cases, saying so', async () => {
    const report = await runWithoutCredentials([]);
    const discovery = report.cases.filter((c) => c.area === 'discovery');
    expect(discovery.length).toBeGreaterThan(3);
    for (const c of discovery) {
      expect(c.verdict, c.id).toBe('skip');
      expect(c.message, c.id).toMatch(/answered 401 to a request without credentials/);
      expect(c.message, c.id).not.toMatch(/started from an API Base URL/);
    }
    expect(report.summary.gate).toBe('failed');
  });
});
