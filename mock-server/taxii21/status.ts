// Add Objects' status resources (§4.3): pending for a while (2 polls by default; 1 s or at
// once under a variant), then complete, and kept (well past the 24 h the spec asks for: the
// mock's life). Objects are stored when posted; the status reports on them.
import { randomUUID } from 'node:crypto';

export interface Detail {
  id: string;
  version: string;
  message?: string;
}

export interface StatusRecord {
  id: string;
  requestedAt: number;
  total: number;
  successes: Detail[];
  failures: Detail[];
  /** Polls left before it is complete (polls mode). */
  pollsLeft: number;
  /** When it turns complete (time mode, ms since the epoch). */
  completeAt?: number;
  /** Read as complete at least once (the status-forgotten fault). */
  readComplete: boolean;
}

export type Completion = { kind: 'polls'; polls: number } | { kind: 'time'; ms: number } | { kind: 'never' };

export class Statuses {
  private readonly records = new Map<string, StatusRecord>();
  constructor(private readonly completion: Completion) {}

  create(requestedAt: number, total: number, successes: Detail[], failures: Detail[]): StatusRecord {
    const c = this.completion;
    const r: StatusRecord = {
      id: randomUUID(),
      requestedAt,
      total,
      successes,
      failures,
      pollsLeft: c.kind === 'polls' ? c.polls : 0,
      readComplete: false,
      ...(c.kind === 'time' ? { completeAt: Date.now() + c.ms } : {}),
    };
    this.records.set(r.id, r);
    return r;
  }

  get(id: string): StatusRecord | undefined {
    return this.records.get(id.toLowerCase());
  }

  forget(id: string): void {
    this.records.delete(id);
  }

  isComplete(r: StatusRecord): boolean {
    if (this.completion.kind === 'never') return false;
    if (r.completeAt !== undefined) return Date.now() >= r.completeAt;
    return r.pollsLeft <= 0;
  }

  /** A poll of the status: one poll fewer to go. */
  polled(r: StatusRecord): void {
    if (r.pollsLeft > 0) r.pollsLeft--;
  }
}
