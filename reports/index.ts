// The report writers. The CLI prints the console report itself; writeReports writes the
// files (report.json, junit.xml, index.html).
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Requirement, RunReport } from '../suites/core/types.js';
import { HTML_REPORT_FILE, writeHtml } from './html.js';
import { JSON_REPORT_FILE, writeJson } from './json.js';
import { JUNIT_REPORT_FILE, writeJunit } from './junit.js';

export type ReportFormat = 'console' | 'json' | 'junit' | 'html';

/** Every format `--format` accepts, in the order the CLI lists them. */
export const REPORT_FORMATS: readonly ReportFormat[] = ['console', 'json', 'junit', 'html'];

export function isReportFormat(s: string): s is ReportFormat {
  return (REPORT_FORMATS as readonly string[]).includes(s);
}

/**
 * Parses `--format` values such as `console,json,junit`, repeated or not (whitespace and
 * empty items ignored, duplicates removed). Throws on an unknown format, naming it and the
 * valid ones, and when no format is named at all.
 */
export function parseReportFormats(value: string | readonly string[]): ReportFormat[] {
  const out: ReportFormat[] = [];
  for (const raw of (typeof value === 'string' ? [value] : value).flatMap((v) => v.split(','))) {
    const f = raw.trim().toLowerCase();
    if (f === '') continue;
    if (!isReportFormat(f)) {
      throw new Error(`unknown report format "${raw.trim()}" (valid: ${REPORT_FORMATS.join(', ')})`);
    }
    if (!out.includes(f)) out.push(f);
  }
  if (out.length === 0) throw new Error(`no report format named (valid: ${REPORT_FORMATS.join(', ')})`);
  return out;
}

export interface WriteReportsOptions {
  /** Report directory; created (recursively) when missing. */
  dir: string;
  formats: readonly ReportFormat[];
  /**
   * The profile's requirements catalog, for the HTML report's matrix (grouping by area,
   * interpretation notes). Optional: the report's own `requirements` suffice.
   */
  catalog?: readonly Requirement[];
}

/** Report files that could not be written (the others were). */
export class ReportWriteError extends Error {
  constructor(
    readonly failures: { file: string; error: unknown }[],
    readonly written: string[],
  ) {
    super(failures.map((f) => `could not write ${f.file}: ${(f.error as Error)?.message ?? String(f.error)}`).join('; '));
  }

  /**
   * True when every failure is the file system's (the report directory cannot be made or
   * written): the user's to fix. Otherwise a writer failed on the run's data, the server's.
   */
  get ioOnly(): boolean {
    return this.failures.every((f) => typeof (f.error as { syscall?: unknown })?.syscall === 'string');
  }
}

/**
 * Writes the file reports asked for into `dir`, each atomically, and returns the paths
 * written. `console` is ignored (the CLI prints it). A writer that fails does not stop the
 * others: every report that can be written is, then a ReportWriteError names the rest.
 */
export async function writeReports(report: RunReport, opts: WriteReportsOptions): Promise<string[]> {
  try {
    await mkdir(opts.dir, { recursive: true });
  } catch (error) {
    throw new ReportWriteError([{ file: opts.dir, error }], []);
  }
  const writers: [ReportFormat, string, () => Promise<string>][] = [
    ['json', JSON_REPORT_FILE, () => writeJson(report, opts.dir)],
    ['junit', JUNIT_REPORT_FILE, () => writeJunit(report, opts.dir)],
    ['html', HTML_REPORT_FILE, () => writeHtml(report, opts.dir, opts.catalog ? { catalog: opts.catalog } : {})],
  ];
  const paths: string[] = [];
  const failures: { file: string; error: unknown }[] = [];
  for (const [format, file, write] of writers) {
    if (!opts.formats.includes(format)) continue;
    try {
      paths.push(await write());
    } catch (error) {
      failures.push({ file: join(opts.dir, file), error });
    }
  }
  if (failures.length > 0) throw new ReportWriteError(failures, paths);
  return paths;
}

export { renderConsole, shouldUseColor, isKnownDeviation, sanitizeForTerminal } from './console.js';
export type { ConsoleOptions } from './console.js';
export { toJson, writeJson, writeFileAtomic, JSON_REPORT_FILE } from './json.js';
export { toJunit, writeJunit, JUNIT_REPORT_FILE } from './junit.js';
export { renderHtml, writeHtml, escapeHtml, htmlContentSecurityPolicy, HTML_REPORT_FILE } from './html.js';
export type { HtmlOptions } from './html.js';
export { escapeXmlAttr, escapeXmlText, stripInvalidXmlChars } from '../suites/core/xml-escape.js';
