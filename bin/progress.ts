// Progress of a run: a live line on a terminal (cases done / total, the current area,
// failures so far), one line per finished area elsewhere (CI logs). Written to stderr so
// that stdout carries only the report.
import type { CaseResult, LoadedCase, Verdict } from '../suites/core/types.js';

export interface ProgressSink {
  isTTY?: boolean;
  write(s: string): unknown;
}

export class Progress {
  private done = 0;
  private failed = 0;
  private readonly leftInArea = new Map<string, number>();
  private readonly areaCounts = new Map<string, Record<Verdict, number>>();
  private lastLine = 0;

  constructor(
    private readonly out: ProgressSink,
    private readonly selected: readonly LoadedCase[],
  ) {
    for (const c of selected) this.leftInArea.set(c.area, (this.leftInArea.get(c.area) ?? 0) + 1);
  }

  onCase(r: CaseResult): void {
    this.done++;
    if (r.verdict === 'fail' || r.verdict === 'error') this.failed++;
    const counts = this.areaCounts.get(r.area) ?? { pass: 0, fail: 0, warn: 0, skip: 0, error: 0, info: 0 };
    counts[r.verdict]++;
    this.areaCounts.set(r.area, counts);
    const left = (this.leftInArea.get(r.area) ?? 1) - 1;
    this.leftInArea.set(r.area, left);
    if (this.out.isTTY) {
      // At most ~20 redraws a second: a fast run must not spend its time painting.
      const now = Date.now();
      if (now - this.lastLine < 50 && this.done < this.selected.length) return;
      this.lastLine = now;
      const line = `[${this.done}/${this.selected.length}] ${r.area}${this.failed ? ` — ${this.failed} failed` : ''}`;
      this.out.write(`\r\x1b[K${line}`);
    } else if (left === 0) {
      const c = counts;
      const total = Object.values(c).reduce((a, b) => a + b, 0);
      this.out.write(`${r.area}: ${total} cases, ${c.pass} passed, ${c.fail} failed, ${c.warn} warned, ${c.skip} skipped, ${c.error} errors${c.info ? `, ${c.info} info` : ''}\n`);
    }
  }

  /** Clears the live line before the report is printed. */
  end(): void {
    if (this.out.isTTY && this.done > 0) this.out.write('\r\x1b[K');
  }
}
