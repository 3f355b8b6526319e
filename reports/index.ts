// The report writers. The CLI prints the console report itself; writeReports writes the
// files (report.json, junit.xml, index.html).
import { mkdir } from 'node:fs/promises';
import type { Gate, Requirement, RunReport } from '../suites/core/types.js';
import { writeHtml } from './html.js';
import { writeJson } from './json.js';
import { writeJunit } from './junit.js';

export type ReportFormat = 'console' | 'json' | 'junit' | 'html';

/** Every format `--format` accepts, in the order the CLI lists them. */
export const REPORT_FORMATS: readonly ReportFormat[] = ['console', 'json', 'junit', 'html'];

export function isReportFormat(s: string): s is ReportFormat {
  return (REPORT_FORMATS as readonly string[]).includes(s);
}

/**
 * Parses a `--format` value such as `console,json,junit` (whitespace and empty items
 * ignored, duplicates removed). Throws on an unknown format, naming it and the valid ones.
 */
export function parseReportFormats(value: string): ReportFormat[] {
  const out: ReportFormat[] = [];
  for (const raw of value.split(',')) {
    const f = raw.trim().toLowerCase();
    if (f === '') continue;
    if (!isReportFormat(f)) {
      throw new Error(`unknown report format "${raw.trim()}" (valid: ${REPORT_FORMATS.join(', ')})`);
    }
    if (!out.includes(f)) out.push(f);
  }
  return out;
}

export interface WriteReportsOptions {
  /** Report directory; created (recursively) when missing. */
  dir: string;
  formats: readonly ReportFormat[];
  gate: Gate;
  /**
   * The profile's requirements catalog, for the HTML report's matrix (grouping by area,
   * interpretation notes). Optional: the report's own `requirements` suffice.
   */
  catalog?: readonly Requirement[];
}

/**
 * Writes the file reports asked for into `dir`, each atomically, and returns the paths
 * written. `console` is ignored (the CLI prints it).
 */
export async function writeReports(report: RunReport, opts: WriteReportsOptions): Promise<string[]> {
  await mkdir(opts.dir, { recursive: true });
  const paths: string[] = [];
  const formats = new Set(opts.formats);
  if (formats.has('json')) paths.push(await writeJson(report, opts.dir));
  if (formats.has('junit')) paths.push(await writeJunit(report, opts.dir, { gate: opts.gate }));
  if (formats.has('html')) {
    paths.push(await writeHtml(report, opts.dir, { gate: opts.gate, ...(opts.catalog ? { catalog: opts.catalog } : {}) }));
  }
  return paths;
}

export { renderConsole, shouldUseColor, isKnownDeviation, sanitizeForTerminal } from './console.js';
export type { ConsoleOptions } from './console.js';
export { toJson, writeJson, writeFileAtomic, JSON_REPORT_FILE } from './json.js';
export { toJunit, writeJunit, JUNIT_REPORT_FILE } from './junit.js';
export type { JunitOptions } from './junit.js';
export { renderHtml, writeHtml, escapeHtml, htmlContentSecurityPolicy, HTML_REPORT_FILE } from './html.js';
export type { HtmlOptions } from './html.js';
export { escapeXmlAttr, escapeXmlText, stripInvalidXmlChars } from './escape.js';
