// The HTML report (index.html): one self-contained page — inline CSS and JS, no network —
// that a vendor attaches to a certification claim and a CI reviewer opens when a gate fails.
// It reads fully with JavaScript off (cases are <details>); the script only adds filters,
// search and copy buttons. Every string from a report or a server goes through `h`'s
// escaping, and a strict Content-Security-Policy allows only the shipped style and script
// (by hash), so even a missed escape could not run code.
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type {
  CaseResult,
  CheckResult,
  DnsEvidence,
  Evidence,
  Gate,
  HttpEvidence,
  Level,
  Requirement,
  RequirementResult,
  RunReport,
  SummaryCount,
  TlsEvidence,
  Verdict,
} from '../suites/core/types.js';
import { countOf, isKnownDeviation } from '../suites/core/summary.js';
import { dnsAnswerText, tlsAnswerText, versionsOf } from './evidence-text.js';
import { groupByArea } from './console.js';
import { catalogText, optionText, selectionText } from './run-context.js';
import { HTML_SCRIPT } from './html-script.js';
import { HTML_STYLE } from './html-style.js';
import { writeFileAtomic } from './json.js';
import { gradedText } from './check-text.js';

/** File name of the HTML report inside the report directory. */
export const HTML_REPORT_FILE = 'index.html';

export interface HtmlOptions {
  /**
   * The profile's requirements catalog. Optional: the report's own `requirements` already
   * hold every requirement; the catalog adds each one's area (the matrix is grouped by it),
   * its interpretation note, and any requirement the report lacks.
   */
  catalog?: readonly Requirement[];
}

// ---------------------------------------------------------------------------------------
// Escaping

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Control characters (which a hostile server may send) shown as `\xNN`, and bidirectional
 * formatting characters (which can make text read differently from what it is) as `\u{…}`.
 * Tab, LF and CR are kept.
 */
function visible(s: string): string {
  return s
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`)
    .replace(/[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g, (c) => `\\u{${c.charCodeAt(0).toString(16)}}`);
}

/** Escapes text for HTML content and (double- or single-quoted) attribute values: `& < > " '`. */
export function escapeHtml(value: unknown): string {
  return visible(String(value)).replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

/** Markup that is already safe; only `h` makes one. */
class Html {
  constructor(readonly html: string) {}
  toString(): string {
    return this.html;
  }
}

type Part = Html | string | number | boolean | null | undefined | readonly Part[];

function put(v: Part): string {
  if (v === null || v === undefined || v === false || v === true) return '';
  if (v instanceof Html) return v.html;
  if (Array.isArray(v)) return (v as readonly Part[]).map(put).join('');
  return escapeHtml(v);
}

/** Tagged template: literal markup kept, every interpolated value escaped unless it is Html. */
function h(strings: TemplateStringsArray, ...values: Part[]): Html {
  let out = strings[0] ?? '';
  values.forEach((v, i) => {
    out += put(v) + (strings[i + 1] ?? '');
  });
  return new Html(out);
}

/** A fragment link to an element id (percent-encoded, then escaped by `h`). */
const href = (id: string): string => `#${encodeURIComponent(id)}`;
const caseAnchor = (id: string): string => `case-${id}`;
const reqAnchor = (id: string): string => `req-${id}`;

// ---------------------------------------------------------------------------------------
// Formatting

const VERDICTS: readonly Verdict[] = ['pass', 'fail', 'warn', 'skip', 'error', 'info'];

/**
 * The banner's counts, one per summary count, in this order; each sets the verdict filter to
 * its value (html-script.ts matches a case's data-count against the same table).
 */
const COUNT_CHIPS: readonly { count: SummaryCount; filter: string; word: string }[] = [
  { count: 'passed', filter: 'pass', word: 'passed' },
  { count: 'failed', filter: 'fail', word: 'failed' },
  { count: 'warned', filter: 'warn', word: 'warned' },
  { count: 'skipped', filter: 'skip', word: 'skipped' },
  { count: 'errored', filter: 'error', word: 'errors' },
  { count: 'info', filter: 'info', word: 'info (observed)' },
  { count: 'known', filter: 'known', word: 'known (baseline)' },
  { count: 'notRun', filter: 'not-run', word: 'not run' },
];
const LEVEL_ORDER: readonly Level[] = ['MUST', 'MUST NOT', 'SHOULD', 'SHOULD NOT', 'MAY'];

function duration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const m = Math.floor(ms / 60_000);
  return `${m} min ${Math.round((ms - m * 60_000) / 1000)} s`;
}

function timestamp(iso: string): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  return `${new Date(t).toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC')}`;
}

