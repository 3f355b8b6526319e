// What every benchmark shares: medians, and how it prints its figures — tables for people,
// or with --json one JSON line for tools (its options: args.ts).

/** --json: print the figures as one JSON line, nothing else on stdout. */
export const JSON_OUTPUT = process.argv.includes('--json');

/** A line for people (to stderr under --json, so that stdout stays one JSON line). */
export function say(line = ''): void {
  (JSON_OUTPUT ? process.stderr : process.stdout).write(`${line}\n`);
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** The machine, as README figures name it. */
export async function machine(): Promise<Record<string, string | number>> {
  const os = await import('node:os');
  const cpus = os.cpus();
  return {
    date: new Date().toISOString().slice(0, 10),
    node: process.version,
    cpus: cpus.length,
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    memGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    load1: Math.round(os.loadavg()[0]! * 100) / 100,
  };
}

/** Prints the figures: with --json one line `{"bench": name, ...machine, ...figures}`. */
export async function printFigures(bench: string, figures: Record<string, unknown>): Promise<void> {
  if (JSON_OUTPUT) process.stdout.write(`${JSON.stringify({ bench, ...(await machine()), ...figures })}\n`);
}
