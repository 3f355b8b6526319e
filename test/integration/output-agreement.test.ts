// One truth in every output: for five kinds of real run against the mock — passing (the
// demo's whole suite), failing, baselined, interrupted and all-skipped — the console's counts
// line and closing line, report.json's summary, junit.xml's counts and elements and
// index.html's banner all say the same, through the one documented mapping
// (suites/core/summary.ts, docs/reports.md); and every report.json validates against the
// published schemas/report.schema.json.
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsImport from 'ajv-formats';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run, type RunArgs } from '../../bin/commands/run.js';
import { startMock, type RunningMock } from '../../mock-server/index.js';
import { countOf } from '../../suites/core/summary.js';
import type { ReportSummary, RunReport, SummaryCount } from '../../suites/core/types.js';
import { taxii2Predraft } from '../../suites/taxii2-predraft/profile.js';
import { runArgsFor } from '../helpers/cli-run.js';

const addFormats = ((addFormatsImport as unknown as { default?: unknown }).default ?? addFormatsImport) as (a: Ajv2020) => void;
const root = path.resolve(import.meta.dirname, '../..');

interface Outputs {
  code: number;
  console: string;
  report: RunReport;
  junit: string;
  html: string;
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tc-agree-'));
const mocks: RunningMock[] = [];

/** A loopback port nothing listens on (plain HTTP there must not serve TAXII: nothing answers). */
async function closedPort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

async function mockWith(faults: string[] = [], dns = false): Promise<RunningMock> {
  const m = await startMock({ port: 0, longPollMs: 600, faults, ...(dns ? { dnsPort: 0 } : {}) });
  mocks.push(m);
  return m;
}

/**
 * A run as the CLI makes it (bin/commands/run.ts: options checked, reports written, the
 * console printed), in-process. `interruptWhen` presses Ctrl-C (calls the run's own SIGINT
 * handler) once the progress output matches it.
 */
async function cliRun(name: string, mock: RunningMock, over: Partial<RunArgs>, interruptWhen?: RegExp): Promise<Outputs> {
  const dir = path.join(tmp, name);
  const args = runArgsFor(mock, dir, {
    format: ['console', 'json', 'junit', 'html'],
    concurrency: 8,
    timeout: 15_000,
    progress: interruptWhen !== undefined,
    'probe-http-port': await closedPort(),
    ...over,
  });
  let console = '';
  const before = new Set(process.listeners('SIGINT'));
  const write = process.stderr.write.bind(process.stderr);
  let pressed = false;
  if (interruptWhen) {
    process.stderr.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      if (!pressed && interruptWhen.test(String(chunk))) {
        pressed = true;
        const ours = process.listeners('SIGINT').filter((l) => !before.has(l));
        for (const l of ours) (l as () => void)();
      }
      return (write as (c: string | Uint8Array, ...r: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof process.stderr.write;
  }
  let code: number;
  try {
    code = await run(args, (s) => (console += s));
  } finally {
    process.stderr.write = write;
  }
  if (interruptWhen) expect(pressed, 'the interrupt was pressed').toBe(true);
  const read = (f: string): string => fs.readFileSync(path.join(dir, f), 'utf8');
  return { code, console, report: JSON.parse(read('report.json')) as RunReport, junit: read('junit.xml'), html: read('index.html') };
}

// ---------------------------------------------------------------------------------------
// Reading each output back

const COUNTS: readonly SummaryCount[] = ['passed', 'failed', 'warned', 'skipped', 'errored', 'info', 'known', 'notRun'];

/** The console report's lines (without the lines after it naming the files written). */
const consoleLines = (text: string): string[] => text.trimEnd().split('\n').filter((l) => !/^(report|baseline): /.test(l));

/** The console's full counts line and its plain closing line. */
function consoleSummary(text: string): { counts: Record<string, number | string>; closing: { passed: number; failed: number; skipped: number } } {
  // The console report ends there; what follows it says where the files went.
  const lines = consoleLines(text);
  const m =
    /^(\d+) cases: (\d+) passed, (\d+) failed, (\d+) warned, (\d+) skipped, (\d+) errors, (\d+) info, (\d+) known, (\d+) not run — gate (passed|failed) \(gate: (must|should)\): (.+)$/.exec(
      lines.at(-2) ?? '',
    );
  expect(m, lines.at(-2)).not.toBeNull();
  const c = /^(\d+) passed, (\d+) failed, (\d+) skipped$/.exec(lines.at(-1) ?? '');
  expect(c, lines.at(-1)).not.toBeNull();
  const n = m!.slice(1, 10).map(Number);
  return {
    counts: { total: n[0]!, passed: n[1]!, failed: n[2]!, warned: n[3]!, skipped: n[4]!, errored: n[5]!, info: n[6]!, known: n[7]!, notRun: n[8]!, gate: m![10]!, gateRule: m![11]!, gateReason: m![12]! },
    closing: { passed: Number(c![1]), failed: Number(c![2]), skipped: Number(c![3]) },
  };
}

interface JunitCase {
  name: string;
  outcome: 'passed' | 'failure' | 'error' | 'skipped';
  type?: string;
  message?: string;
}

function junitRead(xml: string): { root: Record<string, string>; cases: JunitCase[]; properties: Map<string, string> } {
  const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (n) => ['testsuite', 'testcase', 'property'].includes(n) }).parse(xml) as {
    testsuites: Record<string, string> & { testsuite?: { properties: { property: { name: string; value: string }[] }; testcase: Record<string, unknown>[] }[] };
  };
  const suites = doc.testsuites.testsuite ?? [];
  const cases: JunitCase[] = suites.flatMap((s) =>
    s.testcase.map((tc) => {
      const el = (['failure', 'error', 'skipped'] as const).find((k) => k in tc);
      const attrs = (el ? tc[el] : {}) as Record<string, string> | string;
      const a = typeof attrs === 'object' ? attrs : {};
      return { name: String(tc.name), outcome: el ?? 'passed', ...(a.type ? { type: a.type } : {}), ...(a.message ? { message: a.message } : {}) };
    }),
  );
  const properties = new Map((suites[0]?.properties.property ?? []).map((p) => [p.name, String(p.value)]));
  return { root: doc.testsuites, cases, properties };
}

/** The banner's heading and its count chips; the cases' data-count attributes, tallied. */
function htmlRead(html: string): { heading: string; chips: Map<string, number>; rows: Map<string, number>; reason: string } {
  const heading = /<h1>([^<]*)<\/h1>/.exec(html)?.[1] ?? '';
  const chips = new Map([...html.matchAll(/data-count="(\w+)"><b>(\d+)<\/b>/g)].map((m) => [m[1]!, Number(m[2])]));
  const rows = new Map<string, number>();
  for (const m of html.matchAll(/<details class="case [^"]*" id="[^"]*" data-verdict="\w+" data-count="(\w+)"/g)) rows.set(m[1]!, (rows.get(m[1]!) ?? 0) + 1);
  const reason = /<p class="gate-reason"><span class="reason">([^<]*)<\/span>/.exec(html)?.[1] ?? '';
  return { heading, chips, rows, reason };
}

const decode = (s: string): string => s.replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/** Every output against report.json's summary, through the documented mapping. */
function expectAgreement(o: Outputs): void {
  const s: ReportSummary = o.report.summary;
  const cases = o.report.cases;

  // The summary itself: every case in exactly one count.
  expect(COUNTS.reduce((a, k) => a + s[k], 0)).toBe(s.total);
  expect(s.total).toBe(cases.length);
  for (const k of COUNTS) expect(s[k], k).toBe(cases.filter((c) => countOf(c) === k).length);
  expect(o.code).toBe(s.gate === 'passed' ? 0 : 1);

  // Console: the full counts line is the summary; the closing line its gate view.
  const con = consoleSummary(o.console);
  expect(con.counts).toEqual({ total: s.total, passed: s.passed, failed: s.failed, warned: s.warned, skipped: s.skipped, errored: s.errored, info: s.info, known: s.known, notRun: s.notRun, gate: s.gate, gateRule: s.gateRule, gateReason: s.gateReason });
  const warnFails = s.gateRule === 'should';
  const failing = s.failed + s.errored + s.notRun + (warnFails ? s.warned : 0);
  expect(con.closing).toEqual({ passed: s.passed + (warnFails ? 0 : s.warned), failed: failing, skipped: s.skipped + s.known + s.info });

  // JUnit: the same numbers, and each case's element is its summary count's.
  const j = junitRead(o.junit);
  expect(Number(j.root.tests)).toBe(s.total);
  expect(Number(j.root.failures) + Number(j.root.errors)).toBe(con.closing.failed);
  expect(Number(j.root.failures)).toBe(s.failed + (warnFails ? s.warned : 0));
  expect(Number(j.root.errors)).toBe(s.errored + s.notRun);
  expect(Number(j.root.skipped)).toBe(con.closing.skipped);
  expect(j.cases.map((c) => c.name)).toEqual(cases.map((c) => c.id));
  const want: Record<SummaryCount, JunitCase['outcome']> = {
    passed: 'passed', warned: warnFails ? 'failure' : 'passed', failed: 'failure', errored: 'error', notRun: 'error', skipped: 'skipped', known: 'skipped', info: 'skipped',
  };
  for (const [i, c] of cases.entries()) {
    const n = countOf(c);
    expect(j.cases[i]!.outcome, c.id).toBe(want[n]);
    if (n === 'known') expect(j.cases[i]!.message, c.id).toMatch(/^known: /);
    if (n === 'known') expect(j.cases[i]!.type).toBe('known');
    if (n === 'info') expect(j.cases[i]!.type).toBe('info');
    if (n === 'notRun') expect(j.cases[i]!.type).toBe('not-run');
  }
  expect(j.properties.get('gate-result')).toBe(s.gate);
  expect(decode(j.properties.get('gate-reason') ?? '')).toBe(s.gateReason);

  // HTML: the banner's chips and the cases' rows count the same; the heading says the gate.
  const h = htmlRead(o.html);
  for (const k of COUNTS) {
    if ((k === 'known' || k === 'notRun') && s[k] === 0) expect(h.chips.has(k), k).toBe(false);
    else expect(h.chips.get(k), `chip ${k}`).toBe(s[k]);
    expect(h.rows.get(k) ?? 0, `rows ${k}`).toBe(s[k]);
  }
  expect(decode(h.reason)).toBe(s.gateReason);
  const heading = s.gate === 'passed' ? (s.known > 0 ? `Gate passed with ${s.known} accepted deviation${s.known === 1 ? '' : 's'}` : 'Gate passed') : o.report.interrupted ? 'Interrupted — gate failed' : 'Gate failed';
  expect(h.heading).toBe(heading);
}

// ---------------------------------------------------------------------------------------

const runs = new Map<string, Outputs>();

beforeAll(async () => {
  // Passing: the demo's run — every area, through the mock's SRV record — but long polling,
  // whose timing checks have their own tests and can warn on a loaded machine.
  const reference = await mockWith([], true);
  const everyAreaButLongPoll = taxii2Predraft.areas.filter((a) => a !== 'long-poll');
  runs.set('passing', await cliRun('passing', reference, { srv: reference.dns!.domain, 'dns-server': `127.0.0.1:${reference.dns!.port}`, area: everyAreaButLongPoll }));

  // Failing: a MUST fails, SHOULDs warn; today's failures written as a baseline file.
  const faulty = await mockWith(['ignore-max-size', 'created-200', 'ignore-accept', 'no-405']);
  const baselineFile = path.join(tmp, 'known.json');
  const areas = { area: ['status-codes', 'max-size'] };
  runs.set('failing', await cliRun('failing', faulty, { ...areas, 'write-baseline': baselineFile }));

  // Baselined: the same deviations, accepted, under the stricter gate.
  runs.set('baselined', await cliRun('baselined', faulty, { ...areas, baseline: baselineFile, gate: 'should' }));

  // Interrupted: Ctrl-C once the first area is done, one case at a time.
  runs.set('interrupted', await cliRun('interrupted', reference, { concurrency: 1 }, /^[a-z0-9-]+: \d+ cases, /m));

  // All skipped: the SRV cases without --srv.
  runs.set('all-skipped', await cliRun('all-skipped', reference, { area: ['srv'] }));
}, 240_000);

afterAll(async () => {
  for (const m of mocks) await m.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('console, report.json, junit.xml and index.html agree', () => {
  it.each(['passing', 'failing', 'baselined', 'interrupted', 'all-skipped'])('%s run', (name) => {
    expectAgreement(runs.get(name)!);
  });

  it('each kind of run is what it claims to be', () => {
    const passing = runs.get('passing')!.report.summary;
    expect(passing).toMatchObject({ gate: 'passed', failed: 0, errored: 0, notRun: 0, known: 0 });
    // Observation-only cases are counted apart, never as passed.
    expect(passing.info).toBeGreaterThan(0);
    expect(passing.passed + passing.info, JSON.stringify(runs.get('passing')!.report.cases.filter((c) => c.verdict !== 'pass' && c.verdict !== 'info').map((c) => [c.id, c.verdict, c.message]))).toBe(passing.total);

    const failing = runs.get('failing')!.report.summary;
    expect(failing.gate).toBe('failed');
    expect(failing.failed).toBeGreaterThan(0);
    expect(failing.warned).toBeGreaterThan(0);

    const baselined = runs.get('baselined')!;
    expect(baselined.report.summary).toMatchObject({ gate: 'passed', gateRule: 'should', failed: 0, warned: 0, known: failing.failed + failing.warned });
    expect(baselined.report.summary.gateReason).toBe(`passed with ${baselined.report.summary.known} accepted deviations (baseline)`);
    expect(baselined.report.run.baseline).toBe(path.join(tmp, 'known.json'));
    // The accepted deviations come first in the banner, with the baseline's reasons.
    expect(baselined.html).toContain('<h3>Accepted deviations (baseline)</h3>');
    expect(baselined.html).toMatch(/<span class="muted">accepted: T2-/);

    const interrupted = runs.get('interrupted')!.report;
    expect(interrupted.interrupted).toBe(true);
    expect(interrupted.summary.notRun).toBeGreaterThan(0);
    expect(interrupted.summary.gateReason).toMatch(/^interrupted: the run is partial \(\d+ cases? not run\)$/);
    expect(runs.get('interrupted')!.html).toContain('were not run (the run was interrupted)');

    const skipped = runs.get('all-skipped')!.report.summary;
    expect(skipped).toMatchObject({ gate: 'failed', skipped: skipped.total, gateReason: 'nothing was checked: every case was skipped or only observed' });
    expect(skipped.total).toBeGreaterThan(0);
  });

  it('the plain closing line counts every case that fails the gate (warnings too under --gate should)', () => {
    // failing ran under --gate must: its warnings pass the gate; the same cases under should fail it.
    const f = runs.get('failing')!;
    expect(consoleLines(f.console).at(-1)).toBe(`${f.report.summary.passed + f.report.summary.warned} passed, ${f.report.summary.failed} failed, 0 skipped`);
  });
});

describe('the report as an attachment', () => {
  it('records the options (never a credential), the selection, the baseline, the catalog version and the environment', () => {
    const b = runs.get('baselined')!;
    const opts = b.report.run.options;
    expect(opts).toMatchObject({ profile: 'taxii2-predraft', gate: 'should', insecure: true, 'read-only': false, concurrency: 8, timeout: 15000, credentials: 'basic' });
    expect(b.report.run.selection).toEqual({ areas: ['status-codes', 'max-size'], cases: [] });
    expect(b.report.catalog.version).toMatch(/^sha256:[0-9a-f]{16}$/);
    expect(b.report.catalog.version).toBe(runs.get('passing')!.report.catalog.version);
    expect(b.report.environment).toEqual({ node: process.versions.node, openssl: process.versions.openssl });
    // JUnit properties and the HTML Run table carry the same.
    const props = junitRead(b.junit).properties;
    expect(props.get('option.gate')).toBe('should');
    expect(props.get('option.credentials')).toBe('basic');
    expect(props.get('selection.areas')).toBe('status-codes,max-size');
    expect(props.get('baseline')).toBe(path.join(tmp, 'known.json'));
    expect(props.get('catalog')).toContain(b.report.catalog.version);
    expect(props.get('node')).toBe(process.versions.node);
    const run = /<section id="run">[\s\S]*?<\/section>/.exec(b.html)?.[0] ?? '';
    expect(run).toContain('<tr><th scope="row"><code>gate</code></th><td><code>should</code></td></tr>');
    expect(run).toContain('<tr><th scope="row"><code>read-only</code></th><td><code>false</code></td></tr>');
    expect(run).toContain('<dt>Selection</dt><dd>areas status-codes, max-size</dd>');
    expect(run).toContain(`<dt>Baseline</dt><dd><code>${path.join(tmp, 'known.json')}</code>`);
    expect(run).toMatch(/excused \(known deviations\): <a href="#case-/);
    expect(run).toContain(`Node ${process.versions.node}, OpenSSL ${process.versions.openssl}`);
    expect(run).toContain(b.report.catalog.version);
    for (const o of runs.values()) expect(o.html + o.junit + JSON.stringify(o.report)).not.toContain('taxii-password');
  });
});

describe('report.json validates against the published schema', () => {
  const schema = JSON.parse(fs.readFileSync(path.join(root, 'schemas/report.schema.json'), 'utf8')) as object;
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  addFormats(ajv);
  const validate = ajv.compile(schema);

  it.each(['passing', 'failing', 'baselined', 'interrupted', 'all-skipped'])('%s run', (name) => {
    const ok = validate(runs.get(name)!.report);
    expect(validate.errors ?? [], name).toEqual([]);
    expect(ok).toBe(true);
  });
});