function badge(v: Verdict, known = false, notRun = false): Html {
  if (notRun) return h`<span class="badge v-not-run" title="never started">not run</span>`;
  return known ? h`<span class="badge v-known" title="${`${v}, known (baseline)`}">known</span>` : h`<span class="badge v-${v}">${v}</span>`;
}

/** A case's badge: its verdict, or known / not run. */
const caseBadge = (c: CaseResult): Html => badge(c.verdict, isKnownDeviation(c), c.notRun === true);

/** The spec's RFC 2119 keywords in a quote, in bold. */
function quoteText(text: string): Html {
  const parts = text.split(/\b(MUST NOT|MUST|SHALL NOT|SHALL|SHOULD NOT|SHOULD|MAY|REQUIRED|RECOMMENDED|OPTIONAL)\b/);
  return h`${parts.map((p, i) => (i % 2 === 1 ? h`<strong>${p}</strong>` : p))}`;
}

/**
 * Re-indenting a body for reading is bounded: a server's JSON nested thousands of levels deep
 * would grow by two spaces a level on every line (4 KB nested 2,000 deep: 8 MB). Deeper than
 * this, or larger once indented, the body is shown as received (the engine has cut it).
 */
const INDENT_MAX_DEPTH = 16;
const INDENT_MAX_CHARS = 64 * 1024;

/** True when a JSON value nests deeper than `max` levels (it stops looking there). */
function deeperThan(v: unknown, max: number): boolean {
  if (v === null || typeof v !== 'object') return false;
  if (max === 0) return true;
  return Object.values(v).some((x) => deeperThan(x, max - 1));
}

/** A body for reading: valid JSON indented (within the bounds above), anything else as received. */
function readableBody(body: string): { text: string; indented: boolean } {
  const t = body.trim();
  if ((t.startsWith('{') || t.startsWith('[')) && t.length <= INDENT_MAX_CHARS) {
    try {
      const v: unknown = JSON.parse(t);
      if (!deeperThan(v, INDENT_MAX_DEPTH)) {
        const text = JSON.stringify(v, null, 2);
        if (text.length <= INDENT_MAX_CHARS) return { text, indented: true };
      }
    } catch {
      // not JSON (or cut short by the engine's bound): as received
    }
  }
  return { text: body, indented: false };
}

