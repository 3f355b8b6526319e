// The JUnit XML report (junit.xml), written by hand: one <testsuite> per area, one
// <testcase> per case. Every text and attribute goes through escape.ts.
import { join } from 'node:path';
import type { CaseResult, CheckResult, Evidence, Gate, Level, RunReport } from '../suites/core/types.js';
import { gateCounts, gateOutcome, isKnownDeviation, type GateOutcome } from '../suites/core/summary.js';
import { evidenceLines, reproduceLine } from './evidence-text.js';
import { groupByArea } from './console.js';
import { runProperties } from './run-context.js';
import { escapeXmlAttr as attr, escapeXmlText as text } from '../suites/core/xml-escape.js';
import { writeFileAtomic } from './json.js';
import { gradedText, requirementLevels } from './check-text.js';

/** File name of the JUnit report inside the report directory. */
export const JUNIT_REPORT_FILE = 'junit.xml';


/** Longest response body excerpt put in <system-out> per exchange. */
const BODY_EXCERPT_CHARS = 4096;
/** Offered suites listed per TLS handshake in <system-out> (all of them are in report.json). */
const SUITES_SHOWN = 8;

/** Seconds with 3 decimals, from milliseconds. */
const seconds = (ms: number): string => (Math.max(0, Number.isFinite(ms) ? ms : 0) / 1000).toFixed(3);

// A case's JUnit element is its gate outcome (suites/core/summary.ts: gateOutcome), so a
// JUnit-reading CI gate agrees with the exit code: a warn passes under --gate must (its
// warning in <system-out>) and fails under should; a known deviation, an observation (info)
// and a skip are <skipped> (as pytest reports xfail); a case not run is an <error>.

function count(cases: readonly CaseResult[], gate: Gate): Record<GateOutcome, number> & { ms: number } {
  const n = { passed: 0, failure: 0, error: 0, skipped: 0, ms: 0 };
  for (const c of cases) {
    n.ms += c.durationMs;
    n[gateOutcome(c, gate)]++;
  }
  return n;
}

/** Requirement/Expected/Actual of a check, and why it is graded weaker than its requirement when it is. */
function checkLines(check: CheckResult, levels: ReadonlyMap<string, Level>): string[] {
  const graded = gradedText(check, levels.get(check.requirement));
  return [
    `Requirement: ${check.requirement} (${check.level})`,
    ...(graded ? [`Level:       ${graded}`] : []),
    `Expected:    ${check.expected}`,
    `Actual:      ${check.actual}`,
  ];
}

/** Requirement/Expected/Actual of each failing check, then the curl line(s) to reproduce. */
function detail(c: CaseResult, levels: ReadonlyMap<string, Level>): string {
  const blocks: string[] = [];
  const failing = c.checks.filter((k) => !k.ok);
  if (c.message && (c.verdict === 'error' || failing.length === 0)) blocks.push(c.message);
  for (const k of failing) blocks.push(checkLines(k, levels).join('\n'));
  const curls = c.evidence.map(reproduceLine).filter((s) => s !== '');
  if (curls.length > 0) blocks.push(`Reproduce:\n${curls.join('\n')}`);
  return blocks.join('\n\n');
}

/**
 * The message attribute of a failure/error: the case message, or its first failing check;
 * then why the check the message names is graded weaker than its requirement, when it is.
 */
function headline(c: CaseResult, levels: ReadonlyMap<string, Level>): string {
  const k = c.message ? namedCheck(c) : c.checks.find((x) => !x.ok);
  const graded = k && gradedText(k, levels.get(k.requirement));
  const head = c.message || (k ? `${k.requirement} (${k.level}): expected ${k.expected}, got ${k.actual}` : c.verdict);
  return graded ? `${head} (${graded})` : head;
}

/** The failing check a case's message begins with (`<requirement> (<level>): …`, as the executor writes it), if any. */
function namedCheck(c: CaseResult): CheckResult | undefined {
  return c.checks.find((k) => !k.ok && c.message.startsWith(`${k.requirement} (${k.level}): `));
}

/** What was exchanged with the target, for <system-out>. */
function exchanges(evidence: readonly Evidence[]): string {
  return evidence
    .map((e) => {
      if (e.kind !== 'http') return evidenceLines(e, SUITES_SHOWN).map(([label, value]) => `${label}: ${value}`).join('\n');
      const lines = [`> ${e.request.method} ${e.request.url}`];
      if (e.response) {
        const r = e.response;
        lines.push(`< HTTP ${r.status} (${r.bodyBytes} bytes${r.truncated ? ', truncated' : ''})`);
        if (r.body) {
          const body = r.body.length > BODY_EXCERPT_CHARS ? `${r.body.slice(0, BODY_EXCERPT_CHARS)}…` : r.body;
          lines.push(body);
        }
      }
      if (e.error) lines.push(`! ${e.error}`);
      return lines.join('\n');
    })
    .join('\n\n');
}

