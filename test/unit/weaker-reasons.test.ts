// A check graded weaker than its requirement carries its reason (`weakerBecause`) wherever its
// level is shown: `list --format json` and the catalog stamped for it, report.json (valid
// against its schema), the HTML report (escaped), JUnit's failure and warning text and the
// console. A check at its requirement's level carries none.
import fs from 'node:fs';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { profileCatalogOf, stampedCatalogOf } from '../../bin/catalog-of.js';
import { weakerChecks } from '../../suites/core/catalog.js';
import { strengthAbove } from '../../suites/core/levels.js';
import { CATALOG_FORMAT, usableStamp } from '../../suites/core/stamped-catalog.js';
import { PLUGINS } from '../../suites/registry.js';
import { taxii1 } from '../../suites/taxii1/profile.js';
import { renderHtml } from '../../reports/html.js';
import { toJunit } from '../../reports/junit.js';
import { toJson } from '../../reports/json.js';
import { renderConsole } from '../../reports/console.js';
import { gradedText } from '../../reports/check-text.js';
import type { CaseResult, RequirementResult, RunReport } from '../../suites/core/types.js';
import { reportOf } from '../helpers/report-fixtures.js';
import { reportValidator } from '../helpers/report-validator.js';

const root = path.resolve(import.meta.dirname, '../..');

/** The reason taxii1's discovery.request gives for its SHOULD check under T1-MSG-02 (a MUST), as its case file has it. */
const DISCOVERY_REASON = (() => {
  const file = JSON.parse(fs.readFileSync(path.join(root, 'suites/taxii1/cases/discovery.json'), 'utf8')) as { cases: { id: string; steps: { expect?: { requirement: string; weakerBecause?: string }[] }[] }[] };
  const c = file.cases.find((x) => x.id === 'discovery.request')!;
  return c.steps.flatMap((s) => s.expect ?? []).find((ch) => ch.requirement === 'T1-MSG-02' && ch.weakerBecause)!.weakerBecause!;
})();

describe('the catalog list and explain print', () => {
  it('gives each case its weaker checks with their level and reason, and none to a case whose checks are at their requirements\' level', () => {
    const reqs = new Map(taxii1.requirements().map((r) => [r.id, r]));
    expect(reqs.get('T1-MSG-02')?.level).toBe('MUST');
    const catalog = profileCatalogOf(taxii1);
    const discovery = catalog.cases.find((c) => c.id === 'discovery.request')!;
    expect(discovery.weakerChecks).toEqual([{ requirement: 'T1-MSG-02', level: 'SHOULD', weakerBecause: DISCOVERY_REASON }]);
    // The existing fields keep their order; the new one comes after them.
    expect(Object.keys(discovery)).toEqual(['id', 'area', 'level', 'title', 'section', 'requirements', 'weakerChecks']);
    let withReasons = 0;
    for (const p of PLUGINS) {
      const cases = new Map(p.suite.cases().map((c) => [c.id, c]));
      const preqs = new Map(p.suite.requirements().map((r) => [r.id, r]));
      for (const listed of profileCatalogOf(p.suite).cases) {
        const checks = cases.get(listed.id)!.steps.flatMap(function all(s): { level: string; requirement: string }[] {
          return [...(s.expect ?? []), ...(s.parallel ?? []).flatMap(all)];
        });
        const weaker = checks.filter((ch) => strengthAbove(ch.level as 'MUST', preqs.get(ch.requirement)!.level) < 0);
        if (weaker.length === 0) {
          expect(listed, `${p.id} ${listed.id}`).not.toHaveProperty('weakerChecks');
          continue;
        }
        withReasons++;
        // Every weaker check is listed (once per requirement, level and reason), and only those.
        expect(new Set(weaker.map((ch) => `${ch.requirement} ${ch.level}`)), `${p.id} ${listed.id}`).toEqual(new Set(listed.weakerChecks!.map((w) => `${w.requirement} ${w.level}`)));
        for (const w of listed.weakerChecks!) expect(w.weakerBecause).toMatch(/\w{3}/);
      }
    }
    expect(withReasons).toBeGreaterThan(10);
  });

  it('lists a reason repeated by several checks of a case once', () => {
    const steps = [
      { expect: [{ level: 'SHOULD' as const, requirement: 'R-1', status: 200, weakerBecause: 'same' }] },
      { parallel: [{ expect: [{ level: 'SHOULD' as const, requirement: 'R-1', status: 401, weakerBecause: 'same' }, { level: 'MUST' as const, requirement: 'R-2', status: 200 }] }] },
      { expect: [{ level: 'MAY' as const, requirement: 'R-1', status: 200, weakerBecause: 'other' }] },
    ];
    expect(weakerChecks({ steps } as never)).toEqual([
      { requirement: 'R-1', level: 'SHOULD', weakerBecause: 'same' },
      { requirement: 'R-1', level: 'MAY', weakerBecause: 'other' },
    ]);
  });

  it('is stamped with the reasons and its format; a stamp of another format (an older build\'s) is ignored, not misread', () => {
    const stamp = JSON.parse(JSON.stringify(stampedCatalogOf([taxii1]))) as unknown;
    const read = usableStamp(stamp);
    expect(read?.format).toBe(CATALOG_FORMAT);
    expect(read?.profiles[0]!.cases.find((c) => c.id === 'discovery.request')?.weakerChecks?.[0]?.weakerBecause).toBe(DISCOVERY_REASON);
    const { format: _, ...old } = stamp as { format: number };
    expect(usableStamp(old)).toBeUndefined();
    expect(usableStamp({ ...old, format: CATALOG_FORMAT - 1 })).toBeUndefined();
    expect(usableStamp(null)).toBeUndefined();
    expect(usableStamp('catalog')).toBeUndefined();
  });
});

