// The HTML report as text: escaping, the CSP and its hashes, self-containment, what each
// section holds, the writer, and how long a full-size report takes to render. The same page
// in a real browser: test/browser/html-report.test.ts.
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HTML_REPORT_FILE, escapeHtml, htmlContentSecurityPolicy, renderHtml, writeHtml } from '../../reports/html.js';
import { ReportWriteError, writeReports } from '../../reports/index.js';
import type { CaseResult, HttpEvidence, Level, Requirement, RequirementResult, RunReport, Verdict } from '../../suites/core/types.js';
import { dnsEvidence, suiteRefs, tlsEvidence } from '../helpers/evidence-fixtures.js';
import { reportOf, underGate } from '../helpers/report-fixtures.js';
import { countOf, summarize } from '../../suites/core/summary.js';

const HOSTILE = `<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">'&\u0001\u202E`;

function evidence(status: number, body: string, extra: Partial<HttpEvidence> = {}): HttpEvidence {
  return {
    kind: 'http',
    request: { method: 'GET', url: 'https://t.example/taxii/', headers: { authorization: 'Basic [redacted]' } },
    response: { status, headers: { 'content-type': 'application/taxii+json' }, body, bodyBytes: body.length, truncated: false },
    curl: `curl -sS -i -u "$TAXII_USER:$TAXII_PASSWORD" 'https://t.example/taxii/'`,
    durationMs: 12,
    ...extra,
  };
}

function kase(id: string, verdict: Verdict, over: Partial<CaseResult> = {}): CaseResult {
  const level: Level = over.level ?? 'MUST';
  const req = over.requirements?.[0] ?? 'T2-DISC-01';
  return {
    id,
    area: id.split('.')[0]!,
    level,
    title: `Title of ${id}`,
    requirements: [req],
    verdict,
    durationMs: 15,
    message: verdict === 'pass' ? '1 check(s) held' : `${req} (${level}): expected status 200; got status 500`,
    checks: [{ requirement: req, level, ok: verdict === 'pass', expected: 'status 200', actual: verdict === 'pass' ? 'status 200' : 'status 500' }],
    evidence: [evidence(verdict === 'pass' ? 200 : 500, '{"type":"discovery"}')],
    ...over,
  };
}

function requirement(id: string, over: Partial<RequirementResult> = {}): RequirementResult {
  return { id, level: 'MUST', section: 'Section 3: Discovery', text: `Servers MUST do ${id}.`, cases: [], verdict: 'skip', ...over };
}

function fixture(): RunReport {
  const cases: CaseResult[] = [
    kase('discovery.get', 'pass'),
    kase('discovery.hostile', 'fail', {
      requirements: ['T2-DISC-02'],
      message: `server said ${HOSTILE}`,
      checks: [{ requirement: 'T2-DISC-02', level: 'MUST', ok: false, expected: 'a TAXII message', actual: HOSTILE }],
      evidence: [evidence(500, `<html>${HOSTILE}</html>`), evidence(0, '', { response: undefined, error: `connection reset ${HOSTILE}` })],
    }),
    kase('auth.token', 'warn', { level: 'SHOULD', requirements: ['T2-AUTH-02'] }),
    kase('auth.known', 'fail', { requirements: ['T2-AUTH-01'], known: true }),
    kase('channels.write', 'skip', { requirements: ['T2-CHAN-01'], message: 'skipped: --read-only', checks: [], evidence: [] }),
    kase('channels.timeout', 'error', { requirements: ['T2-CHAN-01'], message: 'timed out after 15000 ms', checks: [] }),
  ];
  const requirements: RequirementResult[] = [
    requirement('T2-DISC-01', { cases: ['discovery.get'], verdict: 'pass' }),
    requirement('T2-DISC-02', { cases: ['discovery.hostile'], verdict: 'fail' }),
    requirement('T2-AUTH-01', { cases: ['auth.known'], verdict: 'fail' }),
    requirement('T2-AUTH-02', { level: 'SHOULD', text: 'Servers SHOULD issue tokens.', cases: ['auth.token'], verdict: 'warn' }),
    requirement('T2-CHAN-01', { cases: ['channels.write', 'channels.timeout'], verdict: 'error' }),
    requirement('T2-TLS-04', { text: 'TAXII clients MUST use HTTPS.', untestable: 'It binds TAXII clients.' }),
    requirement('T2-POLICY-01', { level: 'MAY', text: 'Operators MAY deploy.' }),
  ];
  return reportOf(cases, {
    requirements,
    notes: ['the Repository Listing names its array `channels` (a spec slip)'],
    leftovers: ['channel tc-1234abcd-x at https://t.example/trustgroup1/channels/tc-1234abcd-x/'],
  });
}