function headerLines(headers: Record<string, string>): string {
  return Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}`)
    .join('\n');
}

/** Verdict of one requirement within one case: its own checks there, else the case's verdict. */
function verdictIn(c: CaseResult, reqId: string): Verdict {
  const checks = c.checks.filter((k) => k.requirement === reqId);
  const failed = checks.filter((k) => !k.ok);
  if (failed.some((k) => k.level === 'MUST' || k.level === 'MUST NOT')) return 'fail';
  if (failed.length > 0) return 'warn';
  if (c.verdict === 'skip' || c.verdict === 'error') return c.verdict;
  if (checks.length > 0) return 'pass';
  return c.verdict;
}

// ---------------------------------------------------------------------------------------
// Sections

interface Ctx {
  report: RunReport;
  reqs: Map<string, RequirementResult>;
  catalog: Map<string, Requirement>;
  cases: Map<string, CaseResult>;
}

/** The banner's heading: the gate, with accepted deviations and interruption said in words. */
function gateHeading(report: RunReport): string {
  const s = report.summary;
  if (s.gate === 'passed') return s.known > 0 ? `Gate passed with ${s.known} accepted deviation${s.known === 1 ? '' : 's'}` : 'Gate passed';
  return report.interrupted ? 'Interrupted — gate failed' : 'Gate failed';
}

function banner(ctx: Ctx): Html {
  const { report } = ctx;
  const s = report.summary;
  const passed = s.gate === 'passed';
  const interrupted = report.interrupted === true;
  const chips = COUNT_CHIPS.filter((k) => k.count !== 'known' || s.known > 0)
    .filter((k) => k.count !== 'notRun' || s.notRun > 0)
    .map((k) => h`<li><a class="chip v-${k.filter}${s[k.count] === 0 ? ' zero' : ''}" href="#cases" data-set-verdict="${k.filter}" data-count="${k.count}"><b>${s[k.count]}</b> ${k.word}</a></li>`);

  const levels = LEVEL_ORDER.filter((l) => report.cases.some((c) => c.level === l));
  const levelVerdicts = VERDICTS.filter((v) => v !== 'info' || s.info > 0);
  const levelRows = levels.map((l) => {
    const of = report.cases.filter((c) => c.level === l);
    return h`<tr><th scope="row">${l}</th>${levelVerdicts.map((v) => {
      const n = of.filter((c) => c.verdict === v).length;
      return h`<td class="${n === 0 ? 'zero' : `n-${v}`}">${n}</td>`;
    })}<td><b>${of.length}</b></td></tr>`;
  });

  // Accepted deviations first when they are what the gate passed with; new failures first otherwise.
  const attention = report.cases.filter((c) => !c.notRun && (c.verdict === 'fail' || c.verdict === 'error' || c.verdict === 'warn'));
  attention.sort((a, b) => rank(a, passed) - rank(b, passed));
  const shownAttention = attention.slice(0, 25);
  const gateRule =
    s.gateRule === 'should' ? 'gate should: a case that fails, errors or warns fails the run' : 'gate must: a case that fails or errors fails the run';
  const noCaseFailed = !passed && !report.cases.some((c) => countOf(c) === 'failed' || countOf(c) === 'errored' || (s.gateRule === 'should' && countOf(c) === 'warned'));
  const reasons = report.baseline?.reasons ?? {};
  const title = passed && s.known > 0 ? (attention.every(isKnownDeviation) ? 'Accepted deviations (baseline)' : 'Accepted deviations (baseline), then what else did not pass') : 'Not passing';
  /** A not-passing case's line: its message; for an accepted deviation, the baseline's reason first (once, when it is the message). */
  const why = (c: CaseResult): string => {
    const reason = isKnownDeviation(c) ? reasons[c.id] : undefined;
    const message = c.message || c.title;
    return reason === undefined ? message : reason === message ? `accepted: ${reason}` : `accepted: ${reason} — ${message}`;
  };

  return h`<header class="banner ${passed ? 'gate-passed' : 'gate-failed'}${interrupted ? ' interrupted' : ''}" id="top">
<h1>${gateHeading(report)}</h1>
<p class="sub">${s.total} cases against <code>${report.target}</code> — ${gateRule}</p>
<p class="gate-reason"><span class="reason">${s.gateReason}</span>${report.run.baseline ? h` — baseline <code>${report.run.baseline}</code>` : ''}</p>
${noCaseFailed ? h`<p><strong>The gate failed without a failing case:</strong> the run's setup found a problem, selected or checked nothing, or was interrupted — see the notes below.</p>` : ''}
${s.notRun > 0 ? h`<p class="not-run-line">${s.notRun} case${s.notRun === 1 ? ' was' : 's were'} not run${interrupted ? ' (the run was interrupted)' : ''}: counted apart, not as errors of the target.</p>` : ''}
<div class="banner-grid">
<div><h4>By verdict</h4><ul class="chips">${chips}</ul></div>
${levels.length > 0 ? h`<div><h4>By level</h4><table class="levels"><thead><tr><th>level</th>${levelVerdicts.map((v) => h`<th>${v}</th>`)}<th>total</th></tr></thead><tbody>${levelRows}</tbody></table></div>` : ''}
</div>
${
  attention.length > 0
    ? h`<div class="attention"><h3>${title}</h3><ul>${shownAttention.map(
        (c) => h`<li>${caseBadge(c)} <a href="${href(caseAnchor(c.id))}"><code>${c.id}</code></a> <span class="muted">${oneLine(why(c))}</span></li>`,
      )}${attention.length > shownAttention.length ? h`<li class="more">and ${attention.length - shownAttention.length} more: set the verdict filter below</li>` : ''}</ul></div>`
    : ''
}
</header>`;
}

/** fail, error, warn first; known deviations after the new ones, or before them when the gate passed with them. */
function rank(c: CaseResult, knownFirst: boolean): number {
  const base = c.verdict === 'fail' ? 0 : c.verdict === 'error' ? 1 : c.verdict === 'warn' ? 2 : 3;
  const known = isKnownDeviation(c);
  return base + (known === knownFirst ? 0 : 10);
}

function oneLine(s: string, max = 180): string {
  const line = s.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/** The baseline row of the Run table: the file, what it excused and what it did not. */
function baselineCell(report: RunReport): Html {
  const b = report.baseline;
  if (!report.run.baseline || !b) return h`<span class="muted">none</span>`;
  const ids = (list: readonly string[]): Html => (list.length ? h`${list.map((id, i) => h`${i ? ', ' : ''}<a href="${href(caseAnchor(id))}"><code>${id}</code></a>`)}` : h`<span class="muted">none</span>`);
  return h`<code>${report.run.baseline}</code><ul>
