// Benchmark: the mock's request path against the limit of Node itself. The mock (in its own
// process) and a bare node:https server (bench/bare-server.ts, its own process, answering
// the very bytes the mock sent) are driven by the same load generator (bench/load.ts: keep-
// alive TLS connections, one request after another each) in turns, and the ratio of their
// requests per second printed. Two answers: Discovery, and a collection GET of about 4 KB
// (20 seeded indicators). Both servers use the same certificate (RSA-2048). Besides the
// rates it prints the CPU each server spent per answer and their ratio (bare ÷ mock): on a
// machine others load, rates swing with the CPU a process happens to get, CPU per answer less.
//
//   npm run build && node dist/bench/mock-throughput.js [--connections 10] [--seconds 3]
//     [--trials 3] [--only discovery|collection] [--cpu-prof <dir>] [--json]
//
// --cpu-prof writes CPU profiles of the mock and of the bare server (node --cpu-prof) into
// <dir>/mock and <dir>/bare when they end.
//
// Loopback only; the children exit with this process.
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { request, Agent } from 'undici';
import { generateCertificate } from '../mock-server/cert.js';
import { drive, type LoadResult } from './load.js';
import { parseArgs } from './args.js';
import { JSON_OUTPUT, median, printFigures, say } from './figures.js';

const USAGE = `Usage: node dist/bench/mock-throughput.js [options]

The mock's request path against a bare node:https server answering the very bytes the mock
sent (same certificate), each in its own process, driven in turns by one load generator
(keep-alive TLS connections, one GET after another each): GET Discovery and GET of the
seeded indicators collection (about 4 KB). Prints per trial and as medians: requests/s of
each server and their ratio, and the CPU time each server spent per answer and their ratio
(bare ÷ mock); with --json the figures as one JSON line on stdout (the lines for people go
to stderr).`;

const OPTS = parseArgs(USAGE, {
  connections: { kind: 'count', default: 10, max: 1000, help: 'keep-alive TLS connections of the load generator' },
  seconds: { kind: 'number', default: 3, help: 'length of a trial, seconds' },
  trials: { kind: 'count', default: 3, max: 1000, help: 'trials per answer (mock and bare server in turns)' },
  only: { kind: 'choice', choices: ['discovery', 'collection'], help: 'measure this answer only (default: both)' },
  'cpu-prof': { kind: 'text', value: 'dir', help: 'write CPU profiles of the mock and the bare server into <dir>/mock and <dir>/bare' },
  json: { kind: 'flag', help: 'the figures as one JSON line on stdout' },
});
const here = path.dirname(fileURLToPath(import.meta.url));
const CONNECTIONS = OPTS.connections;
const SECONDS = OPTS.seconds;
const TRIALS = OPTS.trials;
const ONLY = OPTS.only ?? '';
const CPU_PROF = OPTS['cpu-prof'] ?? '';

interface Child {
  child: ChildProcess;
  port: number;
}

