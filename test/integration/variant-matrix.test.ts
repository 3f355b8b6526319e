// No case fails a conformant server, for every profile of the registry: under each of the
// profile's conformant variants — and under all its compatible variants at once — the whole
// suite passes in every configuration of the profile's run options: no fail, no warn, no
// error, and a skip only where the configuration has no exchange for the case or the variant
// says it does not offer what the case needs. When a variant fails a case, the case is wrong.
// Real HTTPS (and DNS) over loopback against the mock, mounting the profile under test alone.
import { describe, expect, it } from 'vitest';
import { PLUGINS, type ProfilePlugin } from '../../suites/registry.js';
import type { Variant } from '../../suites/core/types.js';
import { runAgainst, show, startFor } from '../helpers/matrix-run.js';
import { configName, configurations, configured, referenceSkips, skipsIn } from '../helpers/profile-matrix.js';
import { Semaphore } from '../../suites/core/concurrency.js';

// Each test runs the whole suite: two at a time, or on a small machine the suites' own time
// bounds (a 10 MB X-Max-Size body, long-poll exchanges) are spent waiting for the CPU.
const suitesAtOnce = new Semaphore(2);
/** Generous: a test first waits its turn behind the others. */
const VARIANT_TEST_TIMEOUT_MS = 600_000;
/**
 * --timeout of each case: a server that waits seconds on every long poll (long-poll-wait-4s)
 * spends three waits and a 2.5 s pause in one case, and two 10 MiB X-Max-Size cases run in each
 * suite; its vendor would give --timeout to match, and this machine is shared.
 */
const CASE_TIMEOUT_MS = 60_000;

/** The profile's variants switched on together, greedily, in table order: each conflicting one left out. */
function compatible(variants: readonly Variant[]): Variant[] {
  const chosen: Variant[] = [];
  for (const v of variants) if (!chosen.some((c) => c.conflicts.includes(v.name))) chosen.push(v);
  return chosen;
}

async function expectSuitePasses(plugin: ProfilePlugin, variants: readonly Variant[]): Promise<void> {
  const cases = plugin.suite.cases();
  const infoCases = new Set(cases.filter((c) => c.info).map((c) => c.id));
  const variantSkips: Record<string, string> = Object.assign({}, ...variants.map((v) => v.skips));
  // A MAY the reference mock does not take skips its case, unless one of these variants takes it.
  for (const id of referenceSkips(plugin.id, variants.map((v) => v.name))) variantSkips[id] ??= 'the reference mock does not take this MAY';
  const mock = await startFor(plugin, { variants: variants.map((v) => v.name) });
  try {
    expect(mock.variants.sort()).toEqual(variants.map((v) => v.name).sort());
    for (const c of configurations(plugin.suite)) {
      const report = await runAgainst(mock, configured(plugin.suite, c), undefined, CASE_TIMEOUT_MS);
      const configSkips = skipsIn(plugin.id, c);
      expect(report.cases).toHaveLength(cases.length);
      const wrong = report.cases.filter((r) => {
        if (r.verdict === 'skip') return !configSkips.includes(r.id) && !(r.id in variantSkips);
        return r.verdict !== (infoCases.has(r.id) ? 'info' : 'pass');
      });
      expect(wrong.map((r) => `${configName(c)}: ${show(r)}`)).toEqual([]);
      expect(report.summary.gate).toBe('passed');
      // Nothing left but what the protocol cannot undo, each listed with why (TAXII 1.x Inbox content).
      expect(report.leftovers?.filter((l) => !/\): left behind: /.test(l))).toEqual([]);
    }
  } finally {
    await mock.close();
  }
}

for (const plugin of PLUGINS) {
  describe(`${plugin.id}: its conformant variants`, () => {
    it('belong to it, say the freedom they take, conflict only with its own, and skip only cases of its suite', () => {
      const names = new Set(plugin.variants.map((v) => v.name));
      const ids = new Set(plugin.suite.cases().map((c) => c.id));
      expect(names.size).toBe(plugin.variants.length);
      for (const v of plugin.variants) {
        expect(v.profile, v.name).toBe(plugin.id);
        expect(v.freedom.length, `${v.name} names its freedom`).toBeGreaterThan(20);
        for (const c of v.conflicts) expect(names.has(c), `${v.name} conflicts with ${c}`).toBe(true);
        for (const [id, why] of Object.entries(v.skips)) {
          expect(ids.has(id), `${v.name} skips ${id}, not a case of ${plugin.id}`).toBe(true);
          expect(why.length, `${v.name} says why ${id} skips`).toBeGreaterThan(10);
        }
      }
    });
  });

  // A profile with no variant yet has no matrix to run (an empty describe is an error).
  if (plugin.variants.length === 0) continue;
  describe.concurrent(`${plugin.id}: the whole suite passes under each variant`, () => {
    for (const variant of plugin.variants) {
      it(variant.name, () => suitesAtOnce.run(() => expectSuitePasses(plugin, [variant])), VARIANT_TEST_TIMEOUT_MS);
    }
    const together = compatible(plugin.variants);
    if (together.length > 1) {
      it(`all compatible variants at once (${together.map((v) => v.name).join(', ')})`, () => suitesAtOnce.run(() => expectSuitePasses(plugin, together)), VARIANT_TEST_TIMEOUT_MS);
    }
  });
}
