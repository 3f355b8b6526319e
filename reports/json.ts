// The JSON report (report.json): the RunReport as is, the contract in DESIGN.md.
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { RunReport } from '../suites/core/types.js';

/** File name of the JSON report inside the report directory. */
export const JSON_REPORT_FILE = 'report.json';

/** The report as JSON: 2-space indent, trailing newline. */
export function toJson(report: RunReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

/**
 * Writes `content` to `file` atomically: to `<file>.tmp` first (flushed to disk), then
 * renamed over `file`, so a crash never leaves a half-written report behind. Creates the
 * parent directory when it is missing. The `.tmp` file is removed if writing fails.
 */
export async function writeFileAtomic(file: string, content: string): Promise<void> {
  const tmp = `${file}.tmp`;
  await mkdir(dirname(file), { recursive: true });
  try {
    const handle = await open(tmp, 'w');
    try {
      await handle.writeFile(content, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, file);
  } catch (err) {
    await rm(tmp, { force: true }).catch(() => undefined);
    throw err;
  }
}

/** Writes `<dir>/report.json` (creating `dir` if needed) and returns its path. */
export async function writeJson(report: RunReport, dir: string): Promise<string> {
  const file = join(dir, JSON_REPORT_FILE);
  await writeFileAtomic(file, toJson(report));
  return file;
}
