// Hostile targets (issue 6, item 2; docs/hostile-targets.md): the suite run the way a user
// runs it (`run()` of `taxii-conform run`, in-process) against test/helpers/hostile-server.ts,
// a TLS server at the socket level that hangs, stalls, resets, floods, lies or loops.
//
// For every behaviour: the run ends; every selected case ends with a verdict (never a crash,
// never unfinished) within its timeout; the exit code is the contract's; the report says
// what was wrong; no body is read past the probe's bound (counted on the server side, which
// counts what it wrote); memory stays bounded (peak RSS of this process, sampled every 50 ms);
// nothing is left behind (the server sees every socket closed, no timer or handle stays).
//
// Two ways to meet a behaviour:
// - from the first request: the suite's setup meets it (what a user sees first);
// - after setup: the first 5 requests (the pre-draft setup's) get a minimal valid TAXII answer,
//   so that the cases, not the setup, meet it.
//
// Expectations that once needed a change outside suites/probes/http.ts (now made) name it
// in their titles (docs/hostile-targets.md).
//
// Every run forces a garbage collection every 200 ms (the file runs under --expose-gc,
// vitest.config.ts): a time limit that only a weak reference holds (AbortSignal.any on
// Node 20) is collected and never fires, and the run hangs (issue 11). It must not.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run, type RunArgs } from '../../bin/commands/run.js';
import { CLEANUP_TIMEOUTS, INTERRUPTED_CLEANUP_MS, selectCases } from '../../suites/core/runner.js';
import { EXIT_QUIT } from '../../bin/interrupts.js';
import type { CaseResult, Evidence, RunReport } from '../../suites/core/types.js';
import { getProfile } from '../../suites/registry.js';
import { makeCert } from '../helpers/s-server.js';
import { BEHAVIOURS, startHostileServer, type Behaviour, type HostileOptions, type HostileServer } from '../helpers/hostile-server.js';

/** The case timeout of every run (ms). */
const TIMEOUT = 1500;
/** Late timers on a loaded 2-core machine: a case may end this much after its timeout. */
const LATE = 1000;
/**
 * A case that builds a bulk body (10 MiB for X-Max-Size) does so synchronously, and no timer
 * fires meanwhile: on a loaded 2-core machine that has taken 1.7 s (CI). Still bounded.
 */
const BULK_LATE = 2500;
/** The probe's default body bound (suites/core/runner.ts). */
const MAX_BODY = 32 * 1024 * 1024;
/** What sits between the server's writes and the client's reads: TLS and socket buffers. */
const IN_FLIGHT = 16 * 1024 * 1024;
const MB = 1024 * 1024;
const VERDICTS = ['pass', 'fail', 'warn', 'skip', 'error', 'info'];
/**
 * A body cut by the server's RST. The client may not have read all 262144 octets when the
 * RST lands (it drops what was not read yet), and node may report it as a close: both are
 * "cut, by the server", which is what the suite must say.
 */
const RESET_BODY = /body cut at \d+ of 1048576 octets \(status 200\): (connection reset by the server|the server closed the connection)/;

const profile = getProfile('taxii2-predraft')!;
/** The cases that build a bulk request body (a step with `generate`). */
const BULK = new Set(profile.cases().filter((c) => JSON.stringify(c.steps).includes('"generate"')).map((c) => c.id));

let dir: string;
let cert: string;
let key: string;

/** node's gc(), there when the file runs under --expose-gc. */
const forceGc = (globalThis as { gc?: () => void }).gc;

beforeAll(async () => {
  // Without it the runs below would not force collections, and a timer held only weakly could pass unseen.
  expect(typeof forceGc, 'this file must run under node --expose-gc (vitest.config.ts execArgv)').toBe('function');
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'taxii-conform-hostile-'));
  const c = await makeCert(dir, 'hostile');
  cert = fs.readFileSync(c.cert, 'utf8');
  key = fs.readFileSync(c.key, 'utf8');
});

afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

interface Attack {
  behaviour: Behaviour;
  /** Requests answered validly first (5: the whole setup). */
  friendly?: number;
  pick?: HostileOptions['pick'];
  args?: Partial<RunArgs>;
  /** Called once the run started (Ctrl-C tests). */
  during?: (srv: HostileServer) => void;
}

