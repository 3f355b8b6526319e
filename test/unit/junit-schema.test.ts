// junit.xml against the common JUnit XML schema CI systems read (test/fixtures/junit.xsd:
// testsuites/testsuite/testcase with properties, failure, error, skipped, system-out).
// A real run against the mock (two faults on, --read-only so writing cases skip), under both
// gates, and a crafted report with every other outcome and hostile text:
//  - validated with `xmllint --noout --schema` when xmllint is installed (Debian
//    libxml2-utils; the test says so and skips when it is not);
//  - always, by a structural check that mirrors the schema and adds what XSD 1.0 cannot say:
//    the counts agree with the testcases and with the report.
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportAgainstMock } from '../helpers/mock-run.js';
import { writeReports } from '../../reports/index.js';
import { toJunit } from '../../reports/junit.js';
import type { Gate, RunReport } from '../../suites/core/types.js';
import { underGate } from '../helpers/report-fixtures.js';

const XSD = fileURLToPath(new URL('../fixtures/junit.xsd', import.meta.url));
const hasXmllint = spawnSync('xmllint', ['--version'], { encoding: 'utf8' }).status === 0;

interface Sample {
  name: string;
  report: RunReport;
  gate: Gate;
  xml: string;
  file: string;
}

let dir = '';
const samples: Sample[] = [];

/** The real run, edited: an error, a known failure, a known warning, an observation, a case not run, hostile text. */
function crafted(real: RunReport): RunReport {
  const r = structuredClone(real);
  const hostile = `<script>]]>&"'\u0001\u0008\r\n\t\uFFFE\uD800 é 😀 </testcase>`;
  const pass = r.cases.filter((c) => c.verdict === 'pass');
  const [a, b, c2, d] = [pass[0]!, pass[1]!, pass[2]!, pass[3]!];
  a.verdict = 'error';
  a.message = `timed out ${hostile}`;
  b.verdict = 'fail';
  b.known = true;
  b.message = `known ${hostile}`;
  c2.verdict = 'warn';
  c2.known = true;
  d.title = hostile;
  d.checks[0]!.actual = hostile;
  d.verdict = 'fail';
  d.checks[0]!.ok = false;
  if (d.evidence[0]?.response) d.evidence[0].response.body = hostile.repeat(3);
  const [e, f] = [pass[4]!, pass[5]!];
  e.verdict = 'info';
  e.message = `observed ${hostile}`;
  f.verdict = 'error';
  f.notRun = true;
  f.message = 'not run: interrupted';
  r.target = `https://t.example/${hostile}`;
  return r;
}

