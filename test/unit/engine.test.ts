import { describe, expect, it } from 'vitest';
import { expand, expandDeep, jsonPointer, MissingVariable } from '../../suites/core/template.js';
import { evaluate } from '../../suites/core/assertions.js';
import { curlFor, redactHeaders, Scrubber } from '../../suites/core/evidence.js';
import { closingLine, countOf, gateOutcome } from '../../suites/core/summary.js';
import { summarize, foldRequirements, failsGate } from '../../suites/core/summary.js';
import { splitUrl } from '../../suites/probes/http.js';
import type { CaseResult, Requirement } from '../../suites/core/types.js';
import type { HttpResponse } from '../../suites/probes/http.js';

const vars = new Map([['apiBase', 'https://h/api1/'], ['prefix', 'tc-0badf00d'], ['runId', '0badf00d']]);

function res(status: number, body: unknown, headers: Record<string, string> = {}): HttpResponse {
  const b = Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
  return { status, headers: { 'content-type': 'application/taxii+json', ...headers }, body: b, bodyBytes: b.length, truncated: false };
}
const env = { vars, validate: (name: string, d: unknown) => ({ valid: (d as { type?: string }).type === name, errors: ['/type wrong'] }) };

describe('templates', () => {
  it('expands variables and built-ins', () => {
    expect(expand('{apiBase}channels/', vars)).toBe('https://h/api1/channels/');
    expect(expand('{repeat:ab:3}', vars)).toBe('ababab');
    const u = expand('{unique:128}', vars);
    expect(u).toHaveLength(128);
    expect(u.startsWith('tc-0badf00d-')).toBe(true);
    expect(u).toMatch(/^[A-Za-z0-9-]{1,128}$/);
    expect(expand('{unique:129}', vars)).toHaveLength(129);
  });
  it('throws MissingVariable for an unknown variable', () => {
    expect(() => expand('{collection}', vars)).toThrow(MissingVariable);
  });
  it('expands inside JSON bodies', () => {
    expect(expandDeep({ a: ['{prefix}-x', 1, true] }, vars)).toEqual({ a: ['tc-0badf00d-x', 1, true] });
  });
  it('reads JSON pointers', () => {
    const doc = { a: [{ 'b/c': 1 }], '': 2 };
    expect(jsonPointer(doc, '/a/0/b~1c')).toBe(1);
    expect(jsonPointer(doc, '/a/1')).toBeUndefined();
    expect(jsonPointer(doc, '')).toBe(doc);
  });
});

describe('assertions', () => {
  it('status, class and exclusions', () => {
    expect(evaluate({ status: 200 }, res(200, {}), env).ok).toBe(true);
    const o = evaluate({ status: 406 }, res(200, {}), env);
    expect(o).toEqual({ ok: false, expected: 'status 406', actual: 'status 200' });
    expect(evaluate({ statusNot: ['2xx'] }, res(204, ''), env).ok).toBe(false);
    expect(evaluate({ statusNot: ['2xx', 500] }, res(401, {}), env).ok).toBe(true);
    expect(evaluate({ statusClass: '4xx' }, res(404, {}), env).ok).toBe(true);
  });
  it('headers and media types (parameters ignored)', () => {
    expect(evaluate({ header: { name: 'WWW-Authenticate' } }, res(401, {}, { 'www-authenticate': 'Basic' }), env).ok).toBe(true);
    expect(evaluate({ header: { name: 'WWW-Authenticate' } }, res(401, {}), env).ok).toBe(false);
    expect(evaluate({ mediaType: 'application/taxii+json' }, res(200, {}, { 'content-type': 'application/taxii+json; version=2.0' }), env).ok).toBe(true);
    expect(evaluate({ mediaType: 'application/taxii+json' }, res(200, {}, { 'content-type': 'application/json' }), env).ok).toBe(false);
  });
  it('JSON pointers: equals, some, none, item counts', () => {
    const r = res(200, { type: 'x', items: [{ name: 'tc-0badf00d-a' }, { name: 'b' }] });
    expect(evaluate({ json: { pointer: '/type', equals: 'x' } }, r, env).ok).toBe(true);
    expect(evaluate({ json: { pointer: '/items', some: { '/name': '{prefix}-a' } } }, r, env).ok).toBe(true);
    expect(evaluate({ json: { pointer: '/items', none: { '/name': 'b' } } }, r, env).ok).toBe(false);
    expect(evaluate({ json: { pointer: '/items', minItems: 3 } }, r, env).ok).toBe(false);
    expect(evaluate({ json: { pointer: '/items', maxItems: 2 } }, r, env).ok).toBe(true);
    expect(evaluate({ json: { pointer: '/missing', exists: true } }, r, env).ok).toBe(false);
    expect(evaluate({ json: { pointer: '/type', equals: 'x' } }, res(200, 'not json'), env).actual).toMatch(/not JSON/);
  });
  it('schemas and body sizes', () => {
    expect(evaluate({ schema: 'discovery' }, res(200, { type: 'discovery' }), env).ok).toBe(true);
    expect(evaluate({ schema: 'discovery' }, res(200, { type: 'other' }), env).actual).toBe('/type wrong');
    const big = { ...res(200, 'x'.repeat(10)), bodyBytes: 11, truncated: true };
    expect(evaluate({ bodyMaxBytes: 10 }, big, env).ok).toBe(false);
    expect(evaluate({ bodyMaxBytes: 10 }, res(200, 'x'.repeat(10)), env).ok).toBe(true);
    expect(evaluate({ bodyMinBytes: 5 }, res(200, 'x'.repeat(5)), env).ok).toBe(false);
    expect(evaluate({ notTaxiiMessage: true }, res(200, { type: 'discovery' }), env).ok).toBe(false);
    expect(evaluate({ notTaxiiMessage: true }, res(400, '<html>'), env).ok).toBe(true);
  });
});

