// The waiting machinery of long polls, free of HTTP: a queue of waiters per channel, in
// deadline order, with ONE timer (armed for the earliest deadline, cleared when the queue
// empties) instead of one per waiter, and event-driven wake-ups: news wakes every waiter
// in one round on the next turn of the event loop (so the POSTs of one I/O turn share a
// round), and each waiter decides whether it has something to answer.
//
// A waiter is an intrusive list node (two links, a deadline, a flag): per waiter the queue
// allocates nothing.

/** Why a waiter must answer now without news. */
export type EndReason = 'timeout' | 'closing' | 'deleted' | 'superseded';

export interface Waiter {
  /** performance.now() at which the wait ends. */
  deadline: number;
  prev: Waiter | null;
  next: Waiter | null;
  /** In a queue now. */
  queued: boolean;
  /**
   * News arrived: answer if there is something for this waiter and return true (it leaves
   * the queue), else return false (it keeps waiting).
   */
  wake(): boolean;
  /** The wait ends without news to wait for (it has already left the queue). */
  end(reason: EndReason): void;
}

/** Monotonic milliseconds (msg-age and deadlines must not jump with the wall clock). */
export const now = (): number => performance.now();

export class WaitQueue {
  private head: Waiter | null = null;
  private tail: Waiter | null = null;
  private count = 0;
  private timer: NodeJS.Timeout | undefined;
  private timerAt = Infinity;
  private wakeScheduled = false;
  /** Rounds of wake-ups run so far (the per-round render cache of channel.ts keys on it). */
  round = 0;

  get size(): number {
    return this.count;
  }

  /** Queues a waiter in deadline order (all waits of a mock last as long: in practice at the tail). */
  add(w: Waiter): void {
    let after = this.tail;
    while (after && after.deadline > w.deadline) after = after.prev;
    w.prev = after;
    w.next = after ? after.next : this.head;
    if (w.next) w.next.prev = w;
    else this.tail = w;
    if (after) after.next = w;
    else this.head = w;
    w.queued = true;
    this.count++;
    if (w.deadline < this.timerAt) this.arm(w.deadline);
  }

  remove(w: Waiter): void {
    if (!w.queued) return;
    if (w.prev) w.prev.next = w.next;
    else this.head = w.next;
    if (w.next) w.next.prev = w.prev;
    else this.tail = w.prev;
    w.prev = w.next = null;
    w.queued = false;
    this.count--;
    if (this.count === 0) this.disarm();
    // Otherwise the timer may fire for a waiter that left: it then re-arms for the new head.
  }

  /** News: wake every waiter on the next turn of the event loop (one round however many calls). */
  wakeSoon(): void {
    if (this.wakeScheduled || this.count === 0) return;
    this.wakeScheduled = true;
    setImmediate(() => {
      this.wakeScheduled = false;
      this.wakeNow();
    });
  }

  /** One round: each waiter answers or keeps waiting. O(waiters), nothing allocated per waiter. */
  wakeNow(): void {
    this.round++;
    let w = this.head;
    // Waiters queued during the round (none are: a wake answers, it never waits again) are
    // after the round's tail and not visited.
    const last = this.tail;
    while (w) {
      const next = w.next;
      const stop = w === last;
      if (w.queued) {
        let answered: boolean;
        try {
          answered = w.wake();
        } catch {
          answered = true; // a waiter's own failure is its own (it reports it); the round goes on
        }
        if (answered) this.remove(w);
      }
      if (stop) break;
      w = next;
    }
  }

  /** Ends every wait at once (the channel was deleted, or the mock closes). */
  endAll(reason: EndReason): void {
    this.endWhere(() => true, reason);
  }

  /** Ends the waits `which` picks. O(waiters): for the rare case, not per delivery. */
  endWhere(which: (w: Waiter) => boolean, reason: EndReason): void {
    const ended: Waiter[] = [];
    for (let w = this.head; w; w = w.next) if (which(w)) ended.push(w);
    for (const w of ended) {
      this.remove(w);
      try {
        w.end(reason);
      } catch {
        // reported by the waiter
      }
    }
  }

  private arm(at: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = setTimeout(() => this.expire(), Math.max(0, Math.ceil(at - now())));
    this.timer.unref();
  }

  private disarm(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.timerAt = Infinity;
  }

  /** The timer: every waiter whose deadline has come answers; re-arms for the next one. */
  private expire(): void {
    this.timer = undefined;
    this.timerAt = Infinity;
    const t = now() + 1; // timers are ms-granular: a deadline within 1 ms has come
    while (this.head && this.head.deadline <= t) {
      const w = this.head;
      this.remove(w);
      try {
        w.end('timeout');
      } catch {
        // reported by the waiter
      }
    }
    if (this.head) this.arm(this.head.deadline);
  }
}