<li>excused (known deviations): ${ids(b.known)}</li>
<li>new failures: ${ids(b.newFailures)}</li>
${b.nowPassing.length ? h`<li>listed but now passing (trim the file): ${ids(b.nowPassing)}</li>` : ''}
${b.notRun.length ? h`<li>listed but not selected: ${b.notRun.map((id) => h`<code>${id}</code> `)}</li>` : ''}
</ul>`;
}

function metadata(ctx: Ctx): Html {
  const { report } = ctx;
  const notes = report.notes ?? [];
  const leftovers = report.leftovers ?? [];
  const options = Object.entries(report.run.options);
  return h`<section id="run"><h2>Run</h2>
<dl class="meta">
<dt>Target</dt><dd><code>${report.target}</code></dd>
<dt>Profile</dt><dd>${report.profile}</dd>
<dt>Tool</dt><dd>${report.tool.name} ${report.tool.version}</dd>
<dt>Catalog</dt><dd><code>${catalogText(report)}</code> <span class="muted">(the same version: the same requirements and cases)</span></dd>
<dt>Options</dt><dd><table class="options"><tbody>${options.map(([k, v]) => h`<tr><th scope="row"><code>${k}</code></th><td><code>${optionText(v)}</code></td></tr>`)}</tbody></table></dd>
<dt>Selection</dt><dd>${selectionText(report)}</dd>
<dt>Baseline</dt><dd>${baselineCell(report)}</dd>
<dt>Environment</dt><dd>Node ${report.environment?.node ?? '?'}, OpenSSL ${report.environment?.openssl ?? '?'} <span class="muted">(what node:tls could offer; raw ClientHellos offer any suite)</span></dd>
<dt>Started</dt><dd><time datetime="${report.startedAt}">${timestamp(report.startedAt)}</time></dd>
<dt>Duration</dt><dd>${duration(report.durationMs)}</dd>
<dt>Gate</dt><dd>${report.summary.gateRule} — ${report.summary.gate}: ${report.summary.gateReason}</dd>
<dt>Notes</dt><dd>${notes.length > 0 ? h`<ul>${notes.map((n) => h`<li>${n}</li>`)}</ul>` : h`<span class="muted">none</span>`}</dd>
<dt>Leftovers</dt><dd>${
    leftovers.length > 0
      ? h`<p class="leftovers">Resources the run created and could not remove:</p><ul class="leftovers">${leftovers.map((l) => h`<li><code>${l}</code></li>`)}</ul>`
      : h`<span class="muted">none: everything the run created was removed</span>`
  }</dd>
</dl>
<nav class="toc"><a href="#cases">Cases</a><a href="#requirements">Requirements matrix</a>${[...groupByArea(report.cases).keys()].map((a) => h`<a href="${href(`area-${a}`)}">${a}</a>`)}</nav>
</section>`;
}

function filterBar(ctx: Ctx): Html {
  const { report } = ctx;
  const levels = LEVEL_ORDER.filter((l) => report.cases.some((c) => c.level === l));
  const areas = [...groupByArea(report.cases).keys()];
  const hasKnown = report.cases.some(isKnownDeviation);
  return h`<form id="filters" class="filters" role="search" hidden data-js>
