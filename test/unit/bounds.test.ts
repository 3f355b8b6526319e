// The bounds on server-supplied text (suites/core/bounds.ts) and the assertions that quote a
// server's values through them: a 20 MB string or JSON nested 10,000 levels deep gives short
// words, never an exception.
import { describe, expect, it } from 'vitest';
import {
  CHECKS_KEPT,
  clip,
  clipEvidence,
  clipHeaders,
  HEADERS_CHARS,
  keptChecks,
  preview,
  TEXT_CHARS,
  URL_CHARS,
  VALUE_CHARS,
} from '../../suites/core/bounds.js';
import { evaluate } from '../../suites/core/assertions.js';
import { executeCase, type CaseEnv } from '../../suites/core/case-executor.js';
import { Scrubber } from '../../suites/core/evidence.js';
import { CredentialScope } from '../../suites/core/credentials.js';
import type { CheckResult, HttpEvidence, LoadedCase } from '../../suites/core/types.js';
import type { HttpRequest, HttpResponse, HttpTransport } from '../../suites/probes/http.js';
import { taxii2Predraft } from '../../suites/taxii2-predraft/profile.js';

const GIANT = 'x'.repeat(20_000_000);
const nestedText = (depth: number): string => `${'['.repeat(depth)}${']'.repeat(depth)}`;

function res(body: string, headers: Record<string, string> = {}): HttpResponse {
  const b = Buffer.from(body);
  return { status: 200, headers: { 'content-type': 'application/taxii+json', ...headers }, body: b, bodyBytes: b.length, truncated: false };
}
const env = { vars: new Map<string, string>(), validate: () => ({ valid: true, errors: [] }) };

describe('clip', () => {
  it('keeps a short text and cuts a long one, saying how much more there was', () => {
    expect(clip('short')).toBe('short');
    const c = clip(GIANT);
    expect(c.length).toBeLessThan(TEXT_CHARS + 40);
    expect(c).toMatch(/… \[19998976 more characters\]$/);
    expect(clip('abcdef', 3)).toBe('abc… [3 more characters]');
  });

  it('never ends on the first half of a surrogate pair', () => {
    const c = clip(`ab${'😀'.repeat(10)}`, 3);
    expect(c.startsWith('ab…')).toBe(true);
    expect(c).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });
});

