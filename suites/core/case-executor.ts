// Runs one declarative case: its steps in order, each run by its step kind (steps.ts), the
// checks folded into one verdict. A case never throws: every outcome is a verdict.
import type { CaseResult, CheckResult, Evidence, ExchangeTimes, LoadedCase, Step, Verdict } from './types.js';
import { formatServer, type DnsServer } from '../probes/dns.js';
import type { Profile } from './profile.js';
import type { HttpTransport, HttpRequest } from '../probes/http.js';
import { assertionKindOf, evaluateAs, type AssertionEnv } from './assertions.js';
import { stepKindOf, stepSpec } from './steps.js';
import { PreconditionUnmet, ProbeFailed, Skip, type StepContext } from './steps/kind.js';
import { expand, MissingVariable } from './template.js';
import { missingFor, type CredentialScope, type Credentials } from './credentials.js';
import { verdictOfFailedCheck, weakerOf, worse } from './levels.js';
import { shq, type Scrubber } from './evidence.js';
import type { RequestBodies } from './request-bodies.js';
import { onAbort, TimeLimit } from './abort.js';
import { clip, clipCheck, clipEvidence, EXCHANGES_KEPT, keptChecks, MESSAGE_CHARS } from './bounds.js';
import { GroupBarrier } from './parallel-group.js';

/** Something a case made on the target and how to undo it, or why it cannot be undone (it is listed as left behind). */
export interface CreatedResource {
  caseId: string;
  description: string;
  undo?: HttpRequest;
  cannotUndo?: string;
}

export interface CaseEnv {
  profile: Profile;
  transport: HttpTransport;
  scrubber: Scrubber;
  creds: Credentials;
  /** Where the credentials may go (the target's origin, --allow-origin, HTTPS only). */
  scope: CredentialScope;
  insecure: boolean;
  runId: string;
  vars: ReadonlyMap<string, string>;
  issuedToken?: string;
  /** Why setup found no value for a variable, in this run (over the profile's general reasons). */
  missing?: ReadonlyMap<string, string>;
  readOnly: boolean;
  timeoutMs: number;
  /** DNS server for DNS steps (--dns-server); the system's when absent. */
  dnsServer?: DnsServer;
  /** Addresses of names learned through that DNS server (SRV targets). */
  hosts?: ReadonlyMap<string, string[]>;
  /** Aborted on Ctrl-C. */
  signal: AbortSignal;
  /** Records a resource to delete at the end of the run. */
  track(r: CreatedResource): void;
  /** Where bodies too long for a curl line are written, so the line can name them. */
  requestBodies?: RequestBodies;
}

/** The items of a list variable (a JSON array of strings). */
function listVariable(vars: ReadonlyMap<string, string>, name: string): string[] {
  const raw = vars.get(name);
  if (raw === undefined) throw new MissingVariable(name);
  const list: unknown = JSON.parse(raw);
  if (!Array.isArray(list)) throw new Error(`{${name}} is not a list`);
  return list.map(String);
}

/** The abort reason of what a case still runs when it ends. */
const CASE_ENDED = new Error('the case ended');

const sleep = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new Error('aborted'));
    const t = setTimeout(() => {
      leave();
      resolve();
    }, ms);
    const leave = onAbort(signal, () => {
      clearTimeout(t);
      reject(new Error('aborted'));
    });
  });

/** Why the run has no value for `name`: setup's reason in this run, else the profile's general one. */
function missingReason(env: CaseEnv, name: string): string | undefined {
  return env.missing?.get(name) ?? env.profile.variableReasons[name];
}

function needReason(c: LoadedCase, env: CaseEnv): string | undefined {
  for (const need of c.needs ?? []) {
    if (need === 'write' && env.readOnly) return 'writes to the target and the run is --read-only';
    if (need === 'credentials' && missingFor('default', env.creds, env.issuedToken)) return 'needs credentials (--user/--password, --token or --client-cert)';
    if (need === 'discovery' && !env.vars.has('discovery')) return missingReason(env, 'discovery') ?? 'no Discovery URL';
    if (need === 'token' && !env.issuedToken && !env.creds.token) return missingReason(env, 'token') ?? 'no bearer token';
    if (need === 'srv' && !env.vars.has('srvDomain')) return 'tests DNS SRV discovery: run with --srv <domain>';
  }
  return undefined;
}