<label>Verdict<select id="f-verdict" name="verdict">
<option value="">all</option><option value="not-pass" title="fail, warn or error">not passing</option>
${VERDICTS.map((v) => h`<option value="${v}">${v}</option>`)}${hasKnown ? h`<option value="known">known (baseline)</option>` : ''}${report.cases.some((c) => c.notRun) ? h`<option value="not-run">not run</option>` : ''}
</select></label>
<label>Level<select id="f-level" name="level"><option value="">all</option>${levels.map((l) => h`<option value="${l}">${l}</option>`)}</select></label>
<label>Area<select id="f-area" name="area"><option value="">all</option>${areas.map((a) => h`<option value="${a}">${a}</option>`)}</select></label>
<label><span>Search <kbd>/</kbd></span><input id="f-text" name="q" type="search" placeholder="case id, title, requirement, message" title="Every word must match: case id, title, requirement ids, message, checks" autocomplete="off"></label>
<button type="button" id="f-reset">Clear</button>
<button type="button" id="f-expand">Expand all</button>
<button type="button" id="f-collapse">Collapse all</button>
<span class="status" id="f-status" role="status" aria-live="polite"></span>
</form>
<noscript><p class="nojs">JavaScript is off: every case is shown (filters and search need JavaScript). Each case opens on a click.</p></noscript>`;
}

function quote(ctx: Ctx, id: string): Html {
  const r = ctx.reqs.get(id);
  const cat = ctx.catalog.get(id);
  const text = r?.text ?? cat?.text;
  if (text === undefined) {
    return h`<blockquote class="quote"><p class="qmeta"><code>${id}</code></p><p class="muted">Not in the report's requirements catalog.</p></blockquote>`;
  }
  const level = r?.level ?? cat?.level;
  const section = r?.section ?? cat?.section;
  return h`<blockquote class="quote"><p class="qmeta"><a href="${href(reqAnchor(id))}"><code>${id}</code></a> · ${level} · ${section}${
    cat?.interpretation ? h` · <span title="the product's reading of an unclear statement">reading: docs/interpretation.md#${cat.interpretation}</span>` : ''
  }</p><p class="qtext">${quoteText(text)}</p></blockquote>`;
}

/** The checks of a case; a check graded weaker than its requirement says why, small, beside its level. */
function checksTable(ctx: Ctx, checks: readonly CheckResult[]): Html {
  if (checks.length === 0) return h``;
  return h`<h4>Checks</h4><table class="checks"><thead><tr><th></th><th>Requirement</th><th>Expected</th><th>Actual</th></tr></thead><tbody>${checks.map((k) => {
    const graded = gradedText(k, ctx.reqs.get(k.requirement)?.level ?? ctx.catalog.get(k.requirement)?.level);
    return h`<tr class="${k.ok ? 'good' : k.level === 'MUST' || k.level === 'MUST NOT' ? 'bad' : 'bad soft'}"><td>${
      k.ok ? h`<span class="ok" title="held">✓</span>` : h`<span class="ko" title="did not hold">✗</span>`
    }</td><td class="nowrap"><code>${k.requirement}</code> <span class="muted">(${k.level})</span>${graded !== undefined ? h`<small class="graded">${graded}</small>` : ''}</td><td class="exp">${k.expected}</td><td class="act">${k.actual}</td></tr>`;
  })}</tbody></table>`;
}

function exchange(ev: HttpEvidence, i: number, n: number, domId: string): Html {
  const reqHeaders = headerLines(ev.request.headers);
  const reqBody = ev.request.body !== undefined && ev.request.body !== '' ? readableBody(ev.request.body) : undefined;
  const res = ev.response;
  const resBody = res && res.body !== '' ? readableBody(res.body) : undefined;
  const curlId = `${domId}-curl-${i}`;
  return h`<div class="exchange"><h5>Exchange ${i + 1} of ${n} <span class="muted">· ${duration(ev.durationMs)}</span></h5>
