// The console report: grouped by area, one line per case, h2spec-style blocks under the
// cases that did not pass, a summary, and a last plain line CI log readers recognise.
import type { CaseResult, CheckResult, ReportSummary, RunReport, Verdict } from '../suites/core/types.js';
import { closingLine, countOf, isKnownDeviation } from '../suites/core/summary.js';
import { evidenceLines } from './evidence-text.js';
import { gradedText, requirementLevels } from './check-text.js';

/** Offered suites shown per TLS handshake; the rest are in report.json and index.html. */
const SUITES_SHOWN = 3;

export interface ConsoleOptions {
  /** Emit ANSI colour codes (see shouldUseColor). */
  color: boolean;
  /** Also show passed checks, the messages of passed cases and the curl lines to reproduce. */
  verbose?: boolean;
}

/**
 * Whether to colour output written to `stream`: only on a TTY, and only when `NO_COLOR` is
 * unset or empty (https://no-color.org) and `FORCE_COLOR` is not "0".
 */
export function shouldUseColor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): boolean {
  if (stream.isTTY !== true) return false;
  if (env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '') return false;
  if (env['FORCE_COLOR'] === '0') return false;
  return true;
}

export { isKnownDeviation };

/** Areas in the order they first appear, each with its cases in report order. */
export function groupByArea(cases: readonly CaseResult[]): Map<string, CaseResult[]> {
  const groups = new Map<string, CaseResult[]>();
  for (const c of cases) {
    const list = groups.get(c.area);
    if (list) list.push(c);
    else groups.set(c.area, [c]);
  }
  return groups;
}

const ANSI = {
  reset: '\u001b[0m',
  bold: '\u001b[1m',
  dim: '\u001b[2m',
  red: '\u001b[31m',
  green: '\u001b[32m',
  yellow: '\u001b[33m',
  magenta: '\u001b[35m',
  cyan: '\u001b[36m',
} as const;
type Style = Exclude<keyof typeof ANSI, 'reset'>;

const TAGS: Record<Verdict, { tag: string; style: Style }> = {
  pass: { tag: 'PASS', style: 'green' },
  fail: { tag: 'FAIL', style: 'red' },
  warn: { tag: 'WARN', style: 'yellow' },
  skip: { tag: 'SKIP', style: 'dim' },
  error: { tag: 'ERR ', style: 'red' },
  info: { tag: 'INFO', style: 'cyan' },
};
const KNOWN_TAG = { tag: 'KNOWN', style: 'magenta' as Style };
const NOT_RUN_TAG = { tag: 'NORUN', style: 'dim' as Style };

/** The full counts line: every summary count, the gate, the rule and why. */
export function countsLine(s: ReportSummary): string {
  return (
    `${s.total} cases: ${s.passed} passed, ${s.failed} failed, ${s.warned} warned, ${s.skipped} skipped, ` +
    `${s.errored} errors, ${s.info} info, ${s.known} known, ${s.notRun} not run`
  );
}
const TAG_WIDTH = 5;

/** Where the blocks under a case start: under the case id. */
const INDENT = ' '.repeat(2 + TAG_WIDTH + 2);
/** Width of the `Requirement: ` label column. */
const LABEL_WIDTH = 'Requirement: '.length;

/**
 * Makes text from a target safe to print on a terminal: control characters (which could
 * carry escape sequences from a hostile server) are shown as `\xNN`; LF and tab are kept.
 */
export function sanitizeForTerminal(s: string): string {
  return s.replace(/\r\n/g, '\n').replace(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g, (c) =>
    `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`,
  );
}

