// "A check's level is the level of the sentence it quotes" (issue 13): the loader refuses a
// check stronger than its requirement, and a weaker one without a written reason
// (`weakerBecause`), in every profile's catalog.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PLUGINS } from '../../suites/registry.js';
import { CatalogError, flatSteps, levelProblem, loadCases } from '../../suites/core/catalog.js';
import { strengthAbove } from '../../suites/core/levels.js';
import type { Level, Requirement } from '../../suites/core/types.js';

describe.each(PLUGINS.map((p) => [p.id, p.suite] as const))('the %s catalog', (_id, profile) => {
  const reqs = profile.requirements();
  const byId = new Map(reqs.map((r) => [r.id, r]));
  const area = profile.areas[0]!;
  const must = reqs.find((r) => r.level === 'MUST' && !r.ambiguities)!;
  const may = reqs.find((r) => r.level === 'MAY')!;

  it('has every check at its requirement\'s level, or weaker with a reason, and never stronger', () => {
    let weaker = 0;
    for (const c of profile.cases()) {
      for (const ch of flatSteps(c.steps).flatMap((s) => s.expect ?? [])) {
        const r = byId.get(ch.requirement)!;
        const by = strengthAbove(ch.level, r.level);
        expect(by, `${c.id}: ${ch.level} check on ${r.level} ${r.id}`).toBeLessThanOrEqual(0);
        if (by === 0) expect([c.id, ch.level, ch.weakerBecause], `${c.id} on ${r.id}`).toEqual([c.id, r.level, undefined]);
        else expect(ch.weakerBecause, `${c.id}: ${ch.level} check on ${r.level} ${r.id} gives no reason`).toMatch(/\w{3}/);
        if (by < 0) weaker++;
      }
    }
    // The rule has cases to bite on in every profile.
    expect(weaker).toBeGreaterThan(0);
  });

  /** Loads one small case whose one check is `check`; the error's message, or 'loaded'. */
  function load(check: Record<string, unknown>): string {
    const dir = mkdtempSync(join(tmpdir(), 'tc-levels-'));
    const c = { id: `${area}.levels`, area, title: 't', section: 's', steps: [{ name: 'ask', request: { method: 'POST', url: 'x' }, expect: [{ ...check, status: 200 }] }] };
    writeFileSync(join(dir, 'vendor.json'), JSON.stringify([c]));
    try {
      loadCases(dir, reqs, profile.areas);
      return 'loaded';
    } catch (e) {
      expect(e).toBeInstanceOf(CatalogError);
      return (e as Error).message;
    }
  }
  const where = (_req: Requirement): string => `vendor.json: case ${area}.levels at steps[0].expect[0] ("ask"): `;

  it('refuses a weaker check without a reason, naming the case, the step, the requirement and both levels', () => {
    const msg = load({ level: 'SHOULD', requirement: must.id });
    expect(msg).toContain(where(must));
    expect(msg).toContain(`the check is weaker than its requirement (${must.id} is MUST, the check SHOULD): raise it to MUST, or say why in "weakerBecause"`);
  });

  it('holds the checks of a parallel group\'s steps to the same rule', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tc-levels-'));
    const member = (expect: unknown[]) => ({ request: { method: 'GET', url: 'x' }, expect });
    const c = { id: `${area}.levels`, area, title: 't', section: 's', steps: [{ parallel: [member([]), member([{ level: 'SHOULD', requirement: must.id, status: 200 }])] }] };
    writeFileSync(join(dir, 'vendor.json'), JSON.stringify([c]));
    expect(() => loadCases(dir, reqs, profile.areas)).toThrow(`at steps[0].parallel[1].expect[0]: the check is weaker than its requirement (${must.id} is MUST, the check SHOULD)`);
  });

  it('loads a weaker check with its reason', () => {
    expect(load({ level: 'SHOULD', requirement: must.id, weakerBecause: 'the point is our reading' })).toBe('loaded');
  });

  it('refuses a check stronger than its requirement, reason or not', () => {
    for (const extra of [{}, { weakerBecause: 'no reason makes it stronger' }]) {
      expect(load({ level: 'SHOULD', requirement: may.id, ...extra })).toContain(`${where(may)}a check is never stronger than its requirement (${may.id} is MAY, the check SHOULD)`);
    }
  });

  it('refuses a reason on a check at its requirement\'s level, and MUST NOT for a MUST', () => {
    expect(load({ level: 'MUST', requirement: must.id, weakerBecause: 'x' })).toContain(`"weakerBecause" on a check at its requirement's level (${must.id} is MUST): drop it`);
    expect(load({ level: 'MUST NOT', requirement: must.id })).toContain(`the check's level is its requirement's: MUST (${must.id} is MUST, the check MUST NOT)`);
  });

  it('refuses a reason naming an ambiguity the requirement does not list', () => {
    expect(load({ level: 'SHOULD', requirement: must.id, weakerBecause: 'A-999: not this one' })).toContain(`"weakerBecause" names A-999, which ${must.id} does not list`);
  });
});

describe('a check on an ambiguity (TAXII 2.1)', () => {
  const reqs = PLUGINS.find((p) => p.id === 'taxii21')!.suite.requirements();
  const r = reqs.find((x) => x.level === 'MUST' && x.ambiguities?.length)!;
  const check = (level: Level, weakerBecause?: string) => ({ level, requirement: r.id, status: 200, ...(weakerBecause ? { weakerBecause } : {}) });

  it('may be SHOULD when it names an ambiguity the requirement lists', () => {
    expect(levelProblem(check('SHOULD', `${r.ambiguities![0]}: the reading is a warn`), r)).toBeUndefined();
    expect(levelProblem(check('SHOULD', 'A-999: another'), r)).toMatch(/names A-999/);
    expect(levelProblem(check('SHOULD'), r)).toMatch(/weaker than its requirement/);
  });

  it('names its ambiguity in every 2.1 check weaker than a requirement that lists ambiguities', () => {
    const byId = new Map(reqs.map((x) => [x.id, x]));
    const cases = PLUGINS.find((p) => p.id === 'taxii21')!.suite.cases();
    for (const c of cases) {
      for (const ch of flatSteps(c.steps).flatMap((s) => s.expect ?? [])) {
        const req = byId.get(ch.requirement)!;
        if (!ch.weakerBecause || !req.ambiguities) continue;
        expect(req.ambiguities.some((a) => ch.weakerBecause!.includes(a)), `${c.id} on ${req.id}`).toBe(true);
        expect(ch.level, `${c.id}: the cap on an ambiguous point is SHOULD`).toMatch(/^SHOULD/);
      }
    }
  });
});
