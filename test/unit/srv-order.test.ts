import { describe, expect, it } from 'vitest';
import { orderByWeight, orderSrv } from '../../suites/probes/srv-order.js';
import type { SrvRecord } from '../../suites/probes/dns.js';

const rec = (target: string, priority: number, weight: number): SrvRecord => ({ priority, weight, port: 443, target, ttl: 60 });

/** A random source that returns the given values in turn (then repeats the last). */
function seq(...values: number[]): () => number {
  let i = 0;
  return () => values[Math.min(i++, values.length - 1)] as number;
}

describe('orderSrv (RFC 2782)', () => {
  it('puts lower priorities first whatever the weights and the random draw', () => {
    const records = [rec('c', 20, 100), rec('a', 0, 0), rec('b', 10, 1), rec('a2', 0, 50), rec('c2', 20, 1)];
    for (let i = 0; i < 200; i++) {
      const priorities = orderSrv(records).map((r) => r.priority);
      expect(priorities).toEqual([0, 0, 10, 20, 20]);
    }
  });

  it('returns every record once and leaves the input alone', () => {
    const records = [rec('x', 1, 1), rec('y', 0, 2), rec('z', 1, 0)];
    const copy = structuredClone(records);
    const out = orderSrv(records);
    expect(out).toHaveLength(3);
    expect(new Set(out.map((r) => r.target))).toEqual(new Set(['x', 'y', 'z']));
    expect(records).toEqual(copy);
  });

  it('selects by running sum: the first record whose running sum is >= random * sum', () => {
    // Weights 1 and 3: running sums 1 and 4.
    const group = [rec('light', 0, 1), rec('heavy', 0, 3)];
    // 0.2 * 4 = 0.8 <= 1 → light; then only heavy remains.
    expect(orderSrv(group, seq(0.2)).map((r) => r.target)).toEqual(['light', 'heavy']);
    // 0.25 * 4 = 1 <= 1 (">=", inclusive) → light.
    expect(orderSrv(group, seq(0.25)).map((r) => r.target)).toEqual(['light', 'heavy']);
    // 0.26 * 4 = 1.04 > 1 → heavy.
    expect(orderSrv(group, seq(0.26)).map((r) => r.target)).toEqual(['heavy', 'light']);
    expect(orderSrv(group, seq(0.99)).map((r) => r.target)).toEqual(['heavy', 'light']);
  });

  it('places weight-0 records first in the list: picked only on a draw of exactly 0', () => {
    const group = [rec('w2', 0, 2), rec('zero', 0, 0), rec('w1', 0, 1)];
    // List before selection: zero (0), w2 (2), w1 (3).
    expect(orderSrv(group, seq(0)).map((r) => r.target)).toEqual(['zero', 'w2', 'w1']);
    // Any positive draw skips the weight-0 record until only weight 0 is left.
    expect(orderSrv(group, seq(0.5, 0.5)).map((r) => r.target)).toEqual(['w2', 'w1', 'zero']);
    expect(orderSrv(group, seq(0.9, 0.1)).map((r) => r.target)).toEqual(['w1', 'w2', 'zero']);
  });

  it('keeps the order received when every weight is 0', () => {
    const group = [rec('a', 5, 0), rec('b', 5, 0), rec('c', 5, 0)];
    expect(orderSrv(group, seq(0.7)).map((r) => r.target)).toEqual(['a', 'b', 'c']);
  });

  it('is deterministic with an injected random, per priority', () => {
    const records = [rec('p1-a', 1, 1), rec('p0-a', 0, 1), rec('p1-b', 1, 9), rec('p0-b', 0, 1)];
    // p0: sums 1, 2; draw 0.9*2 = 1.8 → p0-b, then p0-a. p1: sums 1, 10; draw 0.05*10 = 0.5 → p1-a.
    expect(orderSrv(records, seq(0.9, 0, 0.05, 0)).map((r) => r.target)).toEqual(['p0-b', 'p0-a', 'p1-a', 'p1-b']);
  });

  it('tolerates a random function out of contract (1, negative, NaN)', () => {
    const group = [rec('a', 0, 1), rec('b', 0, 1)];
    expect(orderByWeight(group, () => 1).map((r) => r.target)).toEqual(['b', 'a']);
    expect(orderByWeight(group, () => -3).map((r) => r.target)).toEqual(['a', 'b']);
    expect(orderByWeight(group, () => Number.NaN).map((r) => r.target)).toEqual(['a', 'b']);
  });

  it('picks weights 1 and 3 about 25% / 75% of the time with Math.random', () => {
    const group = [rec('one', 0, 1), rec('three', 0, 3)];
    let one = 0;
    const n = 4000;
    for (let i = 0; i < n; i++) if ((orderSrv(group)[0] as SrvRecord).target === 'one') one++;
    // Binomial(4000, 0.25): sd ≈ 27; ±120 is > 4 sd.
    expect(one).toBeGreaterThan(n * 0.25 - 120);
    expect(one).toBeLessThan(n * 0.25 + 120);
  });
});