function testcase(report: RunReport, c: CaseResult, gate: Gate, levels: ReadonlyMap<string, Level>): string {
  const o = gateOutcome(c, gate);
  const known = isKnownDeviation(c);
  const x: string[] = [];
  x.push(
    `    <testcase classname="${attr(`${report.profile}.${c.area}`)}" name="${attr(c.id)}" time="${seconds(c.durationMs)}">`,
  );
  x.push('      <properties>');
  for (const r of c.requirements) x.push(`        <property name="requirement" value="${attr(r)}"/>`);
  x.push(`        <property name="level" value="${attr(c.level)}"/>`);
  x.push(`        <property name="title" value="${attr(c.title)}"/>`);
  x.push(`        <property name="verdict" value="${attr(c.verdict)}"/>`);
  if (known) x.push('        <property name="known" value="true"/>');
  if (c.notRun) x.push('        <property name="not-run" value="true"/>');
  x.push('      </properties>');

  if (o === 'failure') {
    x.push(`      <failure message="${attr(headline(c, levels))}" type="${attr(c.verdict)}">${text(detail(c, levels))}</failure>`);
  } else if (o === 'error') {
    x.push(`      <error message="${attr(headline(c, levels))}" type="${c.notRun ? 'not-run' : 'error'}">${text(detail(c, levels))}</error>`);
  } else if (o === 'skipped') {
    const reason = report.baseline?.reasons[c.id];
    const message = known ? `known: ${c.verdict} accepted by the baseline${reason ? ` (${reason})` : ''}: ${headline(c, levels)}` : c.verdict === 'info' ? `info: ${c.message}` : c.message;
    const type = known ? ' type="known"' : c.verdict === 'info' ? ' type="info"' : '';
    x.push(`      <skipped message="${attr(message)}"${type}/>`);
  }

  // Standard output: the warning of a warn case that does not gate, a known deviation's
  // details, and for anything that did not pass, what was exchanged.
  const out: string[] = [];
  if ((c.verdict === 'warn' && o === 'passed') || known) out.push(`${c.verdict.toUpperCase()}: ${detail(c, levels)}`);
  if ((c.verdict === 'fail' || c.verdict === 'warn' || c.verdict === 'error') && c.evidence.length > 0) out.push(exchanges(c.evidence));
  if (out.length > 0) x.push(`      <system-out>${text(out.join('\n\n'))}</system-out>`);

  x.push('    </testcase>');
  return x.join('\n');
}

/** The run as JUnit XML (XML 1.0, UTF-8): the report's summary, under the gate it was computed with. */
export function toJunit(report: RunReport): string {
  const gate = report.summary.gateRule;
  const x: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  // The totals are the summary's, in gate outcomes; each testsuite counts its own cases the same way.
  const all = gateCounts(report.summary);
  x.push(
    `<testsuites name="taxii-conform" tests="${report.summary.total}" failures="${all.failure}" errors="${all.error}"` +
      ` skipped="${all.skipped}" time="${seconds(report.durationMs)}">`,
  );
  // The run's context on every testsuite (CI viewers show a suite's properties, not the root's).
  const properties = [
    ['profile', report.profile],
    ['target', report.target],
    ['tool', `${report.tool.name} ${report.tool.version}`],
    ['gate', gate],
    ['gate-result', report.summary.gate],
    ['gate-reason', report.summary.gateReason],
    ...runProperties(report),
  ];
  const levels = requirementLevels(report);
  let id = 0;
  for (const [area, cases] of groupByArea(report.cases)) {
    const n = count(cases, gate);
    x.push(
      `  <testsuite name="${attr(area)}" id="${id++}" tests="${cases.length}" failures="${n.failure}"` +
        ` errors="${n.error}" skipped="${n.skipped}" time="${seconds(n.ms)}" timestamp="${attr(report.startedAt)}">`,
    );
    x.push('    <properties>');
    for (const [name, value] of properties) x.push(`      <property name="${attr(name)}" value="${attr(value)}"/>`);
    x.push('    </properties>');
    for (const c of cases) x.push(testcase(report, c, gate, levels));
    x.push('  </testsuite>');
  }
  x.push('</testsuites>');
  return `${x.join('\n')}\n`;
}

/** Writes `<dir>/junit.xml` (creating `dir` if needed) and returns its path. */
export async function writeJunit(report: RunReport, dir: string): Promise<string> {
  const file = join(dir, JUNIT_REPORT_FILE);
  await writeFileAtomic(file, toJunit(report));
  return file;
}