describe('evidence', () => {
  it('redacts credentials and keeps the scheme', () => {
    expect(redactHeaders({ Authorization: 'Basic dTpw', accept: 'x' })).toEqual({ Authorization: 'Basic [redacted]', accept: 'x' });
    expect(redactHeaders({ cookie: 'a=b' }).cookie).toBe('[redacted]');
  });
  it('scrubs known secrets and access tokens from text', () => {
    const s = new Scrubber();
    s.add('s3cret-pass');
    expect(s.scrub('the s3cret-pass and {"access-token": "eyJabc"}')).toBe('the [redacted] and {"access-token": "[redacted]"}');
  });
  it('writes a curl line that reads credentials from the environment', () => {
    const line = curlFor({ method: 'POST', url: 'https://h/a b/', headers: { authorization: 'Basic dTpw', 'content-type': "it's" }, body: '{"a":1}' }, true);
    expect(line).toContain('-u "$TAXII_USER:$TAXII_PASSWORD"');
    expect(line).not.toContain('dTpw');
    expect(line).toContain('-k');
    expect(line).toContain(`-H 'content-type: it'\\''s'`);
    expect(line).toContain(`--data-binary '{"a":1}'`);
    expect(line).toContain('--path-as-is');
  });
  it('reads a body too long to inline from its file, the URL last and never behind a comment', () => {
    const body = `{"objects":"${'x'.repeat(5000)}"}`;
    const withFile = curlFor({ method: 'POST', url: 'https://h/c/', headers: {}, body, bodyFile: 'out/bodies/max-size.honoured-2.json' }, false);
    expect(withFile).toMatch(/ --data-binary '@out\/bodies\/max-size\.honoured-2\.json' 'https:\/\/h\/c\/'$/);
    // Without a file (no report directory), the line says so and still parses: the URL last.
    const without = curlFor({ method: 'POST', url: 'https://h/c/', headers: {}, body }, false);
    expect(without).toMatch(/ --data-binary '@\(request body of 5014 bytes, not written to a file\)' 'https:\/\/h\/c\/'$/);
    for (const l of [withFile, without]) expect(l).not.toContain('#');
  });
  it('splits URLs without normalising the path', () => {
    expect(splitUrl('https://h:1/a/%2E%2E/?x=1')).toEqual({ origin: 'https://h:1', path: '/a/%2E%2E/?x=1' });
    expect(splitUrl('https://h')).toEqual({ origin: 'https://h', path: '/' });
    expect(() => splitUrl('ftp://h/')).toThrow();
  });
});

