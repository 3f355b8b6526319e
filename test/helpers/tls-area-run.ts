// The tls area run the way a user runs it (`taxii-conform run <url> --area tls --insecure`,
// in-process), with the report read back: what the tls-area tests start from.
import fs from 'node:fs';
import path from 'node:path';
import { run, type RunArgs } from '../../bin/commands/run.js';
import type { CaseResult, RunReport } from '../../suites/core/types.js';

export interface TlsAreaRun {
  code: number;
  report: RunReport;
  byId: Map<string, CaseResult>;
  reportDir: string;
}

/** Runs the tls area against `url`, reports into a new directory under `parent`. */
export async function runTlsArea(url: string, parent: string, name: string, o: { gate?: string; format?: string } = {}): Promise<TlsAreaRun> {
  const reportDir = fs.mkdtempSync(path.join(parent, `${name}-`));
  const args: RunArgs = {
    url,
    profile: 'taxii2-predraft',
    insecure: true,
    area: ['tls'],
    gate: o.gate ?? 'must',
    'report-dir': reportDir,
    format: o.format ?? 'json',
    concurrency: 4,
    timeout: 5000,
    'read-only': false,
    verbose: false,
  };
  const code = await run(args, () => undefined);
  const report = JSON.parse(fs.readFileSync(path.join(reportDir, 'report.json'), 'utf8')) as RunReport;
  return { code, report, byId: new Map(report.cases.map((c) => [c.id, c])), reportDir };
}
