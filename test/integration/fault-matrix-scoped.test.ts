// Faults scoped to one URL kind (`mock --fault ignore-accept@get-collection`): for every
// profile with a coverage spec, each fault that governs requirements of it, switched on for
// one URL kind alone, makes the cases checking them there fail (or warn), and the cases
// checking them on the other URL kinds pass: each per-URL check fails on its own, and a case
// probing the wrong URL would be caught. The expectations come from the coverage spec and the
// fault's `breaks` (test/helpers/scoped-faults.ts); each run selects the cases of the fault's
// requirements only. Real HTTPS over loopback against the mock mounting the profile alone.
import { describe, expect, it } from 'vitest';
import { PLUGINS } from '../../suites/registry.js';
import { runAgainst, show, startFor } from '../helpers/matrix-run.js';
import { configName, configurations, configured, skipsIn } from '../helpers/profile-matrix.js';
import { scopedName, scopedRuns } from '../helpers/scoped-faults.js';

for (const plugin of PLUGINS) {
  const { runs } = scopedRuns(plugin);
  if (runs.length === 0) continue;
  const configs = configurations(plugin.suite);

  describe(`${plugin.id}: its scoped faults`, () => {
    it('every fault that takes a scope governs requirements of the coverage spec, and each scope is a URL kind of it', () => {
      const kinds = plugin.suite.coverage!.urlKinds.map((k) => k.id);
      for (const f of plugin.faults.filter((x) => x.scopes?.length)) {
        expect(f.governs!.length, f.name).toBeGreaterThan(0);
        for (const s of f.scopes!) expect(kinds, `${f.name}@${s}`).toContain(s);
      }
    });

    it('each fault that takes a scope has a URL kind where it breaks a case on its own', () => {
      for (const f of plugin.faults.filter((x) => x.scopes?.length)) expect(runs.some((r) => r.fault === f), f.name).toBe(true);
    });
  });

  describe.concurrent(`${plugin.id}: under a fault scoped to one URL kind, only that URL kind's cases fail`, () => {
    for (const run of runs) {
      it(`${scopedName(run)} (${run.kindName})`, async () => {
        const mock = await startFor(plugin, { faults: [scopedName(run)] });
        try {
          for (const c of configs) {
            const skips = skipsIn(plugin.id, c);
            const report = await runAgainst(mock, configured(plugin.suite, c), run.family);
            expect(report.cases.map((r) => r.id).sort()).toEqual([...run.family].sort());
            for (const r of report.cases) {
              if (skips.includes(r.id)) continue;
              if (run.mustNotPass.includes(r.id)) {
                expect(['fail', 'warn'], `${scopedName(run)} in ${configName(c)} did not catch ${show(r)}`).toContain(r.verdict);
              } else if (run.mustPass.includes(r.id)) {
                expect(r.verdict, `${scopedName(run)} in ${configName(c)} reached another URL kind: ${show(r)}`).toBe('pass');
              }
            }
          }
        } finally {
          await mock.close();
        }
      });
    }
  });
}
