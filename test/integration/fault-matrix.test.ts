// Every case can fail, for every profile of the registry: the reference mock passes every
// case (in each configuration of the profile's run options; a case skips only where the
// configuration has no exchange for it), under each of the profile's faults every case it
// names ends in fail (MUST broken) or warn (SHOULD broken), never pass, skip or error, and
// every case of the profile is named by one of its own faults — or, where no mock can fail
// it, broken by a test server. Real HTTPS (and DNS) over loopback against the mock, mounting
// the profile under test alone.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MockOptions, RunningMock } from '../../mock-server/index.js';
import { runSuite } from '../../suites/core/runner.js';
import { PLUGINS, type ProfilePlugin } from '../../suites/registry.js';
import type { RunReport } from '../../suites/core/types.js';
import { runAgainst, show, startFor } from '../helpers/matrix-run.js';
import { hasOpenssl, makeCert, startSServer } from '../helpers/s-server.js';
import { LEGACY_CONFIGS, startLegacyTlsServer } from '../helpers/legacy-tls-server.js';
import { configName, configurations, configured, referenceSkips, REFERENCE_SKIPS, S_SERVER_BREAKS, SKIP_REASONS, skipsIn, TEST_SERVER_ONLY } from '../helpers/profile-matrix.js';

/**
 * Mock options a fault needs to be seen: long polls of 600 ms; 3 s where the fault wakes waiters
 * late (at the end of their wait): a wait shorter than the wake-up bound (1000 ms from the POST's
 * acknowledgement) cannot tell.
 */
const FAULT_MOCK_OPTIONS: Readonly<Record<string, Partial<MockOptions>>> = {
  'long-poll-late': { longPollMs: 3000 },
  'wake-first-waiter-only': { longPollMs: 3000 },
};

/** The mock mounting the profile alone with these faults on. */
function startFaulty(plugin: ProfilePlugin, faults: string[] = []): Promise<RunningMock> {
  const extra = faults.map((f) => FAULT_MOCK_OPTIONS[f] ?? {}).reduce((x, y) => ({ ...x, ...y }), {});
  return startFor(plugin, { faults, ...extra });
}