<div class="http">
<div><div class="part">Request</div><pre class="line">${ev.request.method} ${ev.request.url}</pre>
${reqHeaders !== '' ? h`<div class="part">Headers</div><pre>${reqHeaders}</pre>` : ''}
${reqBody ? h`<div class="part">Body${reqBody.indented ? ' (JSON, indented for reading)' : ''}</div><pre>${reqBody.text}</pre>` : ''}
</div>
<div>${
    res
      ? h`<div class="part">Response</div><pre class="line">HTTP ${res.status}</pre>
${Object.keys(res.headers).length > 0 ? h`<div class="part">Headers</div><pre>${headerLines(res.headers)}</pre>` : ''}
<div class="part">Body: ${res.bodyBytes}${res.truncated ? '+' : ''} bytes${res.truncated ? ' (the suite stopped reading at its limit)' : ''}${
          resBody?.indented ? ' (JSON, indented for reading)' : ''
        }</div>${
          resBody ? h`<pre class="body">${resBody.text}</pre>` : h`<pre class="body muted">(empty)</pre>`
        }`
      : h`<div class="part">Response</div><p class="transport-error">No response${ev.error ? h`: ${ev.error}` : ''}</p>`
  }${res && ev.error ? h`<p class="transport-error">${ev.error}</p>` : ''}</div>
</div>
${reproduceBlock(ev.curl, curlId)}
</div>`;
}

/** The reproduce line with its copy button (the same markup for every kind of evidence). */
function reproduceBlock(line: string, id: string): Html {
  return h`<div class="part">Reproduce</div><div class="curl"><pre id="${id}"><code>${line}</code></pre><button type="button" class="copy" data-copy="${id}" hidden data-js>Copy</button></div>`;
}

/** One TLS handshake: the offer in full (every suite by name and code point, in a scrolling box), the answer, the replay line. */
function tlsExchange(ev: TlsEvidence, i: number, n: number, domId: string): Html {
  const a = ev.answer;
  const rows = ev.offered.suites.map((s) => h`<tr><td><code>${s.code}</code></td><td><code>${s.name}</code></td><td><code>${s.iana ?? ''}</code></td></tr>`);
  const suites = h`<table class="suites"><thead><tr><th>code</th><th>name</th><th>IANA name</th></tr></thead><tbody>${rows}</tbody></table>`;
  return h`<div class="exchange tls"><h5>Handshake ${i + 1} of ${n} <span class="muted">· ${duration(ev.durationMs)} · ${ev.client === 'raw' ? 'raw ClientHello' : 'node:tls'} to ${ev.target}${ev.servername ? ` (SNI ${ev.servername})` : ''}</span></h5>
<div class="http">
<div><div class="part">Offered</div><pre class="line">${versionsOf(ev)}, ${ev.offered.suites.length} suite(s)</pre>
<div class="suites">${suites}</div>
</div>
<div><div class="part">Answer: ${a.outcome}</div><pre class="line">${tlsAnswerText(ev)}</pre>
${a.outcome !== 'error' ? h`<div class="part">Detail</div><pre>${a.detail}</pre>` : ''}
</div>
</div>
${reproduceBlock(ev.reproduce, `${domId}-curl-${i}`)}
</div>`;
}

/** One DNS lookup: the question, the records and addresses, the dig line. */
function dnsExchange(ev: DnsEvidence, i: number, n: number, domId: string): Html {
  return h`<div class="exchange dns"><h5>DNS lookup ${i + 1} of ${n} <span class="muted">· ${duration(ev.durationMs)} · server ${ev.server}</span></h5>
<div class="http">
<div><div class="part">Question</div><pre class="line">${ev.question.name} ${ev.question.type}</pre></div>
<div><div class="part">Answer</div>${
    ev.answers.length > 0
      ? h`<pre>${ev.answers.map((r) => `${r.priority} ${r.weight} ${r.port} ${r.target} (ttl ${r.ttl}) → ${r.addresses.join(' ') || 'no address'}`).join('\n')}</pre>`
      : h`<p class="transport-error">${dnsAnswerText(ev)}</p>`
  }${ev.answers.length > 0 && ev.error ? h`<p class="transport-error">${ev.error}</p>` : ''}</div>
</div>
${reproduceBlock(ev.reproduce, `${domId}-curl-${i}`)}
</div>`;
}

function anyExchange(ev: Evidence, i: number, n: number, domId: string): Html {
  if (ev.kind === 'tls') return tlsExchange(ev, i, n, domId);
  if (ev.kind === 'dns') return dnsExchange(ev, i, n, domId);
  return exchange(ev, i, n, domId);
}

function caseRow(ctx: Ctx, c: CaseResult, index: number): Html {
  const known = isKnownDeviation(c);
  const domId = `c${index}`;
  const why = c.verdict !== 'pass' && c.message ? oneLine(c.message) : '';
  // data-count: the summary count the case falls in (the banner's chips filter by it).
  return h`<details class="case verdict-${c.verdict}" id="${caseAnchor(c.id)}" data-verdict="${c.verdict}" data-count="${countOf(c)}" data-level="${c.level}" data-area="${c.area}" data-known="${known ? 'true' : 'false'}" data-reqs="${c.requirements.join(' ')}">
