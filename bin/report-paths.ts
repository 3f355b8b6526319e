// The run's output paths, checked before anything is sent: a report directory or a baseline
// file that cannot be written is found in a second, not after the whole run (which is lost).
import { accessSync, constants, mkdirSync, rmSync, statSync, writeFileSync, type Stats } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from './cli-errors.js';

const reason = (e: unknown): string => (e as NodeJS.ErrnoException).code ?? (e as Error).message;

/** Creates the report directory (recursively) and proves a file can be written in it. */
export function prepareReportDir(dir: string): void {
  const probe = join(dir, `.taxii-conform-probe-${process.pid}`);
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(probe, '');
    rmSync(probe, { force: true });
  } catch (e) {
    throw new UsageError(`cannot write the reports to ${dir}: ${reason(e)}`);
  }
}

/** Proves `file` can be written the way writeBaseline does (its `.tmp` beside it, then a rename over it). */
export function probeWritableFile(file: string, option: string): void {
  const fail = (why: string): never => {
    throw new UsageError(`${option}: cannot write ${file}: ${why}`);
  };
  let existing: Stats | undefined;
  try {
    existing = statSync(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') fail(reason(e));
  }
  if (existing && !existing.isFile()) fail('not a file');
  try {
    if (existing) accessSync(file, constants.W_OK);
    writeFileSync(`${file}.tmp`, '');
    rmSync(`${file}.tmp`, { force: true });
  } catch (e) {
    fail(reason(e));
  }
}