for (const plugin of PLUGINS) {
  const cases = plugin.suite.cases();
  const ids = new Set(cases.map((c) => c.id));
  const infoCases = new Set(cases.filter((c) => c.info).map((c) => c.id));
  const configs = configurations(plugin.suite);
  const testServerOnly = { ...(TEST_SERVER_ONLY[plugin.id] ?? {}), ...(S_SERVER_BREAKS[plugin.id] ?? {}) };
  const mockSkips = referenceSkips(plugin.id);

  describe(`${plugin.id}: the reference mock`, () => {
    let mock: RunningMock;
    const reports = new Map<string, RunReport>();
    beforeAll(async () => {
      mock = await startFaulty(plugin);
      // Every configuration at once: each run's writes carry its own prefix.
      await Promise.all(configs.map(async (c) => reports.set(configName(c), await runAgainst(mock, configured(plugin.suite, c)))));
    });
    afterAll(async () => {
      await mock?.close();
    });

    for (const c of configs) {
      it(`${configName(c)}: every case passes (an observation is reported), or skips because the configuration lacks its exchange`, () => {
        const report = reports.get(configName(c))!;
        const skips = skipsIn(plugin.id, c);
        expect(report.profile).toBe(plugin.id);
        expect(report.cases).toHaveLength(cases.length);
        const wrong = report.cases.filter((r) => {
          if (skips.includes(r.id)) return r.verdict !== 'skip';
          if (mockSkips.includes(r.id)) return r.verdict !== 'skip' || !REFERENCE_SKIPS[plugin.id]![r.id]!.reason.test(r.message);
          return infoCases.has(r.id) ? !['pass', 'info'].includes(r.verdict) : r.verdict !== 'pass';
        });
        expect(wrong.map(show)).toEqual([]);
        for (const r of report.cases.filter((x) => x.verdict === 'skip')) expect(r.message, `${r.id} says why it skips`).toMatch(SKIP_REASONS[plugin.id] ?? /.{10}/);
        expect(report.summary.gate).toBe('passed');
        // Nothing left but what the protocol cannot undo, each listed with why (TAXII 1.x Inbox content).
        expect(report.leftovers?.filter((l) => !/\): left behind: /.test(l))).toEqual([]);
      });
    }
  });

  describe(`${plugin.id}: its faults`, () => {
    it('belong to it and name only cases of its own suite', () => {
      for (const f of plugin.faults) {
        expect(f.profile, f.name).toBe(plugin.id);
        for (const id of f.breaks) expect(ids.has(id), `${f.name} names ${id}, not a case of ${plugin.id}`).toBe(true);
      }
    });

    it('cover every case, or leave it to a test server where no mock can fail it (observations cannot fail)', () => {
      const covered = new Set([...plugin.faults.flatMap((f) => f.breaks), ...Object.keys(testServerOnly)]);
      expect(cases.filter((c) => !c.info && !covered.has(c.id)).map((c) => c.id)).toEqual([]);
    });

    it('the cases left to a test server are exactly those no fault names', () => {
      const byFaults = new Set(plugin.faults.flatMap((f) => f.breaks));
      for (const id of Object.keys(testServerOnly)) {
        expect(ids.has(id), id).toBe(true);
        expect(byFaults.has(id), `${id} is broken by a mock fault: it needs no test server`).toBe(false);
      }
    });
  });

  describe.concurrent(`${plugin.id}: under each fault, the cases it names fail or warn`, () => {
    for (const fault of plugin.faults.filter((f) => f.breaks.length > 0)) {
      it(fault.name, async () => {
        const mock = await startFaulty(plugin, [fault.name]);
        try {
          const caught = new Set<string>();
          for (const c of configs) {
            const skips = skipsIn(plugin.id, c);
            const report = await runAgainst(mock, configured(plugin.suite, c), fault.breaks);
            expect(report.cases.map((r) => r.id).sort()).toEqual([...fault.breaks].sort());
            for (const r of report.cases) {
              if (skips.includes(r.id)) {
                expect(r.verdict, `${configName(c)}: ${show(r)}`).toBe('skip');
                continue;
              }
              expect(['fail', 'warn'], `${fault.name} in ${configName(c)} did not catch ${show(r)}`).toContain(r.verdict);
              expect(r.message.length, `${r.id} says what was wrong`).toBeGreaterThan(10);
              caught.add(r.id);
            }
          }
          expect([...caught].sort()).toEqual([...fault.breaks].sort());
        } finally {
          await mock.close();
        }
      });
    }
  });

  // The mock runs on this Node's OpenSSL, which cannot accept 3DES, RC4, export suites or
  // SSL 3.0: no mock fault can make these cases fail. test/helpers/legacy-tls-server.ts
  // answers a ServerHello choosing such a suite itself; each case fails against it.
  const legacy = Object.entries(TEST_SERVER_ONLY[plugin.id] ?? {});
  if (legacy.length > 0) {
    describe(`${plugin.id}: cases only the legacy test server can break`, () => {
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

      for (const [id, config] of legacy) {
        it(`${id}: fails against the test server accepting ${config}`, async () => {
          const srv = await startLegacyTlsServer({ ...pem, accept: LEGACY_CONFIGS[config] });
          try {
            const { report } = await runSuite({ profile: plugin.suite, target: srv.url, creds: {}, insecure: true, caseIds: [id], gate: 'must', concurrency: 1, timeoutMs: 15_000, readOnly: false });
            const r = report.cases[0]!;
            expect(r.verdict, show(r)).toBe('fail');
            expect(r.message).toMatch(/accepted: .* \(0x[0-9A-F]{4}\) at /);
          } finally {
            await srv.close();
          }
        });
      }
    });
  }

  // What node:tls cannot serve (0-RTT tickets), OpenSSL's s_server can: each case fails against it.
  const sServer = Object.entries(S_SERVER_BREAKS[plugin.id] ?? {});
  if (sServer.length > 0) {
    describe.skipIf(!hasOpenssl)(`${plugin.id}: cases only openssl s_server can break`, () => {
      let dir: string;
      beforeAll(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), 'taxii-conform-matrix-'));
      });
      afterAll(() => {
        if (dir) fs.rmSync(dir, { recursive: true, force: true });
      });
      for (const [id, how] of sServer) {
        it(`${id}: fails against s_server ${how.extraArgs.join(' ')}`, async () => {
          const c = await makeCert(dir, id);
          const srv = await startSServer({ cert: c.cert, key: c.key, extraArgs: how.extraArgs, www: how.www });
          try {
            const { report } = await runSuite({ profile: plugin.suite, target: `https://127.0.0.1:${srv.port}/`, creds: {}, insecure: true, caseIds: [id], gate: 'must', concurrency: 1, timeoutMs: 15_000, readOnly: false });
            const r = report.cases[0]!;
            expect(['fail', 'warn'], show(r)).toContain(r.verdict);
          } finally {
            await srv.stop();
          }
        });
      }
    });
  }
}