const profiled = (who: string): string[] => (CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${path.join(CPU_PROF, who)}`] : []);

async function forked(script: string, args: string[], first?: unknown, execArgv: string[] = []): Promise<Child & { msg: Record<string, unknown> }> {
  const child = fork(path.join(here, script), args, { stdio: ['ignore', 'ignore', 'inherit', 'ipc'], execArgv });
  const msg = await new Promise<Record<string, unknown>>((resolve, reject) => {
    child.once('message', (m) => resolve(m as Record<string, unknown>));
    child.once('exit', (code) => reject(new Error(`${script} exited (${code})`)));
    if (first !== undefined) child.send(first as object);
  });
  return { child, port: msg.port as number, msg };
}

/** The child's CPU time so far, µs (user + system). */
async function cpuOf(c: Child): Promise<number> {
  return new Promise((resolve) => {
    const on = (m: { type?: string; cpu?: NodeJS.CpuUsage }): void => {
      if (m.type !== 'stats' || !m.cpu) return;
      c.child.off('message', on);
      resolve(m.cpu.user + m.cpu.system);
    };
    c.child.on('message', on);
    c.child.send({ type: 'stats' });
  });
}

/** A load run, with the CPU the server spent per answer (µs): steadier than rates on a busy machine. */
async function measured(server: Child, origin: string, p: string, opts: Parameters<typeof drive>[2]): Promise<LoadResult & { cpuUsPerRequest: number }> {
  const before = await cpuOf(server);
  const r = await drive(origin, p, opts);
  return { ...r, cpuUsPerRequest: ((await cpuOf(server)) - before) / Math.max(1, r.requests) };
}

/** Status, headers and body of one GET, as the bare server will replay them. */
async function capture(origin: string, p: string, headers: Record<string, string>): Promise<{ status: number; headers: Record<string, string>; body: Buffer }> {
  const dispatcher = new Agent({ connect: { rejectUnauthorized: false } });
  const r = await request(`${origin}${p}`, { headers, dispatcher });
  const body = Buffer.from(await r.body.arrayBuffer());
  await dispatcher.close();
  if (r.statusCode !== 200) throw new Error(`GET ${p}: ${r.statusCode}`);
  const keep = Object.entries(r.headers).filter(([k]) => !['date', 'connection', 'keep-alive', 'transfer-encoding'].includes(k));
  return { status: r.statusCode, headers: Object.fromEntries(keep.map(([k, v]) => [k, String(v)])), body };
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tc-bench-'));
  const pair = await generateCertificate();
  fs.writeFileSync(path.join(dir, 'cert.pem'), pair.cert);
  fs.writeFileSync(path.join(dir, 'key.pem'), pair.key);
  const mock = await forked('mock-process.js', [JSON.stringify({ certFile: path.join(dir, 'cert.pem'), keyFile: path.join(dir, 'key.pem') })], undefined, profiled('mock'));
  const creds = mock.msg.credentials as { user: string; password: string };
  const headers = { authorization: `Basic ${Buffer.from(`${creds.user}:${creds.password}`).toString('base64')}`, accept: 'application/taxii+json' };
  const mockOrigin = `https://127.0.0.1:${mock.port}`;
  const targets = [
    { name: 'discovery', path: '/taxii/' },
    { name: 'collection', path: '/trustgroup1/collections/indicators/' },
  ].filter((t) => !ONLY || t.name === ONLY);
  const answers: Record<string, { status: number; headers: Record<string, string>; body: string }> = {};
  const sizes: Record<string, number> = {};
  for (const t of targets) {
    const a = await capture(mockOrigin, t.path, headers);
    answers[t.path] = { status: a.status, headers: a.headers, body: a.body.toString('base64') };
    sizes[t.name] = a.body.length;
  }
  const bare = await forked('bare-server.js', [], { cert: pair.cert, key: pair.key, answers }, profiled('bare'));
  const bareOrigin = `https://127.0.0.1:${bare.port}`;
  say(`mock throughput: ${CONNECTIONS} keep-alive TLS connections, ${SECONDS} s per trial, ${TRIALS} trials, mock and bare server in turns`);
  const figures: Record<string, unknown> = { connections: CONNECTIONS, seconds: SECONDS, trials: TRIALS };
  try {
    for (const t of targets) {
      const opts = { connections: CONNECTIONS, durationMs: SECONDS * 1000, headers, expectBytes: sizes[t.name]! };
      // Warm both (JIT, TLS sessions) before measuring.
      await drive(mockOrigin, t.path, { ...opts, durationMs: 1000 });
      await drive(bareOrigin, t.path, { ...opts, durationMs: 1000 });
      const runs: { mock: Awaited<ReturnType<typeof measured>>; bare: Awaited<ReturnType<typeof measured>> }[] = [];
      for (let i = 0; i < TRIALS; i++) {
        const b = await measured(bare, bareOrigin, t.path, opts);
        const m = await measured(mock, mockOrigin, t.path, opts);
        runs.push({ mock: m, bare: b });
        say(
          `  ${t.name} trial ${i + 1}: mock ${m.perSecond.toFixed(0)}/s (p99 ${m.p99Ms.toFixed(1)} ms, ${m.cpuUsPerRequest.toFixed(0)} µs CPU each), ` +
            `bare ${b.perSecond.toFixed(0)}/s (p99 ${b.p99Ms.toFixed(1)} ms, ${b.cpuUsPerRequest.toFixed(0)} µs CPU each), ratio ${(m.perSecond / b.perSecond).toFixed(2)}`,
        );
      }
      const ratio = median(runs.map((r) => r.mock.perSecond / r.bare.perSecond));
      const cpuRatio = median(runs.map((r) => r.bare.cpuUsPerRequest / r.mock.cpuUsPerRequest));
      const mockRps = median(runs.map((r) => r.mock.perSecond));
      const bareRps = median(runs.map((r) => r.bare.perSecond));
      const mockCpu = median(runs.map((r) => r.mock.cpuUsPerRequest));
      const bareCpu = median(runs.map((r) => r.bare.cpuUsPerRequest));
      const errors = runs.reduce((n, r) => n + r.mock.errors + r.bare.errors, 0);
      say(
        `${t.name} (${sizes[t.name]} bytes): mock ${mockRps.toFixed(0)} req/s, bare node:https ${bareRps.toFixed(0)} req/s, ratio ${ratio.toFixed(2)}; ` +
          `CPU per answer mock ${mockCpu.toFixed(0)} µs, bare ${bareCpu.toFixed(0)} µs, ratio ${cpuRatio.toFixed(2)} (medians of ${TRIALS}), errors ${errors}`,
      );
      const r2 = (x: number): number => Math.round(x * 100) / 100;
      figures[t.name] = {
        bytes: sizes[t.name],
        mockPerSecond: Math.round(mockRps),
        barePerSecond: Math.round(bareRps),
        ratio: r2(ratio),
        mockCpuUsPerRequest: Math.round(mockCpu),
        bareCpuUsPerRequest: Math.round(bareCpu),
        cpuRatio: r2(cpuRatio),
        errors,
      };
    }
    await printFigures('mock-throughput', figures);
  } finally {
    // SIGTERM: the mock closes and exits, writing its CPU profile if asked.
    const exited = [mock, bare].map((c) => new Promise((r) => c.child.once('exit', r)));
    mock.child.kill('SIGTERM');
    bare.child.kill('SIGTERM');
    await Promise.all(exited);
    fs.rmSync(dir, { recursive: true, force: true });
  }
  if (!JSON_OUTPUT) say('(--json prints these figures as one JSON line)');
}

main().catch((e: unknown) => {
  console.error(`bench: ${(e as Error).message}`);
  process.exitCode = 1;
});