/**
 * `taxii-conform run '<target>' --case <id> …`: re-runs one case, for what no other tool can
 * replay. With the run's --srv and --dns-server, so that names learned by SRV still resolve.
 */
function rerunLine(caseId: string, vars: ReadonlyMap<string, string>, env: CaseEnv): string {
  const parts = ['taxii-conform', 'run', shq(vars.get('target') ?? '<url>'), '--profile', env.profile.id, '--case', caseId];
  if (env.insecure) parts.push('--insecure');
  // The user's client certificate, by the files it was read from (the passphrase stays in the environment).
  const id = env.creds.clientCert;
  if (id?.certPath !== undefined && id.keyPath !== undefined) parts.push('--client-cert', shq(id.certPath), '--client-key', shq(id.keyPath));
  const srv = vars.get('srvDomain');
  if (srv) parts.push('--srv', srv);
  if (env.dnsServer) parts.push('--dns-server', formatServer(env.dnsServer));
  return parts.join(' ');
}

/** One case, always to a verdict: whatever escapes the steps' own handling is an error of the case. */
export async function executeCase(c: LoadedCase, env: CaseEnv): Promise<CaseResult> {
  const started = performance.now();
  // The case's time limit, held here (not AbortSignal.timeout/any: see ./abort.ts).
  const limit = new TimeLimit(env.timeoutMs, env.signal);
  try {
    return await runCase(c, env, started, limit);
  } catch (e) {
    let message = 'internal error';
    try {
      message = clip(env.scrubber.scrub(`internal error: ${(e as Error)?.message ?? String(e)}`));
    } catch {
      // The scrubber itself failed: no detail, rather than an unscrubbed one.
    }
    return { id: c.id, area: c.area, level: c.level, title: c.title, requirements: c.requirements, verdict: 'error', durationMs: Math.round(performance.now() - started), message, checks: [], evidence: [] };
  } finally {
    // Clears the timer, and ends what may still run (the other requests of a parallel step).
    limit.stop(CASE_ENDED);
  }
}

