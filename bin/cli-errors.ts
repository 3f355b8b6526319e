// Errors the CLI reports as one line and an exit code from the contract, never a stack.
import { clip } from '../suites/core/bounds.js';

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

/** Errors of the user's input (options, a baseline file, case files a vendor added): exit 2. */
const USER_ERROR_CODES: ReadonlySet<string> = new Set(['TC_USAGE', 'TC_BASELINE_INVALID', 'TC_CATALOG_INVALID']);

/**
 * Prints one line for an error and returns its exit code. Only the user's mistakes give 2:
 * anything else (what a server sent that nothing caught, a defect of ours) is not the user's
 * to fix and must not read as a passed gate either, so it gives 1.
 */
export function reportError(e: unknown, write: (s: string) => void = (s) => process.stderr.write(s)): number {
  const err = e as { message?: string; exitCode?: number; code?: string };
  const message = clip(String(err?.message ?? e).replace(/\s*\n\s*/g, ' '));
  if (typeof err?.exitCode === 'number') {
    write(`taxii-conform: ${message}\n`);
    return err.exitCode;
  }
  if (typeof err?.code === 'string' && USER_ERROR_CODES.has(err.code)) {
    write(`taxii-conform: ${message}\n`);
    return EXIT.usage;
  }
  write(`taxii-conform: internal error: ${message}\n`);
  return EXIT.gateFailed;
}

/** yargs' own messages for a missing option value and a mistyped command, in our words. */
export function usageMessage(msg: string, typed?: string): string {
  const missing = /^Not enough arguments following: (.+)$/.exec(msg);
  if (missing) return `--${missing[1]} needs a value`;
  const suggestion = /^Did you mean (.+)\?$/.exec(msg);
  if (suggestion) return `unknown command${typed ? ` "${typed}"` : ''}: did you mean ${suggestion[1]}?`;
  return msg;
}
