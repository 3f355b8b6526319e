// Benchmark: how long the CLI takes to start and answer, against Node starting and doing
// nothing (`node -e 0`) in the same command: `taxii-conform --help`, `list` and `explain`
// (these three load none of undici, x509 or ajv; list and explain read the catalog stamped
// at build time, no profile: see bin/commands/index.ts and bin/catalog-view.ts). Runs alternate, and medians
// of the wall times and their ratios are printed.
//
//   npm run build && node dist/bench/startup.js [--runs 15] [--json]
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from './args.js';
import { median, printFigures, say } from './figures.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const cli = path.join(here, '..', 'bin', 'taxii-conform.js');
const USAGE = `Usage: node dist/bench/startup.js [options]

How long the CLI takes to start and answer: \`taxii-conform --help\`, \`list\` and \`explain
discovery.get\`, each alternating with \`node -e 0\` (Node starting and doing nothing), wall
time from spawn to exit. Prints the median wall time of each command and the median of its
per-run ratios to \`node -e 0\`; with --json the figures as one JSON line on stdout.`;

const RUNS = parseArgs(USAGE, {
  runs: { kind: 'count', default: 15, max: 1000, help: 'runs of each command' },
  json: { kind: 'flag', help: 'the figures as one JSON line on stdout' },
}).runs;

const COMMANDS: Record<string, string[]> = {
  'node -e 0': ['-e', '0'],
  '--help': [cli, '--help'],
  list: [cli, 'list'],
  explain: [cli, 'explain', 'discovery.get'],
};

function wallMs(args: string[]): number {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} exited ${r.status}: ${r.stderr.toString().slice(0, 300)}`);
  return ms;
}

async function main(): Promise<void> {
  wallMs(COMMANDS.list!); // stamps the case files (a first start checks them in full)
  const times: Record<string, number[]> = Object.fromEntries(Object.keys(COMMANDS).map((k) => [k, []]));
  const ratios: Record<string, number[]> = {};
  for (let i = 0; i < RUNS; i++) {
    const base = wallMs(COMMANDS['node -e 0']!);
    times['node -e 0']!.push(base);
    for (const [name, args] of Object.entries(COMMANDS)) {
      if (name === 'node -e 0') continue;
      const ms = wallMs(args);
      times[name]!.push(ms);
      (ratios[name] ??= []).push(ms / base);
    }
  }
  say(`CLI start-up, ${RUNS} runs each, alternating with node -e 0 (medians):`);
  const figures: Record<string, unknown> = { runs: RUNS, nodeMs: Math.round(median(times['node -e 0']!)) };
  say(`  node -e 0      ${median(times['node -e 0']!).toFixed(0).padStart(5)} ms`);
  for (const name of Object.keys(ratios)) {
    const ms = median(times[name]!);
    const ratio = median(ratios[name]!);
    say(`  ${name.padEnd(14)} ${ms.toFixed(0).padStart(5)} ms   ${ratio.toFixed(2)}× node -e 0`);
    figures[name.replace(/^--/, '')] = { ms: Math.round(ms), ratio: Math.round(ratio * 100) / 100 };
  }
  await printFigures('startup', figures);
}

main().catch((e: unknown) => {
  console.error(`bench: ${(e as Error).message}`);
  process.exitCode = 1;
});
