// Answers kept per distinct content (mock-server/kept-answers.ts): made once per version of
// their source, selection and way of writing; made afresh after any change, under a fault, or
// when making failed.
import { describe, expect, it } from 'vitest';
import { keptAnswer, type KeptAnswer } from '../../mock-server/kept-answers.js';
import type { JsonMessages } from '../../mock-server/send.js';

const messages = (stable: boolean): JsonMessages => ({ contentType: 'application/x', mutate: (_t, m) => m, honourMaxSize: true, stable });

function maker() {
  let made = 0;
  const make = (): KeptAnswer => ({ rendered: { body: Buffer.from(`answer ${++made}`), contentType: 'application/x' }, headers: {} });
  return { make, made: () => made };
}

describe('keptAnswer', () => {
  it('makes an answer once per version and selection, and again when the source changes', () => {
    const source = { version: 0 };
    const m = messages(true);
    const { make, made } = maker();
    const a = keptAnswer(source, m, 'all', make);
    expect(keptAnswer(source, m, 'all', make)).toBe(a);
    expect(made()).toBe(1);
    const filtered = keptAnswer(source, m, 'type=x', make); // another selection
    expect(filtered).not.toBe(a);
    expect(made()).toBe(2);
    source.version++; // e.g. a POST stored objects
    const b = keptAnswer(source, m, 'all', make);
    expect(b).not.toBe(a);
    expect(b.rendered.body.toString()).toBe('answer 3');
    expect(keptAnswer(source, m, 'type=x', make)).not.toBe(filtered);
    expect(made()).toBe(4);
  });

  it('keeps nothing while a fault is on (the rendering is not stable)', () => {
    const source = { version: 0 };
    const { make, made } = maker();
    for (let i = 0; i < 3; i++) keptAnswer(source, messages(false), 'all', make);
    expect(made()).toBe(3);
  });

  it('keeps answers apart per way of writing messages (another mock, other variants)', () => {
    const source = { version: 0 };
    const { make, made } = maker();
    const one = messages(true);
    const other = messages(true);
    keptAnswer(source, one, 'all', make);
    keptAnswer(source, other, 'all', make);
    keptAnswer(source, one, 'all', make);
    expect(made()).toBe(3);
  });

  it('keeps nothing when making fails: the next request makes it again', () => {
    const source = { version: 0 };
    const m = messages(true);
    let calls = 0;
    const failing = (): KeptAnswer => {
      calls++;
      throw new Error('invalid message');
    };
    expect(() => keptAnswer(source, m, 'all', failing)).toThrow('invalid message');
    expect(() => keptAnswer(source, m, 'all', failing)).toThrow('invalid message');
    expect(calls).toBe(2);
  });

  it('is bounded: past 256 selections of one source it starts over', () => {
    const source = { version: 0 };
    const m = messages(true);
    const { make, made } = maker();
    for (let i = 0; i < 256; i++) keptAnswer(source, m, `limit=${i}`, make);
    keptAnswer(source, m, 'limit=0', make);
    expect(made()).toBe(256);
    keptAnswer(source, m, 'limit=256', make); // the 257th: the others are dropped
    keptAnswer(source, m, 'limit=0', make);
    expect(made()).toBe(258);
  });
});
