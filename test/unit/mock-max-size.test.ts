import { describe, expect, it } from 'vitest';
import { MIN_MAX_SIZE, parseMaxSize } from '../../mock-server/max-size.js';

describe('mock X-Max-Size parsing', () => {
  it('no header, no limit', () => {
    expect(parseMaxSize(undefined)).toEqual({ ok: true, limit: undefined });
  });

  it.each(['9437184', '10000000', '99999999999', ' 9437184 '])('accepts %j', (v) => {
    const r = parseMaxSize(v);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.limit).toBe(Number(v.trim()));
  });

  it.each(['9437183', '0', '1024', '-9437184', '+9437184', '9437184.0', '1e7', '0x900000', 'abc', '', '9437184, 9437184', '９４３７１８４'])(
    'refuses %j with a reason',
    (v) => {
      const r = parseMaxSize(v);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.reason).toMatch(/X-Max-Size/);
    },
  );

  it('the minimum is 9437184', () => {
    expect(MIN_MAX_SIZE).toBe(9_437_184);
    expect(parseMaxSize(String(MIN_MAX_SIZE - 1)).ok).toBe(false);
    expect(parseMaxSize(String(MIN_MAX_SIZE)).ok).toBe(true);
  });

  it('lax mode honours small decimal values and ignores the rest', () => {
    expect(parseMaxSize('100', 'lax')).toEqual({ ok: true, limit: 100 });
    expect(parseMaxSize('abc', 'lax')).toEqual({ ok: true, limit: undefined });
  });

  it('ignore mode never limits', () => {
    expect(parseMaxSize('100', 'ignore')).toEqual({ ok: true, limit: undefined });
    expect(parseMaxSize('abc', 'ignore')).toEqual({ ok: true, limit: undefined });
  });
});
