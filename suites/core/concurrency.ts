// Bounded concurrency, the one helper for it: cases in a run, DELETEs of the cleanup, DNS
// lookups of a discovery, TLS handshakes, large body reads.
import { onAbort } from './abort.js';

/** A counting semaphore: at most `n` holders at once, waiters served in order. */
export class Semaphore {
  private readonly waiters: (() => void)[] = [];
  private free: number;

  constructor(n: number) {
    this.free = Math.max(1, Math.floor(n) || 1);
  }

  /**
   * Waits for a slot and returns the function that gives it back (idempotent). A waiter
   * whose signal aborts leaves the queue and the promise rejects with the signal's reason.
   */
  async acquire(signal?: AbortSignal): Promise<() => void> {
    if (this.free > 0) {
      this.free--;
    } else {
      if (signal?.aborted) throw signal.reason;
      await new Promise<void>((resolve, reject) => {
        let leave = (): void => undefined;
        const granted = (): void => {
          leave();
          resolve();
        };
        this.waiters.push(granted);
        if (signal) {
          leave = onAbort(signal, () => {
            const i = this.waiters.indexOf(granted);
            if (i >= 0) this.waiters.splice(i, 1);
            reject(signal.reason);
          });
        }
      });
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiters.shift();
      if (next) next();
      else this.free++;
    };
  }

  /** Runs `work` in a slot. */
  async run<R>(work: () => Promise<R>, signal?: AbortSignal): Promise<R> {
    const release = await this.acquire(signal);
    try {
      return await work();
    } finally {
      release();
    }
  }
}

/** Runs `work` over `items` with at most `concurrency` at a time, started in order; results in input order. */
export async function pool<T, R>(items: readonly T[], concurrency: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lanes = Math.max(1, Math.min(Math.floor(concurrency) || 1, items.length));
  await Promise.all(
    Array.from({ length: lanes }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await work(items[i] as T, i);
      }
    }),
  );
  return results;
}