describe('list --format json', () => {
  afterEach(() => vi.restoreAllMocks());

  it("shows a weaker check's level and reason under its case, and no such field on a case without one", async () => {
    let out = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => ((out += String(chunk)), true));
    const { listCommand } = await import('../../bin/commands/list.js');
    await (listCommand.handler as (a: object) => Promise<void>)({ profile: 'taxii1', format: 'json', requirements: false });
    vi.restoreAllMocks();
    const list = JSON.parse(out) as { cases: Record<string, unknown>[] };
    const discovery = list.cases.find((c) => c.id === 'discovery.request')!;
    expect(discovery.weakerChecks).toEqual([{ requirement: 'T1-MSG-02', level: 'SHOULD', weakerBecause: DISCOVERY_REASON }]);
    expect(Object.keys(discovery).slice(0, 6)).toEqual(['id', 'area', 'level', 'title', 'section', 'requirements']);
    // Exactly the cases the catalog finds weaker checks in carry the field.
    const atLevel = list.cases.filter((c) => !('weakerChecks' in c)).map((c) => c.id);
    expect(atLevel.length).toBeGreaterThan(0);
    expect(atLevel).toEqual(profileCatalogOf(taxii1).cases.filter((c) => !c.weakerChecks).map((c) => c.id));
  });
});

// ---------------------------------------------------------------------------------------
// Reports

const HOSTILE_REASON = 'The <b>row</b> & "its" params: our reading';

function weakerCase(verdict: 'warn' | 'pass'): CaseResult {
  const ok = verdict === 'pass';
  return {
    id: 'collections.filter-type',
    area: 'collections',
    level: 'SHOULD',
    title: 'filter',
    requirements: ['T2-URL-09'],
    verdict,
    durationMs: 4,
    message: ok ? '2 check(s) held' : 'T2-URL-09 (SHOULD): expected some object of type malware; got none',
    checks: [
      { requirement: 'T2-URL-09', level: 'SHOULD', ok, expected: 'some object of type malware', actual: ok ? 'one' : 'none', weakerBecause: HOSTILE_REASON },
      { requirement: 'T2-MSG-01', level: 'SHOULD', ok: true, expected: 'x', actual: 'x' },
    ],
    evidence: [],
  };
}

const atLevel: CaseResult = {
  id: 'collections.list',
  area: 'collections',
  level: 'MUST',
  title: 'list',
  requirements: ['T2-URL-08'],
  verdict: 'fail',
  durationMs: 3,
  message: 'T2-URL-08 (MUST): expected status 200; got status 500',
  checks: [{ requirement: 'T2-URL-08', level: 'MUST', ok: false, expected: 'status 200', actual: 'status 500' }],
  evidence: [],
};

const requirements: RequirementResult[] = [
  { id: 'T2-URL-09', level: 'MUST', section: 's', text: 't', cases: ['collections.filter-type'], verdict: 'warn' },
  { id: 'T2-MSG-01', level: 'SHOULD', section: 's', text: 't', cases: ['collections.filter-type'], verdict: 'pass' },
  { id: 'T2-URL-08', level: 'MUST', section: 's', text: 't', cases: ['collections.list'], verdict: 'fail' },
];