interface Outcome {
  code: number;
  report: RunReport;
  ms: number;
  /** Peak RSS during the run minus RSS before it (MB). */
  rssGrowthMb: number;
  /** Cases the run selected (what the report must account for). */
  selected: string[];
  /** The largest body one connection of the server wrote, and all connections together. */
  maxBodyWritten: number;
  totalBodyWritten: number;
  /** The most octets one connection of the server wrote on TCP (TLS records included). */
  maxTcpWritten: number;
  connections: number;
  /** Server-side sockets still open 1 s after run() returned. */
  socketsLeft: number;
  /** Active handles and timers made by the run that are still there afterwards. */
  leftovers: string[];
  stderr: string;
  /** The cleanup's time: from the report's end (built before the cleanup) to run()'s return. */
  cleanupMs: number;
  /** Requests the server got, by method. */
  methods: Map<string, number>;
  /** performance.now() when run() returned. */
  endedAt: number;
}

/** Resources that keep a process alive, by type (timers, sockets, servers). */
function liveResources(): Map<string, number> {
  const m = new Map<string, number>();
  for (const r of process.getActiveResourcesInfo()) m.set(r, (m.get(r) ?? 0) + 1);
  return m;
}

async function attack(a: Attack): Promise<Outcome> {
  const before = liveResources();
  const srv = await startHostileServer({ behaviour: a.behaviour, cert, key, friendlyRequests: a.friendly ?? 0, ...(a.pick ? { pick: a.pick } : {}) });
  const reportDir = fs.mkdtempSync(path.join(dir, `${a.behaviour}-`));
  const args: RunArgs = {
    url: srv.url,
    profile: 'taxii2-predraft',
    user: 'u',
    password: 'p',
    insecure: true,
    gate: 'must',
    'report-dir': reportDir,
    format: 'json',
    concurrency: 8,
    timeout: TIMEOUT,
    'read-only': false,
    verbose: false,
    ...a.args,
  };
  const selected = selectCases(profile.cases(), args.area, args.case).map((c) => c.id);
  const rss0 = process.memoryUsage().rss;
  let peak = rss0;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 50);
  const collector = setInterval(() => forceGc!(), 200);
  const errWrite = process.stderr.write.bind(process.stderr);
  let stderr = '';
  process.stderr.write = ((s: string | Uint8Array) => {
    stderr += String(s);
    return true;
  }) as typeof process.stderr.write;
  const t0 = performance.now();
  let code: number;
  try {
    const running = run(args, () => undefined);
    a.during?.(srv);
    code = await running;
  } finally {
    process.stderr.write = errWrite;
    clearInterval(sampler);
    clearInterval(collector);
  }
  const endedAt = performance.now();
  const ms = endedAt - t0;
  const report = JSON.parse(fs.readFileSync(path.join(reportDir, 'report.json'), 'utf8')) as RunReport;
  const socketsLeft = await srv.waitForNoSockets(1000);
  const outcome = {
    code,
    report,
    ms,
    rssGrowthMb: (peak - rss0) / 1e6,
    selected,
    maxBodyWritten: srv.maxBodyBytesWritten(),
    totalBodyWritten: srv.connections.reduce((n, c) => n + c.bodyBytesWritten, 0),
    maxTcpWritten: Math.max(0, ...srv.connections.map((c) => c.tcpBytesWritten)),
    connections: srv.connections.length,
    socketsLeft,
    stderr,
    cleanupMs: ms - report.durationMs,
    endedAt,
    methods: srv.requests.reduce((m, r) => m.set(r.method, (m.get(r.method) ?? 0) + 1), new Map<string, number>()),
  };
  await srv.close();
  // Give closed handles a tick to leave the list, then compare with what was there before.
  await new Promise((r) => setTimeout(r, 20));
  const leftovers: string[] = [];
  // An Immediate runs on the loop's next turn whatever happens: one queued by a concurrent test
  // at this instant is no leak (timers, sockets and handles are).
  for (const [type, n] of liveResources()) if (type !== 'Immediate' && n > (before.get(type) ?? 0)) leftovers.push(`${type} ×${n - (before.get(type) ?? 0)}`);
  const o: Outcome = { ...outcome, leftovers };
  console.log(summary(a, o));
  return o;
}