beforeAll(async () => {
  // ignore-accept: a SHOULD case warns; jwt-alg-none: a MUST case that only reads fails.
  const report = await reportAgainstMock({ faults: ['ignore-accept', 'jwt-alg-none'], readOnly: true });
  dir = await mkdtemp(join(tmpdir(), 'taxii-conform-junit-'));
  const add = async (name: string, r: RunReport, gate: Gate): Promise<void> => {
    const sub = join(dir, name);
    const gated = underGate(r, gate);
    const [file] = await writeReports(gated, { dir: sub, formats: ['junit'] });
    samples.push({ name, report: gated, gate, xml: toJunit(gated), file: file! });
  };
  await add('real-must', report, 'must');
  await add('real-should', report, 'should');
  await add('crafted-must', crafted(report), 'must');
  await add('crafted-should', crafted(report), 'should');
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

it('the samples hold every outcome JUnit can show', () => {
  const all = samples.map((s) => s.xml).join('\n');
  for (const el of ['<failure ', '<error ', '<skipped ', '<system-out>', '<properties>', '<property name="requirement"']) {
    expect(all).toContain(el);
  }
  const real = samples[0]!.report;
  expect(real.cases.some((c) => c.verdict === 'fail')).toBe(true);
  expect(real.cases.some((c) => c.verdict === 'warn')).toBe(true);
  expect(real.cases.some((c) => c.verdict === 'skip')).toBe(true);
});

describe.skipIf(!hasXmllint)(
  `junit.xml validates against test/fixtures/junit.xsd with xmllint${hasXmllint ? '' : ' — SKIPPED: xmllint is missing (apt-get install libxml2-utils)'}`,
  () => {
    const xmllint = (file: string): { ok: boolean; out: string } => {
      const p = spawnSync('xmllint', ['--noout', '--nonet', '--schema', XSD, file], { encoding: 'utf8' });
      return { ok: p.status === 0, out: `${p.stdout}${p.stderr}` };
    };

    it.each(['real-must', 'real-should', 'crafted-must', 'crafted-should'])('%s', (name) => {
      const s = samples.find((x) => x.name === name)!;
      const r = xmllint(s.file);
      expect(r.out).toContain('validates');
      expect(r.ok, r.out).toBe(true);
    });

    it('and the schema is not vacuous: it rejects broken files', async () => {
      const broken = [
        '<testsuites><testsuite name="a" tests="1" failures="0" errors="0"><testcase classname="p.a"/></testsuite></testsuites>',
        '<testsuites><testsuite name="a" tests="-1" failures="0" errors="0"/></testsuites>',
        '<testsuites><testsuite name="a" tests="1" failures="0" errors="0"><testcase name="x" classname="p.a"><failure type="fail"/><properties/></testcase></testsuite></testsuites>',
        '<testsuites><testsuite name="a" tests="1" failures="1" errors="0"><testcase name="x" classname="p.a"><failure type="f"/><error type="e"/></testcase></testsuite></testsuites>',
        '<testsuites><testsuite name="a" tests="0" failures="0" errors="0" time="1,5"/></testsuites>',
        '<testsuites><testsuite name="a" tests="0" failures="0" errors="0"/><testsuite name="a" tests="0" failures="0" errors="0"/></testsuites>',
      ];
      for (const [i, xml] of broken.entries()) {
        const file = join(dir, `broken-${i}.xml`);
        await writeFile(file, xml);
        expect(xmllint(file).ok, xml).toBe(false);
      }
    });
  },
);

// ---------------------------------------------------------------------------------------
// The structural check: the same grammar as junit.xsd, plus the counts.

type AttrType = 'count' | 'seconds' | 'name' | 'string' | 'dateTime';
interface ElementRule {
  attrs: Record<string, AttrType>;
  required: string[];
  /** The element children's names, each followed by a comma, must match this. */
  children: RegExp;
  text: boolean;
}

const SUITE_ATTRS: Record<string, AttrType> = {
  name: 'name', tests: 'count', failures: 'count', errors: 'count', skipped: 'count', disabled: 'count',
  time: 'seconds', timestamp: 'dateTime', hostname: 'string', id: 'string', package: 'string', file: 'string',
};
const GRAMMAR: Record<string, ElementRule> = {
  testsuites: {
    attrs: { name: 'string', tests: 'count', failures: 'count', errors: 'count', skipped: 'count', disabled: 'count', time: 'seconds', timestamp: 'dateTime' },
    required: [],
    children: /^(testsuite,)*$/,
    text: false,
  },
  testsuite: { attrs: SUITE_ATTRS, required: ['name', 'tests', 'failures', 'errors'], children: /^(properties,)?(testcase,)*(system-out,)?(system-err,)?$/, text: false },
  properties: { attrs: {}, required: [], children: /^(property,)*$/, text: false },
  property: { attrs: { name: 'name', value: 'string' }, required: ['name', 'value'], children: /^$/, text: false },
  testcase: {
    attrs: { name: 'name', classname: 'name', time: 'seconds', assertions: 'count', file: 'string', line: 'count' },
    required: ['name', 'classname'],
    children: /^(properties,)?((skipped|error|failure),)?(system-out,)?(system-err,)?$/,
    text: false,
  },
  failure: { attrs: { message: 'string', type: 'string' }, required: ['type'], children: /^$/, text: true },
  error: { attrs: { message: 'string', type: 'string' }, required: ['type'], children: /^$/, text: true },
  skipped: { attrs: { message: 'string', type: 'string' }, required: [], children: /^$/, text: true },
  'system-out': { attrs: {}, required: [], children: /^$/, text: true },
  'system-err': { attrs: {}, required: [], children: /^$/, text: true },
};
const TYPES: Record<AttrType, RegExp> = {
  count: /^\d+$/,
  seconds: /^\d+(\.\d+)?$/,
  name: /^[\s\S]+$/,
  string: /^[\s\S]*$/,
  dateTime: /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/,
};

/** An element as fast-xml-parser gives it with preserveOrder. */
interface El {
  name: string;
  attrs: Record<string, string>;
  children: El[];
  text: string;
}

type Raw = Record<string, unknown>;
function toEl(raw: Raw): El | undefined {
  const name = Object.keys(raw).find((k) => k !== ':@');
  if (name === undefined || name === '#text' || name.startsWith('?')) return undefined;
  const kids = (raw[name] as Raw[]) ?? [];
  const el: El = { name, attrs: (raw[':@'] as Record<string, string>) ?? {}, children: [], text: '' };
  for (const k of kids) {
    if ('#text' in k) el.text += String(k['#text']);
    else {
      const child = toEl(k);
      if (child) el.children.push(child);
    }
  }
  return el;
}

function parse(xml: string): El {
  expect(XMLValidator.validate(xml)).toBe(true);
  const parser = new XMLParser({
    preserveOrder: true,
    ignoreAttributes: false,
    attributeNamePrefix: '',
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: false,
  });
  const roots = (parser.parse(xml) as Raw[]).map(toEl).filter((e): e is El => e !== undefined);
  expect(roots).toHaveLength(1);
  return roots[0]!;
}

/** Problems with an element and its subtree against GRAMMAR. */
function check(el: El, path = el.name): string[] {
  const rule = GRAMMAR[el.name];
  if (!rule) return [`${path}: element <${el.name}> is not in the schema`];
  const out: string[] = [];
  for (const [k, v] of Object.entries(el.attrs)) {
    const t = rule.attrs[k];
    if (!t) out.push(`${path}: attribute ${k} is not allowed`);
    else if (!TYPES[t].test(v)) out.push(`${path}: attribute ${k}="${v}" is not a ${t}`);
  }
  for (const k of rule.required) if (!(k in el.attrs)) out.push(`${path}: attribute ${k} is required`);
  const seq = el.children.map((c) => `${c.name},`).join('');
  if (!rule.children.test(seq)) out.push(`${path}: children ${seq || '(none)'} do not match ${rule.children}`);
  if (!rule.text && el.text.trim() !== '') out.push(`${path}: text is not allowed`);
  el.children.forEach((c, i) => out.push(...check(c, `${path}/${c.name}[${i}]`)));
  return out;
}

const num = (el: El, a: string): number => Number(el.attrs[a] ?? '0');
const has = (tc: El, name: string): boolean => tc.children.some((c) => c.name === name);

describe('junit.xml structure (always checked, xmllint or not)', () => {
  it.each(['real-must', 'real-should', 'crafted-must', 'crafted-should'])('%s follows the schema and the report', (name) => {
    const s = samples.find((x) => x.name === name)!;
    const root = parse(s.xml);
    expect(root.name).toBe('testsuites');
    expect(check(root)).toEqual([]);

    // Counts agree with the testcases, per suite and in total.
    const suites = root.children;
    let tests = 0;
    let failures = 0;
    let errors = 0;
    let skipped = 0;
    for (const suite of suites) {
      const cases = suite.children.filter((c) => c.name === 'testcase');
      expect(num(suite, 'tests'), suite.attrs.name).toBe(cases.length);
      expect(num(suite, 'failures'), suite.attrs.name).toBe(cases.filter((c) => has(c, 'failure')).length);
      expect(num(suite, 'errors'), suite.attrs.name).toBe(cases.filter((c) => has(c, 'error')).length);
      expect(num(suite, 'skipped'), suite.attrs.name).toBe(cases.filter((c) => has(c, 'skipped')).length);
      tests += cases.length;
      failures += num(suite, 'failures');
      errors += num(suite, 'errors');
      skipped += num(suite, 'skipped');
    }
    expect([num(root, 'tests'), num(root, 'failures'), num(root, 'errors'), num(root, 'skipped')]).toEqual([tests, failures, errors, skipped]);
    // And with the report's summary (the documented mapping: docs/reports.md).
    const sum = s.report.summary;
    expect(tests).toBe(sum.total);
    expect(failures).toBe(sum.failed + (s.gate === 'should' ? sum.warned : 0));
    expect(errors).toBe(sum.errored + sum.notRun);
    expect(skipped).toBe(sum.skipped + sum.known + sum.info);

    // One testsuite per area in report order, one testcase per case, with its properties.
    const r = s.report;
    const areas = [...new Set(r.cases.map((c) => c.area))];
    expect(suites.map((x) => x.attrs.name)).toEqual(areas);
    const testcases = suites.flatMap((x) => x.children.filter((c) => c.name === 'testcase'));
    expect(testcases.map((t) => t.attrs.name)).toEqual(r.cases.map((c) => c.id));
    for (const [i, c] of r.cases.entries()) {
      const tc = testcases[i]!;
      expect(tc.attrs.classname).toBe(`${r.profile}.${c.area}`);
      const props = tc.children.find((x) => x.name === 'properties')?.children ?? [];
      expect(props.filter((p) => p.attrs.name === 'requirement').map((p) => p.attrs.value)).toEqual(c.requirements);
      expect(props.find((p) => p.attrs.name === 'level')?.attrs.value).toBe(c.level);
      const known = c.known === true && (c.verdict === 'fail' || c.verdict === 'warn');
      const expected = known
        ? 'skipped'
        : c.verdict === 'fail' || (c.verdict === 'warn' && s.gate === 'should')
          ? 'failure'
          : c.verdict === 'error'
            ? 'error'
            : c.verdict === 'skip' || c.verdict === 'info'
              ? 'skipped'
              : undefined;
      const outcome = tc.children.find((x) => ['failure', 'error', 'skipped'].includes(x.name))?.name;
      expect(outcome, c.id).toBe(expected);
      if (outcome === 'failure' || outcome === 'error') expect(tc.children.find((x) => x.name === outcome)!.attrs.message).toBeTruthy();
    }
  });
});
