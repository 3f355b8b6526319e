// Answers in parts: the one follower (suites/core/steps/parts.ts) with a made-up hook, the
// TAXII 1.1 hook (suites/taxii1/parts.ts), and the walk's conditions on parts.
import { describe, expect, it } from 'vitest';
import type { HttpResponse } from '../../suites/probes/http.js';
import type { PartsHook } from '../../suites/core/profile.js';
import { followParts, joinParts } from '../../suites/core/steps/parts.js';
import { nextPart } from '../../suites/taxii1/parts.js';
import { walk } from '../../suites/core/assertions/walk.js';
import type { Walk } from '../../suites/core/steps/pages.js';

const res = (body: unknown): HttpResponse => {
  const b = Buffer.from(JSON.stringify(body));
  return { status: 200, headers: {}, body: b, bodyBytes: b.length, truncated: false };
};
const decode = (r: HttpResponse): { ok: true; value: unknown } | { ok: false; why: string } => {
  try {
    return { ok: true, value: JSON.parse(r.body.toString()) };
  } catch {
    return { ok: false, why: 'not JSON' };
  }
};
/** Parts say their number `n`, `more`, items `xs`; the next part is asked for by number. */
const hook: PartsHook = {
  items: '/xs',
  next: (p, n) => {
    const part = p as { n?: number; more?: boolean };
    if (n > 1 && part.n !== n) return { stop: `asked for ${n}, got ${part.n}` };
    return part.more ? { request: { want: n + 1 } } : { done: true };
  },
};
/** A server of `count` parts, answering a request for part k with `answer(k)`. */
function server(count: number, answer: (k: number) => unknown = (k) => ({ n: k, more: k < count, xs: [k] })) {
  const asked: number[] = [];
  return {
    asked,
    send: async (m: unknown) => {
      const k = (m as { want: number }).want;
      asked.push(k);
      return res(answer(k));
    },
  };
}

describe('followParts', () => {
  it('asks for each next part until one is the last, and joins their items in order', async () => {
    const s = server(3);
    const f = await followParts(hook, res({ n: 1, more: true, xs: [1] }), { n: 1, more: true, xs: [1] }, undefined, s.send, decode);
    expect(s.asked).toEqual([2, 3]);
    expect([f.complete, f.stopped, f.parts.length, f.responses.length]).toEqual([true, 'part 3 is the last', 3, 3]);
    expect(joinParts(hook, f.parts)).toEqual({ n: 1, more: true, xs: [1, 2, 3] });
  });

  it('asks nothing of an answer that is whole', async () => {
    const s = server(1);
    const f = await followParts(hook, res({ n: 1, xs: [1] }), { n: 1, xs: [1] }, undefined, s.send, decode);
    expect([s.asked, f.complete, f.stopped]).toEqual([[], true, 'the answer is whole (one part)']);
  });

  it('stops at an answer that is not the part asked for, which is kept as a response and not joined', async () => {
    const s = server(3, () => ({ n: 1, more: true, xs: ['again'] }));
    const f = await followParts(hook, res({ n: 1, more: true, xs: [1] }), { n: 1, more: true, xs: [1] }, undefined, s.send, decode);
    expect([f.complete, f.stopped, f.parts.length, f.responses.length]).toEqual([false, 'part 2: asked for 2, got 1', 1, 2]);
    expect(joinParts(hook, f.parts)).toEqual({ n: 1, more: true, xs: [1] });
  });

  it('stops at the bounds: parts, and octets (a server that always has more)', async () => {
    const endless = server(Infinity);
    const f = await followParts(hook, res({ n: 1, more: true, xs: [1] }), { n: 1, more: true, xs: [1] }, undefined, endless.send, decode, { maxPages: 4, maxBytes: 1 << 20 });
    expect([endless.asked, f.complete, f.stopped]).toEqual([[2, 3, 4], false, '4 parts read and more are announced (the bound: 4)']);
    const big = server(Infinity);
    const g = await followParts(hook, res({ n: 1, more: true, xs: [1] }), { n: 1, more: true, xs: [1] }, undefined, big.send, decode, { maxPages: 50, maxBytes: 60 });
    expect(g.complete).toBe(false);
    expect(g.stopped).toMatch(/octets read and more parts are announced \(the bound: 60\)/);
  });

  it('stops at a part that does not decode, and at a first part that did not', async () => {
    const s = { send: async () => ({ status: 200, headers: {}, body: Buffer.from('<oops'), bodyBytes: 5, truncated: false }) };
    const f = await followParts(hook, res({ n: 1, more: true }), { n: 1, more: true }, undefined, s.send, decode);
    expect([f.complete, f.stopped]).toEqual([false, 'part 2 answered 200 (not JSON)']);
    const g = await followParts(hook, res('x'), undefined, 'empty body', s.send, decode);
    expect([g.parts.length, g.stopped]).toEqual([0, 'part 1 answered 200 (empty body)']);
  });
});