const sha256 = (s: string): string => createHash('sha256').update(s, 'utf8').digest('base64');

describe('escapeHtml', () => {
  it('escapes & < > " \' and shows control and bidi characters', () => {
    expect(escapeHtml(`<a href="x">&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;');
    expect(escapeHtml('a\u0000b\u001bc\u007fd\tx\ny\r')).toBe('a\\x00b\\x1bc\\x7fd\tx\ny\r');
    expect(escapeHtml('abc\u202Efed')).toBe('abc\\u{202e}fed');
    expect(escapeHtml(42)).toBe('42');
  });
});

describe('renderHtml', () => {
  const html = renderHtml(fixture(), {});

  it('lets no markup from the report through', () => {
    expect(html.match(/<script/g)).toHaveLength(1);
    expect(html).not.toMatch(/<img/i);
    expect(html).not.toMatch(/<[^>]*\sonerror=/i);
    expect(html).not.toContain('\u0001');
    expect(html).not.toContain('\u202E');
    expect(html).toContain('&lt;script&gt;window.__pwned=1&lt;/script&gt;&lt;img src=x onerror=&quot;window.__pwned=2&quot;&gt;&#39;&amp;\\x01\\u{202e}');
  });

  it('has a strict Content-Security-Policy whose hashes are those of the inline style and script', () => {
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1]?.replace(/&#39;/g, "'");
    expect(csp).toBe(htmlContentSecurityPolicy());
    expect(csp).toMatch(/^default-src 'none'; /);
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)?.[1];
    const script = /<script>([\s\S]*?)<\/script>/.exec(html)?.[1];
    expect(style).toBeDefined();
    expect(script).toBeDefined();
    expect(csp).toContain(`style-src 'sha256-${sha256(style!)}'`);
    expect(csp).toContain(`script-src 'sha256-${sha256(script!)}'`);
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
    // The CSP comes before anything it governs.
    expect(html.indexOf('Content-Security-Policy')).toBeLessThan(html.indexOf('<style>'));
  });

  it('is self-contained: no external resource, no inline handler or style attribute', () => {
    // (Attributes inside tags: the escaped hostile text holds ` src=` and ` onerror=` as text.)
    expect(html).not.toMatch(/<[^>]*\ssrc=/i);
    const hrefs = [...html.matchAll(/<[^>]*\shref="([^"]*)"/g)].map((m) => m[1]!);
    expect(hrefs.length).toBeGreaterThan(0);
    for (const h of hrefs) expect(h).toMatch(/^(#|data:image\/svg\+xml,)/);
    expect(html).not.toMatch(/<link(?![^>]*rel="icon")/);
    expect(html).not.toMatch(/<[^>]*\son[a-z]+=/i);
    expect(html).not.toMatch(/<[^>]*\sstyle=/i);
    expect(html).not.toMatch(/@import|url\(/);
  });

  it('shows the verdict banner, counts by verdict and level, and what did not pass', () => {
    expect(html).toContain('<h1>Gate failed</h1>');
    expect(html).toContain('gate must: a case that fails or errors fails the run');
    expect(html).toMatch(/<b>1<\/b> passed/);
    // The known failure is counted apart from the new one.
    expect(html).toMatch(/<b>1<\/b> failed/);
    expect(html).toMatch(/<b>1<\/b> known \(baseline\)/);
    expect(html).toMatch(/<th scope="row">SHOULD<\/th>/);
    const attention = /<div class="attention">([\s\S]*?)<\/div>/.exec(html)?.[1] ?? '';
    // New failures first, then errors, warnings, and known deviations last.
    const order = [...attention.matchAll(/<code>([^<]+)<\/code>/g)].map((m) => m[1]);
    expect(order).toEqual(['discovery.hostile', 'channels.timeout', 'auth.token', 'auth.known']);
    expect(renderHtml(underGate(fixture(), 'should'), {})).toContain(
      'gate should: a case that fails, errors or warns fails the run',
    );
  });

  it('shows the run metadata, notes and leftovers', () => {
    expect(html).toContain('<code>https://t.example/taxii/</code>');
    expect(html).toContain('taxii2-predraft');
    expect(html).toContain('taxii-conform 0.1.0');
    expect(html).toContain('<time datetime="2026-11-23T08:44:38.123Z">2026-11-23 08:44:38 UTC</time>');
    expect(html).toContain('3.1 s');
    expect(html).toContain('names its array `channels`');
    expect(html).toContain('<code>channel tc-1234abcd-x at https://t.example/trustgroup1/channels/tc-1234abcd-x/</code>');
  });

  it('has one <details> per case, grouped by area, with what the filters read', () => {
    const r = fixture();
    for (const c of r.cases) {
      expect(html).toContain(
        `<details class="case verdict-${c.verdict}" id="case-${c.id}" data-verdict="${c.verdict}" data-count="${countOf(c)}" data-level="${c.level}" data-area="${c.area}" data-known="${c.known ? 'true' : 'false'}"`,
      );
    }
    expect([...html.matchAll(/<section class="area" id="area-([^"]+)"/g)].map((m) => m[1])).toEqual(['discovery', 'auth', 'channels']);
    expect(html).toMatch(/<form id="filters" class="filters" role="search" hidden data-js>/);
    expect(html).toContain('<noscript>');
    expect(html).toContain('<option value="known">known (baseline)</option>');
  });

  it('puts the requirement quote, message, checks, evidence and curl line in each case', () => {
    const body = /<details class="case verdict-fail" id="case-discovery.hostile"[\s\S]*?<\/details>/.exec(html)?.[0] ?? '';
    expect(body).toContain('<a href="#req-T2-DISC-02"><code>T2-DISC-02</code></a> · MUST · Section 3: Discovery');
    expect(body).toContain('<p class="qtext">Servers <strong>MUST</strong> do T2-DISC-02.</p>');
    expect(body).toContain('<div class="case-message">server said &lt;script&gt;');
    expect(body).toMatch(/<tr class="bad">.*<code>T2-DISC-02<\/code>.*<td class="exp">a TAXII message<\/td><td class="act">&lt;script&gt;/);
    expect(body).toContain('<pre class="line">GET https://t.example/taxii/</pre>');
    expect(body).toContain('authorization: Basic [redacted]');
    expect(body).toContain('<pre class="line">HTTP 500</pre>');
    expect(body).toContain('<pre class="body">&lt;html&gt;&lt;script&gt;');
    expect(body).toContain('No response: connection reset &lt;script&gt;');
    expect(body).toContain(`<pre id="c1-curl-0"><code>curl -sS -i -u &quot;$TAXII_USER:$TAXII_PASSWORD&quot; &#39;https://t.example/taxii/&#39;</code></pre>`);
    expect(body).toContain('<button type="button" class="copy" data-copy="c1-curl-0" hidden data-js>Copy</button>');
    expect(body).toContain('Exchange 2 of 2');
    // JSON bodies are indented for reading, and say so.
    expect(html).toContain('(JSON, indented for reading)</div><pre class="body">{\n  &quot;type&quot;: &quot;discovery&quot;\n}</pre>');
    // A known deviation says it does not fail the gate.
    expect(html).toContain('Listed in the baseline as an accepted deviation (fail): it does not fail the gate.');
  });

  it('has a requirements matrix: every requirement, its cases with their outcome, and why the uncovered ones are', () => {
    const matrix = /<section id="requirements">[\s\S]*<\/section>/.exec(html)?.[0] ?? '';
    for (const r of fixture().requirements) expect(matrix).toContain(`<tr id="req-${r.id}"`);
    expect(matrix).toContain('7 requirements: 5 checked by the cases of this run (1 pass, 2 fail, 1 warn, 1 error), 2 not covered (1 untestable');
    const chan = /<tr id="req-T2-CHAN-01"[\s\S]*?<\/tr>/.exec(matrix)?.[0] ?? '';
    expect(chan).toContain('<span class="badge v-skip">skip</span> <a href="#case-channels.write">');
    expect(chan).toContain('<span class="badge v-error">error</span> <a href="#case-channels.timeout">');
    expect(/<tr id="req-T2-AUTH-01"[\s\S]*?<\/tr>/.exec(matrix)?.[0]).toContain('<span class="badge v-known"');
    expect(/<tr id="req-T2-TLS-04"[\s\S]*?<\/tr>/.exec(matrix)?.[0]).toContain('<strong>Untestable:</strong> It binds TAXII clients.');
    expect(/<tr id="req-T2-POLICY-01"[\s\S]*?<\/tr>/.exec(matrix)?.[0]).toContain('No case of this run checks it');
  });

  it('groups the matrix by area with a catalog, adding what the report lacks', () => {
    const catalog: Requirement[] = fixture().requirements.map((r) => ({
      id: r.id,
      level: r.level,
      section: r.section,
      text: r.text,
      area: r.id.startsWith('T2-AUTH') ? 'auth' : 'discovery',
      ...(r.untestable ? { untestable: r.untestable } : {}),
    }));
    catalog.push({ id: 'T2-NEW-01', level: 'MUST', section: 'S', text: 'A new one.', area: 'auth', interpretation: 'new-reading' });
    catalog[0]!.interpretation = 'disc-reading';
    const out = renderHtml(fixture(), { catalog });
    expect([...out.matchAll(/<tbody><tr><th colspan="5" scope="rowgroup">([^<]+)<\/th>/g)].map((m) => m[1])).toEqual(['discovery', 'auth']);
    expect(out).toContain('<tr id="req-T2-NEW-01" class="not-covered">');
    expect(out).toContain('reading: docs/interpretation.md#disc-reading');
  });

  it('renders a run that selected no case', () => {
    const r = fixture();
    r.cases = [];
    r.summary = summarize([], 'must', { noneSelected: true, interrupted: false });
    const out = renderHtml(r, {});
    expect(out).toContain('The run selected no case.');
    expect(out).toContain('The gate failed without a failing case');
  });

  it('renders a full-size report (138 cases, 4 KiB bodies) quickly', () => {
    const r = fixture();
    const body = JSON.stringify({ type: 'taxii-data', objects: Array.from({ length: 40 }, (_, i) => ({ id: `indicator--${i}`, pattern: '[x]' })) }).slice(0, 4096);
    r.cases = Array.from({ length: 138 }, (_, i) =>
      kase(`area${i % 12}.case-${i}`, i % 17 === 0 ? 'fail' : 'pass', { evidence: [evidence(200, body), evidence(200, body)] }),
    );
    renderHtml(r, {});
    const t0 = performance.now();
    const out = renderHtml(r, {});
    const ms = performance.now() - t0;
    expect(out.match(/<details class="case/g)).toHaveLength(138);
    expect(ms).toBeLessThan(1500);
  });
});

describe('bounded re-indentation', () => {
  const withBody = (body: string): RunReport => {
    const r = fixture();
    r.cases = [kase('discovery.deep', 'fail', { evidence: [evidence(200, body)] })];
    return r;
  };

  it('indents JSON up to 16 levels deep, and shows deeper JSON as received', () => {
    const nested = (depth: number): string => `${'['.repeat(depth)}${']'.repeat(depth)}`;
    const shallow = renderHtml(withBody(`{"a":${nested(15)}}`), {});
    expect(shallow).toContain('(JSON, indented for reading)');
    // 4 KB nested 2,040 levels deep fits an evidence body; indented it was 8 MB.
    const deepBody = `{"type":${nested(2040)}}`;
    expect(deepBody.length).toBeLessThanOrEqual(4096);
    const deep = renderHtml(withBody(deepBody), {});
    expect(deep).not.toContain('(JSON, indented for reading)');
    expect(deep).toContain(`<pre class="body">{&quot;type&quot;:${nested(2040)}}</pre>`);
    expect(deep.length).toBeLessThan(renderHtml(withBody('{}'), {}).length + 10_000);
  });

  it('shows as received a body that would exceed 64 KB once indented', () => {
    const wide = `[${Array.from({ length: 3000 }, () => '[[[[[1]]]]]').join(',')}]`;
    const html = renderHtml(withBody(wide), {});
    expect(html).not.toContain('(JSON, indented for reading)');
    expect(html).toContain(wide);
  });
});

describe('writeHtml and writeReports', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
  });

  it('writes index.html atomically, alone or with the other formats', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'taxii-conform-html-'));
    dirs.push(dir);
    const r = fixture();
    expect(await writeHtml(r, join(dir, 'a'), {})).toBe(join(dir, 'a', HTML_REPORT_FILE));
    expect(await readFile(join(dir, 'a', HTML_REPORT_FILE), 'utf8')).toBe(renderHtml(r, {}));
    const paths = await writeReports(r, { dir: join(dir, 'b'), formats: ['console', 'json', 'junit', 'html'] });
    expect(paths).toEqual([join(dir, 'b', 'report.json'), join(dir, 'b', 'junit.xml'), join(dir, 'b', HTML_REPORT_FILE)]);
    expect((await readdir(join(dir, 'b'))).sort()).toEqual([HTML_REPORT_FILE, 'junit.xml', 'report.json']);
    expect(await readFile(join(dir, 'b', HTML_REPORT_FILE), 'utf8')).toBe(renderHtml(r, {}));
  });
  it('writes every report it can when one writer fails on the data, then names the one that failed', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'taxii-conform-html-'));
    dirs.push(dir);
    // The JSON writer meets data it cannot serialise (a V8 string past its limit, say).
    const r = Object.assign(fixture(), {
      toJSON(): never {
        throw new RangeError('Invalid string length');
      },
    });
    const e = await writeReports(r, { dir, formats: ['json', 'junit', 'html'] }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ReportWriteError);
    const err = e as ReportWriteError;
    expect(err.message).toBe(`could not write ${join(dir, 'report.json')}: Invalid string length`);
    expect(err.ioOnly).toBe(false);
    expect(err.written).toEqual([join(dir, 'junit.xml'), join(dir, HTML_REPORT_FILE)]);
    expect((await readdir(dir)).sort()).toEqual([HTML_REPORT_FILE, 'junit.xml']);
  });

  it('a report directory that cannot be made is a file-system failure (the user\'s to fix)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'taxii-conform-html-'));
    dirs.push(dir);
    await writeHtml(fixture(), dir, {});
    const e = await writeReports(fixture(), { dir: join(dir, HTML_REPORT_FILE, 'sub'), formats: ['json'] }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ReportWriteError);
    expect((e as ReportWriteError).ioOnly).toBe(true);
    expect((e as ReportWriteError).message).toMatch(/ENOTDIR/);
  });
});

