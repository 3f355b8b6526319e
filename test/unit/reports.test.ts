import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { renderConsole, shouldUseColor } from '../../reports/console.js';
import { escapeXmlAttr, escapeXmlText, stripInvalidXmlChars } from '../../suites/core/xml-escape.js';
import { REPORT_FORMATS, parseReportFormats, writeReports } from '../../reports/index.js';
import { toJson, writeJson } from '../../reports/json.js';
import { toJunit, writeJunit } from '../../reports/junit.js';
import type { CaseResult, HttpEvidence, RunReport, TlsEvidence } from '../../suites/core/types.js';
import { dnsEvidence, suiteRefs, tlsEvidence } from '../helpers/evidence-fixtures.js';
import { reportOf, underGate } from '../helpers/report-fixtures.js';

const HOSTILE = `<script>&"'\u0001`;

function evidence(status: number, body: string): HttpEvidence {
  return {
    kind: 'http',
    request: { method: 'GET', url: 'https://t.example/taxii/', headers: { Authorization: '[redacted]' } },
    response: { status, headers: { 'content-type': 'application/taxii+json' }, body, bodyBytes: body.length, truncated: false },
    curl: `curl -sS -u "$TAXII_USER:$TAXII_PASSWORD" -H 'Accept: text/html' https://t.example/taxii/`,
    durationMs: 12,
  };
}

function fixture(): RunReport {
  const cases: CaseResult[] = [
    {
      id: 'discovery.get',
      area: 'discovery',
      level: 'MUST',
      title: 'Discovery answers GET',
      requirements: ['T2-DISC-01'],
      verdict: 'pass',
      durationMs: 15,
      message: '',
      checks: [{ requirement: 'T2-DISC-01', level: 'MUST', ok: true, expected: 'status 200', actual: 'status 200' }],
      evidence: [evidence(200, '{"type":"discovery"}')],
    },
    {
      id: 'status-codes.accept-406',
      area: 'status-codes',
      level: 'MUST',
      title: 'Unacceptable Accept gets 406',
      requirements: ['T2-STATUS-406', 'T2-MEDIA-01'],
      verdict: 'fail',
      durationMs: 1234,
      message: '',
      checks: [
        { requirement: 'T2-STATUS-406', level: 'MUST', ok: false, expected: 'status 406', actual: 'status 200' },
        { requirement: 'T2-MEDIA-01', level: 'SHOULD', ok: true, expected: 'media type application/taxii+json', actual: 'application/taxii+json' },
      ],
      evidence: [evidence(200, '{}')],
    },
    {
      id: 'discovery.hostile',
      area: 'discovery',
      level: 'MUST',
      title: 'Body is a TAXII message',
      requirements: ['T2-DISC-02'],
      verdict: 'fail',
      durationMs: 7,
      message: `server said ${HOSTILE}`,
      checks: [{ requirement: 'T2-DISC-02', level: 'MUST', ok: false, expected: 'a TAXII message', actual: `body ${HOSTILE}` }],
      evidence: [evidence(500, `<html>${HOSTILE}</html>`)],
    },
    {
      id: 'status-codes.content-type-415',
      area: 'status-codes',
      level: 'SHOULD',
      title: 'Wrong Content-Type gets 415',
      requirements: ['T2-STATUS-415'],
      verdict: 'warn',
      durationMs: 20,
      message: '',
      checks: [{ requirement: 'T2-STATUS-415', level: 'SHOULD', ok: false, expected: 'status 415', actual: 'status 400' }],
      evidence: [evidence(400, '{"type":"error"}')],
    },
    {
      id: 'names.bad-name-400',
      area: 'names',
      level: 'MUST',
      title: 'Invalid name gets 400',
      requirements: ['T2-NAME-01'],
      verdict: 'fail',
      durationMs: 30,
      message: '',
      checks: [{ requirement: 'T2-NAME-01', level: 'MUST', ok: false, expected: 'status 400', actual: 'status 404' }],
      evidence: [evidence(404, '')],
      known: true,
    },
    {
      id: 'channels.create',
      area: 'channels',
      level: 'MUST',
      title: 'Create a channel',
      requirements: ['T2-CHAN-01'],
      verdict: 'skip',
      durationMs: 0,
      message: 'read-only run',
      checks: [],
      evidence: [],
    },
    {
      id: 'tls.handshake',
      area: 'tls',
      level: 'MUST',
      title: 'TLS 1.2 handshake',
      requirements: ['T2-TLS-01'],
      verdict: 'error',
      durationMs: 5000,
      message: 'connect ECONNREFUSED 127.0.0.1:8443',
      checks: [],
      evidence: [],
    },
  ];
  return reportOf(cases, {
    startedAt: '2024-05-01T10:00:00.000Z',
    durationMs: 6543,
    run: { options: { gate: 'must', 'read-only': false, format: ['json', 'junit'] }, selection: { areas: [], cases: [] }, baseline: 'known.json' },
    requirements: [
      { id: 'T2-STATUS-406', level: 'MUST', section: 'HTTP', text: 'MUST 406', cases: ['status-codes.accept-406'], verdict: 'fail' },
    ],
    notes: ['baseline: 1 known failure'],
  });
}