describe('the TAXII 1.1 parts hook', () => {
  const first = { type: 'poll-response', 'feed-name': 'f', more: true, 'result-id': 'r-1', 'result-part-number': 1, 'content-blocks': [] };
  it('asks for part n + 1 of the first part\'s result by a Poll Fulfillment Request; a part without more is the last', () => {
    expect(nextPart(first, 1, first)).toEqual({ request: { type: 'poll-fulfillment', 'feed-name': 'f', 'result-id': 'r-1', 'result-part-number': 2 } });
    expect(nextPart({ ...first, more: undefined, 'result-part-number': 2 }, 2, first)).toEqual({ done: true });
    expect(nextPart({ ...first, more: undefined }, 1, first)).toEqual({ done: true });
    // A status message answering the poll itself has no parts.
    expect(nextPart({ type: 'error', 'error-type': 'DENIED' }, 1, first)).toEqual({ done: true });
  });
  it('stops on more without a result id, another part, another result, a status message', () => {
    expect(nextPart({ ...first, 'result-id': undefined }, 1, { ...first, 'result-id': undefined })).toEqual({ stop: expect.stringMatching(/without a result_id/) });
    expect(nextPart({ ...first, 'result-part-number': 1 }, 2, first)).toEqual({ stop: 'asked for part 2, the answer is part 1' });
    expect(nextPart({ ...first, 'result-part-number': undefined }, 2, first)).toEqual({ stop: 'asked for part 2, the answer is part 1' });
    expect(nextPart({ ...first, 'result-id': 'r-2', 'result-part-number': 2 }, 2, first)).toEqual({ stop: expect.stringMatching(/asked for result "r-1", the answer is part of "r-2"/) });
    expect(nextPart({ type: 'error', 'error-type': 'NOT-FOUND', message: 'gone' }, 3, first)).toEqual({ stop: expect.stringMatching(/part 3 is status message NOT-FOUND: gone, not a Poll Response/) });
  });
});

describe('walk conditions on parts', () => {
  const env = { vars: new Map<string, string>(), validate: () => ({ valid: true, errors: [] }) };
  const w = (heads: Array<Record<string, unknown>>, complete = true): Walk => ({
    pages: heads.map((head, i) => ({ url: 'u', status: 200, items: [], more: i < heads.length - 1, next: undefined, head })),
    items: [],
    keys: [],
    complete,
    stopped: 'x',
  });
  it('numbered: 1, 2, 3… (absent reads as given), both ways', () => {
    const want = { numbered: { pointer: '/result-part-number', absent: 1 } };
    expect(walk.evaluate(want, w([{}, { 'result-part-number': 2 }]), env).ok).toBe(true);
    expect(walk.evaluate(want, w([{ 'result-part-number': 0 }, { 'result-part-number': 1 }]), env)).toMatchObject({ ok: false, actual: 'part 1 is numbered 0 (the numbers: 0, 1)' });
    expect(walk.evaluate(want, w([{ 'result-part-number': 1 }, {}]), env).ok).toBe(false);
  });
  it('same: present wherever more is announced, one value, both ways', () => {
    expect(walk.evaluate({ same: '/result-id' }, w([{ 'result-id': 'a' }, { 'result-id': 'a' }, {}]), env).ok).toBe(true);
    expect(walk.evaluate({ same: '/result-id' }, w([{}]), env).ok).toBe(true);
    expect(walk.evaluate({ same: '/result-id' }, w([{}, { 'result-id': 'a' }]), env)).toMatchObject({ ok: false, actual: 'part 1 announces more without /result-id' });
    expect(walk.evaluate({ same: '/result-id' }, w([{ 'result-id': 'a' }, { 'result-id': 'b' }]), env)).toMatchObject({ ok: false, actual: 'the parts give /result-id "a", "b"' });
  });
});