function summary(a: Attack, o: Outcome): string {
  const counts = new Map<string, number>();
  for (const c of o.report.cases) counts.set(c.verdict, (counts.get(c.verdict) ?? 0) + 1);
  const slowest = [...o.report.cases].sort((x, y) => y.durationMs - x.durationMs)[0];
  return (
    `${a.behaviour}${a.friendly ? ' (after setup)' : ''}: exit ${o.code} in ${Math.round(o.ms)} ms, ` +
    `${o.report.cases.length} cases ${JSON.stringify(Object.fromEntries(counts))}, slowest ${slowest ? `${slowest.id} ${slowest.durationMs} ms` : '-'}, ` +
    `body written max ${o.maxBodyWritten} / total ${o.totalBodyWritten} octets over ${o.connections} connections, ` +
    `RSS +${o.rssGrowthMb.toFixed(0)} MB, sockets left ${o.socketsLeft}, leftovers [${o.leftovers.join(', ')}], ` +
    `cleanup ${Math.round(o.cleanupMs)} ms: ${o.methods.get('DELETE') ?? 0} DELETEs, ${o.report.leftovers?.length ?? 0} left on the target` +
    `\n  notes: ${JSON.stringify(o.report.notes ?? [])}` +
    `\n  first message: ${o.report.cases.find((c) => c.verdict === 'error' || c.verdict === 'fail')?.message ?? '-'}`
  );
}

/** One run per key, shared by the tests that look at it. */
const runs = new Map<string, Promise<Outcome>>();
function once(key: string, a: Attack): () => Promise<Outcome> {
  return () => {
    let p = runs.get(key);
    if (!p) {
      p = attack(a);
      runs.set(key, p);
    }
    return p;
  };
}

/** What every run must show, whatever the target did. */
function expectSound(o: Outcome, opts: { caseBound?: (c: CaseResult) => boolean } = {}): void {
  // The run ended (we are here), and wrote a report that accounts for every selected case,
  // An unreachable target (exit 3): the report says so and lists every case as not run.
  if (o.code === 3) {
    expect(o.report.cases.map((c) => c.id).sort()).toEqual([...o.selected].sort());
    expect(o.report.cases.every((c) => c.verdict === 'error' && c.message.startsWith('not run: target unreachable'))).toBe(true);
    expect(o.report.notes?.join('\n')).toMatch(/target unreachable: /);
    expect(o.stderr).toMatch(/taxii-conform: target unreachable: /);
  } else {
    expect(o.report.cases.map((c) => c.id).sort()).toEqual([...o.selected].sort());
  }
  for (const c of o.report.cases) {
    expect(VERDICTS, c.id).toContain(c.verdict);
    expect(c.message, `${c.id} has no internal error`).not.toMatch(/internal error/);
    // Within its timeout (TLS cases are held to it separately: see the it.fails below).
    if (c.area !== 'tls' && (opts.caseBound?.(c) ?? true)) expect(c.durationMs, `${c.id} ${c.verdict}: ${c.message}`).toBeLessThanOrEqual(TIMEOUT + LATE + (BULK.has(c.id) ? BULK_LATE : 0));
    for (const ev of c.evidence) {
      if (ev.kind === 'http' && ev.response) expect(ev.response.bodyBytes, c.id).toBeLessThanOrEqual(MAX_BODY + 1024 * 1024);
    }
  }
  expect(o.report.summary.total).toBe(o.report.cases.length);
  // No body past the bound: what one connection of the server got to write is the bound plus
  // what TLS and the sockets hold in between, nowhere near the 1 GiB a server may offer.
  expect(o.maxBodyWritten).toBeLessThanOrEqual(MAX_BODY + IN_FLIGHT);
  // Nothing left behind.
  expect(o.socketsLeft, 'server-side sockets still open after the run').toBe(0);
  expect(o.leftovers, 'handles or timers left by the run').toEqual([]);
}

/** What a probe said went wrong in one exchange (HTTP transport error, TLS answer, DNS error). */
function evidenceError(e: Evidence): string {
  return e.kind === 'tls' ? e.answer.detail : (e.error ?? '');
}

/** Errors of a run's cases and their evidence, one string (messages and probe errors). */
function said(o: Outcome): string {
  return o.report.cases.flatMap((c) => [c.message, ...c.evidence.map(evidenceError)]).join('\n');
}

