// A real run against the mock over HTTPS, with a fault that fails a check graded weaker than
// its requirement: the case file's reason (`weakerBecause`) reaches report.json (valid
// against its schema), index.html and junit.xml; the checks at their requirement's level
// carry none.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../bin/commands/run.js';
import { startMock, type RunningMock } from '../../mock-server/index.js';
import { escapeHtml } from '../../reports/html.js';
import { weakerChecks } from '../../suites/core/catalog.js';
import type { RunReport } from '../../suites/core/types.js';
import { taxii2Predraft } from '../../suites/taxii2-predraft/profile.js';
import { runArgsFor } from '../helpers/cli-run.js';
import { reportValidator } from '../helpers/report-validator.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tc-weaker-'));
const CASE = 'collections.filter-type';
const AT_LEVEL = 'collections.list';

let mock: RunningMock;
let report: RunReport;
let junit: string;
let html: string;
/** The reason the case file gives for the check the fault fails. */
let reason: string;

beforeAll(async () => {
  const c = taxii2Predraft.cases().find((x) => x.id === CASE)!;
  reason = weakerChecks(c).find((w) => w.requirement === 'T2-URL-09')!.weakerBecause;
  mock = await startMock({ port: 0, faults: ['collection-filter-ignored'] });
  const dir = path.join(tmp, 'run');
  const code = await run(runArgsFor(mock, dir, { format: ['json', 'junit', 'html'], gate: 'should', case: [`${CASE},${AT_LEVEL}`] }), () => undefined);
  expect(code).toBe(1);
  const read = (f: string): string => fs.readFileSync(path.join(dir, f), 'utf8');
  report = JSON.parse(read('report.json')) as RunReport;
  junit = read('junit.xml');
  html = read('index.html');
}, 120_000);

afterAll(async () => {
  await mock?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('a weaker check that fails, through a real run', () => {
  it('report.json carries its reason, and none on the checks at their level; the report validates against its schema', () => {
    const validate = reportValidator();
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
    const weak = report.cases.find((c) => c.id === CASE)!;
    expect(weak.verdict).toBe('warn');
    const failing = weak.checks.filter((k) => !k.ok);
    expect(failing.length).toBeGreaterThan(0);
    for (const k of failing) expect([k.requirement, k.level, k.weakerBecause]).toEqual(['T2-URL-09', 'SHOULD', reason]);
    expect(report.requirements.find((r) => r.id === 'T2-URL-09')?.level).toBe('MUST');
    // The setup steps' checks and the other case's are at their requirements' level.
    const atLevel = report.cases.flatMap((c) => c.checks).filter((k) => k.weakerBecause === undefined);
    expect(atLevel.length).toBeGreaterThan(0);
    for (const k of atLevel) expect(report.requirements.find((r) => r.id === k.requirement)?.level).toBe(k.level);
    const other = report.cases.find((c) => c.id === AT_LEVEL)!;
    expect(other.verdict).toBe('pass');
    for (const k of other.checks) expect(k).not.toHaveProperty('weakerBecause');
  });

  it('index.html shows it beside the level, escaped', () => {
    expect(reason).toMatch(/"/);
    const shown = escapeHtml(`graded SHOULD under a MUST requirement because ${reason.replace(/^The /, 'the ')}`);
    expect(html).toContain(`<span class="muted">(SHOULD)</span><small class="graded">${shown}</small>`);
  });

  it('junit.xml puts it in the failure message and text (--gate should)', () => {
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (n) => ['testsuite', 'testcase'].includes(n) }).parse(junit) as {
      testsuites: { testsuite: { testcase: { name: string; failure?: { message: string; '#text': string } }[] }[] };
    };
    const tc = doc.testsuites.testsuite.flatMap((s) => s.testcase);
    const f = tc.find((t) => t.name === CASE)!.failure!;
    const graded = `graded SHOULD under a MUST requirement because ${reason.replace(/^The /, 'the ')}`;
    expect(f.message).toMatch(/^T2-URL-09 \(SHOULD\): expected /);
    expect(f.message).toContain(`(${graded})`);
    expect(f['#text']).toContain(`Requirement: T2-URL-09 (SHOULD)\nLevel:       ${graded}\n`);
    expect(tc.find((t) => t.name === AT_LEVEL)!.failure).toBeUndefined();
  });
});
