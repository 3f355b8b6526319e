// Outgoing validation in send.ts: once per distinct content, never skipped for content that
// differs or failed.
import { describe, expect, it } from 'vitest';
import type { ServerResponse } from 'node:http';
import { checkedRendering, lowerCaseReordered, ResponseSchemaError, validateFor, writeRendered, type JsonMessages, type JsonState } from '../../mock-server/send.js';
import type { RequestContext } from '../../mock-server/context.js';

function stateWith(validate: (type: string, m: unknown) => { valid: boolean; errors: string[] }): JsonState {
  return { messages: { contentType: 'application/x', validate, mutate: (_t, m) => m, honourMaxSize: true } } as unknown as JsonState;
}

describe('validateFor', () => {
  it('checks each distinct content once, and every content that differs', () => {
    const seen: unknown[] = [];
    const state = stateWith((_t, m) => (seen.push(m), { valid: true, errors: [] }));
    validateFor(state, 'discovery', { type: 'discovery', url: 'https://127.0.0.1:1/' });
    validateFor(state, 'discovery', { type: 'discovery', url: 'https://127.0.0.1:1/' }); // same text, another object
    expect(seen).toHaveLength(1);
    validateFor(state, 'discovery', { type: 'discovery', url: 'https://127.0.0.1:2/' }); // differs per request
    validateFor(state, 'api-status', { type: 'discovery', url: 'https://127.0.0.1:1/' }); // same text, another schema
    expect(seen).toHaveLength(3);
  });

  it('never remembers a failure: invalid content fails every time', () => {
    let calls = 0;
    const state = stateWith(() => (calls++, { valid: false, errors: ['/ bad'] }));
    for (let i = 0; i < 3; i++) expect(() => validateFor(state, 'discovery', { type: 'x' })).toThrow(ResponseSchemaError);
    expect(calls).toBe(3);
  });

  it('keeps what passed apart per validator (another mock, or other faults)', () => {
    let a = 0;
    let b = 0;
    const msg = { type: 'discovery' };
    validateFor(stateWith(() => (a++, { valid: true, errors: [] })), 'discovery', msg);
    validateFor(stateWith(() => (b++, { valid: true, errors: [] })), 'discovery', { ...msg });
    expect([a, b]).toEqual([1, 1]);
  });
});

describe('checkedRendering', () => {
  function counting(stable: boolean, valid = true) {
    const calls = { validate: 0, mutate: 0 };
    const state = {
      messages: {
        contentType: 'application/x',
        validate: () => (calls.validate++, { valid, errors: valid ? [] : ['/ bad'] }),
        mutate: (_t: string, m: Record<string, unknown>) => (calls.mutate++, { ...m, bent: calls.mutate }),
        honourMaxSize: true,
        stable,
      },
    } as unknown as JsonState;
    return { state, calls };
  }

  it("renders a stable profile's content once, and any content that differs again", () => {
    const { state, calls } = counting(true);
    const a = checkedRendering(state, 'discovery', { type: 'discovery', url: 'https://127.0.0.1:1/' });
    const b = checkedRendering(state, 'discovery', { type: 'discovery', url: 'https://127.0.0.1:1/' });
    expect(b.body).toBe(a.body);
    expect(calls).toEqual({ validate: 1, mutate: 1 });
    const c = checkedRendering(state, 'discovery', { type: 'discovery', url: 'https://127.0.0.1:2/' });
    expect(JSON.parse(c.body.toString())).toEqual({ type: 'discovery', url: 'https://127.0.0.1:2/', bent: 2 });
    expect(calls).toEqual({ validate: 2, mutate: 2 });
  });

  it('renders on every send when faults may bend each send apart, validating once per content', () => {
    const { state, calls } = counting(false);
    const a = checkedRendering(state, 'discovery', { type: 'discovery' });
    const b = checkedRendering(state, 'discovery', { type: 'discovery' });
    expect(JSON.parse(a.body.toString()).bent).toBe(1);
    expect(JSON.parse(b.body.toString()).bent).toBe(2);
    expect(calls.validate).toBe(1);
  });

  it('never renders or remembers invalid content', () => {
    const { state, calls } = counting(true, false);
    for (let i = 0; i < 2; i++) expect(() => checkedRendering(state, 'discovery', { type: 'x' })).toThrow(ResponseSchemaError);
    expect(calls).toEqual({ validate: 2, mutate: 0 });
  });
});

describe('writeRendered', () => {
  function written(messages: Partial<JsonMessages>) {
    const heads: { status: number; fields: Record<string, string> }[] = [];
    const bodies: Buffer[][] = [];
    const res = {
      writeHead: (status: number, fields: Record<string, string>) => (heads.push({ status, fields: { ...fields } }), bodies.push([])),
      write: (b: Buffer) => bodies.at(-1)!.push(b),
      end: (b?: Buffer) => void (b && bodies.at(-1)!.push(b)),
    } as unknown as ServerResponse;
    const mock = { messages: { contentType: 'application/x', mutate: (_t: string, m: Record<string, unknown>) => m, honourMaxSize: true, stable: true, ...messages } };
    const ctx = { res, mock, maxSize: undefined } as unknown as RequestContext<JsonState>;
    return { ctx, heads, bodies };
  }
  const rendering = { body: Buffer.from('{"type":"x"}'), contentType: 'application/x' };

  it('writes a kept rendering with the same head every time, and headers of its own when given', () => {
    const { ctx, heads } = written({});
    writeRendered(ctx, 200, rendering);
    writeRendered(ctx, 201, rendering);
    writeRendered(ctx, 200, rendering, { 'X-TAXII-Objects-Omitted': '3' });
    writeRendered(ctx, 200, rendering);
    const plain = { 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff', 'Content-Type': 'application/x', 'Content-Length': '12' };
    expect(heads).toEqual([
      { status: 200, fields: plain },
      { status: 201, fields: plain },
      { status: 200, fields: { 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff', 'X-TAXII-Objects-Omitted': '3', 'Content-Type': 'application/x', 'Content-Length': '12' } },
      { status: 200, fields: plain },
    ]);
  });

  it('shapes the head of a kept rendering per way of writing (lower-case names, chunked bodies)', () => {
    const lower = written({ shapeHeaders: lowerCaseReordered });
    writeRendered(lower.ctx, 200, rendering);
    expect(Object.keys(lower.heads[0]!.fields)).toEqual(['content-type', 'content-length', 'x-content-type-options', 'cache-control']);
    const chunked = written({ chunkBytes: 5 });
    writeRendered(chunked.ctx, 200, rendering);
    writeRendered(chunked.ctx, 200, rendering);
    expect(chunked.heads[1]!.fields['Content-Length']).toBeUndefined();
    expect(chunked.bodies[1]!.map((b) => b.toString())).toEqual(['{"typ', 'e":"x', '"}']);
  });
});
