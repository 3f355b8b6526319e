// Benchmark: the whole default profile (every area) against the local mock, as a user runs it.
//   node dist/bench/whole-run.js [--runs 3] [--concurrency 16] [--json]
// The mock runs in its own process (`taxii-conform mock`, long polls of 600 ms, its DNS
// responder on), so the suite's peak RSS is measured apart from it. Prints the wall time of
// each run, the slowest ten cases of the last one, and the suite's peak RSS.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runSuite } from '../suites/core/runner.js';
import { countsLine } from '../reports/console.js';
import { taxii2Predraft } from '../suites/taxii2-predraft/profile.js';
import type { RunReport } from '../suites/core/types.js';
import { parseArgs } from './args.js';
import { median, printFigures, say } from './figures.js';

const USAGE = `Usage: node dist/bench/whole-run.js [options]

Every case of the default profile (every area) against \`taxii-conform mock\` in its own
process (long polls of 600 ms, its DNS responder on), as a user runs it. Prints the wall
time of each run and their median, the case counts, the slowest ten cases of the last run
and the suite's peak RSS; with --json the figures as one JSON line on stdout.`;

const OPTS = parseArgs(USAGE, {
  runs: { kind: 'count', default: 3, max: 100, help: 'whole runs against one mock' },
  concurrency: { kind: 'count', default: 16, max: 256, help: 'cases run at once' },
  json: { kind: 'flag', help: 'the figures as one JSON line on stdout' },
});

const here = path.dirname(fileURLToPath(import.meta.url));
const cli = path.join(here, '..', 'bin', 'taxii-conform.js');


interface MockProcess {
  child: ChildProcess;
  url: string;
  dnsPort: number;
  user: string;
  password: string;
}

async function startMockProcess(): Promise<MockProcess> {
  const child = spawn(process.execPath, [cli, 'mock', '--port', '0', '--dns-port', '0', '--long-poll-ms', '600'], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  await new Promise<void>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`the mock did not start: ${out}`)), 30_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('Ctrl-C stops it')) {
        clearTimeout(t);
        resolve();
      }
    });
    child.once('exit', (code) => reject(new Error(`the mock exited (${code}): ${out}`)));
  });
  const url = /taxii2-predraft:\s+(https:\/\/\S+)/.exec(out)?.[1];
  const dnsPort = Number(/DNS: +[\d.]+:(\d+)/.exec(out)?.[1]);
  if (!url || !dnsPort) throw new Error(`cannot read the mock's URL and DNS port from: ${out}`);
  return { child, url, dnsPort, user: 'taxii', password: 'taxii-password' };
}

async function once(mock: MockProcess, concurrency: number): Promise<{ report: RunReport; wallMs: number; peakRss: number }> {
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);
  const t0 = performance.now();
  const { report } = await runSuite({
    profile: taxii2Predraft,
    target: mock.url,
    srv: { domain: 'example.test' },
    dnsServer: { host: '127.0.0.1', port: mock.dnsPort },
    probeHttpPort: 80, // the CLI's default
    creds: { user: mock.user, password: mock.password },
    insecure: true,
    gate: 'must',
    concurrency,
    timeoutMs: 15_000,
    readOnly: false,
  });
  const wallMs = Math.round(performance.now() - t0);
  clearInterval(sampler);
  return { report, wallMs, peakRss: Math.max(peakRss, process.memoryUsage().rss) };
}

const mb = (n: number): string => `${(n / 1024 / 1024).toFixed(0)} MB`;

async function main(): Promise<void> {
  const { runs, concurrency } = OPTS;
  const mock = await startMockProcess();
  try {
    const results = [];
    for (let i = 0; i < runs; i++) results.push(await once(mock, concurrency));
    const last = results[results.length - 1]!;
    const s = last.report.summary;
    say(`whole run: ${s.total} cases (every area), concurrency ${concurrency}, mock long polls 600 ms; Node ${process.version}, ${new Date().toISOString().slice(0, 10)}`);
    say(`verdicts (last run): ${countsLine(s)}`);
    for (const c of last.report.cases.filter((x) => x.verdict !== 'pass' && x.verdict !== 'info')) say(`  ${c.verdict} ${c.id}: ${c.message.slice(0, 160)}`);
    say('');
    say('run | wall time | peak RSS (suite)');
    results.forEach((r, i) => say(`${i + 1}   | ${(r.wallMs / 1000).toFixed(2)} s    | ${mb(r.peakRss)}`));
    const wall = median(results.map((r) => r.wallMs));
    say(`median wall time: ${(wall / 1000).toFixed(2)} s`);
    say('');
    say('slowest ten cases (last run):');
    for (const c of [...last.report.cases].sort((a, b) => b.durationMs - a.durationMs).slice(0, 10)) {
      say(`  ${String(c.durationMs).padStart(5)} ms  ${c.id}`);
    }
    await printFigures('whole-run', {
      cases: s.total,
      concurrency,
      runs,
      wallMs: results.map((r) => r.wallMs),
      medianWallS: Math.round(wall / 10) / 100,
      summary: { passed: s.passed, failed: s.failed, warned: s.warned, skipped: s.skipped, errored: s.errored, info: s.info, gate: s.gate },
      peakRssMB: Math.round(Math.max(...results.map((r) => r.peakRss)) / 2 ** 20),
    });
  } finally {
    mock.child.kill('SIGTERM');
  }
}

main().catch((e: unknown) => {
  console.error(`bench: ${(e as Error).message}`);
  process.exitCode = 1;
});
