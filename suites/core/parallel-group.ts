// A parallel group's meeting point: a member whose checks relate its exchange to its
// siblings' (answeredAfter, answeredWithin) is judged once every sibling's exchange is over
// (answered, failed, or never sent). No member waits before its own exchange is over, so the
// group cannot deadlock.
import type { Step } from './types.js';

export class GroupBarrier {
  private readonly members: ReadonlySet<Step>;
  private readonly pending: Set<Step>;
  private open!: () => void;
  /** Resolves when every member has arrived. */
  readonly allArrived: Promise<void>;

  constructor(members: readonly Step[]) {
    this.members = new Set(members);
    this.pending = new Set(members);
    this.allArrived = new Promise<void>((resolve) => (this.open = resolve));
    if (this.pending.size === 0) this.open();
  }

  includes(step: Step): boolean {
    return this.members.has(step);
  }

  /** The member's exchange is over; idempotent. */
  arrive(member: Step): void {
    if (this.pending.delete(member) && this.pending.size === 0) this.open();
  }
}
