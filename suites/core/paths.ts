// Where the package's data files are, whether running from source (vitest) or from dist/.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

/** The directory holding package.json (the package root). */
export function packageRoot(): string {
  if (cached) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'suites'))) return (cached = dir);
    const up = dirname(dir);
    if (up === dir) throw new Error('taxii-conform: cannot find the package root');
    dir = up;
  }
}