describe('TLS and DNS evidence', () => {
  const suites = suiteRefs(20);
  const tls = tlsEvidence(suites, { servername: `taxii.example${HOSTILE}` });
  const dns = dnsEvidence();
  const report = fixture();
  report.cases = [kase('tls.refuses-3des', 'fail', { requirements: ['T2-TLS-03'], evidence: [tls] }), kase('srv.record-exists', 'pass', { requirements: ['T2-SRV-02'], evidence: [dns] })];
  const html = renderHtml(report, {});
  const tlsCase = html.slice(html.indexOf('id="case-tls.refuses-3des"'), html.indexOf('id="case-srv.record-exists"'));

  it('shows every offered suite by code point, OpenSSL name and IANA name (in a scrolling box, no nested <details>)', () => {
    expect(tlsCase).toContain('<div class="suites"><table class="suites">');
    expect(tlsCase.match(/<summary>/g)).toHaveLength(1); // the case's own
    expect(tlsCase).toContain('<tr><td><code>0x000A</code></td><td><code>DES-CBC3-SHA</code></td><td><code>TLS_RSA_WITH_3DES_EDE_CBC_SHA</code></td></tr>');
    for (const s of suites) expect(tlsCase).toContain(`<td><code>${s.code}</code></td>`);
    expect(tlsCase).toContain('<pre class="line">TLSv1.2, 20 suite(s)</pre>');
  });

  it('shows the answer, the target and SNI (escaped), and the replay line with its copy button', () => {
    expect(tlsCase).toContain('Handshake 1 of 1');
    expect(tlsCase).toContain('raw ClientHello to 127.0.0.1:8443 (SNI taxii.example&lt;script&gt;');
    expect(tlsCase).toContain('<div class="part">Answer: accepted</div><pre class="line">ServerHello TLSv1.2 DES-CBC3-SHA 0x000A (TLS_RSA_WITH_3DES_EDE_CBC_SHA)</pre>');
    expect(tlsCase).toContain('<pre id="c0-curl-0"><code>taxii-conform run &#39;https://127.0.0.1:8443/&#39; --profile taxii2-predraft --case tls.refuses-3des --insecure</code></pre>');
    expect(tlsCase).toContain('<button type="button" class="copy" data-copy="c0-curl-0" hidden data-js>Copy</button>');
    expect(html).not.toContain('No exchange with the target recorded');
  });

  it('shows a DNS lookup: the question, the records with their addresses, the dig line', () => {
    const srv = html.slice(html.indexOf('id="case-srv.record-exists"'), html.indexOf('<section id="requirements">'));
    expect(srv).toContain('DNS lookup 1 of 1');
    expect(srv).toContain('server 127.0.0.1:5353');
    expect(srv).toContain('<pre class="line">_taxii._tcp.example.test SRV</pre>');
    expect(srv).toContain('0 5 8443 taxii.example.test (ttl 300) → 127.0.0.1');
    expect(srv).toContain('<pre id="c1-curl-0"><code>dig @127.0.0.1 -p 5353 SRV _taxii._tcp.example.test</code></pre>');
  });

  it("shows the tester's environment", () => {
    expect(html).toContain('<dt>Environment</dt><dd>Node 20.20.2, OpenSSL 3.0.19');
  });
});

