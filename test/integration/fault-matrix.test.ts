// Every case can fail: the reference mock passes every case, and under each fault every
// case the fault names ends in fail (MUST broken) or warn (SHOULD broken), never pass,
// skip or error. Real HTTPS over loopback against the mock.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listFaults, startMock, type RunningMock } from '../../mock-server/index.js';
import { runSuite } from '../../suites/core/runner.js';
import { taxii2Predraft } from '../../suites/taxii2-predraft/profile.js';
import { getProfile, PROFILE_IDS } from '../../suites/profiles.js';
import type { CaseResult } from '../../suites/core/types.js';
import { offerableInClass } from '../../suites/probes/tls-offers.js';
import { offerClass } from '../../suites/core/tls-step.js';

/** TLS cases whose every suite this Node's OpenSSL cannot offer: they skip here, so no fault can show them failing. */
function cannotRunHere(id: string): boolean {
  const c = cases.find((x) => x.id === id);
  const klass = c?.steps[0]?.tls?.offerClass;
  return klass !== undefined && offerableInClass(offerClass(klass)!).length === 0;
}

const cases = taxii2Predraft.cases();
const ids = new Set(cases.map((c) => c.id));
// This file runs the taxii2-predraft matrix; the taxii1 faults have theirs in taxii1-suite.test.ts.
const allFaults = listFaults();
const faults = allFaults.filter((f) => f.breaks.some((b) => ids.has(b)));

async function runAgainst(mock: RunningMock, caseIds?: string[]): Promise<CaseResult[]> {
  const { report, unreachable } = await runSuite({
    profile: taxii2Predraft,
    target: mock.url,
    srv: { domain: mock.dns!.domain },
    dnsServer: { host: '127.0.0.1', port: mock.dns!.port },
    probeHttpPort: mock.port,
    creds: { user: mock.credentials.user, password: mock.credentials.password },
    insecure: true,
    caseIds,
    gate: 'must',
    concurrency: 8,
    timeoutMs: 15_000,
    readOnly: false,
  });
  expect(unreachable).toBeUndefined();
  return report.cases;
}

const show = (r: CaseResult): string => `${r.id}: ${r.verdict} — ${r.message}`;

describe('the reference mock', () => {
  let mock: RunningMock;
  beforeAll(async () => {
    mock = await startMock({ port: 0, longPollMs: 600, dnsPort: 0 });
  });
  afterAll(async () => {
    await mock.close();
  });

  it('passes every case (but those this OpenSSL cannot offer, which skip saying so)', async () => {
    const results = await runAgainst(mock);
    expect(results).toHaveLength(cases.length);
    const notPassed = results.filter((r) => r.verdict !== 'pass' && !(cannotRunHere(r.id) && r.verdict === 'skip')).map(show);
    expect(notPassed).toEqual([]);
    for (const r of results.filter((x) => cannotRunHere(x.id))) expect(r.message).toMatch(/cannot offer/);
  });
});

describe('the fault catalog', () => {
  it('names only existing cases (of some profile)', () => {
    const every = new Set(PROFILE_IDS.flatMap((p) => getProfile(p)!.cases().map((c) => c.id)));
    for (const f of allFaults) for (const id of f.breaks) expect(every.has(id), `${f.name} names unknown case ${id}`).toBe(true);
  });

  it('covers every case with at least one fault (info cases observe and cannot fail)', () => {
    const covered = new Set(faults.flatMap((f) => f.breaks));
    const uncovered = cases.filter((c) => !c.info && !cannotRunHere(c.id)).map((c) => c.id).filter((id) => !covered.has(id));
    expect(uncovered).toEqual([]);
  });
});

describe.concurrent('under each fault, the cases it names fail', () => {
  for (const fault of faults.filter((f) => f.breaks.length > 0)) {
    it(fault.name, async () => {
      // Long polls of 600 ms (2.5 s where the fault is about waking waiters late), so that timing cases can tell.
      const longPollMs = fault.name === 'long-poll-late' ? 2500 : 600;
      const mock = await startMock({ port: 0, longPollMs, faults: [fault.name], dnsPort: 0 });
      try {
        const results = await runAgainst(mock, fault.breaks);
        const notCaught = results.filter((r) => r.verdict !== 'fail' && r.verdict !== 'warn').map(show);
        expect(notCaught, `${fault.name}: cases that did not detect the fault`).toEqual([]);
        for (const r of results) expect(r.message.length, `${r.id} says what was wrong`).toBeGreaterThan(10);
      } finally {
        await mock.close();
      }
    });
  }
});
