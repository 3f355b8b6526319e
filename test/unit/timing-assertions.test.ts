// answeredAfter and answeredWithin: what they read (this exchange's and a named step's
// times), both ways, and what they say when a time is missing.
import { describe, expect, it } from 'vitest';
import { evaluateAs } from '../../suites/core/assertions.js';
import type { HttpResponse } from '../../suites/probes/http.js';
import type { ExchangeTimes, Timing } from '../../suites/core/types.js';

const env = { vars: new Map<string, string>(), validate: () => ({ valid: true, errors: [] }) };
const res = (status: number): HttpResponse => ({ status, headers: {}, body: Buffer.alloc(0), bodyBytes: 0, truncated: false });
function seen(status: number, selfAt: number, post?: ExchangeTimes) {
  const self = { sentAt: 0, answeredAt: selfAt, status };
  const steps = new Map<string, ExchangeTimes>([['wait', self]]);
  if (post) steps.set('post', post);
  const timing: Timing = { self, steps };
  return { res: res(status), durationMs: selfAt, timing };
}
const acked = (at: number): ExchangeTimes => ({ sentAt: 100, answeredAt: at, status: 202 });

describe('answeredAfter', () => {
  it('holds for an answer after the named step was answered, not before', () => {
    expect(evaluateAs({ answeredAfter: { step: 'post' } }, 'http', seen(200, 150, acked(120)), env)).toEqual({
      ok: true,
      expected: 'an answer after "post" was answered',
      actual: 'answered 30 ms after "post" was answered (status 200)',
    });
    const o = evaluateAs({ answeredAfter: { step: 'post' } }, 'http', seen(204, 600, acked(700)), env);
    expect(o.ok).toBe(false);
    expect(o.actual).toBe('answered 100 ms before "post" was answered (status 204)');
  });

  it('with ifStatus, holds an answer of another status to nothing', () => {
    const want = { answeredAfter: { step: 'post', ifStatus: [204] } };
    expect(evaluateAs(want, 'http', seen(200, 50, acked(120)), env)).toMatchObject({ ok: true, actual: 'status 200' });
    expect(evaluateAs(want, 'http', seen(204, 50, acked(120)), env).ok).toBe(false);
    expect(evaluateAs(want, 'http', seen(204, 700, acked(120)), env).ok).toBe(true);
  });

  it('with byAtLeastMs, holds only an answer that much later than the named step\'s', () => {
    const want = { answeredAfter: { step: 'post', byAtLeastMs: 100 } };
    expect(evaluateAs(want, 'http', seen(204, 700, acked(120)), env)).toEqual({
      ok: true,
      expected: 'an answer at least 100 ms after "post" was answered',
      actual: 'answered 580 ms after "post" was answered (status 204)',
    });
    expect(evaluateAs(want, 'http', seen(204, 219, acked(120)), env).ok).toBe(false);
    expect(evaluateAs(want, 'http', seen(204, 220, acked(120)), env).ok).toBe(true);
    expect(evaluateAs(want, 'http', seen(204, 100, acked(120)), env).ok).toBe(false);
  });

  it('fails, saying why, when the named step got no answer or has not run, or no time was recorded', () => {
    expect(evaluateAs({ answeredAfter: { step: 'post' } }, 'http', seen(204, 600, { sentAt: 100 }), env).actual).toBe('step "post" got no answer');
    expect(evaluateAs({ answeredAfter: { step: 'post' } }, 'http', seen(204, 600), env).actual).toBe('step "post" has not run');
    expect(evaluateAs({ answeredAfter: { step: 'post' } }, 'http', { res: res(204), durationMs: 1 }, env)).toMatchObject({ ok: false, actual: 'no time recorded for this exchange' });
  });
});

describe('answeredWithin', () => {
  it('measures from the named step\'s answer: within the bound, before it, or past it', () => {
    const want = { answeredWithin: { step: 'post', ms: 1000 } };
    expect(evaluateAs(want, 'http', seen(200, 1600, acked(1500)), env)).toEqual({
      ok: true,
      expected: 'an answer within 1000 ms of "post"\'s answer',
      actual: 'answered 100 ms after "post" was answered (status 200)',
    });
    expect(evaluateAs(want, 'http', seen(200, 90, acked(120)), env).ok).toBe(true);
    const late = evaluateAs(want, 'http', seen(200, 3000, acked(120)), env);
    expect(late.ok).toBe(false);
    expect(late.actual).toBe('answered 2880 ms after "post" was answered (status 200)');
  });
});
