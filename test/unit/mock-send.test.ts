// Outgoing validation in send.ts: once per distinct content, never skipped for content that
// differs or failed.
import { describe, expect, it } from 'vitest';
import { ResponseSchemaError, validateFor, type JsonState } from '../../mock-server/send.js';

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
