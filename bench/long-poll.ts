// Long-poll benchmark of the mock's channels, on loopback:
//   1. how many concurrent long-poll subscribers one mock holds (aim: 10,000), and its RSS;
//   2. the time from one POST to the last of N subscribers getting it (p50, p99 over
//      repeated POSTs) at N = 100, 1,000 and 10,000;
//   3. POST throughput (messages/s) with 100 subscribers, and the end-to-end rate at which
//      all 100 have everything.
// The mock runs in a child process (dist/bench/mock-process.js) so its RSS and CPU are its
// own. After the mock at each N, the baseline: a bare node:https server (bare-long-poll.ts,
// its own process) holding as many GETs and answering them all with the bytes the mock
// sent, measured the same way; the tables print mock ÷ bare. This process is the load
// generator: raw node:tls connections speaking HTTP/1.1 with keep-alive, one per subscriber,
// TLS sessions resumed (on the server that issued them) after the first handshake.
//
//   npm run build && node dist/bench/long-poll.js [--n 100,1000,10000] [--rounds 30]
//     [--hold-s 10] [--messages 20000] [--producers 20] [--cpu-prof <dir>] [--json]
//
// --messages 0 skips the throughput phase; --json prints the figures as one JSON line;
// --cpu-prof writes a CPU profile of each mock process (node --cpu-prof) into <dir>.
//
// Everything goes to 127.0.0.1, is bounded in count and time, and stops by itself (the mock
// child exits when this process does). Node built-ins and project code only.
import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { fileURLToPath } from 'node:url';
import { generateCertificate } from '../mock-server/cert.js';
import { pool } from '../suites/core/concurrency.js';
import { parseArgs } from './args.js';
import { printFigures, say } from './figures.js';

const HOST = '127.0.0.1';
const T = 'application/taxii+json';
const BASE = '/trustgroup1/channels/';
const ROUND_TIMEOUT_MS = 60_000;
const PHASE_TIMEOUT_MS = 180_000;
const CONNECT_IN_FLIGHT = 200;

// ---------------------------------------------------------------------------------------
// Options

const USAGE = `Usage: node dist/bench/long-poll.js [options]

Long-poll subscribers of one mock channel, one TLS connection each, on loopback: at each N,
the mock's RSS and JS heap with N GETs waiting, the time from one POST to the last of the N
having it (p50, p99 over the POSTs) and the mock's CPU per POST; then the same for a bare
node:https server holding as many GETs and answering them with the bytes the mock sent
(mock ÷ bare printed beside). At the largest N the waiting GETs are held --hold-s seconds
(none may be answered or dropped). Then the POST throughput with 100 subscribers. The mock
and the bare server each run in a process of their own; this one is the load generator.
With --json the figures as one JSON line on stdout (the tables go to stderr).`;

const OPTS = parseArgs(USAGE, {
  n: { kind: 'counts', default: [100, 1000, 10_000], help: 'numbers of waiting subscribers, one row each' },
  rounds: { kind: 'count', default: 30, max: 10_000, help: 'POSTs per row (at most 20 at N >= 10,000)' },
  'hold-s': { kind: 'count', default: 10, min: 0, max: 3600, help: 'seconds the largest N is held waiting (0: not held)' },
  messages: { kind: 'count', default: 20_000, min: 0, help: 'messages of the throughput phase (0: skipped)' },
  producers: { kind: 'count', default: 20, max: 1000, help: 'producer connections of the throughput phase' },
  'cpu-prof': { kind: 'text', value: 'dir', help: 'write a CPU profile of each server process (node --cpu-prof) into <dir>' },
  json: { kind: 'flag', help: 'the figures as one JSON line on stdout' },
});
const SIZES = OPTS.n;
const ROUNDS = OPTS.rounds;
const HOLD_S = OPTS['hold-s'];
const MESSAGES = OPTS.messages;
const PRODUCERS = OPTS.producers;
/** A directory for CPU profiles of the server processes (node --cpu-prof), one per row. */
const CPU_PROF = OPTS['cpu-prof'] ?? '';
const TP_SUBSCRIBERS = 100;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const now = (): number => performance.now();

// ---------------------------------------------------------------------------------------
// A minimal HTTP/1.1 client over one TLS connection (one request at a time, keep-alive)

