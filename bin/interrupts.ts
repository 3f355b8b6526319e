// Ctrl-C during `taxii-conform run`: what the first, second and third press do.
import type { CleanupProgress } from '../suites/core/runner.js';

/** Exit code of a run quit at once by a third Ctrl-C (128 + SIGINT, as shells do). */
export const EXIT_QUIT = 130;

/**
 * Ctrl-C (SIGINT, SIGTERM) during a run. The first stops the cases (and shortens the
 * cleanup); the second says what is still going on (the cleanup and what it has left) and
 * lets the run end with its report; the third quits at once, without a report.
 */
export class Interrupts {
  private readonly abort = new AbortController();
  private count = 0;
  private cleanup: CleanupProgress | undefined;
  private phase: 'cases' | 'cleanup' | 'report' = 'cases';
  private readonly onSignal = (): void => this.interrupted();

  constructor() {
    process.on('SIGINT', this.onSignal);
    process.on('SIGTERM', this.onSignal);
  }

  get signal(): AbortSignal {
    return this.abort.signal;
  }

  cleanupStarted(c: CleanupProgress): void {
    this.cleanup = c;
    this.phase = 'cleanup';
  }

  reporting(): void {
    this.phase = 'report';
  }

  end(): void {
    process.off('SIGINT', this.onSignal);
    process.off('SIGTERM', this.onSignal);
  }

  private interrupted(): void {
    this.count++;
    if (this.count === 1) {
      this.abort.abort();
      return;
    }
    const left = this.phase === 'cleanup' ? this.cleanup!.pending() : [];
    if (this.count === 2) {
      this.say(`${this.status(left)}; Ctrl-C again to quit at once, without a report`);
      return;
    }
    this.say(`quitting at once: no report written${left.length ? `; ${left.length} resource(s) the run created may be left on the target: ${sample(left)}` : ''}`);
    process.exit(EXIT_QUIT);
  }

  private status(left: string[]): string {
    if (this.phase === 'report') return 'writing the report';
    if (this.phase === 'cases') return 'stopping: the running cases are ending, then what the run created is deleted and the report written';
    const c = this.cleanup!;
    if (left.length === 0) return 'the cleanup is done: writing the report';
    return `cleanup is running: ${left.length} of ${c.total} resource(s) the run created still to delete (${sample(left)}); it ends within ${Math.ceil(c.remainingMs() / 1000)} s, and the report lists what is left`;
  }

  private say(s: string): void {
    process.stderr.write(`${process.stderr.isTTY ? '\r\x1b[K' : ''}taxii-conform: ${s}\n`);
  }
}

/** The first few items of a list, each cut to a bound, for a one-line message. */
function sample(items: string[], n = 5, width = 60): string {
  const cut = (s: string): string => (s.length > width ? `${s.slice(0, width - 1)}…` : s);
  const shown = items.slice(0, n).map(cut).join(', ');
  return items.length <= n ? shown : `${shown}, and ${items.length - n} more`;
}
