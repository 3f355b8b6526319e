// Errors the CLI reports as one line and an exit code from the contract, never a stack.

export const EXIT = {
  /** The gate passed. */
  ok: 0,
  /** The gate failed. */
  gateFailed: 1,
  /** Bad usage or configuration. */
  usage: 2,
  /** The target could not be reached. */
  unreachable: 3,
} as const;

/** A bad option value, an unreadable file, a malformed baseline: exit 2. */
export class UsageError extends Error {
  readonly code = 'TC_USAGE';
  readonly exitCode = EXIT.usage;
}

/** Prints one line for an error and returns its exit code. */
export function reportError(e: unknown, write: (s: string) => void = (s) => process.stderr.write(s)): number {
  const err = e as { message?: string; exitCode?: number; code?: string };
  write(`taxii-conform: ${err?.message ?? String(e)}\n`);
  // Anything else (bad case data, a bad baseline, a config error of the engine) is the user's to fix.
  return typeof err?.exitCode === 'number' ? err.exitCode : EXIT.usage;
}