interface Resp {
  status: number;
  headers: string;
  body: Buffer;
}

let tlsSession: Buffer | undefined;

class Conn {
  private chunks: Buffer[] = [];
  private size = 0;
  private head: { status: number; headers: string; length: number; start: number } | undefined;
  private waiting: ((r: Resp) => void) | undefined;
  private failed: ((e: Error) => void) | undefined;
  closed = false;

  private constructor(readonly socket: tls.TLSSocket) {
    socket.on('data', (c: Buffer) => this.onData(c));
    socket.on('session', (s: Buffer) => {
      tlsSession ??= s;
    });
    const end = (e?: Error) => {
      this.closed = true;
      const f = this.failed;
      this.waiting = this.failed = undefined;
      f?.(e ?? new Error('connection closed'));
    };
    socket.on('error', end);
    socket.on('close', () => end());
  }

  static open(port: number): Promise<Conn> {
    return new Promise((resolve, reject) => {
      const s = tls.connect({ host: HOST, port, rejectUnauthorized: false, ...(tlsSession ? { session: tlsSession } : {}) });
      s.once('secureConnect', () => {
        s.off('error', reject);
        resolve(new Conn(s));
      });
      s.once('error', reject);
    });
  }

  /** Sends a request; `cb` gets the response (or `fail` an error). */
  send(method: string, p: string, auth: string, body: string | undefined, cb: (r: Resp) => void, fail: (e: Error) => void): void {
    if (this.closed) return fail(new Error('connection closed'));
    this.waiting = cb;
    this.failed = fail;
    const len = body === undefined ? 0 : Buffer.byteLength(body);
    let req = `${method} ${p} HTTP/1.1\r\nHost: ${HOST}\r\nAccept: ${T}\r\nAuthorization: ${auth}\r\n`;
    if (body !== undefined) req += `Content-Type: ${T}\r\nContent-Length: ${len}\r\n`;
    this.socket.write(`${req}\r\n${body ?? ''}`);
  }

  request(method: string, p: string, auth: string, body?: string): Promise<Resp> {
    return new Promise((resolve, reject) => this.send(method, p, auth, body, resolve, reject));
  }

  private onData(c: Buffer): void {
    this.chunks.push(c);
    this.size += c.length;
    for (;;) {
      const buf = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks, this.size);
      this.chunks = [buf];
      if (!this.head) {
        const end = buf.indexOf('\r\n\r\n');
        if (end < 0) return;
        const headers = buf.subarray(0, end).toString('latin1');
        const status = Number(headers.slice(9, 12));
        const m = /\r\ncontent-length: *(\d+)/i.exec(headers);
        this.head = { status, headers, length: m ? Number(m[1]) : 0, start: end + 4 };
      }
      const { status, headers, length, start } = this.head;
      if (buf.length < start + length) return;
      const body = buf.subarray(start, start + length);
      const rest = buf.subarray(start + length);
      this.chunks = rest.length > 0 ? [rest] : [];
      this.size = rest.length;
      this.head = undefined;
      const cb = this.waiting;
      this.waiting = this.failed = undefined;
      cb?.({ status, headers, body });
      if (rest.length === 0) return;
    }
  }

  close(): void {
    this.socket.destroy();
  }
}

/** A connection for requests now and then: reopened when the server closed it (keep-alive timeout). */
class Producer {
  private conn: Conn | undefined;
  constructor(private readonly port: number) {}
  async request(method: string, p: string, auth: string, body?: string): Promise<Resp> {
    for (let attempt = 0; ; attempt++) {
      if (!this.conn || this.conn.closed) this.conn = await Conn.open(this.port);
      try {
        return await this.conn.request(method, p, auth, body);
      } catch (e) {
        // Closed under us before the request was read (idle timeout): once more on a new one.
        if (attempt > 0 || !(this.conn.closed && (e as Error).message === 'connection closed')) throw e;
      }
    }
  }
  close(): void {
    this.conn?.close();
  }
}

async function openMany(port: number, n: number): Promise<Conn[]> {
  const out: Conn[] = [];
  if (!tlsSession && n > 0) {
    out.push(await Conn.open(port)); // the first full handshake gives the session others resume
    await sleep(50);
  }
  const rest = await pool(Array.from({ length: n - out.length }), CONNECT_IN_FLIGHT, () => Conn.open(port));
  return [...out, ...rest];
}