const report = (verdict: 'warn' | 'pass', gate: 'must' | 'should' = 'must'): RunReport => reportOf([weakerCase(verdict), atLevel], { requirements }, gate);

const GRADED = 'graded SHOULD under a MUST requirement because the <b>row</b> & "its" params: our reading';

describe('report.json', () => {
  it('carries the reason on the weaker check only, and validates against the published schema', () => {
    const validate = reportValidator();
    const json = JSON.parse(toJson(report('warn'))) as RunReport;
    expect(validate(json), JSON.stringify(validate.errors)).toBe(true);
    const [weaker, same] = json.cases[0]!.checks;
    expect(weaker!.weakerBecause).toBe(HOSTILE_REASON);
    expect(same).not.toHaveProperty('weakerBecause');
    expect(json.cases[1]!.checks[0]).not.toHaveProperty('weakerBecause');
    // The schema names the field: an empty reason, or another type, is refused.
    (json.cases[0]!.checks[0] as { weakerBecause: unknown }).weakerBecause = '';
    expect(validate(json)).toBe(false);
  });
});

describe('gradedText', () => {
  it("says the check's level, its requirement's and why; nothing for a check at its requirement's level", () => {
    const check = weakerCase('warn').checks[0]!;
    expect(gradedText(check, 'MUST')).toBe(GRADED);
    expect(gradedText({ ...check, weakerBecause: 'A-24: a repeated parameter' }, 'MUST')).toBe('graded SHOULD under a MUST requirement because A-24: a repeated parameter');
    expect(gradedText(check, undefined)).toBe('graded SHOULD weaker than its requirement because the <b>row</b> & "its" params: our reading');
    expect(gradedText(atLevel.checks[0]!, 'MUST')).toBeUndefined();
  });
});

describe('index.html', () => {
  it('shows the reason beside the check\'s level, small and escaped', () => {
    const html = renderHtml(report('warn'), {});
    expect(html).toContain(
      '<code>T2-URL-09</code> <span class="muted">(SHOULD)</span><small class="graded">graded SHOULD under a MUST requirement because the &lt;b&gt;row&lt;/b&gt; &amp; &quot;its&quot; params: our reading</small>',
    );
    expect(html).not.toContain('<b>row</b>');
    // One reason, one check: the checks at their requirements' level have none.
    expect(html.match(/<small class="graded">/g)).toHaveLength(1);
  });
});

describe('junit.xml', () => {
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (n) => ['testsuite', 'testcase'].includes(n) });
  type Tc = { name: string; failure?: { message: string; '#text': string }; 'system-out'?: string };
  const cases = (xml: string): Map<string, Tc> =>
    new Map((parser.parse(xml) as { testsuites: { testsuite: { testcase: Tc[] }[] } }).testsuites.testsuite.flatMap((s) => s.testcase).map((t) => [t.name, t]));

  it("puts the reason in a failing weaker check's message and text (--gate should), not in a check's at its level", () => {
    const tc = cases(toJunit(report('warn', 'should')));
    const f = tc.get('collections.filter-type')!.failure!;
    expect(f.message).toBe(`T2-URL-09 (SHOULD): expected some object of type malware; got none (${GRADED})`);
    expect(f['#text']).toContain(`Requirement: T2-URL-09 (SHOULD)\nLevel:       ${GRADED}\nExpected:    some object of type malware`);
    const l = tc.get('collections.list')!.failure!;
    expect(l.message).toBe(atLevel.message);
    expect(l['#text']).not.toContain('Level:');
  });

  it("puts it in a warning's text when the warning does not gate (--gate must), and nowhere when the weaker check held", () => {
    const warn = cases(toJunit(report('warn', 'must'))).get('collections.filter-type')!;
    expect(warn.failure).toBeUndefined();
    expect(warn['system-out']).toContain(`Level:       ${GRADED}`);
    expect(toJunit(report('pass', 'should'))).not.toContain('graded SHOULD');
  });
});

describe('the console', () => {
  it("prints the reason under a weaker check's requirement line", () => {
    const out = renderConsole(report('warn'), { color: false });
    expect(out).toMatch(/Requirement: T2-URL-09 \(SHOULD\)\n +Level: +graded SHOULD under a MUST requirement because the <b>row<\/b>/);
    expect(out.match(/Level:/g)).toHaveLength(1);
  });
});
