// suites/core/abort.ts and suites/core/concurrency.ts: time limits the code holds, one
// listener per shared signal, bounded concurrency.
import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { isTimeout, onAbort, TimeLimit, withTimeLimit } from '../../suites/core/abort.js';
import { pool, Semaphore } from '../../suites/core/concurrency.js';

const forceGc = (globalThis as { gc?: () => void }).gc;
const aborted = (s: AbortSignal): Promise<unknown> => new Promise((resolve) => s.addEventListener('abort', () => resolve(s.reason), { once: true }));
const timers = (): number => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;

describe('TimeLimit', () => {
  it('fires though nothing but its timer holds it, with collections forced meanwhile', async () => {
    expect(typeof forceGc, 'vitest.config.ts gives the workers --expose-gc').toBe('function');
    // Only the listener's closure and the promise reach the signal, not the TimeLimit itself.
    const reason = aborted(new TimeLimit(150).signal);
    const collect = setInterval(() => forceGc!(), 20);
    try {
      expect(isTimeout(await reason)).toBe(true);
    } finally {
      clearInterval(collect);
    }
  });

  it("takes its parent's reason, and leaves the parent on dispose (timer cleared, no listener left)", async () => {
    const parent = new AbortController();
    const before = timers();
    const a = new TimeLimit(60_000, parent.signal);
    const b = new TimeLimit(60_000, parent.signal);
    expect(timers()).toBe(before + 2);
    expect(getEventListeners(parent.signal, 'abort')).toHaveLength(1);
    b.dispose();
    expect(timers()).toBe(before + 1);
    parent.abort(new Error('ctrl-c'));
    expect(a.signal.aborted).toBe(true);
    expect((a.signal.reason as Error).message).toBe('ctrl-c');
    expect(a.timedOut).toBe(false);
    expect(b.signal.aborted).toBe(false); // it had left
    expect(timers()).toBe(before);
  });

  it('shorten() brings the end closer, never further; stop() ends it now', async () => {
    const t = new TimeLimit(60_000);
    t.shorten(120_000);
    expect(t.remainingMs).toBeLessThanOrEqual(60_000);
    t.shorten(50);
    expect(isTimeout(await aborted(t.signal))).toBe(true);
    expect(t.timedOut).toBe(true);
    const u = new TimeLimit(60_000);
    u.stop(new Error('done'));
    expect(u.signal.aborted).toBe(true);
    expect(u.timedOut).toBe(false);
    expect(u.remainingMs).toBe(0);
  });

  it('withTimeLimit clears its timer when the work ends, and aborts work that outlives it', async () => {
    const before = timers();
    expect(await withTimeLimit(60_000, undefined, async () => 'done')).toBe('done');
    expect(timers()).toBe(before);
    const reason = await withTimeLimit(30, undefined, (s) => aborted(s));
    expect(isTimeout(reason)).toBe(true);
  });
});

describe('onAbort', () => {
  it('puts any number of subscribers behind one listener, removed when the last leaves', () => {
    const c = new AbortController();
    const offs = Array.from({ length: 20 }, () => onAbort(c.signal, () => undefined));
    expect(getEventListeners(c.signal, 'abort')).toHaveLength(1);
    for (const off of offs) off();
    expect(getEventListeners(c.signal, 'abort')).toHaveLength(0);
  });

  it('calls each subscriber once on abort (not those that left), and at once when already aborted', () => {
    const c = new AbortController();
    const calls: number[] = [];
    onAbort(c.signal, () => calls.push(1));
    const off = onAbort(c.signal, () => calls.push(2));
    onAbort(c.signal, () => calls.push(3));
    off();
    c.abort();
    c.abort();
    expect(calls).toEqual([1, 3]);
    onAbort(c.signal, () => calls.push(4));
    expect(calls).toEqual([1, 3, 4]);
  });
});

describe('Semaphore and pool', () => {
  it('pool: at most n at once, started in order, results in input order', async () => {
    let running = 0;
    let peak = 0;
    const started: number[] = [];
    const out = await pool([5, 1, 4, 2, 3, 0], 2, async (n, i) => {
      started.push(i);
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, n));
      running--;
      return n * 10;
    });
    expect(out).toEqual([50, 10, 40, 20, 30, 0]);
    expect(peak).toBe(2);
    expect(started).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('Semaphore: a waiter whose signal aborts leaves the queue; the slot goes to the next', async () => {
    const s = new Semaphore(1);
    const release = await s.acquire();
    const c = new AbortController();
    const gaveUp = s.acquire(c.signal);
    const next = s.acquire();
    c.abort(new Error('no longer'));
    await expect(gaveUp).rejects.toThrow('no longer');
    release();
    release(); // twice: no second slot
    const r2 = await next;
    let third = false;
    void s.acquire().then(() => (third = true));
    await new Promise((r) => setTimeout(r, 10));
    expect(third).toBe(false);
    r2();
    await new Promise((r) => setTimeout(r, 0));
    expect(third).toBe(true);
  });
});