// ---------------------------------------------------------------------------------------
// The mock in its own process

interface Stats {
  memory: NodeJS.MemoryUsage;
  cpu: NodeJS.CpuUsage;
  /** GETs the bare server holds (the mock does not say). */
  held?: number;
}

/** The answer the mock delivered to a subscriber, as the bare server replays it. */
interface Delivery {
  status: number;
  headers: [string, string][];
  body: string;
  placeholder: string;
}

/** Headers Node's HTTP server writes by itself: the bare server's Node adds them as the mock's did. */
const NODE_OWN_HEADERS = new Set(['date', 'connection', 'keep-alive', 'content-length', 'transfer-encoding']);

/** The mock or the bare baseline (bare-long-poll.ts), each in a process of its own. */
class MockProcess {
  private constructor(
    readonly child: ChildProcess,
    readonly port: number,
    readonly auth: string,
    readonly kind: 'mock' | 'bare',
  ) {
    tlsSession = undefined; // a session of another process's server would not resume here
  }

  static async start(options: Record<string, unknown>): Promise<MockProcess> {
    const child = MockProcess.fork('mock-process.js', [JSON.stringify(options)]);
    const ready = await MockProcess.ready(child);
    const c = ready.credentials!;
    return new MockProcess(child, ready.port, `Basic ${Buffer.from(`${c.user}:${c.password}`).toString('base64')}`, 'mock');
  }

  /** The bare server, answering as the mock did in `delivery`, with the mock's certificate. */
  static async startBare(delivery: Delivery, pair: { cert: string; key: string }): Promise<MockProcess> {
    const child = MockProcess.fork('bare-long-poll.js', []);
    child.send({ type: 'setup', ...pair, ...delivery });
    const ready = await MockProcess.ready(child);
    return new MockProcess(child, ready.port, 'Basic none', 'bare');
  }