/** Renders the run for a terminal or a log. */
export function renderConsole(report: RunReport, opts: ConsoleOptions): string {
  const paint = (style: Style, s: string): string => (opts.color ? `${ANSI[style]}${s}${ANSI.reset}` : s);
  const verbose = opts.verbose === true;
  const out: string[] = [];

  /** A labelled value, continuation lines aligned under the value. */
  const labelled = (label: string, value: string, style?: Style): void => {
    const lines = sanitizeForTerminal(value).split('\n');
    lines.forEach((line, i) => {
      const head = i === 0 ? `${label}:`.padEnd(LABEL_WIDTH) : ' '.repeat(LABEL_WIDTH);
      out.push(`${INDENT}${style ? paint(style, head + line) : head + line}`);
    });
  };

  const levels = requirementLevels(report);
  const checkBlock = (check: CheckResult): void => {
    labelled('Requirement', `${check.requirement} (${check.level})${check.ok ? ' ok' : ''}`);
    const graded = gradedText(check, levels.get(check.requirement));
    if (graded) labelled('Level', graded, 'dim');
    labelled('Expected', check.expected);
    labelled('Actual', check.actual);
  };

  out.push(
    paint('bold', `${report.tool.name} ${report.tool.version}`) +
      ` — profile ${report.profile} — ${sanitizeForTerminal(report.target)}`,
  );

  for (const [area, cases] of groupByArea(report.cases)) {
    out.push('', paint('bold', area));
    for (const c of cases) {
      const known = isKnownDeviation(c);
      const { tag, style } = known ? KNOWN_TAG : c.notRun ? NOT_RUN_TAG : TAGS[c.verdict];
      out.push(
        `  ${paint(style, tag.padEnd(TAG_WIDTH))}  ${c.id}  ${sanitizeForTerminal(c.title)}  ` +
          paint('dim', `(${c.level})`),
      );

      if (c.verdict === 'skip' || c.notRun) {
        if (c.message) labelled(c.notRun ? 'Not run' : 'Skipped', c.message, 'dim');
        continue;
      }
      if (c.verdict === 'info') {
        if (c.message) labelled('Observed', c.message, 'dim');
        if (verbose) for (const ev of c.evidence) if (ev.kind !== 'http') for (const [label, value] of evidenceLines(ev, SUITES_SHOWN)) labelled(label, value, 'dim');
        continue;
      }
      if (c.verdict === 'pass') {
        if (verbose) {
          if (c.message) labelled('Note', c.message, 'dim');
          for (const check of c.checks) checkBlock(check);
        }
        continue;
      }
      // fail, warn, error
      const failing = c.checks.filter((k) => !k.ok);
      if (c.message) labelled(c.verdict === 'error' ? 'Error' : 'Message', c.message);
      if (known) labelled('Known', 'listed in the baseline as an accepted deviation', 'dim');
      for (const check of verbose ? c.checks : failing) checkBlock(check);
      if (verbose) {
        for (const ev of c.evidence) {
          if (ev.kind === 'http') {
            labelled('Reproduce', ev.curl, 'dim');
            if (ev.error) labelled('Transport', ev.error, 'dim');
          } else {
            for (const [label, value] of evidenceLines(ev, SUITES_SHOWN)) labelled(label, value, 'dim');
          }
        }
      }
    }
  }

  if (report.leftovers && report.leftovers.length > 0) {
    out.push('', paint('yellow', 'Resources the run created and could not remove:'));
    for (const l of report.leftovers) out.push(`  ${sanitizeForTerminal(l)}`);
  }
  if (report.baseline) {
    const b = report.baseline;
    out.push('', paint('bold', `Baseline ${b.file}:`));
    out.push(`  known failures (accepted): ${b.known.length ? b.known.join(', ') : 'none'}`);
    out.push(`  new failures: ${b.newFailures.length ? b.newFailures.join(', ') : 'none'}`);
    if (b.nowPassing.length) out.push(`  now passing (remove from the baseline): ${b.nowPassing.join(', ')}`);
    if (b.notRun.length) out.push(`  listed but not run: ${b.notRun.join(', ')}`);
  }
  // For each failure the baseline does not know: the entry to paste to accept it (valid JSON
  // as printed: commas between the entries, none after the last).
  const paste = report.cases.filter((c) => countOf(c) === 'failed' || countOf(c) === 'warned');
  if (paste.length > 0 && (report.baseline || paste.some((c) => c.verdict === 'fail'))) {
    out.push('', paint('dim', 'To accept these as known deviations, add to the "known" list of a baseline file ({"known": [...]}):'));
    paste.forEach((c, i) => out.push(`  ${sanitizeForTerminal(JSON.stringify({ case: c.id, reason: c.message }))}${i < paste.length - 1 ? ',' : ''}`));
  }
  if (report.notes && report.notes.length > 0) {
    out.push('', paint('bold', 'Notes:'));
    for (const n of report.notes) out.push(`  ${sanitizeForTerminal(n)}`);
  }

  const s = report.summary;
  const gateWord = s.gate === 'passed' ? paint('green', 'gate passed') : paint('red', 'gate failed');
  out.push('', `${countsLine(s)} — ${gateWord} (gate: ${s.gateRule}): ${s.gateReason}`);
  // Last line, never coloured: the shape CI log parsers look for (failed: every case failing the gate).
  out.push(closingLine(s));
  return `${out.join('\n')}\n`;
}
