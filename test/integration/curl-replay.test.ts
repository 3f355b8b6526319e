// The curl lines a failing run prints replay: run against a mock with faults (one of them in
// the X-Max-Size case, whose 10 MiB body is far over the inline limit and so is written
// beside the report), the console's --verbose "Reproduce:" lines are run by a shell, with the
// credentials in TAXII_USER/TAXII_PASSWORD as the line expects, and each gets the status the
// run recorded for that exchange.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../bin/commands/run.js';
import { startMock, type RunningMock } from '../../mock-server/index.js';
import type { HttpEvidence, RunReport } from '../../suites/core/types.js';
import { runArgsFor } from '../helpers/cli-run.js';

const sh = promisify(execFile);
const hasCurl = (() => {
  try {
    return fs.existsSync('/usr/bin/curl');
  } catch {
    return false;
  }
})();

/** Cases whose requests replay to the same status: each creates what it reads, under its own name. */
const CASES = ['max-size.honoured', 'status-codes.201-created', 'collections.create', 'status-codes.406-not-acceptable', 'api-base.unknown-is-404'];

describe.skipIf(!hasCurl)(`the printed curl lines of a failing run replay${hasCurl ? '' : ' — SKIPPED: curl is missing (apt-get install curl)'}`, () => {
  let mock: RunningMock;
  let cwd = '';
  let printed = '';
  let report: RunReport;

  beforeAll(async () => {
    mock = await startMock({ port: 0, longPollMs: 600, faults: ['ignore-max-size', 'created-200', 'ignore-accept', 'unknown-is-200'] });
    cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'tc-replay-'));
    // The run is made from cwd with a relative --report-dir, as a user would type it.
    const home = process.cwd();
    process.chdir(cwd);
    try {
      const code = await run(runArgsFor(mock, 'out', { case: [CASES.join(',')], timeout: 30_000, verbose: true }), (s) => (printed += s));
      expect(code).toBe(1);
    } finally {
      process.chdir(home);
    }
    report = JSON.parse(fs.readFileSync(path.join(cwd, 'out', 'report.json'), 'utf8')) as RunReport;
  }, 120_000);

  afterAll(async () => {
    await mock?.close();
    if (cwd) fs.rmSync(cwd, { recursive: true, force: true });
  });

  /** The curl lines printed under each case, in order. */
  function printedLines(): Map<string, string[]> {
    const byCase = new Map<string, string[]>();
    let current = '';
    for (const line of printed.split('\n')) {
      const head = /^ {2}[A-Z]+ +(\S+) /.exec(line);
      if (head) current = head[1]!;
      const curl = /^ +Reproduce: +(curl .*)$/.exec(line)?.[1];
      if (curl) byCase.set(current, [...(byCase.get(current) ?? []), curl]);
    }
    return byCase;
  }

  it('prints a line for every exchange of every case that did not pass, the long body read from a file', () => {
    const lines = printedLines();
    expect([...lines.keys()].sort()).toEqual([...CASES].sort());
    for (const id of CASES) {
      const c = report.cases.find((x) => x.id === id)!;
      expect(c.verdict, id).not.toBe('pass');
      expect(lines.get(id)).toEqual(c.evidence.filter((e): e is HttpEvidence => e.kind === 'http').map((e) => e.curl));
    }
    const all = [...lines.values()].flat();
    // The URL is the last word, never behind a shell comment.
    for (const l of all) {
      expect(l).not.toMatch(/\s#/);
      expect(l).toMatch(/ '[^']*'$/);
    }
    const big = all.find((l) => l.includes('--data-binary \'@'));
    expect(big).toBe(all.find((l) => l.includes("'@out/bodies/max-size.honoured-2.json'")));
    const body = fs.statSync(path.join(cwd, 'out', 'bodies', 'max-size.honoured-2.json'));
    expect(body.size).toBeGreaterThan(10 * 1024 * 1024);
  });

  it('each line, run by a shell with TAXII_USER/TAXII_PASSWORD set, gets the status the run recorded', async () => {
    const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', TAXII_USER: mock.credentials.user, TAXII_PASSWORD: mock.credentials.password };
    for (const [id, lines] of printedLines()) {
      const recorded = report.cases.find((c) => c.id === id)!.evidence.filter((e): e is HttpEvidence => e.kind === 'http');
      // In order: a case's later requests read what its earlier ones made.
      for (const [i, line] of lines.entries()) {
        const { stdout } = await sh('sh', ['-c', line], { cwd, env, encoding: 'latin1', maxBuffer: 64 * 1024 * 1024, timeout: 60_000 });
        // The last status line of the headers (a 100 Continue comes before the answer to a large body).
        const statuses = [...stdout.slice(0, 64 * 1024).matchAll(/^HTTP\/[\d.]+ (\d{3})/gm)].map((m) => Number(m[1]));
        const status = statuses.filter((s) => s >= 200).at(0);
        expect(status, `${id} #${i + 1}: ${line.slice(0, 200)}`).toBe(recorded[i]!.response!.status);
      }
    }
  }, 120_000);
});