async function runCase(c: LoadedCase, env: CaseEnv, started: number, limit: TimeLimit): Promise<CaseResult> {
  const checks: CheckResult[] = [];
  // Checks that missed only by time (an assertion kind's loadSensitive): a group retries them.
  const lateOnly = new WeakSet<CheckResult>();
  const evidence: Evidence[] = [];
  /** Exchanges past EXCHANGES_KEPT: counted, not kept. */
  let exchangesDropped = 0;
  const keep = (ev: Evidence): void => {
    if (evidence.length < EXCHANGES_KEPT) evidence.push(clipEvidence(ev));
    else exchangesDropped++;
  };
  const vars = new Map(env.vars);
  const signal = limit.signal;
  let verdict: Verdict = 'pass';
  let message = '';
  /** What the probes saw, for the report (TLS offers and answers, SRV records). */
  const notes: string[] = [];
  /** The latest exchange of each named step: what assertions relating exchanges read. */
  const timeline = new Map<string, ExchangeTimes>();
  /** The parallel group running now, if any. */
  let group: GroupBarrier | undefined;

  const finish = (): CaseResult => {
    // What the server put into the checks' words is scrubbed of secrets, then cut (bounds.ts).
    const scrubbed = checks.map((k) => clipCheck({ ...k, expected: env.scrubber.scrub(k.expected), actual: env.scrubber.scrub(k.actual) }));
    const { kept, dropped } = keptChecks(scrubbed);
    const omitted = [dropped > 0 ? `${dropped} more check(s)` : '', exchangesDropped > 0 ? `${exchangesDropped} more exchange(s)` : ''].filter(Boolean);
    const failed = scrubbed.filter((ch) => !ch.ok);
    if (verdict === 'pass' || verdict === 'warn' || verdict === 'fail') {
      for (const f of failed) verdict = worse(verdict, verdictOfFailedCheck(f.level));
      const first = failed.find((f) => verdictOfFailedCheck(f.level) === 'fail') ?? failed[0];
      message = first
        ? `${first.requirement} (${first.level}): expected ${first.expected}; got ${first.actual}`
        : c.info
          ? ''
          : `${checks.length} check(s) held`;
      if (notes.length) message = message ? `${message} — ${notes.join('; ')}` : notes.join('; ');
      // An observation that ran is reported apart, never as a pass.
      if (c.info && verdict === 'pass') verdict = 'info';
    } else if (verdict === 'error') {
      // A failed MUST seen before the probe broke is the more useful verdict.
      const mustFailed = failed.find((f) => verdictOfFailedCheck(f.level) === 'fail');
      if (mustFailed) {
        verdict = 'fail';
        message = `${mustFailed.requirement} (${mustFailed.level}): expected ${mustFailed.expected}; got ${mustFailed.actual} (then: ${message})`;
      }
    }
    return {
      id: c.id,
      area: c.area,
      level: c.level,
      title: c.title,
      requirements: c.requirements,
      verdict,
      durationMs: Math.round(performance.now() - started),
      // What was left out is said after the cut, whatever the verdict.
      message: clip(env.scrubber.scrub(message), MESSAGE_CHARS) + (omitted.length ? ` (${omitted.join(' and ')} not kept in the report)` : ''),
      checks: kept,
      evidence,
    };
  };

  const why = needReason(c, env);
  if (why) {
    verdict = 'skip';
    message = why;
    return finish();
  }

  const assertionEnv: AssertionEnv = {
    vars,
    validate: env.profile.validate,
    ...(env.profile.decode ? { decode: env.profile.decode.bind(env.profile) } : {}),
    ...(env.profile.wireProblems ? { wireProblems: env.profile.wireProblems.bind(env.profile) } : {}),
    ...(env.profile.contentDifference ? { contentDifference: env.profile.contentDifference.bind(env.profile) } : {}),
    ...(env.profile.describeAnswer ? { describeAnswer: env.profile.describeAnswer.bind(env.profile) } : {}),
    ...(env.profile.recognize ? { recognize: env.profile.recognize.bind(env.profile) } : {}),
  };
  const ctx: StepContext = {
    case: c,
    env,
    vars,
    assertionEnv,
    signal,
    timedOut: () => limit.timedOut,
    keep,
    exchanged: async (step, times) => {
      if (step.name) timeline.set(step.name, times);
      const g = group;
      if (g?.includes(step as Step)) {
        g.arrive(step as Step);
        await g.allArrived;
      }
      return { self: times, steps: timeline };
    },
    exchangeNumber: () => evidence.length + exchangesDropped + 1,
    note: (line, once = false) => {
      if (!once || !notes.includes(line)) notes.push(line);
    },
    judge: (step, subject, seen) => {
      for (const pre of step.require ?? []) {
        const o = evaluateAs(pre, subject, seen, assertionEnv);
        if (!o.ok) throw new PreconditionUnmet(`${pre.reason} (expected ${o.expected}; got ${o.actual})`);
      }
      for (const ch of step.expect ?? []) {
        const check: CheckResult = { requirement: ch.requirement, level: ch.level, ...evaluateAs(ch, subject, seen, assertionEnv), ...weakerOf(ch) };
        if (!check.ok && assertionKindOf(ch)?.loadSensitive) lateOnly.add(check);
        checks.push(check);
      }
    },
    record: (check) => {
      checks.push(check);
    },
    allHeld: () => checks.every((ch) => ch.ok),
    rerunLine: () => rerunLine(c.id, vars, env),
  };

  /** One step, run by its kind, or a parallel group; false when the case must stop here. */
  const runStep = async (step: Step): Promise<boolean> => {
    if (step.note !== undefined) {
      try {
        ctx.note(expand(step.note, ctx.vars), true);
      } catch {
        // a variable the note names is missing: the step itself says so
      }
    }
    if (step.parallel) return runGroup(step, step.parallel);
    const kind = stepKindOf(step);
    if (!kind) throw new Error('a step names no kind');
    return kind.run(stepSpec(step, kind), step, ctx);
  };

  /**
   * A parallel group: all at once, each after its own delay. An attempt in which a member's
   * precondition did not hold is inconclusive (the overlap the group exists for did not
   * happen): its checks are dropped, `beforeRetry` steps run again, and the group runs again
   * with each delay halved, up to `attempts`; every attempt inconclusive skips the case.
   * An attempt whose only misses are upper bounds on time is tried again too (delays kept):
   * one late answer on a loaded machine is not a server that answers late, and a server that
   * does fails every attempt.
   */
  const runGroup = async (step: Step, members: Step[]): Promise<boolean> => {
    const attempts = step.attempts ?? 1;
    let halvings = 0;
    for (let attempt = 1; ; attempt++) {
      if (attempt > 1) {
        for (const name of step.beforeRetry ?? []) {
          const again = c.steps.find((s) => s.name === name);
          if (!again || !(await runStep(again))) return false;
        }
      }
      const checked = checks.length;
      const groupStarted = performance.now();
      const barrier = (group = new GroupBarrier(members));
      const ended = await Promise.allSettled(
        members.map(async (p) => {
          try {
            const delay = Math.round((p.delayMs ?? 0) / 2 ** halvings);
            if (delay > 0) await sleep(delay, signal);
            return await runStep(p);
          } finally {
            barrier.arrive(p);
          }
        }),
      );
      group = undefined;
      const thrown = ended.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
      // A probe that could not run, a missing variable or credential, an abort: no retry helps.
      const hard = thrown.find((e) => !(e instanceof PreconditionUnmet));
      if (hard !== undefined) throw hard;
      if (thrown.length === 0) {
        const missed = checks.slice(checked).filter((ch) => !ch.ok);
        const done = () => ended.every((r) => r.status === 'fulfilled' && r.value);
        if (attempt >= attempts || missed.length === 0 || !missed.every((ch) => lateOnly.has(ch))) return done();
        // Another attempt (its beforeRetry steps and the group) must fit the case's time, or
        // the late answer would turn into a timeout: a server late by its whole wait keeps its verdict.
        if (limit.remainingMs < 3 * (performance.now() - groupStarted)) {
          notes.push(`not tried again: another attempt would not fit the case's time limit`);
          return done();
        }
        checks.length = checked;
        notes.push(`attempt ${attempt} of ${attempts} late, tried again (a bound on time stands on the best attempt): ${missed.map((ch) => `${ch.requirement}: got ${ch.actual}`).join('; ')}`);
        continue;
      }
      const why = (thrown[0] as PreconditionUnmet).message;
      if (attempt >= attempts) throw new Skip(attempts > 1 ? `inconclusive in ${attempts} attempts: ${why}` : why);
      checks.length = checked;
      halvings++;
      notes.push(`attempt ${attempt} of ${attempts} inconclusive: ${why}`);
    }
  };

  try {
    for (const step of c.steps) {
      // forEach: once per item of a list variable, with {item} set.
      const items = step.forEach ? listVariable(vars, step.forEach) : [undefined];
      for (const item of items) {
        if (item !== undefined) vars.set('item', item);
        if (step.delayMs) await sleep(step.delayMs, signal);
        if (!(await runStep(step))) return finish();
      }
    }
  } catch (e) {
    if (e instanceof Skip) {
      verdict = 'skip';
      message = e.message;
    } else if (e instanceof MissingVariable) {
      verdict = 'skip';
      message = missingReason(env, e.variable) ?? `the run has no value for {${e.variable}}`;
    } else if (e instanceof ProbeFailed) {
      verdict = 'error';
      message = e.message;
    } else if (signal.aborted) {
      verdict = 'error';
      message = limit.timedOut ? `timed out after ${env.timeoutMs} ms` : 'interrupted';
    } else {
      verdict = 'error';
      message = `internal error: ${(e as Error).message}`;
    }
  }
  return finish();
}