describe('preview', () => {
  it('shows small values as JSON and undefined as absent', () => {
    expect(preview({ a: [1, 'b', null, true] })).toBe('{"a":[1,"b",null,true]}');
    expect(preview(undefined)).toBe('absent');
    expect(preview('say "hi"')).toBe('"say \\"hi\\""');
  });

  it('cuts a 20 MB string, saying what was cut', () => {
    const p = preview(GIANT);
    expect(p.length).toBeLessThan(VALUE_CHARS + 60);
    expect(p).toMatch(/^"x+… \[cut: a string of 20000000 characters\]$/);
  });

  it('shows JSON nested 10,000 levels deep to a few levels, without overflowing the stack', () => {
    const deep: unknown = JSON.parse(nestedText(10_000));
    expect(() => JSON.stringify(deep)).toThrow(RangeError); // what the assertions used to call
    expect(preview(deep)).toBe('[[[[[[[[[…]]]]]]]]]');
  });

  it('stops early in a value with very many members', () => {
    const wide = Array.from({ length: 1_000_000 }, (_, i) => i);
    const p = preview(wide);
    expect(p.length).toBeLessThan(VALUE_CHARS + 60);
    expect(p).toMatch(/… \[cut: an array of 1000000 items\]$/);
  });
});

describe('assertions quote a server through the bounds', () => {
  it('a 20 MB field gives a check of a few hundred characters', () => {
    const o = evaluate({ json: { pointer: '/type', equals: 'discovery' } }, res(JSON.stringify({ type: GIANT })), env);
    expect(o.ok).toBe(false);
    expect(o.actual.length).toBeLessThan(VALUE_CHARS + 80);
    expect(o.actual).toMatch(/^\/type = "xxx.*a string of 20000000 characters\]$/);
  });

  it('JSON nested 10,000 levels deep is compared and quoted without an exception', () => {
    const body = res(`{"type":${nestedText(10_000)},"items":[${nestedText(10_000)}]}`);
    const eq = evaluate({ json: { pointer: '/type', equals: 'discovery' } }, body, env);
    expect(eq).toMatchObject({ ok: false, actual: '/type = [[[[[[[[[…]]]]]]]]]' });
    expect(evaluate({ json: { pointer: '/type', equals: [[[]]] } }, body, env).ok).toBe(false);
    expect(evaluate({ json: { pointer: '/items', some: { '/0': 'x' } } }, body, env).ok).toBe(false);
    expect(evaluate({ json: { pointer: '/items', allMatch: '^x$' } }, body, env).actual).toMatch(/^1 not matching, e\.g\. \[\[\[/);
  });

  it('equality of JSON values ignores the order of object members', () => {
    const body = res('{"v":{"b":2,"a":[1,{"d":4,"c":3}]}}');
    expect(evaluate({ json: { pointer: '/v', equals: { a: [1, { c: 3, d: 4 }], b: 2 } } }, body, env).ok).toBe(true);
    expect(evaluate({ json: { pointer: '/v', equals: { a: [1, { c: 3 }], b: 2 } } }, body, env).ok).toBe(false);
    expect(evaluate({ json: { pointer: '/v/a', equals: [1] } }, body, env).ok).toBe(false);
  });
});

describe('evidence and checks', () => {
  it('keeps at most HEADERS_CHARS of headers, each value cut, and counts what it left out', () => {
    const h: Record<string, string> = { 'content-type': `application/taxii+json; p=${'c'.repeat(5000)}` };
    for (let i = 0; i < 20; i++) h[`x-pad-${i}`] = 'h'.repeat(1000);
    const kept = clipHeaders(h);
    expect(kept['content-type']!.length).toBeLessThan(TEXT_CHARS + 40);
    expect(kept['…']).toMatch(/^\d+ more header\(s\), not kept in the report$/);
    const size = Object.entries(kept).reduce((n, [k, v]) => n + k.length + v.length, 0);
    expect(size).toBeLessThanOrEqual(HEADERS_CHARS + 60);
    expect(clipHeaders({ a: 'b' })).toEqual({ a: 'b' });
  });

  it('cuts the URL, the curl line and the error of an exchange', () => {
    const long = `https://h/${'p'.repeat(100_000)}`;
    const ev: HttpEvidence = {
      request: { method: 'GET', url: long, headers: {} },
      response: { status: 200, headers: { 'x-a': GIANT.slice(0, 50_000) }, body: '{}', bodyBytes: 2, truncated: false },
      error: GIANT.slice(0, 50_000),
      curl: `curl '${long}'`,
      durationMs: 1,
    };
    const c = clipEvidence(ev);
    expect(c.request.url.length).toBeLessThan(URL_CHARS + 40);
    expect(c.curl.length).toBeLessThan(10_000);
    expect(c.error!.length).toBeLessThan(TEXT_CHARS + 40);
    expect(c.response!.headers['x-a']!.length).toBeLessThan(TEXT_CHARS + 40);
    expect(c.response!.body).toBe('{}');
  });

  it('keeps the first checks, then failing ones only, and counts the rest', () => {
    const check = (ok: boolean, i: number): CheckResult => ({ requirement: `R-${i}`, level: 'MUST', ok, expected: 'x', actual: 'y' });
    const few = [check(true, 0), check(false, 1)];
    expect(keptChecks(few)).toEqual({ kept: few, dropped: 0 });
    const many = Array.from({ length: 1000 }, (_, i) => check(i % 10 !== 9, i));
    const { kept, dropped } = keptChecks(many);
    expect(kept.length).toBe(2 * CHECKS_KEPT);
    expect(dropped).toBe(1000 - 2 * CHECKS_KEPT);
    expect(kept.slice(CHECKS_KEPT).every((k) => !k.ok)).toBe(true);
    // In order: the kept failing ones come after the first CHECKS_KEPT, as they did.
    const ids = kept.map((k) => Number(k.requirement.slice(2)));
    expect([...ids].sort((a, b) => a - b)).toEqual(ids);
  });
});

describe('a case over a server\'s long list', () => {
  it('keeps 32 exchanges and the checks that matter, and says how many more there were', async () => {
    // One request per item of a list the server gave (as taxii1's service addresses): 100.
    const items = Array.from({ length: 100 }, (_, i) => `https://127.0.0.1:1/item-${i}`);
    const c: LoadedCase = {
      id: 'discovery.each', area: 'discovery', title: 'each item', section: '1', level: 'MUST', requirements: ['R-1'],
      steps: [{ forEach: 'items', request: { method: 'GET', url: '{item}', auth: 'none' }, expect: [{ requirement: 'R-1', level: 'MUST', status: 200 }] }],
    };
    const transport = {
      send: async (request: HttpRequest) => {
        const status = request.url.endsWith('-99') ? 500 : 200;
        return { request, response: { status, headers: {}, body: Buffer.alloc(0), bodyBytes: 0, truncated: false }, durationMs: 0 };
      },
    } as unknown as HttpTransport;
    const env: CaseEnv = {
      profile: taxii2Predraft, transport, scrubber: new Scrubber(), creds: {}, scope: new CredentialScope(['https://127.0.0.1:1/']), insecure: true, runId: '0badf00d',
      vars: new Map([['items', JSON.stringify(items)]]), readOnly: true, timeoutMs: 5000, signal: new AbortController().signal, track: () => undefined,
    };
    const r = await executeCase(c, env);
    expect(r.verdict).toBe('fail');
    expect(r.evidence).toHaveLength(32);
    expect(r.checks).toHaveLength(CHECKS_KEPT + 1);
    expect(r.checks.at(-1)).toMatchObject({ ok: false, actual: 'status 500' });
    expect(r.message).toBe('R-1 (MUST): expected status 200; got status 500 (35 more check(s) and 68 more exchange(s) not kept in the report)');
  });
});
