import { describe, expect, it } from 'vitest';
import { expand, expandDeep, jsonPointer, MissingVariable } from '../../suites/core/template.js';
import { evaluate } from '../../suites/core/assertions.js';
import { curlFor, redactHeaders, Scrubber } from '../../suites/core/evidence.js';
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
  it('folds check results into requirement verdicts', () => {
    const cat: Requirement[] = ['R1', 'R2', 'R3', 'R4'].map((id) => ({ id, level: 'MUST', section: 's', text: 't', area: 'a' }));
    const out = foldRequirements(cat, [mk('c1', 'fail', [ok('R1'), bad('R2')]), mk('c2', 'warn', [ok('R1'), bad('R3', 'SHOULD')])]);
    expect(out.map((r) => r.verdict)).toEqual(['pass', 'fail', 'warn', 'skip']);
    expect(out[0]!.cases).toEqual(['c1', 'c2']);
  });
});