<summary>${caseBadge(c)}<code class="cid">${c.id}</code><span class="title">${c.title}${why !== '' ? h`<span class="why">${why}</span>` : ''}</span><span class="lvl">${c.level}</span><span class="dur">${duration(c.durationMs)}</span></summary>
<div class="case-body">
${known ? h`<p class="muted">Listed in the baseline as an accepted deviation (${c.verdict}): it does not fail the gate.</p>` : ''}
${c.message ? h`<div class="case-message">${c.message}</div>` : ''}
<h4>Requirements</h4>${c.requirements.map((r) => quote(ctx, r))}
${checksTable(ctx, c.checks)}
${
  c.evidence.length > 0
    ? h`<h4>Evidence</h4>${c.evidence.map((ev, i) => anyExchange(ev, i, c.evidence.length, domId))}`
    : h`<p class="muted">No exchange with the target recorded for this case.</p>`
}
</div>
</details>`;
}

function casesSection(ctx: Ctx): Html {
  let index = 0;
  const groups = [...groupByArea(ctx.report.cases)];
  return h`<section id="cases"><h2>Cases <span class="muted">(${ctx.report.cases.length})</span></h2>
${filterBar(ctx)}
${groups.map(([area, cases]) => {
  const counts = VERDICTS.map((v) => [v, cases.filter((c) => c.verdict === v).length] as const).filter(([, n]) => n > 0);
  return h`<section class="area" id="${`area-${area}`}" data-area="${area}"><h3>${area} <span class="counts">${cases.length === 1 ? '1 case' : `${cases.length} cases`}: ${counts
    .map(([v, n]) => `${n} ${v}`)
    .join(', ')}</span></h3>
${cases.map((c) => caseRow(ctx, c, index++))}
</section>`;
})}
${ctx.report.cases.length === 0 ? h`<p class="no-match">The run selected no case.</p>` : ''}
<p class="no-match" id="f-none" hidden>No case matches the filters.</p>
</section>`;
}

function matrix(ctx: Ctx): Html {
  const { report } = ctx;
  // Every requirement of the report, then any the catalog has and the report lacks.
  const rows: RequirementResult[] = [...report.requirements];
  for (const r of ctx.catalog.values()) {
    if (!ctx.reqs.has(r.id)) {
      rows.push({ id: r.id, level: r.level, section: r.section, text: r.text, cases: [], verdict: 'skip', ...(r.untestable ? { untestable: r.untestable } : {}) });
    }
  }
  const covered = rows.filter((r) => r.cases.length > 0);
  const untestable = rows.filter((r) => r.cases.length === 0 && r.untestable).length;
  const byVerdict = VERDICTS.map((v) => [v, covered.filter((r) => r.verdict === v).length] as const).filter(([, n]) => n > 0);

  const row = (r: RequirementResult): Html => {
    const cat = ctx.catalog.get(r.id);
    const untestableReason = r.untestable ?? cat?.untestable;
    const casesCell =
      r.cases.length > 0
        ? h`<ul>${r.cases.map((id) => {
            const c = ctx.cases.get(id);
            return h`<li>${c ? badge(verdictIn(c, r.id), isKnownDeviation(c), c.notRun === true) : ''} <a href="${href(caseAnchor(id))}"><code>${id}</code></a></li>`;
          })}</ul>`
        : untestableReason
          ? h`<span class="uncovered"><strong>Untestable:</strong> ${untestableReason}</span>`
          : h`<span class="uncovered">No case of this run checks it (not selected, or the suite has no case for it yet).</span>`;
    return h`<tr id="${reqAnchor(r.id)}" class="${r.cases.length > 0 ? 'covered' : 'not-covered'}"><td class="rid"><code>${r.id}</code></td><td class="nowrap">${r.level}</td><td class="rtext"><span class="section">${r.section}</span>${quoteText(r.text)}</td><td class="rcases">${casesCell}</td><td>${
      r.cases.length > 0 ? badge(r.verdict) : h`<span class="badge v-none" title="no case covers it">none</span>`
    }</td></tr>`;
  };

  // Grouped by area when the catalog says which area each requirement belongs to.
  const areaOf = (r: RequirementResult): string | undefined => ctx.catalog.get(r.id)?.area;
  let body: Html;
  if (ctx.catalog.size > 0) {
    const groups = new Map<string, RequirementResult[]>();
    for (const r of rows) {
      const a = areaOf(r) ?? 'other';
      const g = groups.get(a);
      if (g) g.push(r);
      else groups.set(a, [r]);
    }
    body = h`${[...groups].map(([a, rs]) => h`<tbody><tr><th colspan="5" scope="rowgroup">${a}</th></tr>${rs.map(row)}</tbody>`)}`;
  } else {
    body = h`<tbody>${rows.map(row)}</tbody>`;
  }

  return h`<section id="requirements"><h2>Requirements matrix</h2>
