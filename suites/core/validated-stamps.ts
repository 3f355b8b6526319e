// Stamps of data files already found valid against their format, so that a later start
// skips compiling the format's JSON Schema (ajv's compile is most of what `list` and
// `explain` would spend). A stamp is named by a hash of the format and of every file's
// text: any change to either misses it, and the files are checked in full again. The
// stamps live in the user's cache directory ($XDG_CACHE_HOME, else ~/.cache); where that
// cannot be written, nothing is stamped and every start checks.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** The directory of the stamps. */
export function stampDir(): string {
  const base = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(base, 'taxii-conform', 'validated');
}

/** The stamp's name for these texts (the format first, then the files, in a fixed order). */
export function stampKey(texts: readonly string[]): string {
  const h = createHash('sha256');
  for (const t of texts) h.update(`${t.length}:`).update(t);
  return h.digest('hex');
}

export function isStamped(key: string): boolean {
  return existsSync(join(stampDir(), key));
}

/** Leaves a stamp; a cache that cannot be written is no error (the next start checks again). */
export function stamp(key: string): void {
  try {
    mkdirSync(stampDir(), { recursive: true });
    writeFileSync(join(stampDir(), key), '');
  } catch {
    // read-only home, full disk: only the speed-up is lost
  }
}
