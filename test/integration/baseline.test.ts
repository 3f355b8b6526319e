// The baseline round trip as a CI job uses it: --write-baseline records today's failures,
// --baseline then gates only on new ones, and reports known failures that now pass.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run, type RunArgs } from '../../bin/commands/run.js';
import { startMock, type RunningMock } from '../../mock-server/index.js';
import { BaselineError } from '../../suites/core/baseline.js';
import type { RunReport } from '../../suites/core/types.js';
import { runArgsFor } from '../helpers/cli-run.js';

let dir: string;
let faulty: RunningMock;
let reference: RunningMock;
// strict-content-type fails a MUST NOT case; ignore-accept makes a SHOULD case warn.
const CASES = ['status-codes.no-415-for-taxii-json', 'status-codes.406-not-acceptable', 'status-codes.200-ok'];

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'taxii-conform-baseline-'));
  [faulty, reference] = await Promise.all([startMock({ port: 0, faults: ['strict-content-type', 'ignore-accept'] }), startMock({ port: 0 })]);
});
afterAll(async () => {
  await Promise.all([faulty?.close(), reference?.close()]);
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

async function runWith(mock: RunningMock, extra: Partial<RunArgs>): Promise<{ code: number; report: RunReport; out: string }> {
  const reportDir = fs.mkdtempSync(path.join(dir, 'r-'));
  let out = '';
  const code = await run(runArgsFor(mock, reportDir, { case: CASES, ...extra }), (s) => (out += s));
  return { code, out, report: JSON.parse(fs.readFileSync(path.join(reportDir, 'report.json'), 'utf8')) as RunReport };
}

describe('baselines', () => {
  const file = (): string => path.join(dir, 'baseline.json');

  it('a failing run prints the entry to paste, and --write-baseline records its failures', async () => {
    const { code, out } = await runWith(faulty, { 'write-baseline': file() });
    expect(code).toBe(1);
    expect(out).toContain('"case":"status-codes.no-415-for-taxii-json"');
    const written = JSON.parse(fs.readFileSync(file(), 'utf8')) as { known: { case: string; reason: string }[] };
    expect(written.known.map((e) => e.case).sort()).toEqual(['status-codes.406-not-acceptable', 'status-codes.no-415-for-taxii-json']);
    expect(written.known[0]!.reason.length).toBeGreaterThan(10);
  });

  it('--baseline passes the gate for known failures and reports them as known', async () => {
    const { code, report, out } = await runWith(faulty, { baseline: file() });
    expect(code).toBe(0);
    expect(report.baseline?.known.sort()).toEqual(['status-codes.406-not-acceptable', 'status-codes.no-415-for-taxii-json']);
    expect(report.baseline?.newFailures).toEqual([]);
    expect(out).toMatch(/known failures \(accepted\): .*no-415/);
    expect(report.cases.find((c) => c.id === 'status-codes.no-415-for-taxii-json')?.known).toBe(true);
  });

  it('a new failure still fails the gate, and is reported as new', async () => {
    fs.writeFileSync(path.join(dir, 'partial.json'), JSON.stringify({ known: [{ case: 'status-codes.406-not-acceptable' }] }));
    const { code, report } = await runWith(faulty, { baseline: path.join(dir, 'partial.json') });
    expect(code).toBe(1);
    expect(report.baseline?.newFailures).toEqual(['status-codes.no-415-for-taxii-json']);
  });

  it('known failures that now pass are shown so the baseline can be trimmed', async () => {
    const { code, report } = await runWith(reference, { baseline: file() });
    expect(code).toBe(0);
    expect(report.baseline?.nowPassing.sort()).toEqual(['status-codes.406-not-acceptable', 'status-codes.no-415-for-taxii-json']);
    expect(report.notes?.join('\n')).toMatch(/now passes; remove it/);
  });

  it('an entry naming no case, or a malformed file, is a usage error (exit 2)', async () => {
    fs.writeFileSync(path.join(dir, 'stale.json'), JSON.stringify({ known: [{ case: 'status-codes.gone' }] }));
    await expect(runWith(reference, { baseline: path.join(dir, 'stale.json') })).rejects.toThrow(BaselineError);
    await expect(runWith(reference, { baseline: path.join(dir, 'stale.json') })).rejects.toThrow(/unknown case "status-codes.gone"/);
    fs.writeFileSync(path.join(dir, 'bad.json'), '{"known": "x"}');
    await expect(runWith(reference, { baseline: path.join(dir, 'bad.json') })).rejects.toThrow(/expected \{"known"/);
  });
});