<p>${rows.length} requirements: ${covered.length} checked by the cases of this run${
    byVerdict.length > 0 ? ` (${byVerdict.map(([v, n]) => `${n} ${v}`).join(', ')})` : ''
  }, ${rows.length - covered.length} not covered${untestable > 0 ? ` (${untestable} untestable from a server-side suite)` : ''}. A requirement's verdict is the worst outcome of the checks that cite it; next to each case is the outcome of that requirement's checks in it.</p>
<table class="matrix"><thead><tr><th>Requirement</th><th>Level</th><th>Quote</th><th>Cases</th><th>Verdict</th></tr></thead>
${body}
</table>
</section>`;
}

// ---------------------------------------------------------------------------------------
// The page

const sha256 = (s: string): string => `'sha256-${createHash('sha256').update(s, 'utf8').digest('base64')}'`;

/** The Content-Security-Policy of the page: nothing but the shipped style and script. */
export function htmlContentSecurityPolicy(): string {
  return [
    "default-src 'none'",
    `style-src ${sha256(HTML_STYLE)}`,
    `script-src ${sha256(HTML_SCRIPT)}`,
    'img-src data:',
    "base-uri 'none'",
    "form-action 'none'",
    "require-trusted-types-for 'script'",
    "trusted-types 'none'",
  ].join('; ');
}

function favicon(passed: boolean): string {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><circle cx="8" cy="8" r="7" fill="${passed ? '#1e8e3e' : '#d93025'}"/></svg>`;
  return `data:image/svg+xml,${encodeURIComponent(svg)}`;
}

/** The run as one self-contained HTML page. */
export function renderHtml(report: RunReport, opts: HtmlOptions): string {
  const ctx: Ctx = {
    report,
    reqs: new Map(report.requirements.map((r) => [r.id, r])),
    catalog: new Map((opts.catalog ?? []).map((r) => [r.id, r])),
    cases: new Map(report.cases.map((c) => [c.id, c])),
  };
  const passed = report.summary.gate === 'passed';
  const page = h`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${htmlContentSecurityPolicy()}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="generator" content="${report.tool.name} ${report.tool.version}">
<title>${gateHeading(report)} — ${report.tool.name} — ${report.target}</title>
<link rel="icon" href="${favicon(passed)}">
<style>${new Html(HTML_STYLE)}</style>
</head>
<body>
${banner(ctx)}
${metadata(ctx)}
${casesSection(ctx)}
${matrix(ctx)}
<footer>${report.tool.name} ${report.tool.version} · profile ${report.profile} · started ${timestamp(report.startedAt)} · one self-contained file: it loads nothing from the network. The same run as data: report.json; for CI: junit.xml.</footer>
<script>${new Html(HTML_SCRIPT)}</script>
</body>
</html>
`;
  return page.html;
}

/** Writes `<dir>/index.html` atomically (creating `dir` if needed) and returns its path. */
export async function writeHtml(report: RunReport, dir: string, opts: HtmlOptions): Promise<string> {
  const file = join(dir, HTML_REPORT_FILE);
  await writeFileAtomic(file, renderHtml(report, opts));
  return file;
}