// eslint-disable-next-line no-control-regex
const ANSI_RE = /\u001b\[/;

describe('console report', () => {
  const r = fixture();
  const plain = renderConsole(r, { color: false });
  const lines = plain.trimEnd().split('\n');

  it('groups by area in order of first appearance', () => {
    const headers = lines.filter((l) => /^[a-z-]+$/.test(l));
    expect(headers).toEqual(['discovery', 'status-codes', 'names', 'channels', 'tls']);
    // discovery.hostile (5th in report order after status-codes) is listed under discovery.
    const disc = lines.indexOf('discovery');
    const sc = lines.indexOf('status-codes');
    const hostile = lines.findIndex((l) => l.includes('discovery.hostile'));
    expect(hostile).toBeGreaterThan(disc);
    expect(hostile).toBeLessThan(sc);
  });

  it('tags each verdict, known failures as KNOWN', () => {
    expect(lines.find((l) => l.includes('discovery.get'))).toMatch(/^ {2}PASS +discovery\.get +Discovery answers GET +\(MUST\)$/);
    expect(lines.find((l) => l.includes('status-codes.accept-406'))).toMatch(/^ {2}FAIL /);
    expect(lines.find((l) => l.includes('status-codes.content-type-415'))).toMatch(/^ {2}WARN .*\(SHOULD\)$/);
    expect(lines.find((l) => l.includes('names.bad-name-400'))).toMatch(/^ {2}KNOWN /);
    expect(lines.find((l) => l.includes('channels.create'))).toMatch(/^ {2}SKIP /);
    expect(lines.find((l) => l.includes('tls.handshake'))).toMatch(/^ {2}ERR /);
  });

  it('prints the Requirement/Expected/Actual block of failing checks only', () => {
    const i = lines.findIndex((l) => l.includes('status-codes.accept-406'));
    expect(lines[i + 1]?.trim()).toBe('Requirement: T2-STATUS-406 (MUST)');
    expect(lines[i + 2]?.trim()).toBe('Expected:    status 406');
    expect(lines[i + 3]?.trim()).toBe('Actual:      status 200');
    expect(lines[i + 1]).toMatch(/^ {4,}Requirement:/);
    expect(plain).not.toContain('T2-MEDIA-01'); // the passed SHOULD check
    // error message and skip reason
    expect(plain).toMatch(/ECONNREFUSED 127\.0\.0\.1:8443/);
    expect(plain).toMatch(/read-only run/);
    const h = lines.findIndex((l) => l.includes('discovery.hostile'));
    expect(lines[h + 1]?.trim()).toBe(`Message:     server said <script>&"'\\x01`);
  });

  it('never prints raw control characters from the target', () => {
    expect(plain).not.toContain('\u0001');
    expect(plain).toContain('\\x01');
  });

  it('has no ANSI codes without colour and some with', () => {
    expect(plain).not.toMatch(ANSI_RE);
    const coloured = renderConsole(r, { color: true });
    expect(coloured).toMatch(ANSI_RE);
    // the last line stays plain even with colour
    const last = coloured.trimEnd().split('\n').at(-1) ?? '';
    expect(last).not.toMatch(ANSI_RE);
    expect(last).toBe('2 passed, 3 failed, 2 skipped');
  });

  it('ends with the summary and the plain CI line', () => {
    expect(lines.at(-2)).toBe(
      '7 cases: 1 passed, 2 failed, 1 warned, 1 skipped, 1 errors, 0 info, 1 known, 0 not run — gate failed (gate: must): 3 cases fail the gate (fail or error)',
    );
    // failed: the cases failing the gate (2 fail, 1 error); the warn passes under must; the known one is skipped.
    expect(lines.at(-1)).toBe('2 passed, 3 failed, 2 skipped');
    expect(plain.endsWith('\n')).toBe(true);
  });

  it('prints the baseline entries to paste as valid JSON (no comma after the last)', () => {
    const at = lines.findIndex((l) => l.startsWith('To accept these as known deviations'));
    expect(at).toBeGreaterThan(0);
    const entries: string[] = [];
    for (const l of lines.slice(at + 1)) {
      if (!l.startsWith('  {')) break;
      entries.push(l);
    }
    expect(entries).toHaveLength(3);
    const parsed = JSON.parse(`[${entries.join('\n')}]`) as { case: string }[];
    expect(parsed.map((e) => e.case)).toEqual(['status-codes.accept-406', 'discovery.hostile', 'status-codes.content-type-415']);
  });

  it('tags an observation INFO and a case not run NORUN, apart from passed and errors', () => {
    const base = fixture();
    const info: CaseResult = { ...base.cases[0]!, id: 'tls.tls13', area: 'tls', verdict: 'info', message: 'offered TLSv1.3: accepted', checks: [] };
    const notRun: CaseResult = { ...base.cases[0]!, id: 'auth.x', area: 'auth', verdict: 'error', notRun: true, message: 'not run: interrupted', checks: [] };
    const out = renderConsole(reportOf([info, notRun], { interrupted: true }), { color: false });
    expect(out).toMatch(/^ {2}INFO +tls\.tls13 /m);
    expect(out).toContain('Observed:    offered TLSv1.3: accepted');
    expect(out).toMatch(/^ {2}NORUN +auth\.x /m);
    expect(out).toContain('Not run:     not run: interrupted');
    expect(out).toContain('2 cases: 0 passed, 0 failed, 0 warned, 0 skipped, 0 errors, 1 info, 0 known, 1 not run — gate failed');
  });

  it('shows passed checks and curl lines when verbose', () => {
    const v = renderConsole(r, { color: false, verbose: true });
    expect(v).toContain('T2-MEDIA-01 (SHOULD) ok');
    expect(v).toContain('Reproduce:');
    expect(v).toContain('$TAXII_USER:$TAXII_PASSWORD');
  });
});

describe('shouldUseColor', () => {
  it.each([
    [{ isTTY: true }, {}, true],
    [{ isTTY: false }, {}, false],
    [{}, {}, false],
    [{ isTTY: true }, { NO_COLOR: '1' }, false],
    [{ isTTY: true }, { NO_COLOR: '' }, true],
    [{ isTTY: false }, { NO_COLOR: '' }, false],
    [{ isTTY: true }, { FORCE_COLOR: '0' }, false],
    [{ isTTY: true }, { FORCE_COLOR: '1' }, true],
    [{ isTTY: false }, { FORCE_COLOR: '1' }, false],
  ] as const)('%o %o -> %s', (stream, env, want) => {
    expect(shouldUseColor(stream, env as NodeJS.ProcessEnv)).toBe(want);
  });
});

describe('JSON report', () => {
  it('round-trips', () => {
    const r = fixture();
    const s = toJson(r);
    expect(JSON.parse(s)).toStrictEqual(r);
    expect(s.endsWith('}\n')).toBe(true);
    expect(s.split('\n')[1]).toMatch(/^ {2}"tool"/);
  });
});

describe('XML escaping', () => {
  it('escapes the five characters and strips illegal ones', () => {
    expect(escapeXmlText(`a<b>&"'`)).toBe('a&lt;b&gt;&amp;&quot;&apos;');
    expect(escapeXmlAttr('x\ny\tz\r')).toBe('x&#10;y&#9;z&#13;');
    expect(stripInvalidXmlChars('a\u0000b\u0001c\u000bd\te\nf\rg')).toBe('abcd\te\nf\rg');
    expect(stripInvalidXmlChars('x\uFFFEy\uFFFFz')).toBe('xyz');
    expect(stripInvalidXmlChars('lone\uD800 and \uDC00 pair 😀')).toBe('lone and  pair 😀');
  });

  it('minimal: only what XML needs (the TAXII 1.x writer), still without illegal characters', () => {
    expect(escapeXmlText(`a<b>&"'\r\u0001`, { minimal: true })).toBe(`a&lt;b&gt;&amp;"'\r`);
    expect(escapeXmlAttr(`x\ny\tz\r"'`, { minimal: true })).toBe(`x&#10;y&#9;z&#13;&quot;'`);
  });
});

/** Elements named `tag` (open tags, with their attributes). */
function elements(xml: string, tag: string): { attrs: Record<string, string>; start: number }[] {
  const out: { attrs: Record<string, string>; start: number }[] = [];
  const re = new RegExp(`<${tag}((?:\\s+[a-zA-Z_:][-a-zA-Z0-9_:.]*="[^"<]*")*)\\s*/?>`, 'g');
  for (const m of xml.matchAll(re)) {
    const attrs: Record<string, string> = {};
    for (const a of (m[1] ?? '').matchAll(/([a-zA-Z_:][-a-zA-Z0-9_:.]*)="([^"]*)"/g)) attrs[a[1]!] = a[2]!;
    out.push({ attrs, start: m.index });
  }
  return out;
}

/** The text of the <testcase> element of `name`. */
function testcaseXml(xml: string, name: string): string {
  const start = xml.indexOf(`name="${name}"`);
  expect(start).toBeGreaterThan(0);
  const open = xml.lastIndexOf('<testcase', start);
  return xml.slice(open, xml.indexOf('</testcase>', start) + '</testcase>'.length);
}

/** A tiny well-formedness check: balanced tags and only the five entity/char references. */
function assertWellFormed(xml: string): void {
  expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n')).toBe(true);
  const body = xml.slice(xml.indexOf('?>') + 2);
  // every & starts a known reference
  for (const m of body.matchAll(/&[^;]*;?/g)) expect(m[0]).toMatch(/^&(amp|lt|gt|quot|apos|#\d+);$/);
  // tags balance
  const stack: string[] = [];
  for (const m of body.matchAll(/<(\/?)([a-zA-Z-]+)[^<>]*?(\/?)>/g)) {
    const [, close, name, selfClose] = m;
    if (selfClose) continue;
    if (close) expect(stack.pop()).toBe(name);
    else stack.push(name!);
  }
  expect(stack).toEqual([]);
  // no stray < outside tags: strip tags, then no < remains
  expect(body.replace(/<\/?[a-zA-Z-]+(?:\s+[a-zA-Z_:][-a-zA-Z0-9_:.]*="[^"<]*")*\s*\/?>/g, '')).not.toContain('<');
  // no character illegal in XML 1.0
  // eslint-disable-next-line no-control-regex
  expect(xml).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/);
}

describe('JUnit report', () => {
  const r = fixture();
  const xml = toJunit(r);

  it('is well-formed and escaped', () => {
    assertWellFormed(xml);
    expect(xml).not.toContain('<script>');
    expect(xml).not.toContain('\u0001');
    expect(xml).toContain('&lt;script&gt;&amp;&quot;&apos;');
  });

  it('has one testcase per case, one testsuite per area, with the right counts', () => {
    const cases = elements(xml, 'testcase');
    expect(cases).toHaveLength(r.cases.length);
    expect(cases.map((c) => c.attrs['name']).sort()).toEqual(r.cases.map((c) => c.id).sort());
    const tc406 = cases.find((c) => c.attrs['name'] === 'status-codes.accept-406')!;
    expect(tc406.attrs['classname']).toBe('taxii2-predraft.status-codes');
    expect(tc406.attrs['time']).toBe('1.234');

    const [root] = elements(xml, 'testsuites');
    // gate must: the warn passes, the known failure is skipped
    expect(root!.attrs).toMatchObject({ name: 'taxii-conform', tests: '7', failures: '2', errors: '1', skipped: '2', time: '6.543' });

    const suites = elements(xml, 'testsuite');
    expect(suites.map((s) => s.attrs['name'])).toEqual(['discovery', 'status-codes', 'names', 'channels', 'tls']);
    const byName = Object.fromEntries(suites.map((s) => [s.attrs['name'], s.attrs]));
    expect(byName['discovery']).toMatchObject({ tests: '2', failures: '1', errors: '0', skipped: '0', time: '0.022' });
    expect(byName['status-codes']).toMatchObject({ tests: '2', failures: '1', errors: '0', skipped: '0', time: '1.254' });
    expect(byName['names']).toMatchObject({ tests: '1', failures: '0', skipped: '1' });
    expect(byName['tls']).toMatchObject({ tests: '1', errors: '1' });
    for (const s of suites) expect(s.attrs['timestamp']).toBe(r.startedAt);
  });

  it('puts failure, error and skipped on the right cases', () => {
    const fail = testcaseXml(xml, 'status-codes.accept-406');
    expect(fail).toMatch(/<failure message="[^"]*" type="fail">/);
    expect(fail).toContain('Requirement: T2-STATUS-406 (MUST)');
    expect(fail).toContain('Expected:    status 406');
    expect(fail).toContain('Actual:      status 200');
    expect(fail).toContain('curl -sS -u &quot;$TAXII_USER:$TAXII_PASSWORD&quot;');
    expect(fail).not.toContain('T2-MEDIA-01 (SHOULD)');

    expect(testcaseXml(xml, 'discovery.hostile')).toContain('<failure');
    expect(testcaseXml(xml, 'tls.handshake')).toMatch(/<error message="connect ECONNREFUSED 127\.0\.0\.1:8443" type="error">/);
    expect(testcaseXml(xml, 'channels.create')).toContain('<skipped message="read-only run"/>');
    const known = testcaseXml(xml, 'names.bad-name-400');
    expect(known).toMatch(/<skipped message="known: fail accepted by the baseline: [^"]*" type="known"\/>/);
    expect(known).not.toContain('<failure');

    const warn = testcaseXml(xml, 'status-codes.content-type-415');
    expect(warn).not.toContain('<failure');
    expect(warn).toContain('<system-out>WARN: Requirement: T2-STATUS-415 (SHOULD)');

    const pass = testcaseXml(xml, 'discovery.get');
    expect(pass).not.toMatch(/<(failure|error|skipped|system-out)/);
  });

  it('fails a warn case when the gate is should', () => {
    const strict = toJunit(underGate(r, 'should'));
    assertWellFormed(strict);
    expect(testcaseXml(strict, 'status-codes.content-type-415')).toMatch(/<failure message="[^"]*" type="warn">/);
    expect(elements(strict, 'testsuites')[0]!.attrs['failures']).toBe('3');
  });

  it('has requirement and level properties on each testcase', () => {
    const tc = testcaseXml(xml, 'status-codes.accept-406');
    expect(tc).toContain('<property name="requirement" value="T2-STATUS-406"/>');
    expect(tc).toContain('<property name="requirement" value="T2-MEDIA-01"/>');
    expect(tc).toContain('<property name="level" value="MUST"/>');
    for (const c of r.cases) {
      const t = testcaseXml(xml, c.id);
      expect(t).toContain(`<property name="level" value="${c.level}"/>`);
      for (const req of c.requirements) expect(t).toContain(`<property name="requirement" value="${req}"/>`);
    }
  });
});

describe('writing report files', () => {
  const dirs: string[] = [];
  afterEach(async () => {
    for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
  });
  const tmp = async (): Promise<string> => {
    const d = await mkdtemp(join(tmpdir(), 'taxii-conform-reports-'));
    dirs.push(d);
    return d;
  };

  it('writeReports writes json and junit atomically into a new directory', async () => {
    const base = await tmp();
    const dir = join(base, 'nested', 'reports');
    const r = fixture();
    const paths = await writeReports(r, { dir, formats: ['console', 'json', 'junit', 'html'] });
    expect(paths).toEqual([join(dir, 'report.json'), join(dir, 'junit.xml'), join(dir, 'index.html')]);
    expect((await readdir(dir)).sort()).toEqual(['index.html', 'junit.xml', 'report.json']);
    expect(JSON.parse(await readFile(join(dir, 'report.json'), 'utf8'))).toStrictEqual(r);
    expect(await readFile(join(dir, 'junit.xml'), 'utf8')).toBe(toJunit(r));
  });

  it('writes only the formats asked for, and overwrites', async () => {
    const dir = await tmp();
    expect(await writeReports(fixture(), { dir, formats: ['console', 'html'] })).toEqual([join(dir, 'index.html')]);
    expect(await readdir(dir)).toEqual(['index.html']);
    const first = await writeJson(fixture(), dir);
    const r = fixture();
    r.target = 'https://other.example/';
    expect(await writeJson(r, dir)).toBe(first);
    expect(JSON.parse(await readFile(first, 'utf8')).target).toBe('https://other.example/');
    await writeJunit(underGate(r, 'should'), dir);
    expect((await readdir(dir)).sort()).toEqual(['index.html', 'junit.xml', 'report.json']);
  });

  it('parses --format values', () => {
    expect(REPORT_FORMATS).toEqual(['console', 'json', 'junit', 'html']);
    expect(parseReportFormats('console, json,junit,json,')).toEqual(['console', 'json', 'junit']);
    expect(() => parseReportFormats('json,pdf')).toThrow(/pdf/);
  });
});

describe('TLS and DNS evidence in the console and JUnit reports', () => {
  const suites = suiteRefs(12);
  const tls = tlsEvidence(suites, { answer: { outcome: 'accepted', version: 'TLSv1.2', suite: suites[0]!, detail: 'accepted' } });
  const dns = dnsEvidence({ answers: [], error: '_taxii._tcp.example.test does not exist (NXDOMAIN from 127.0.0.1:5353)' });
  const base = fixture();
  const cases: CaseResult[] = [
    { ...base.cases[0]!, id: 'tls.refuses-3des', area: 'tls', verdict: 'fail', message: 'accepted: DES-CBC3-SHA (0x000A) at TLSv1.2', evidence: [tls] },
    { ...base.cases[0]!, id: 'srv.record-exists', area: 'srv', verdict: 'warn', message: 'no record', evidence: [dns] },
  ];
  const report: RunReport = { ...base, cases };

  it('console (verbose): the offer folded to three suites, the answer, the replay line', () => {
    const out = renderConsole(report, { color: false, verbose: true });
    expect(out).toContain('Offered:     TLSv1.2, 12 suite(s), raw ClientHello to 127.0.0.1:8443: DES-CBC3-SHA 0x000A, SUITE-1 0x000B, SUITE-2 0x000C, … (+9 more: every one in report.json and index.html)');
    expect(out).toContain('Answer:      ServerHello TLSv1.2 DES-CBC3-SHA 0x000A (TLS_RSA_WITH_3DES_EDE_CBC_SHA) — 3 ms');
    expect(out).toContain(`Reproduce:   ${tls.reproduce}`);
    expect(out).toContain('Question:    _taxii._tcp.example.test SRV to 127.0.0.1:5353');
    expect(out).toContain('Answer:      _taxii._tcp.example.test does not exist (NXDOMAIN from 127.0.0.1:5353) — 2 ms');
    expect(out).toContain(`Reproduce:   ${dns.reproduce}`);
  });

  it('JUnit: the environment as properties, the replay lines in the failure, the exchanges in system-out', () => {
    const xml = toJunit(underGate(report, 'should'));
    expect(xml).toContain('<property name="node" value="20.20.2"/>');
    expect(xml).toContain('<property name="openssl" value="3.0.19"/>');
    expect(xml).toContain(`Reproduce:\n${escapeXmlText(tls.reproduce)}`);
    expect(xml).toContain(`Reproduce:\n${dns.reproduce}`);
    expect(xml).toContain('Offered: TLSv1.2, 12 suite(s), raw ClientHello to 127.0.0.1:8443: DES-CBC3-SHA 0x000A');
  });

  it('JSON: the environment, and the offer in full', () => {
    const back = JSON.parse(toJson(report)) as RunReport;
    expect(back.environment).toEqual({ node: '20.20.2', openssl: '3.0.19' });
    expect((back.cases[0]!.evidence[0] as TlsEvidence).offered.suites).toHaveLength(12);
  });
});