describe('the banner and the Run table as a certification attachment', () => {
  it('a baselined pass reads "Gate passed with N accepted deviations" and lists them first, with the baseline\'s reasons', () => {
    const cases = [kase('discovery.get', 'pass'), kase('auth.token', 'warn', { level: 'SHOULD' }), kase('auth.known', 'fail', { known: true }), kase('auth.known-warn', 'warn', { level: 'SHOULD', known: true })];
    const r = reportOf(cases, {
      run: { options: { gate: 'must' }, selection: { areas: ['auth'], cases: [] }, baseline: 'ci/known.json' },
      baseline: { file: 'ci/known.json', known: ['auth.known', 'auth.known-warn'], newFailures: ['auth.token'], nowPassing: [], notRun: [], reasons: { 'auth.known': 'vendor ticket 42' } },
    });
    const html = renderHtml(r, {});
    expect(r.summary).toMatchObject({ gate: 'passed', known: 2, warned: 1 });
    expect(html).toContain('<h1>Gate passed with 2 accepted deviations</h1>');
    expect(html).toContain('<p class="gate-reason"><span class="reason">passed with 2 accepted deviations (baseline)</span> — baseline <code>ci/known.json</code></p>');
    expect(html).toContain('<h3>Accepted deviations (baseline), then what else did not pass</h3>');
    const attention = /<div class="attention">([\s\S]*?)<\/div>/.exec(html)?.[1] ?? '';
    expect([...attention.matchAll(/<code>([^<]+)<\/code>/g)].map((m) => m[1])).toEqual(['auth.known', 'auth.known-warn', 'auth.token']);
    expect(attention).toContain('accepted: vendor ticket 42 — ');
    const run = /<section id="run">[\s\S]*?<\/section>/.exec(html)?.[0] ?? '';
    expect(run).toContain('<dt>Baseline</dt><dd><code>ci/known.json</code>');
    expect(run).toContain('excused (known deviations): <a href="#case-auth.known"><code>auth.known</code></a>, <a href="#case-auth.known-warn"><code>auth.known-warn</code></a>');
    expect(run).toContain('new failures: <a href="#case-auth.token"><code>auth.token</code></a>');
    expect(run).toContain('<dt>Selection</dt><dd>areas auth</dd>');
  });

  it('an interrupted run says so in the banner and counts the cases not run apart', () => {
    const cases = [kase('discovery.get', 'pass'), { ...kase('auth.x', 'error', { message: 'not run: interrupted', checks: [] }), notRun: true as const }];
    const html = renderHtml(reportOf(cases, { interrupted: true }), {});
    expect(html).toContain('<h1>Interrupted — gate failed</h1>');
    expect(html).toContain('<title>Interrupted — gate failed — taxii-conform');
    expect(html).toMatch(/data-count="notRun"><b>1<\/b> not run/);
    expect(html).toMatch(/data-count="errored"><b>0<\/b> errors/);
    expect(html).toContain('1 case was not run (the run was interrupted)');
    expect(html).toContain('<span class="badge v-not-run" title="never started">not run</span>');
  });

  it('an observation is shown apart: its own chip and badge, never in "passed"', () => {
    const html = renderHtml(reportOf([kase('discovery.get', 'pass'), kase('tls.tls13', 'info', { checks: [], message: 'accepted TLS 1.3' })]), {});
    expect(html).toMatch(/data-count="passed"><b>1<\/b> passed/);
    expect(html).toMatch(/data-count="info"><b>1<\/b> info \(observed\)/);
    expect(html).toContain('<span class="badge v-info">info</span>');
  });

  it('the Run table shows the options, the selection, the catalog version and the environment', () => {
    const run = /<section id="run">[\s\S]*?<\/section>/.exec(renderHtml(fixture(), {}))?.[0] ?? '';
    expect(run).toContain('<tr><th scope="row"><code>timeout</code></th><td><code>15000</code></td></tr>');
    expect(run).toContain('<tr><th scope="row"><code>format</code></th><td><code>json,junit</code></td></tr>');
    expect(run).toContain('<dt>Selection</dt><dd>every case of the profile</dd>');
    expect(run).toContain('<dt>Baseline</dt><dd><span class="muted">none</span></dd>');
    expect(run).toContain('<code>sha256:0123456789abcdef (123 requirements, 146 cases)</code>');
    expect(run).toContain('<dt>Environment</dt><dd>Node 20.20.2, OpenSSL 3.0.19');
  });
});
