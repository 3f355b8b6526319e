// The HTML report's stylesheet, inlined into index.html (no external assets). The page's
// Content-Security-Policy allows exactly this text by its SHA-256, so it must not depend on
// the report: everything run-specific is markup, never CSS.

export const HTML_STYLE = `
:root {
  color-scheme: light dark;
  --bg: #ffffff; --fg: #1d232b; --muted: #5b6673; --line: #d6dbe1; --panel: #f5f7f9; --code: #f0f2f5;
  --link: #0b57b0; --accent: #0b57b0;
  --pass: #176a30; --pass-bg: #e3f4e8; --fail: #b3261e; --fail-bg: #fde7e5; --warn: #8a5a00; --warn-bg: #fff1d1;
  --skip: #56606b; --skip-bg: #eceff2; --error: #7a1fa2; --error-bg: #f4e5fa; --known: #8c2f6e; --known-bg: #f8e6f1;
  --mono: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", "DejaVu Sans Mono", monospace;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #14181d; --fg: #e3e7ec; --muted: #9aa5b1; --line: #333b45; --panel: #1b2027; --code: #20262e;
    --link: #7db4ff; --accent: #7db4ff;
    --pass: #6fd08c; --pass-bg: #153321; --fail: #ff8a80; --fail-bg: #3d1a18; --warn: #f5c463; --warn-bg: #3a2e10;
    --skip: #a9b3bd; --skip-bg: #272d35; --error: #d69cf0; --error-bg: #33203d; --known: #f09ad0; --known-bg: #3a1f31;
  }
}
* { box-sizing: border-box; }
[hidden] { display: none !important; }
html { background: var(--bg); color: var(--fg); }
body {
  margin: 0 auto; max-width: 1280px; padding: 0 24px 48px;
  font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", sans-serif;
}
a { color: var(--link); }
code, pre, kbd { font-family: var(--mono); font-size: 13px; }
h1, h2, h3, h4 { line-height: 1.2; }
h2 { margin: 36px 0 12px; padding-bottom: 6px; border-bottom: 1px solid var(--line); font-size: 22px; }
h3 { margin: 24px 0 8px; font-size: 17px; }
h4 { margin: 16px 0 6px; font-size: 14px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
.muted { color: var(--muted); }
.nowrap { white-space: nowrap; }

/* Verdict banner */
.banner { margin: 24px 0 8px; padding: 20px 24px; border-radius: 10px; border: 1px solid var(--line); border-left-width: 10px; background: var(--panel); }
.banner.gate-passed { border-left-color: var(--pass); }
.banner.gate-failed { border-left-color: var(--fail); }
.banner h1 { margin: 0 0 4px; font-size: 30px; }
.gate-passed h1 { color: var(--pass); }
.gate-failed h1 { color: var(--fail); }
.banner .sub { margin: 0 0 14px; color: var(--muted); overflow-wrap: anywhere; }
.banner-grid { display: flex; flex-wrap: wrap; gap: 16px 40px; align-items: flex-start; }
.chips { display: flex; flex-wrap: wrap; gap: 8px; margin: 0; padding: 0; list-style: none; }
.chip { display: inline-flex; align-items: baseline; gap: 6px; padding: 6px 12px; border-radius: 999px; text-decoration: none; font-weight: 600; border: 1px solid transparent; }
.chip b { font-size: 20px; }
.chip.zero { opacity: .55; }
a.chip:hover { border-color: currentColor; }
.levels { border-collapse: collapse; font-size: 13px; }
.levels th, .levels td { padding: 3px 10px; text-align: right; border-bottom: 1px solid var(--line); }
.levels th:first-child, .levels td:first-child { text-align: left; }
.levels td.zero { color: var(--muted); opacity: .6; }
.attention { margin: 16px 0 0; }
.attention h3 { margin: 0 0 6px; font-size: 15px; }
.attention ul { margin: 0; padding-left: 0; list-style: none; }
.attention li { margin: 3px 0; overflow-wrap: anywhere; }
.attention .more { color: var(--muted); }

/* Verdict badges */
.badge { display: inline-block; min-width: 52px; padding: 1px 6px; border-radius: 4px; font: 700 11px/1.6 var(--mono); text-align: center; letter-spacing: .03em; text-transform: uppercase; }
.v-pass { color: var(--pass); background: var(--pass-bg); }
.v-fail { color: var(--fail); background: var(--fail-bg); }
.v-warn { color: var(--warn); background: var(--warn-bg); }
.v-skip { color: var(--skip); background: var(--skip-bg); }
.v-error { color: var(--error); background: var(--error-bg); }
.v-known { color: var(--known); background: var(--known-bg); }
.v-info { color: var(--accent); background: var(--panel); border: 1px solid var(--line); }
.v-not-run { color: var(--skip); background: transparent; border: 1px dashed var(--skip); }
.v-none { color: var(--muted); background: transparent; border: 1px dashed var(--line); }

/* Run metadata */
.meta { display: grid; grid-template-columns: max-content 1fr; gap: 4px 20px; margin: 0; }
.meta dt { color: var(--muted); }
.meta dd { margin: 0; overflow-wrap: anywhere; }
.meta ul { margin: 0; padding-left: 18px; }
.leftovers { color: var(--fail); }
.meta table.options { border-collapse: collapse; font-size: 13px; }
.meta table.options th, .meta table.options td { padding: 1px 12px 1px 0; text-align: left; font-weight: 400; vertical-align: top; }
.banner .gate-reason { margin: 0 0 12px; font-weight: 600; }
.banner.interrupted { border-left-color: var(--error); }
.banner .not-run-line { color: var(--muted); }
nav.toc { margin: 12px 0 0; font-size: 14px; }
nav.toc a { margin-right: 14px; }

/* Filters */
.filters { position: sticky; top: 0; z-index: 2; display: flex; flex-wrap: wrap; gap: 10px 16px; align-items: end; padding: 10px 12px; margin: 0 0 8px; background: var(--panel); border: 1px solid var(--line); border-radius: 8px; }
.filters label { display: flex; flex-direction: column; gap: 2px; font-size: 12px; color: var(--muted); }
.filters select, .filters input, .filters button, .copy { font: inherit; font-size: 14px; color: var(--fg); background: var(--bg); border: 1px solid var(--line); border-radius: 6px; padding: 4px 8px; }
.filters input[type=search] { min-width: 300px; }
.filters kbd { padding: 0 4px; border: 1px solid var(--line); border-radius: 3px; font-size: 11px; }
.filters button, .copy { cursor: pointer; }
.filters button:hover, .copy:hover { border-color: var(--accent); }
.filters .status { margin-left: auto; font-size: 13px; color: var(--muted); align-self: center; }
.nojs { padding: 8px 12px; border: 1px dashed var(--line); border-radius: 8px; color: var(--muted); }

/* Cases */
.area > h3 { display: flex; gap: 12px; align-items: baseline; }
.area > h3 .counts { font-size: 13px; font-weight: 400; color: var(--muted); }
.case { border: 1px solid var(--line); border-radius: 6px; margin: 4px 0; background: var(--bg); }
.case[open] { border-color: var(--muted); }
.case > summary { display: grid; grid-template-columns: 20px 64px minmax(200px, 26%) 1fr auto auto; gap: 10px; align-items: baseline; padding: 6px 10px; cursor: pointer; list-style: none; }
.case > summary::-webkit-details-marker { display: none; }
.case > summary::before { content: "\\25B8"; color: var(--muted); }
.case[open] > summary::before { content: "\\25BE"; }
.case > summary:hover { background: var(--panel); }
.case .cid { font-weight: 600; overflow-wrap: anywhere; }
.case .title { overflow-wrap: anywhere; }
.case .title .why { display: block; font-size: 13px; color: var(--muted); }
.case .lvl { font-size: 12px; color: var(--muted); white-space: nowrap; }
.case .dur { font-size: 12px; color: var(--muted); white-space: nowrap; text-align: right; min-width: 56px; }
.case-body { padding: 4px 16px 14px 40px; border-top: 1px solid var(--line); }
.case-message { margin: 10px 0; padding: 8px 12px; border-radius: 6px; background: var(--panel); white-space: pre-wrap; overflow-wrap: anywhere; }
.case.verdict-fail .case-message, .case.verdict-error .case-message { background: var(--fail-bg); }
.case.verdict-warn .case-message { background: var(--warn-bg); }
.quote { margin: 8px 0; padding: 6px 12px; border-left: 4px solid var(--accent); background: var(--panel); }
.quote p { margin: 2px 0; }
.quote .qmeta { font-size: 13px; color: var(--muted); }
.quote .qtext strong { color: var(--fg); }
.checks { border-collapse: collapse; width: 100%; font-size: 13px; }
.checks th, .checks td { text-align: left; vertical-align: top; padding: 4px 8px; border-bottom: 1px solid var(--line); overflow-wrap: anywhere; }
.checks th { color: var(--muted); font-weight: 600; }
.checks td.exp, .checks td.act { font-family: var(--mono); white-space: pre-wrap; }
.checks tr.bad td { background: var(--fail-bg); }
.checks tr.bad.soft td { background: var(--warn-bg); }
.checks .ok { color: var(--pass); font-weight: 700; }
.checks .ko { color: var(--fail); font-weight: 700; }
.checks small.graded { display: block; max-width: 28em; white-space: normal; color: var(--muted); font-size: 12px; }
.exchange { margin: 10px 0 14px; padding: 10px 12px; border: 1px solid var(--line); border-radius: 6px; }
.exchange h5 { margin: 0 0 8px; font-size: 13px; }
.http { display: grid; grid-template-columns: repeat(auto-fit, minmax(380px, 1fr)); gap: 12px; }
.http > div { min-width: 0; }
.part { margin: 6px 0 2px; font-size: 12px; color: var(--muted); }
pre { margin: 0; padding: 8px 10px; background: var(--code); border-radius: 4px; white-space: pre-wrap; overflow-wrap: anywhere; max-height: 28em; overflow: auto; }
pre.line { font-weight: 600; }
.transport-error { color: var(--error); font-family: var(--mono); font-size: 13px; white-space: pre-wrap; overflow-wrap: anywhere; }
.curl { display: flex; gap: 8px; align-items: flex-start; margin-top: 8px; }
.curl pre { flex: 1; user-select: all; -webkit-user-select: all; }
.copy { font-size: 12px; padding: 3px 10px; white-space: nowrap; }
table.suites { border-collapse: collapse; font-size: 12px; margin-top: 4px; }
table.suites th, table.suites td { text-align: left; padding: 1px 8px 1px 0; }
div.suites { max-height: 16em; overflow: auto; }
.no-match { padding: 16px; text-align: center; color: var(--muted); border: 1px dashed var(--line); border-radius: 8px; }

/* Requirements matrix */
.matrix { border-collapse: collapse; width: 100%; font-size: 13px; }
.matrix th, .matrix td { text-align: left; vertical-align: top; padding: 6px 8px; border-bottom: 1px solid var(--line); }
.matrix thead th { position: sticky; top: 0; background: var(--bg); z-index: 1; }
.matrix tbody th { padding-top: 16px; font-size: 14px; background: var(--bg); }
.matrix .rid { white-space: nowrap; font-weight: 600; }
.matrix .rtext { max-width: 56em; }
.matrix .rtext .section { display: block; color: var(--muted); font-size: 12px; }
.matrix .rcases ul { margin: 0; padding: 0; list-style: none; }
.matrix .rcases li { margin: 1px 0; white-space: nowrap; }
.matrix .rcases .badge { min-width: 44px; font-size: 10px; }
.matrix .uncovered { color: var(--muted); font-style: italic; }
.matrix tr.not-covered td { background: var(--panel); }
.matrix tr:target td { outline: 2px solid var(--accent); outline-offset: -2px; }
.case:target { outline: 2px solid var(--accent); }
footer { margin-top: 40px; font-size: 12px; color: var(--muted); }

@media (max-width: 760px) {
  body { padding: 0 10px 32px; }
  .case > summary { grid-template-columns: 16px 60px 1fr; }
  .case .title, .case .lvl, .case .dur { grid-column: 3; }
  .case-body { padding: 4px 8px 12px 12px; }
  .http { grid-template-columns: 1fr; }
}

@media print {
  :root {
    color-scheme: light;
    --bg: #ffffff; --fg: #000000; --muted: #444c55; --line: #c3c9d0; --panel: #f3f5f7; --code: #f3f5f7; --link: #0b3d91;
    --pass: #176a30; --pass-bg: #e3f4e8; --fail: #b3261e; --fail-bg: #fde7e5; --warn: #7a4f00; --warn-bg: #fff1d1;
    --skip: #444c55; --skip-bg: #eceff2; --error: #6a1b8a; --error-bg: #f4e5fa; --known: #7a2860; --known-bg: #f8e6f1;
  }
  body { max-width: none; padding: 0; font-size: 11pt; }
  .filters, .copy, nav.toc, .nojs, .no-match { display: none !important; }
  /* A summary, then the cases that did not pass with their evidence; every other case one line. */
  .case:is([data-count="failed"], [data-count="warned"], [data-count="errored"], [data-count="known"])::details-content { content-visibility: visible; display: block; height: auto; }
  .case:not([data-count="failed"], [data-count="warned"], [data-count="errored"], [data-count="known"]) > .case-body { display: none; }
  .case { break-inside: auto; margin: 0; border-radius: 0; border-width: 0 0 1px; }
  /* One line a case whatever the paper's width: badge, id, title (and why), level. */
  .case > summary { grid-template-columns: 64px minmax(0, 34%) 1fr auto; gap: 8px; padding: 2px 4px; font-size: 10pt; }
  .case > summary::before, .case .dur { display: none; }
  .case .title, .case .lvl { grid-column: auto; }
  /* The matrix without its quotes (each case that did not pass quotes its requirements). */
  .matrix th:nth-child(3), .matrix td.rtext { display: none; }
  .case > summary, .exchange h5, .quote, .checks tr { break-inside: avoid; }
  pre, div.suites { max-height: none; overflow: visible; }
  .matrix thead th { position: static; }
  a { color: inherit; text-decoration: none; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
`;
