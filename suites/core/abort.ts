// Abort signals whose timers the code holds, and one listener per shared signal.
//
// Why not AbortSignal.timeout / AbortSignal.any: on Node 20 a timeout signal's timer only
// holds the signal weakly, and AbortSignal.any holds its sources weakly. A timeout that
// only any() references is collected at the next garbage collection and never fires: a
// request to a server that stalls then waits forever (issue 11). A TimeLimit keeps its
// timer itself and clears it in dispose().
//
// Why not one addEventListener per request on a shared signal: Node warns "Possible
// EventTarget memory leak detected" past 10 listeners on one signal, which a run with more
// than 10 requests in flight reaches without leaking anything. onAbort() puts every
// subscriber of a signal behind one listener on it.

/** The abort reason of a time limit that ran out: what AbortSignal.timeout() gives too. */
export function timeoutReason(ms: number): DOMException {
  return new DOMException(`timed out after ${ms} ms`, 'TimeoutError');
}

/** Whether an abort reason is a time limit's (as against Ctrl-C or a parent's stop). */
export function isTimeout(reason: unknown): boolean {
  return (reason as { name?: unknown } | undefined)?.name === 'TimeoutError';
}

/** The subscribers of a signal and the one listener that calls them. */
interface Fanout {
  subscribers: Set<() => void>;
  fire: () => void;
}

const fanouts = new WeakMap<AbortSignal, Fanout>();

/**
 * Calls `fn` once when `signal` aborts (at once, synchronously, when it already has).
 * Returns the function that unsubscribes; call it when the work is done. Every subscriber
 * of a signal shares one 'abort' listener on it, removed when the last one leaves.
 */
export function onAbort(signal: AbortSignal, fn: () => void): () => void {
  if (signal.aborted) {
    fn();
    return () => undefined;
  }
  let f = fanouts.get(signal);
  if (!f) {
    const subscribers = new Set<() => void>();
    const fire = (): void => {
      fanouts.delete(signal);
      for (const s of [...subscribers]) s();
      subscribers.clear();
    };
    f = { subscribers, fire };
    fanouts.set(signal, f);
    signal.addEventListener('abort', fire, { once: true });
  }
  const mine = f;
  const entry = (): void => fn();
  mine.subscribers.add(entry);
  return () => {
    if (!mine.subscribers.delete(entry) || mine.subscribers.size > 0) return;
    // The last subscriber left: drop the listener, so the signal holds nothing of ours.
    signal.removeEventListener('abort', mine.fire);
    if (fanouts.get(signal) === mine) fanouts.delete(signal);
  };
}

/**
 * A signal that aborts when `ms` have passed (reason: a TimeoutError) or when `parent`
 * aborts (its reason), whichever comes first. Without `ms` (or with Infinity) it is a child
 * of `parent` only: a per-request signal that adds no listener of its own to the parent.
 * Call dispose() when the work ends: it clears the timer and leaves the parent.
 */
export class TimeLimit {
  private readonly controller = new AbortController();
  private timer: NodeJS.Timeout | undefined;
  private endsAt = Infinity;
  private leaveParent: () => void = () => undefined;

  constructor(ms?: number, parent?: AbortSignal) {
    if (parent) this.leaveParent = onAbort(parent, () => this.stop(parent.reason));
    if (ms !== undefined && Number.isFinite(ms)) this.shorten(ms);
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** True when the time ran out (not the parent). */
  get timedOut(): boolean {
    return this.controller.signal.aborted && isTimeout(this.controller.signal.reason);
  }

  /** Milliseconds left (Infinity without a timer, 0 once aborted). */
  get remainingMs(): number {
    if (this.controller.signal.aborted) return 0;
    return Math.max(0, this.endsAt - performance.now());
  }

  /** Ends at most `ms` from now: sooner than before, never later. */
  shorten(ms: number): void {
    if (this.controller.signal.aborted) return;
    const at = performance.now() + Math.max(0, ms);
    if (at >= this.endsAt) return;
    this.endsAt = at;
    clearTimeout(this.timer);
    const total = Math.max(0, Math.round(ms));
    this.timer = setTimeout(() => this.stop(timeoutReason(total)), total);
  }

  /** Aborts now with `reason`. */
  stop(reason: unknown): void {
    if (this.controller.signal.aborted) return;
    this.release();
    this.controller.abort(reason);
  }

  /** Clears the timer and leaves the parent; the signal stays as it is. */
  dispose(): void {
    this.release();
  }

  private release(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.leaveParent();
    this.leaveParent = () => undefined;
  }
}

/** Runs `work` with a signal that ends after `ms` or when `parent` aborts; the timer is cleared after. */
export async function withTimeLimit<R>(ms: number, parent: AbortSignal | undefined, work: (signal: AbortSignal) => Promise<R>): Promise<R> {
  const limit = new TimeLimit(ms, parent);
  try {
    return await work(limit.signal);
  } finally {
    limit.dispose();
  }
}