// -----------------------------------------------------------------------------------------
// From the first request: the suite's setup meets the behaviour.

describe('a hostile target from the first request', () => {
  const discoveryOnly = { area: ['discovery'] };
  const unreachable: [Behaviour, RegExp][] = [
    ['silent', /timed out in the TLS handshake with https:\/\/127\.0\.0\.1:\d+: the server accepted the TCP connection and never completed a TLS handshake/],
    ['tls-silent', /timed out waiting for response headers \(after \d+ ms\)/],
    ['slow-loris', /timed out waiting for response headers \(after \d+ ms\)/],
    ['garbage', /TLS handshake failed: the server did not answer with TLS \(wrong version number/],
    ['huge-headers', /response headers larger than 16384 octets: not read/],
  ];
  for (const [b, message] of unreachable) {
    const get = once(`start:${b}`, { behaviour: b, args: discoveryOnly });
    it(`${b}: exit 3 (target unreachable) within the timeout, saying why`, async () => {
      const o = await get();
      expectSound(o);
      expect(o.code).toBe(3);
      expect(o.report.notes?.join('\n')).toMatch(message);
      expect(o.ms).toBeLessThan(TIMEOUT + 1500);
    });
  }

  const stall = once('start:headers-stall', { behaviour: 'headers-stall', args: discoveryOnly });
  it('headers-stall: ends within the timeout, saying the body never came', async () => {
    const o = await stall();
    expectSound(o);
    expect([1, 3]).toContain(o.code);
    expect([...(o.report.notes ?? []), ...o.report.cases.map((c) => c.message)].join('\n')).toMatch(/timed out reading the response body: 0 of 4096 octets received after status 200/);
    expect(o.ms).toBeLessThan(TIMEOUT + 1500);
  });

  const reset = once('start:reset-mid-body', { behaviour: 'reset-mid-body', args: discoveryOnly });
  it('reset-mid-body: ends at once, saying where the body was cut', async () => {
    const o = await reset();
    expectSound(o);
    expect([1, 3]).toContain(o.code);
    expect(o.report.notes?.join('\n')).toMatch(RESET_BODY);
    expect(o.ms).toBeLessThan(1500);
  });

  // Contract: exit 3 only when the target never answers setup at all. These two did answer
  // (a status line and headers) and then broke: exit 1 with a setup problem. Needs
  // suites/taxii2-predraft/setup.ts to use HttpExchange.partial (docs/hostile-targets.md).
  it('headers-stall and reset-mid-body: exit 1, not 3 (they answered; needs the setup.ts change)', async () => {
    expect((await stall()).code).toBe(1);
    expect((await reset()).code).toBe(1);
  });

  const redirect = once('start:redirect-loop', { behaviour: 'redirect-loop', args: { area: ['discovery', 'api-base'] } });
  it('redirect-loop: ends at once without following the loop, every case a verdict', async () => {
    const o = await redirect();
    expectSound(o);
    expect(o.connections).toBeLessThanOrEqual(2); // setup's GET; no redirect is followed
    expect(o.ms).toBeLessThan(1500);
  });
  // A 302 on the Discovery URL is no TAXII answer: the gate must fail. Today setup notes no
  // problem, every case skips ("the run started from an API Base URL"), and the gate passes.
  it('redirect-loop: exit 1 with a setup problem naming the 302 (needs the setup.ts change)', async () => {
    const o = await redirect();
    expect(o.code).toBe(1);
    expect(o.report.notes?.join('\n')).toMatch(/302/);
  });

  it('invalid-json: exit 1, setup problem noted, no crash', async () => {
    const o = await once('start:invalid-json', { behaviour: 'invalid-json', args: discoveryOnly })();
    expectSound(o);
    expect(o.code).toBe(1);
    expect(o.report.notes?.join('\n')).toMatch(/setup problem: .* answered 200 with neither a discovery nor an api-status message/);
  });

  it('wrong-content-type: the media type is reported (a SHOULD: gate should fails, exit 1)', async () => {
    const o = await once('start:wrong-content-type', { behaviour: 'wrong-content-type', args: { area: ['discovery', 'api-base'], gate: 'should' } })();
    expectSound(o);
    expect(o.code).toBe(1);
    expect(said(o)).toMatch(/expected Content-Type application\/taxii\+json; got Content-Type text\/html/);
  });

  for (const b of ['endless-body', 'giant-body'] as const) {
    it(`${b}: setup reads up to the bound and no further, exit 1`, async () => {
      const o = await once(`start:${b}`, { behaviour: b, args: discoveryOnly })();
      expectSound(o);
      expect(o.code).toBe(1);
      // Cut at the bound, or (a loaded machine, a collection every 200 ms) timed out before it.
      const notes = o.report.notes?.join('\n') ?? '';
      expect(notes).toMatch(/setup problem: .* (answered 200 with neither a discovery nor an api-status message|answered status 200 but the body failed: timed out reading the response body: \d+( of \d+)? octets)/);
      if (/neither/.test(notes)) expect(o.maxBodyWritten).toBeGreaterThan(MAX_BODY); // it did offer more than the bound
      expect(o.rssGrowthMb).toBeLessThan(200);
    });
  }
});

// -----------------------------------------------------------------------------------------
// After setup: the cases meet the behaviour.

describe('a hostile target after a valid setup', () => {
  const few = { area: ['discovery'] };
  const some = { area: ['discovery', 'api-base', 'schemas'] };

  const cases: [Behaviour, Partial<RunArgs>, RegExp][] = [
    ['tls-silent', few, /timed out waiting for response headers \(after \d+ ms\)/],
    ['headers-stall', few, /timed out reading the response body: 0 of 4096 octets received after status 200/],
    ['slow-loris', few, /timed out waiting for response headers/],
    ['reset-mid-body', some, RESET_BODY],
    ['garbage', some, /invalid HTTP response: not HTTP\/1\.1 \(Expected HTTP\//],
    ['huge-headers', some, /response headers larger than 16384 octets: not read/],
  ];
  for (const [b, args, message] of cases) {
    const get = once(`after:${b}`, { behaviour: b, friendly: 5, args });
    it(`${b}: every case ends in error within its timeout, saying why; exit 1`, async () => {
      const o = await get();
      expectSound(o);
      expect(o.code).toBe(1);
      const ran = o.report.cases.filter((c) => c.verdict !== 'skip');
      expect(ran.length).toBeGreaterThan(0);
      for (const c of ran) {
        expect(c.verdict, `${c.id}: ${c.message}`).toBe('error');
        // The probe's words are in the evidence (and, for all but timeouts, in the message).
        expect([c.message, ...c.evidence.map(evidenceError)].join('\n'), c.id).toMatch(message);
      }
    });
  }

  // The case message of a timeout is "timed out after 1500 ms (GET …)": the executor drops
  // the probe's phase (headers or body). Needs the case-executor.ts change.
  it('tls-silent and headers-stall: the case message names the phase (needs the case-executor.ts change)', async () => {
    const a = await once('after:tls-silent', { behaviour: 'tls-silent', friendly: 5, args: few })();
    const b = await once('after:headers-stall', { behaviour: 'headers-stall', friendly: 5, args: few })();
    for (const c of a.report.cases.filter((c) => c.verdict === 'error')) expect(c.message).toMatch(/waiting for response headers/);
    for (const c of b.report.cases.filter((c) => c.verdict === 'error')) expect(c.message).toMatch(/reading the response body/);
  });

  it('redirect-loop: cases fail on the 302 (never follow it), exit 1', async () => {
    const o = await once('after:redirect-loop', { behaviour: 'redirect-loop', friendly: 5, args: some })();
    expectSound(o);
    expect(o.code).toBe(1);
    expect(said(o)).toMatch(/expected status 200; got status 302/);
    // One request per step: the suite made no request of its own to the Location.
    expect(o.connections).toBeLessThanOrEqual(5 + 40);
  });

  it('invalid-json: cases fail saying the body is not JSON, exit 1', async () => {
    const o = await once('after:invalid-json', { behaviour: 'invalid-json', friendly: 5, args: some })();
    expectSound(o);
    expect(o.code).toBe(1);
    expect(said(o)).toMatch(/got body is not JSON/);
    expect(o.report.cases.filter((c) => c.verdict === 'fail').length).toBeGreaterThan(5);
  });

  for (const b of ['endless-body', 'giant-body'] as const) {
    it(`${b}: cut at the bound (or timed out), memory bounded, exit 1`, async () => {
      const o = await once(`after:${b}`, { behaviour: b, friendly: 5, args: some })();
      expectSound(o);
      expect(o.code).toBe(1);
      for (const c of o.report.cases.filter((c) => c.verdict !== 'skip' && c.verdict !== 'pass' && c.verdict !== 'warn' && c.verdict !== 'info')) {
        expect(c.message, c.id).toMatch(/body cut at 33554432 octets \(too large to parse\)|timed out/);
      }
      expect(o.rssGrowthMb).toBeLessThan(200);
    });
  }
});

// -----------------------------------------------------------------------------------------
// All areas, each request meeting another behaviour.

describe('all areas against a target that misbehaves a different way each request', () => {
  const mix: Behaviour[] = ['reset-mid-body', 'garbage', 'redirect-loop', 'invalid-json', 'huge-headers', 'wrong-content-type', 'headers-stall', 'tls-silent'];
  const get = once('chaos', { behaviour: 'invalid-json', friendly: 5, pick: (n) => mix[n % mix.length]!, args: {} });

  it('every case of every area ends with a verdict within its timeout, nothing left behind, exit 1', async () => {
    const o = await get();
    expectSound(o);
    expect(o.code).toBe(1);
    expect(new Set(o.report.cases.map((c) => c.area))).toEqual(new Set(profile.areas));
    const messages = said(o);
    for (const m of [RESET_BODY, /invalid HTTP response/, /got status 302/, /body is not JSON/, /response headers larger than/, /timed out/]) {
      expect(messages).toMatch(m);
    }
  });
});

// -----------------------------------------------------------------------------------------
// The tls area needs no setup: its probes meet the behaviour themselves.

describe('the tls area against a server that never speaks TLS', () => {
  const tlsCases = { case: ['tls.baseline-suite', 'tls.refuses-tls10', 'tls.accepted-suites', 'tls.certificate-current'] };
  const silent = once('tls:silent', { behaviour: 'silent', args: tlsCases });

  it('silent: every case ends in error saying the ClientHello got no answer, exit 1', async () => {
    const o = await silent();
    expectSound(o);
    expect(o.code).toBe(1);
    for (const c of o.report.cases) {
      expect(c.verdict, c.id).toBe('error');
      expect(c.message, c.id).toMatch(/timeout after 1500 ms|timed out after 1500 ms|incomplete: \d+ probe\(s\) failed/);
    }
  });

  // TLS steps get neither the case's deadline nor its signal: tls.accepted-suites retries a
  // timed-out handshake and takes 2 × --timeout (more with more versions), and Ctrl-C does
  // not stop it. Needs the case-executor.ts / tls-step.ts / tls.ts change.
  it('silent: tls.accepted-suites ends within its timeout (needs the executor and TLS probe change)', async () => {
    const c = (await silent()).report.cases.find((x) => x.id === 'tls.accepted-suites')!;
    expect(c.durationMs).toBeLessThanOrEqual(TIMEOUT + LATE);
  });

  it('garbage: no TLS case passes against a port that answers plain bytes, exit 1', async () => {
    const o = await once('tls:garbage', { behaviour: 'garbage', args: tlsCases })();
    expectSound(o);
    expect(o.code).toBe(1);
    for (const c of o.report.cases) {
      expect(c.verdict, c.id).toBe('error');
      expect(c.message, c.id).toMatch(/wrong version number|not TLS: the first octets are 48 54 54 50|incomplete/);
    }
  });

  // The raw ClientHello's reader (suites/probes/tls-raw/): a record header over TLS's limit is
  // refused at the header, however much follows; a trickled ServerHello ends at the timeout.
  it('tls-huge-record: every case ends in error at once, saying so; the flood is not read', async () => {
    const o = await once('tls:tls-huge-record', { behaviour: 'tls-huge-record', args: tlsCases })();
    expectSound(o);
    expect(o.code).toBe(1);
    for (const c of o.report.cases) {
      expect(c.verdict, c.id).toBe('error');
      expect(c.message, c.id).toMatch(/record length 65535 is over TLS's limit of 18432 octets|packet length too long|incomplete/);
      expect(c.durationMs, c.id).toBeLessThan(TIMEOUT);
    }
    // What the server got to write before each probe hung up: socket buffers, not a flood.
    expect(o.maxTcpWritten).toBeGreaterThan(0);
    expect(o.maxTcpWritten).toBeLessThanOrEqual(IN_FLIGHT);
  });

  it('tls-trickle: every case ends in error within its timeout', async () => {
    const o = await once('tls:tls-trickle', { behaviour: 'tls-trickle', args: tlsCases })();
    expectSound(o);
    expect(o.code).toBe(1);
    for (const c of o.report.cases) {
      expect(c.verdict, c.id).toBe('error');
      expect(c.message, c.id).toMatch(/timed out after 1500 ms|timeout after 1500 ms|incomplete/);
      expect(c.durationMs, c.id).toBeLessThanOrEqual(TIMEOUT + LATE);
    }
  });
});

// -----------------------------------------------------------------------------------------
// Ctrl-C.

describe('Ctrl-C during a run', () => {
  const interrupt = (): void => {
    setTimeout(() => process.emit('SIGINT'), 300);
  };
  const long = { timeout: 60_000 };

  it('while cases hang: returns promptly, exit 1, partial report saying so, every case a verdict', async () => {
    const o = await once('sigint:cases', { behaviour: 'tls-silent', friendly: 5, args: { ...long, area: profile.areas.filter((a) => a !== 'tls') }, during: interrupt })();
    expectSound(o, { caseBound: () => false });
    expect(o.code).toBe(1);
    expect(o.ms).toBeLessThan(300 + 2000);
    expect(o.report.notes).toContain('run interrupted: the report is partial');
    const messages = new Set(o.report.cases.filter((c) => c.verdict === 'error').map((c) => c.message.replace(/\(.*$/, '').trim()));
    for (const m of messages) expect(m).toMatch(/^(interrupted|not run: interrupted)/);
    expect(o.report.cases.some((c) => c.message === 'not run: interrupted')).toBe(true);
  });

  // The never-answering server: Ctrl-C lands in setup. Today the aborted setup request is
  // taken for an unreachable target: exit 3, no case in the report. Needs the runner.ts change.
  it('while setup hangs: exit 1, partial report saying so, every selected case a verdict (needs the runner.ts change)', async () => {
    const o = await once('sigint:setup', { behaviour: 'silent', args: { ...long, area: ['discovery'] }, during: interrupt })();
    expect(o.ms).toBeLessThan(300 + 2000);
    expect(o.code).toBe(1);
    expect(o.report.notes).toContain('run interrupted: the report is partial');
    expect(o.report.cases.map((c) => c.id).sort()).toEqual([...o.selected].sort());
  });

  it('while setup hangs: returns promptly and leaves nothing behind', async () => {
    const o = await once('sigint:setup', { behaviour: 'silent', args: { ...long, area: ['discovery'] }, during: interrupt })();
    expect(o.ms).toBeLessThan(300 + 2000);
    expect([1, 3]).toContain(o.code);
    expect(o.report.notes?.join('\n')).toMatch(/interrupted/);
    expect(o.socketsLeft).toBe(0);
    expect(o.leftovers).toEqual([]);
  });
});

// -----------------------------------------------------------------------------------------
// Setup meets the stall later on (the Discovery answered, then the API Base, the token, the
// channels or the collections request stalls or trickles), with collections forced all along.

describe('a target that stalls or trickles later in setup, garbage collected every 200 ms', () => {
  const runs: [Behaviour, number][] = [
    ['tls-silent', 1],
    ['slow-loris', 1],
    ['headers-stall', 2],
    ['tls-silent', 3],
    ['slow-loris', 4],
  ];
  for (const [b, friendly] of runs) {
    it(`${b} from setup request ${friendly + 1} on: every request ends at its time limit, the run ends`, async () => {
      const o = await once(`setup-gc:${friendly}:${b}`, { behaviour: b, friendly, args: { area: ['discovery'] } })();
      expectSound(o);
      expect(o.code).toBe(1);
      // At most the 5 requests of setup, then one wave of cases (concurrency 8), each at its limit.
      expect(o.ms).toBeLessThan(5 * TIMEOUT + TIMEOUT + LATE);
      expect([...(o.report.notes ?? []), ...o.report.cases.map((c) => c.message)].join('\n')).toMatch(/timed out/);
    });
  }
});

// -----------------------------------------------------------------------------------------
// The cleanup: every write answered 201, every DELETE hangs.

describe('a target whose DELETEs hang', () => {
  /** Writes succeed; the DELETEs of the cleanup never get an answer. */
  const pick: HostileOptions['pick'] = (_n, _path, method) => (method === 'DELETE' ? 'tls-silent' : 'accepted');
  const writes = { area: ['names'], concurrency: 4 };
  const leftoverShape = /^(channel|collection) .* \(from names\.[a-z0-9-]+\): (timed out .*|not sent: the cleanup's time .*ran out)$/;

  it(`the cleanup ends within ${CLEANUP_TIMEOUTS} × --timeout, DELETEs 4 at a time, and the report lists what is left`, async () => {
    const o = await once('cleanup:accepted', { behaviour: 'accepted', friendly: 5, pick, args: writes })();
    expectSound(o);
    const left = o.report.leftovers ?? [];
    expect(left.length).toBeGreaterThanOrEqual(10); // every names case created one
    for (const l of left) expect(l).toMatch(leftoverShape);
    // Two late timers (the last DELETE's and the cleanup's) and the report's writing on top.
    expect(o.cleanupMs).toBeLessThan(CLEANUP_TIMEOUTS * TIMEOUT + 2 * LATE);
    // 4 at a time for 2 × the timeout: 8 sent, the rest listed as not sent.
    expect(o.methods.get('DELETE')).toBeLessThanOrEqual(4 * CLEANUP_TIMEOUTS);
    expect(left.filter((l) => l.includes(`not sent: the cleanup's time (${CLEANUP_TIMEOUTS * TIMEOUT} ms) ran out`)).length).toBe(left.length - o.methods.get('DELETE')!);
  });

  it('Ctrl-C during the cleanup shortens it; a second says what is left and the report is still written; a third quits', async () => {
    const exits: (number | undefined)[] = [];
    const exit = process.exit;
    let firstPress = 0;
    const presses = (srv: HostileServer): void => {
      // The first press once the cleanup has started (a DELETE reached the server), then two more.
      const poll = setInterval(() => {
        if (!srv.requests.some((r) => r.method === 'DELETE')) return;
        clearInterval(poll);
        firstPress = performance.now();
        process.emit('SIGINT');
        setTimeout(() => process.emit('SIGINT'), 300);
        setTimeout(() => {
          process.exit = ((code?: number) => void exits.push(code)) as typeof process.exit;
          try {
            process.emit('SIGINT');
          } finally {
            process.exit = exit;
          }
        }, 600);
      }, 20);
    };
    // A long --timeout: without Ctrl-C the cleanup could take 2 minutes.
    const o = await once('cleanup:sigint', { behaviour: 'accepted', friendly: 5, pick, args: { ...writes, timeout: 60_000 }, during: presses })();
    expect(o.code).toBe(1); // the names cases that expect a 400 got a 201
    expect(firstPress).toBeGreaterThan(0);
    expect(o.endedAt - firstPress).toBeLessThan(INTERRUPTED_CLEANUP_MS + LATE);
    expect(o.stderr).toMatch(/taxii-conform: cleanup is running: \d+ of \d+ resource\(s\) the run created still to delete \(.+\); it ends within \d+ s, and the report lists what is left; Ctrl-C again to quit at once, without a report/);
    expect(o.stderr).toMatch(/taxii-conform: quitting at once: no report written; \d+ resource\(s\) the run created may be left on the target: /);
    expect(exits).toEqual([EXIT_QUIT]);
    const left = o.report.leftovers ?? [];
    expect(left.length).toBeGreaterThanOrEqual(10);
    for (const l of left) expect(l).toMatch(/^(channel|collection) .* \(from names\.[a-z0-9-]+\): (timed out .*|not sent: the cleanup's time after Ctrl-C \(5000 ms\) ran out)$/);
    expect(o.socketsLeft).toBe(0);
    expect(o.leftovers).toEqual([]);
  });
});

it('covers every behaviour of the hostile server', () => {
  const keys = [...runs.keys()];
  for (const b of BEHAVIOURS) expect(keys.some((k) => k.endsWith(`:${b}`)), b).toBe(true);
});