  private static fork(script: string, args: string[]): ChildProcess {
    const here = path.dirname(fileURLToPath(import.meta.url));
    return fork(path.join(here, script), args, { execArgv: ['--expose-gc', ...(CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${CPU_PROF}`] : [])], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  }

  private static ready(child: ChildProcess): Promise<{ port: number; credentials?: { user: string; password: string } }> {
    return new Promise((resolve, reject) => {
      child.once('error', reject);
      child.once('exit', (code) => reject(new Error(`the server exited (${code}) before it was ready`)));
      child.on('message', (m: { type?: string; port: number; credentials?: { user: string; password: string } }) => {
        if (m.type === 'ready') resolve(m);
      });
    });
  }

  stats(gc = false): Promise<Stats> {
    return new Promise((resolve) => {
      const on = (m: { type?: string } & Stats): void => {
        if (m.type !== 'stats') return;
        this.child.off('message', on);
        resolve(m);
      };
      this.child.on('message', on);
      this.child.send({ type: 'stats', gc });
    });
  }

  /** Waits until the mock's CPU is idle (under 5% over 100 ms, twice): what was sent to it is processed. */
  async quiet(limitMs = 60_000): Promise<void> {
    const until = Date.now() + limitMs;
    let calm = 0;
    let last = await this.stats();
    while (calm < 2 && Date.now() < until) {
      await sleep(100);
      const s = await this.stats();
      const busyUs = s.cpu.user + s.cpu.system - last.cpu.user - last.cpu.system;
      calm = busyUs < 5_000 ? calm + 1 : 0;
      last = s;
    }
  }

  async rssMiB(): Promise<number> {
    return (await this.stats()).memory.rss / 2 ** 20;
  }

  /** JS heap in use after a full collection, in bytes. */
  async heapAfterGc(): Promise<number> {
    return (await this.stats(true)).memory.heapUsed;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((r) => this.child.once('exit', r));
    this.child.send({ type: 'close' });
    await Promise.race([exited, sleep(5000)]);
    if (this.child.exitCode === null) this.child.kill('SIGKILL');
  }
}

// ---------------------------------------------------------------------------------------
// Subscribers

interface Sub {
  conn: Conn;
  path: string;
  /** What this subscriber does with each 200. */
  onData: (body: Buffer, at: number) => void;
  stopped: boolean;
  answers204: number;
  errors: number;
  /** The last 200 it got (the bare server replays the mock's). */
  last?: Resp;
}

function poll(mock: MockProcess, s: Sub): void {
  if (s.stopped) return;
  s.conn.send(
    'GET',
    s.path,
    mock.auth,
    undefined,
    (r) => {
      const at = now();
      if (r.status === 200) {
        s.last = r;
        s.onData(r.body, at);
      }
      else if (r.status === 204) s.answers204++;
      else s.errors++;
      poll(mock, s);
    },
    () => {
      s.errors++;
    },
  );
}

async function createChannel(mock: MockProcess, producer: Producer, name: string): Promise<string> {
  const r = await producer.request('POST', BASE, mock.auth, JSON.stringify({ type: 'channel-create', name }));
  if (r.status !== 201) throw new Error(`creating channel ${name}: ${r.status} ${r.body.toString()}`);
  return `${BASE}${name}/`;
}

async function subscriberCount(mock: MockProcess, producer: Producer, name: string): Promise<number> {
  const r = await producer.request('GET', `${BASE}?name=${name}`, mock.auth);
  return (JSON.parse(r.body.toString()) as { channels: { subscribers: string[] }[] }).channels[0]?.subscribers.length ?? 0;
}

/** Opens n subscribers on the channel, each long-polling, and waits until all n wait. */
async function subscribe(mock: MockProcess, producer: Producer, name: string, url: string, n: number, onData: (i: number, body: Buffer, at: number) => void): Promise<Sub[]> {
  const conns = await openMany(mock.port, n);
  const subs = conns.map((conn, i): Sub => ({ conn, path: `${url}?sub=${i}`, onData: (b, at) => onData(i, b, at), stopped: false, answers204: 0, errors: 0 }));
  for (const s of subs) poll(mock, s);
  const until = Date.now() + PHASE_TIMEOUT_MS;
  const waiting = async (): Promise<number> => (mock.kind === 'bare' ? ((await mock.stats()).held ?? 0) : subscriberCount(mock, producer, name));
  while ((await waiting()) < n) {
    if (Date.now() > until) throw new Error(`only some of ${n} subscribers subscribed in time`);
    await sleep(100);
  }
  await mock.quiet();
  return subs;
}

function stopAll(subs: Sub[]): void {
  for (const s of subs) {
    s.stopped = true;
    s.conn.close();
  }
}

function percentile(values: number[], p: number): number {
  const v = [...values].sort((a, b) => a - b);
  return v[Math.min(v.length - 1, Math.max(0, Math.ceil((p / 100) * v.length) - 1))] ?? NaN;
}

// ---------------------------------------------------------------------------------------
// Phases

interface LatencyRow {
  n: number;
  rounds: number;
  lastP50: number;
  lastP99: number;
  eachP50: number;
  eachP99: number;
  rssMiB: number;
  rssIdleMiB: number;
  heapPerWaiter: number;
  /** JS heap per subscription once its subscriber left (the subscription stays, idle). */
  heapPerIdleSubscription: number;
  /** The mock's CPU time from a POST until every subscriber waits again (delivering N, then N new GETs). */
  cpuPerPostMs: number;
  errors: number;
}

async function latency(mock: MockProcess, producer: Producer, n: number, idle: Idle): Promise<LatencyRow> {
  const name = `bench-${n}`;
  const url = mock.kind === 'bare' ? '/bare/' : await createChannel(mock, producer, name);
  let currentId = '';
  let t0 = 0;
  let remaining = 0;
  let roundDone: () => void = () => {};
  const arrivals: number[] = [];
  const subs = await subscribe(mock, producer, name, url, n, (_i, body, at) => {
    if (remaining > 0 && body.includes(currentId)) {
      arrivals.push(at - t0);
      if (--remaining === 0) roundDone();
    }
  });
  const rssMiB = await mock.rssMiB();
  const heapPerWaiter = ((await mock.heapAfterGc()) - idle.heap) / n;
  if (n === Math.max(...SIZES) && HOLD_S > 0 && mock.kind === 'mock') {
    // Hold them: nobody may be answered or dropped while they wait.
    await sleep(HOLD_S * 1000);
    const dropped = subs.filter((s) => s.conn.closed || s.errors > 0 || s.answers204 > 0).length;
    holdResult = { n, seconds: HOLD_S, dropped, rssMiB: await mock.rssMiB() };
  }
  const last: number[] = [];
  const each: number[] = [];
  const cpu: number[] = [];
  const rounds = n >= 10_000 ? Math.min(ROUNDS, 20) : ROUNDS;
  for (let r = 0; r < rounds; r++) {
    currentId = `indicator--00000000-0000-4000-8000-${String(n * 1000 + r).padStart(12, '0')}`;
    arrivals.length = 0;
    remaining = n;
    const done = new Promise<void>((resolve) => (roundDone = resolve));
    const before = (await mock.stats()).cpu;
    t0 = now();
    const posted = await producer.request('POST', url, mock.auth, JSON.stringify({ type: 'taxii-data', objects: [{ type: 'indicator', id: currentId }] }));
    if (posted.status !== 202) throw new Error(`POST: ${posted.status}`);
    const timedOut = await Promise.race([done.then(() => false), sleep(ROUND_TIMEOUT_MS).then(() => true)]);
    if (timedOut) throw new Error(`round ${r} at N=${n}: ${remaining} subscribers did not get the message within ${ROUND_TIMEOUT_MS} ms`);
    last.push(Math.max(...arrivals));
    each.push(...arrivals);
    await mock.quiet(); // every subscriber is waiting again before the next POST
    const after = (await mock.stats()).cpu;
    cpu.push((after.user + after.system - before.user - before.system) / 1000);
  }
  const errors = subs.reduce((k, s) => k + s.errors, 0);
  const got = subs.find((s) => s.last !== undefined)?.last;
  if (mock.kind === 'mock' && got) delivery = deliveryOf(got, currentId);
  stopAll(subs);
  // The subscriptions stay (idle, nobody waiting): what each costs then.
  await mock.quiet();
  const heapPerIdleSubscription = mock.kind === 'bare' ? NaN : ((await mock.heapAfterGc()) - idle.heap) / n;
  return {
    n,
    rounds,
    lastP50: percentile(last, 50),
    lastP99: percentile(last, 99),
    eachP50: percentile(each, 50),
    eachP99: percentile(each, 99),
    rssMiB,
    rssIdleMiB: idle.rssMiB,
    heapPerWaiter,
    heapPerIdleSubscription,
    cpuPerPostMs: percentile(cpu, 50),
    errors,
  };
}

let holdResult: { n: number; seconds: number; dropped: number; rssMiB: number } | undefined;
/** The mock's last delivery, which the bare server replays. */
let delivery: Delivery | undefined;

/** A subscriber's answer as the bare server will send it: the round's object id made a placeholder. */
function deliveryOf(r: Resp, id: string): Delivery {
  const placeholder = '\u0000ID\u0000';
  const headers = r.headers
    .split('\r\n')
    .slice(1)
    .map((line): [string, string] => {
      const colon = line.indexOf(':');
      return [line.slice(0, colon), line.slice(colon + 1).trim()];
    })
    .filter(([name]) => !NODE_OWN_HEADERS.has(name.toLowerCase()));
  return { status: r.status, headers, body: r.body.toString('utf8').split(id).join(placeholder), placeholder };
}

interface ThroughputRow {
  perPost: number;
  messages: number;
  postRate: number;
  deliveredRate: number;
  postsPerS: number;
}

async function throughput(mock: MockProcess, producers: Producer[], perPost: number): Promise<ThroughputRow> {
  const name = `bench-tp-${perPost}`;
  const url = await createChannel(mock, producers[0]!, name);
  const got = new Array<number>(TP_SUBSCRIBERS).fill(0);
  let complete = 0;
  let allDone: () => void = () => {};
  const done = new Promise<void>((r) => (allDone = r));
  const marker = Buffer.from('"id":');
  const subs = await subscribe(mock, producers[0]!, name, url, TP_SUBSCRIBERS, (i, body) => {
    let k = 0;
    for (let at = body.indexOf(marker); at >= 0; at = body.indexOf(marker, at + 1)) k++;
    got[i]! += k;
    if (got[i] === MESSAGES && ++complete === TP_SUBSCRIBERS) allDone();
  });
  const posts = Math.ceil(MESSAGES / perPost);
  let nextPost = 0;
  let accepted = 0;
  const t0 = now();
  await Promise.all(
    producers.map(async (conn, p) => {
      while (nextPost < posts) {
        const k = nextPost++;
        const objects = Array.from({ length: Math.min(perPost, MESSAGES - k * perPost) }, (_, j) => ({
          type: 'indicator',
          id: `indicator--00000000-0000-4000-${(0x8000 + p).toString(16)}-${String(k * perPost + j).padStart(12, '0')}`,
          name: `bench message ${k * perPost + j}`,
        }));
        const r = await conn.request('POST', url, mock.auth, JSON.stringify({ type: 'taxii-data', objects }));
        if (r.status !== 202) throw new Error(`POST: ${r.status}`);
        accepted += objects.length;
      }
    }),
  );
  const tPosted = now();
  const timedOut = await Promise.race([done.then(() => false), sleep(PHASE_TIMEOUT_MS).then(() => true)]);
  if (timedOut) throw new Error(`throughput: subscribers got ${Math.min(...got)}..${Math.max(...got)} of ${MESSAGES}`);
  const tDelivered = now();
  stopAll(subs);
  await producers[0]!.request('DELETE', `${BASE}?name=${name}`, mock.auth);
  await mock.quiet();
  if (accepted !== MESSAGES) throw new Error(`accepted ${accepted} of ${MESSAGES}`);
  return {
    perPost,
    messages: MESSAGES,
    postRate: MESSAGES / ((tPosted - t0) / 1000),
    deliveredRate: MESSAGES / ((tDelivered - t0) / 1000),
    postsPerS: posts / ((tPosted - t0) / 1000),
  };
}

// ---------------------------------------------------------------------------------------
// File descriptors: 10,000 sockets per process must fit under the soft limit

function nofile(): { soft: number; hard: number } | undefined {
  try {
    const line = fs.readFileSync('/proc/self/limits', 'utf8').split('\n').find((l) => l.startsWith('Max open files'));
    const m = line && /Max open files\s+(\S+)\s+(\S+)/.exec(line);
    if (!m) return undefined;
    const num = (s: string) => (s === 'unlimited' ? Infinity : Number(s));
    return { soft: num(m[1]!), hard: num(m[2]!) };
  } catch {
    return undefined;
  }
}

function ensureFds(needed: number): string {
  const lim = nofile();
  if (!lim) return 'unknown (no /proc/self/limits)';
  if (lim.soft >= needed) return `${lim.soft} (soft), enough`;
  if (lim.hard >= needed) {
    try {
      // Raise our own soft limit within the hard one (the mock child inherits it).
      execFileSync('prlimit', [`--pid=${process.pid}`, `--nofile=${lim.hard}:${lim.hard}`]);
      return `raised from ${lim.soft} to ${nofile()?.soft} (soft) for this process only`;
    } catch {
      return `${lim.soft} (soft): prlimit failed, fewer sockets may open`;
    }
  }
  return `${lim.soft} (soft), ${lim.hard} (hard): below ${needed}, fewer sockets may open`;
}

// ---------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const maxN = Math.max(...SIZES, TP_SUBSCRIBERS);
  const fds = ensureFds(maxN + PRODUCERS + 500);
  const lim = nofile();
  const sizes = SIZES.map((n) => (lim && lim.soft < n + PRODUCERS + 200 ? Math.max(100, lim.soft - PRODUCERS - 200) : n));
  const cpu = os.cpus();
  say(`long-poll benchmark: ${cpu.length} x ${cpu[0]?.model ?? '?'}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}, ${os.type()} ${os.release()}`);
  say(`open files: ${fds}`);

  // The mock and the bare server present the same certificate (RSA-2048).
  const certDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tc-bench-'));
  const pair = await generateCertificate();
  fs.writeFileSync(path.join(certDir, 'cert.pem'), pair.cert);
  fs.writeFileSync(path.join(certDir, 'key.pem'), pair.key);
  process.on('exit', () => fs.rmSync(certDir, { recursive: true, force: true }));

  // Each phase gets a fresh mock process, so that its RSS is measured from its own idle state.
  let current: MockProcess | undefined;
  process.on('SIGINT', () => {
    void current?.stop();
    process.exit(130);
  });
  const withMock = async <R>(run: (mock: MockProcess, producers: Producer[], idle: Idle) => Promise<R>): Promise<R> => {
    // Every subscriber is one connection from this process, and some sit idle between rounds:
    // the mock's connection caps and idle timeout are lifted; one user holds every
    // subscription: the subscription quotas are raised to twice the largest N.
    const quota = Math.max(...SIZES, TP_SUBSCRIBERS) * 2;
    const limits = {
      maxConnections: 1_000_000,
      maxConnectionsPerClient: 1_000_000,
      idleTimeoutMs: 3_600_000,
      maxSubscriptionsPerCaller: quota,
      maxSubscriptionsPerChannel: quota,
    };
    const mock = (current = await MockProcess.start({ longPollMs: 120_000, ...limits, certFile: path.join(certDir, 'cert.pem'), keyFile: path.join(certDir, 'key.pem') }));
    const producers = Array.from({ length: PRODUCERS }, () => new Producer(mock.port));
    try {
      await Promise.all(producers.map((p) => p.request('GET', BASE, mock.auth)));
      await mock.quiet();
      const idle = { heap: await mock.heapAfterGc(), rssMiB: await mock.rssMiB() };
      return await run(mock, producers, idle);
    } finally {
      for (const p of producers) p.close();
      await mock.stop();
    }
  };

  // The baseline: the bare server holding n GETs on n connections, answering them as the mock did.
  const withBare = async <R>(run: (server: MockProcess, producer: Producer, idle: Idle) => Promise<R>): Promise<R> => {
    const server = (current = await MockProcess.startBare(delivery!, pair));
    const producer = new Producer(server.port);
    try {
      await server.quiet();
      return await run(server, producer, { heap: await server.heapAfterGc(), rssMiB: await server.rssMiB() });
    } finally {
      producer.close();
      await server.stop();
    }
  };

  // Reference: what an open TLS connection without a request costs the mock.
  const tlsCost = await withMock(async (mock, _p, idle) => {
    const conns = await openMany(mock.port, 1000);
    await mock.quiet();
    const cost = { idle, rssKiB: (((await mock.rssMiB()) - idle.rssMiB) * 1024) / conns.length, heapKiB: ((await mock.heapAfterGc()) - idle.heap) / 1024 / conns.length };
    for (const c of conns) c.close();
    return cost;
  });
  const rows: LatencyRow[] = [];
  const bareRows: LatencyRow[] = [];
  for (const n of sizes) {
    const t = Date.now();
    rows.push(await withMock((mock, producers, idle) => latency(mock, producers[0]!, n, idle)));
    if (!delivery) throw new Error(`N=${n}: no subscriber got a message from the mock`);
    bareRows.push(await withBare((server, producer, idle) => latency(server, producer, n, idle)));
    console.error(`  N=${n} done in ${((Date.now() - t) / 1000).toFixed(1)} s (mock, then the bare server)`);
  }
  const tp = MESSAGES > 0 ? await withMock(async (mock, producers) => [await throughput(mock, producers, 1), await throughput(mock, producers, 10)]) : [];

  const f = (x: number, d = 1) => x.toFixed(d);
  say('');
  say('Concurrent long-poll subscribers (a fresh mock process per row, one connection per subscriber):');
  say('| N waiting | mock RSS (MiB) | RSS over idle per waiter (KiB) | JS heap per waiter (KiB) | JS heap per idle subscription (KiB) | POST → last of N: p50 (ms) | p99 (ms) | POST → each: p50 (ms) | p99 (ms) | mock CPU per POST (ms) | POSTs | errors |');
  say('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of rows) {
    say(
      `| ${r.n} | ${f(r.rssMiB)} | ${f(((r.rssMiB - r.rssIdleMiB) * 1024) / r.n)} | ${f(r.heapPerWaiter / 1024, 2)} | ${f(r.heapPerIdleSubscription / 1024, 2)} | ${f(r.lastP50)} | ${f(r.lastP99)} | ${f(r.eachP50)} | ${f(r.eachP99)} | ${f(r.cpuPerPostMs)} | ${r.rounds} | ${r.errors} |`,
    );
  }
  say('');
  say('The same against a bare node:https server (its own process: holds each GET, answers all at once on a POST with the bytes the mock sent; no auth, no store):');
  say('| N waiting | bare RSS (MiB) | mock ÷ bare | bare RSS over idle per waiter (KiB) | mock ÷ bare | bare POST → last: p50 (ms) | mock ÷ bare | bare p99 (ms) | mock ÷ bare | bare CPU per POST (ms) | mock ÷ bare | POSTs | errors |');
  say('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  const perWaiter = (r: LatencyRow): number => ((r.rssMiB - r.rssIdleMiB) * 1024) / r.n;
  rows.forEach((m, i) => {
    const b = bareRows[i]!;
    say(
      `| ${b.n} | ${f(b.rssMiB)} | ${f(m.rssMiB / b.rssMiB, 2)} | ${f(perWaiter(b))} | ${f(perWaiter(m) / perWaiter(b), 2)} | ${f(b.lastP50)} | ${f(m.lastP50 / b.lastP50, 2)} | ${f(b.lastP99)} | ${f(m.lastP99 / b.lastP99, 2)} | ${f(b.cpuPerPostMs)} | ${f(m.cpuPerPostMs / b.cpuPerPostMs, 2)} | ${b.rounds} | ${b.errors} |`,
    );
  });
  say(`Idle bare server: ${f(bareRows[0]?.rssIdleMiB ?? NaN)} MiB RSS.`);
  say('');
  say(`Idle mock: ${f(tlsCost.idle.rssMiB)} MiB RSS, ${f(tlsCost.idle.heap / 2 ** 20)} MiB JS heap. An open TLS connection without a request costs it ${f(tlsCost.rssKiB)} KiB RSS and ${f(tlsCost.heapKiB, 2)} KiB of JS heap.`);
  if (holdResult) {
    say(`Held ${holdResult.n} waiting GETs for ${holdResult.seconds} s: ${holdResult.dropped} answered or dropped early; mock RSS ${f(holdResult.rssMiB)} MiB.`);
  }
  say('');
  say(`POST throughput with ${TP_SUBSCRIBERS} long-polling subscribers (${PRODUCERS} producer connections, ${MESSAGES} messages):`);
  say('| objects per POST | POSTs/s | messages accepted/s | messages delivered to all 100/s |');
  say('|---:|---:|---:|---:|');
  for (const r of tp) say(`| ${r.perPost} | ${f(r.postsPerS, 0)} | ${f(r.postRate, 0)} | ${f(r.deliveredRate, 0)} |`);
  say(`Load generator RSS: ${f(process.memoryUsage().rss / 2 ** 20)} MiB.`);
  const r1 = (x: number): number => Math.round(x * 10) / 10;
  const r2 = (x: number): number => Math.round(x * 100) / 100;
  await printFigures('long-poll', {
    rows: rows.map((r) => ({
      n: r.n,
      mockRssMiB: r1(r.rssMiB),
      rssPerWaiterKiB: r1(((r.rssMiB - r.rssIdleMiB) * 1024) / r.n),
      heapPerWaiterKiB: r1(r.heapPerWaiter / 1024),
      lastP50Ms: r1(r.lastP50),
      lastP99Ms: r1(r.lastP99),
      eachP50Ms: r1(r.eachP50),
      eachP99Ms: r1(r.eachP99),
      cpuPerPostMs: r1(r.cpuPerPostMs),
      posts: r.rounds,
      errors: r.errors,
    })),
    bare: bareRows.map((b, i) => ({
      n: b.n,
      rssMiB: r1(b.rssMiB),
      rssPerWaiterKiB: r1(perWaiter(b)),
      lastP50Ms: r1(b.lastP50),
      lastP99Ms: r1(b.lastP99),
      cpuPerPostMs: r1(b.cpuPerPostMs),
      mockOverBare: { rss: r2(rows[i]!.rssMiB / b.rssMiB), lastP50: r2(rows[i]!.lastP50 / b.lastP50), lastP99: r2(rows[i]!.lastP99 / b.lastP99), cpuPerPost: r2(rows[i]!.cpuPerPostMs / b.cpuPerPostMs) },
      errors: b.errors,
    })),
    bareIdleRssMiB: r1(bareRows[0]?.rssIdleMiB ?? NaN),
    idleRssMiB: r1(tlsCost.idle.rssMiB),
    tlsConnectionRssKiB: r1(tlsCost.rssKiB),
    held: holdResult ?? null,
    throughput: tp.map((r) => ({ perPost: r.perPost, postsPerS: Math.round(r.postsPerS), deliveredPerS: Math.round(r.deliveredRate) })),
  });
}

interface Idle {
  heap: number;
  rssMiB: number;
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
