// Every case can fail: the reference mock passes every case, and under each fault every
// case the fault names ends in fail (MUST broken) or warn (SHOULD broken), never pass,
// skip or error. Real HTTPS over loopback against the mock.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listFaults, startMock, type RunningMock } from '../../mock-server/index.js';
import { runSuite } from '../../suites/core/runner.js';
import { taxii2Predraft } from '../../suites/taxii2-predraft/profile.js';
import { getProfile, PROFILE_IDS } from '../../suites/profiles.js';
import type { CaseResult } from '../../suites/core/types.js';
import { makeCert } from '../helpers/s-server.js';
import { LEGACY_CONFIGS, TEST_SERVER_BREAKS, startLegacyTlsServer } from '../helpers/legacy-tls-server.js';

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

/** Faults whose waiting GETs answer only when their wait ends. */
const WAKES_LATE = new Set(['long-poll-late', 'wake-first-waiter-only']);

const show = (r: CaseResult): string => `${r.id}: ${r.verdict} — ${r.message}`;

describe('the reference mock', () => {
  let mock: RunningMock;
  beforeAll(async () => {
    mock = await startMock({ port: 0, longPollMs: 600, dnsPort: 0 });
  });
  afterAll(async () => {
    await mock.close();
  });

  it('passes every case, none skipped', async () => {
    const results = await runAgainst(mock);
    expect(results).toHaveLength(cases.length);
    // An observation-only case ends in `info`, never in `pass`.
    const info = new Set(cases.filter((c) => c.info).map((c) => c.id));
    expect(info.size).toBeGreaterThan(0);
    expect(results.filter((r) => r.verdict !== (info.has(r.id) ? 'info' : 'pass')).map(show)).toEqual([]);
  });
});

describe('the fault catalog', () => {
  it('names only existing cases (of some profile)', () => {
    const every = new Set(PROFILE_IDS.flatMap((p) => getProfile(p)!.cases().map((c) => c.id)));
    for (const f of allFaults) for (const id of f.breaks) expect(every.has(id), `${f.name} names unknown case ${id}`).toBe(true);
  });

  it('covers every case with a fault, or with the legacy test server where no mock can fail it (info cases observe and cannot fail)', () => {
    const covered = new Set([...faults.flatMap((f) => f.breaks), ...Object.keys(TEST_SERVER_BREAKS)]);
    const uncovered = cases.filter((c) => !c.info).map((c) => c.id).filter((id) => !covered.has(id));
    expect(uncovered).toEqual([]);
  });

  it('the cases left to the legacy test server are exactly those no mock fault names', () => {
    const byFaults = new Set(faults.flatMap((f) => f.breaks));
    for (const id of Object.keys(TEST_SERVER_BREAKS)) {
      expect(ids.has(id), id).toBe(true);
      expect(byFaults.has(id), `${id} is broken by a mock fault: it needs no test server`).toBe(false);
    }
  });
});

// The mock runs on this Node's OpenSSL, which cannot accept 3DES, RC4, export suites or SSL 3.0:
// no mock fault can make these cases fail. test/helpers/legacy-tls-server.ts answers a
// ServerHello choosing such a suite itself; each case fails against it, one by one.
describe('cases only the legacy test server can break', () => {
  let dir: string;
  let pem: { cert: string; key: string };
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'taxii-conform-matrix-'));
    const c = await makeCert(dir, 'legacy');
    pem = { cert: fs.readFileSync(c.cert, 'utf8'), key: fs.readFileSync(c.key, 'utf8') };
  });
  afterAll(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  for (const [id, config] of Object.entries(TEST_SERVER_BREAKS)) {
    it(`${id}: fails against the test server accepting ${config}`, async () => {
      const srv = await startLegacyTlsServer({ ...pem, accept: LEGACY_CONFIGS[config] });
      try {
        const { report } = await runSuite({ profile: taxii2Predraft, target: srv.url, creds: {}, insecure: true, caseIds: [id], gate: 'must', concurrency: 1, timeoutMs: 15_000, readOnly: false });
        const r = report.cases[0]!;
        expect(r.verdict, show(r)).toBe('fail');
        expect(r.message).toMatch(/accepted: .* \(0x[0-9A-F]{4}\) at /);
      } finally {
        await srv.close();
      }
    });
  }
});

describe.concurrent('under each fault, the cases it names fail', () => {
  for (const fault of faults.filter((f) => f.breaks.length > 0)) {
    it(fault.name, async () => {
      // Long polls of 600 ms; 3 s where the fault wakes waiters late (at the end of their wait):
      // a wait shorter than the wake-up bound (1000 ms from the POST's acknowledgement) cannot tell.
      const longPollMs = WAKES_LATE.has(fault.name) ? 3000 : 600;
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