describe('verdicts, gate and requirements', () => {
  const mk = (id: string, verdict: CaseResult['verdict'], checks: CaseResult['checks'] = [], known = false): CaseResult => ({
    id, area: 'a', level: 'MUST', title: id, requirements: [...new Set(checks.map((c) => c.requirement))], verdict, durationMs: 1, message: '', checks, evidence: [], ...(known ? { known } : {}),
  });
  const ok = (r: string, level: 'MUST' | 'SHOULD' = 'MUST') => ({ requirement: r, level, ok: true, expected: '', actual: '' });
  const bad = (r: string, level: 'MUST' | 'SHOULD' = 'MUST') => ({ ...ok(r, level), ok: false });

  it('the gate fails on fail and error, on warn only with --gate should', () => {
    const cond = { noneSelected: false, interrupted: false };
    expect(summarize([mk('a', 'pass'), mk('b', 'warn')], 'must', cond).gate).toBe('passed');
    expect(summarize([mk('a', 'pass'), mk('b', 'warn')], 'should', cond).gate).toBe('failed');
    expect(summarize([mk('a', 'error')], 'must', cond).gate).toBe('failed');
    expect(summarize([mk('a', 'fail', [], true)], 'must', cond).gate).toBe('passed');
    expect(failsGate(mk('a', 'error', [], true), 'must')).toBe(true);
  });
  it('never passes a run that selected nothing, or whose setup failed, or was interrupted', () => {
    expect(summarize([], 'must', { noneSelected: true, interrupted: false }).gate).toBe('failed');
    expect(summarize([mk('a', 'pass')], 'must', { noneSelected: false, interrupted: false, setupProblem: 'x' }).gate).toBe('failed');
    expect(summarize([mk('a', 'pass')], 'must', { noneSelected: false, interrupted: true }).gate).toBe('failed');
  });
  it('counts each case once: info and not-run apart, known failures apart from new ones', () => {
    const cond = { noneSelected: false, interrupted: false };
    const cases = [mk('p', 'pass'), mk('i', 'info'), mk('f', 'fail'), mk('k', 'fail', [], true), mk('w', 'warn'), mk('s', 'skip'), mk('e', 'error'), { ...mk('n', 'error'), notRun: true as const }];
    const s = summarize(cases, 'must', cond);
    expect(s).toMatchObject({ total: 8, passed: 1, info: 1, failed: 1, known: 1, warned: 1, skipped: 1, errored: 1, notRun: 1, gate: 'failed', gateRule: 'must' });
    expect(s.gateReason).toBe('3 cases fail the gate (fail or error)');
    expect(cases.map(countOf)).toEqual(['passed', 'info', 'failed', 'known', 'warned', 'skipped', 'errored', 'notRun']);
    // The gate view (JUnit, the closing line): under must a warning passes, under should it fails.
    expect(cases.map((c) => gateOutcome(c, 'must'))).toEqual(['passed', 'skipped', 'failure', 'skipped', 'passed', 'skipped', 'error', 'error']);
    expect(cases.map((c) => gateOutcome(c, 'should'))).toEqual(['passed', 'skipped', 'failure', 'skipped', 'failure', 'skipped', 'error', 'error']);
    expect(closingLine(s)).toBe('2 passed, 3 failed, 3 skipped');
    expect(closingLine(summarize(cases, 'should', cond))).toBe('1 passed, 4 failed, 3 skipped');
    // A run whose one case warned is not "0 passed, 0 failed, 0 skipped".
    expect(closingLine(summarize([mk('w', 'warn')], 'must', cond))).toBe('1 passed, 0 failed, 0 skipped');
    expect(closingLine(summarize([mk('w', 'warn')], 'should', cond))).toBe('0 passed, 1 failed, 0 skipped');
  });
  it('says why the gate passed or failed; a run that checked nothing never passes', () => {
    const cond = { noneSelected: false, interrupted: false };
    expect(summarize([mk('s', 'skip'), mk('i', 'info')], 'must', cond)).toMatchObject({ gate: 'failed', gateReason: 'nothing was checked: every case was skipped or only observed' });
    expect(summarize([mk('p', 'pass'), mk('k', 'warn', [], true)], 'should', cond)).toMatchObject({ gate: 'passed', gateReason: 'passed with 1 accepted deviation (baseline)' });
    expect(summarize([mk('p', 'pass')], 'must', cond).gateReason).toBe('every case that ran passes the must gate');
    expect(summarize([mk('p', 'pass'), { ...mk('n', 'error'), notRun: true as const }], 'must', { ...cond, interrupted: true }).gateReason).toBe('interrupted: the run is partial (1 case not run)');
    expect(summarize([mk('p', 'pass')], 'must', { ...cond, setupProblem: 'no API Base' }).gateReason).toBe('setup found a problem (see the notes)');
    expect(summarize([{ ...mk('n', 'error'), notRun: true as const }], 'must', { ...cond, setupProblem: 'refused' }).gateReason).toBe('no case ran: the target could not be reached (see the notes)');
    expect(summarize([], 'must', { noneSelected: true, interrupted: false }).gateReason).toBe('no case selected (check --area and --case)');
  });
  it('never passes a run in which no MUST-level check ran (whatever the profile)', () => {
    const cond = { noneSelected: false, interrupted: false };
    const should = (id: string, verdict: CaseResult['verdict']): CaseResult => ({ ...mk(id, verdict), level: 'SHOULD' });
    const onlyShoulds = summarize([should('a', 'pass'), should('b', 'warn'), mk('m', 'skip')], 'must', cond);
    expect(onlyShoulds).toMatchObject({ gate: 'failed', gateReason: 'no MUST-level check ran: the cases that ran check only SHOULDs, so nothing shows the target conforms' });
    // A MUST case that errored ran no check either.
    expect(summarize([should('a', 'pass'), mk('e', 'error')], 'must', cond).gate).toBe('failed');
    // One MUST NOT case that passed is enough.
    expect(summarize([should('a', 'pass'), { ...mk('n', 'pass'), level: 'MUST NOT' }], 'must', cond).gate).toBe('passed');
  });
  it('folds check results into requirement verdicts', () => {
    const cat: Requirement[] = ['R1', 'R2', 'R3', 'R4'].map((id) => ({ id, level: 'MUST', section: 's', text: 't', area: 'a' }));
    const out = foldRequirements(cat, [mk('c1', 'fail', [ok('R1'), bad('R2')]), mk('c2', 'warn', [ok('R1'), bad('R3', 'SHOULD')])]);
    expect(out.map((r) => r.verdict)).toEqual(['pass', 'fail', 'warn', 'skip']);
    expect(out[0]!.cases).toEqual(['c1', 'c2']);
  });
});
