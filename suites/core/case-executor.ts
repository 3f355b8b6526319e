// Runs one declarative case: its steps in order, each request through the HTTP probe, the
// checks folded into one verdict. A case never throws: every outcome is a verdict.
import type { Assertion, CaseResult, CheckResult, DnsSpec, Evidence, LoadedCase, RequestSpec, Step, TlsSpec, Verdict } from './types.js';
import { formatServer, srvName, type DnsServer } from '../probes/dns.js';
import { dnsCaptures, dnsEvidence, evaluateDns, runDnsStep, type DnsOutcome } from './dns-step.js';
import { evaluateTls, observation, probeFailure, runTlsStep } from './tls-step.js';
import type { Profile } from './profile.js';
import type { HttpTransport, HttpRequest } from '../probes/http.js';
import { toEvidence } from '../probes/http.js';
import { evaluate, parseBody } from './assertions.js';
import { expand, expandDeep, jsonPointer, MissingVariable } from './template.js';
import { authorize, missingFor, type CredentialScope, type Credentials } from './credentials.js';
import { verdictOfFailedCheck, worse } from './levels.js';
import { bodyNeedsFile, shq, type Scrubber } from './evidence.js';
import type { RequestBodies } from './request-bodies.js';
import { onAbort, TimeLimit } from './abort.js';
import { clip, clipCheck, clipEvidence, EXCHANGES_KEPT, keptChecks, MESSAGE_CHARS } from './bounds.js';

/** Something a case made on the target and how to undo it. */
export interface CreatedResource {
  caseId: string;
  description: string;
  undo: HttpRequest;
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

class Skip extends Error {}

/** The probe could not run (timeout, refused, no DNS answer): the verdict is error. */
class ProbeFailed extends Error {}

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

function needReason(c: LoadedCase, env: CaseEnv): string | undefined {
  for (const need of c.needs ?? []) {
    if (need === 'write' && env.readOnly) return 'writes to the target and the run is --read-only';
    if (need === 'credentials' && missingFor('default', env.creds, env.issuedToken)) return 'needs credentials (--user/--password or --token)';
    if (need === 'discovery' && !env.vars.has('discovery')) return env.profile.variableReasons.discovery ?? 'no Discovery URL';
    if (need === 'token' && !env.issuedToken && !env.creds.token) return env.profile.variableReasons.token ?? 'no bearer token';
    if (need === 'srv' && !env.vars.has('srvDomain')) return 'tests DNS SRV discovery: run with --srv <domain>';
  }
  return undefined;
}

/**
 * Builds the concrete request of a step; throws MissingVariable or Skip. The run's
 * credentials go only where env.scope allows: elsewhere a request in the default mode is
 * built without them (`withheld` is told why), and one whose credential is the point of the
 * step (basic, bearer, a wrong password, a forged token) skips the case.
 */
export async function buildRequest(
  spec: RequestSpec,
  vars: ReadonlyMap<string, string>,
  env: CaseEnv,
  withheld: (why: string) => void = () => undefined,
): Promise<HttpRequest> {
  const url = expand(spec.url, vars);
  // Headers: the profile's defaults, then those of an encoded message (the binding's), then the case's own.
  const headers: Record<string, string> = { accept: env.profile.mediaType };
  let body: string | undefined;
  if (spec.message !== undefined) {
    const expanded = expandDeep(spec.message, vars);
    const enc = env.profile.encode ? env.profile.encode(expanded) : { body: JSON.stringify(expanded), headers: {} };
    body = enc.body;
    for (const [k, v] of Object.entries(enc.headers)) headers[k.toLowerCase()] = v;
  } else if (spec.json !== undefined) body = JSON.stringify(expandDeep(spec.json, vars));
  else if (spec.raw !== undefined) body = expand(spec.raw, vars);
  else if (spec.generate) body = env.profile.generate(spec.generate.kind, spec.generate.bytes, vars);
  for (const [k, v] of Object.entries(spec.headers ?? {})) {
    const key = k.toLowerCase();
    // An empty value (as written, or once expanded) means: send no such header.
    const value = v === '' ? '' : expand(v, vars);
    if (value === '') delete headers[key];
    else headers[key] = value;
  }
  if (body !== undefined && !('content-type' in headers)) headers['content-type'] = spec.contentType ?? env.profile.mediaType;
  const mode = spec.auth ?? 'default';
  const bearer = spec.bearer === undefined ? undefined : expand(spec.bearer, vars);
  // A token the target handed out during the case (e.g. a short-lived one) is a secret too.
  env.scrubber.add(bearer);
  if (bearer === undefined) {
    const missing = missingFor(mode, env.creds, env.issuedToken);
    if (missing) throw new Skip(missing);
  }
  const ctx = { creds: env.creds, runId: env.runId, scope: env.scope, ...(env.issuedToken ? { issuedToken: env.issuedToken } : {}), ...(vars.has('apiBase') ? { audience: vars.get('apiBase') } : {}) };
  const a = await authorize(mode, url, ctx, bearer);
  if (a.withheld !== undefined) {
    if (bearer !== undefined || mode !== 'default') throw new Skip(a.withheld);
    withheld(a.withheld);
  }
  if (a.value) headers.authorization = a.value;
  const curlAuth = a.curl;
  return { method: spec.method, url, headers, ...(body !== undefined ? { body } : {}), ...(curlAuth ? { curlAuth } : {}) };
}

function capture(step: Step, res: { headers: Record<string, string> }, parsed: unknown, vars: Map<string, string>): string | undefined {
  for (const [name, from] of Object.entries(step.capture ?? {})) {
    const v = from.startsWith('header:') ? res.headers[from.slice(7).toLowerCase()] : jsonPointer(parsed, from);
    if (v === undefined || v === null) return `${from} was not in the response`;
    try {
      vars.set(name, typeof v === 'string' ? v : JSON.stringify(v));
    } catch {
      return `${from} could not be read (nested too deep)`;
    }
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

  const aenv = {
    vars,
    validate: env.profile.validate,
    ...(env.profile.decode ? { decode: env.profile.decode.bind(env.profile) } : {}),
    ...(env.profile.wireProblems ? { wireProblems: env.profile.wireProblems.bind(env.profile) } : {}),
  };
  const preconditions = <T>(step: Step, outcome: T, evaluateOne: (a: Assertion, o: T) => { ok: boolean; expected: string; actual: string }): void => {
    for (const pre of step.require ?? []) {
      const o = evaluateOne(pre, outcome);
      if (!o.ok) throw new Skip(`${pre.reason} (expected ${o.expected}; got ${o.actual})`);
    }
    for (const ch of step.expect ?? []) checks.push({ requirement: ch.requirement, level: ch.level, ...evaluateOne(ch, outcome) });
  };

  /** An HTTP step; returns false when the case must stop here. */
  const httpStep = async (step: Step, spec: RequestSpec): Promise<boolean> => {
    const req = await buildRequest(spec, vars, env, (why) => {
      if (!notes.includes(why)) notes.push(why);
    });
    req.signal = signal;
    const x = await env.transport.send(req);
    // Refused unsent by the transport (--read-only): the case cannot run, nothing was sent.
    if (x.refused) throw new Skip(x.refused);
    const bodyFile = env.requestBodies && bodyNeedsFile(x.request.body)
      ? await env.requestBodies.save(c.id, evidence.length + exchangesDropped + 1, x.request.body!, x.request.headers)
      : undefined;
    keep(toEvidence(x, env.insecure, env.scrubber, bodyFile));
    if (!x.response && step.noResponse && !signal.aborted) {
      const ok = step.noResponse === 'passes';
      for (const ch of step.expect ?? []) {
        checks.push({ requirement: ch.requirement, level: ch.level, ok, expected: ok ? 'no TAXII message' : `an answer from ${req.url}`, actual: `no response (${x.error})` });
      }
      return ok;
    }
    if (!x.response) {
      throw new ProbeFailed(`${x.error ?? (limit.timedOut ? `timed out after ${env.timeoutMs} ms` : 'no response')} (${spec.method} ${req.url})`);
    }
    const res = x.response;
    // What this step created is undone at the end; after the captures, so the undo can name what it captured.
    const track = async (): Promise<void> => {
      if (!step.creates || res.status < 200 || res.status >= 300) return;
      const undo = await buildRequest(step.creates.undo, vars, env);
      env.track({ caseId: c.id, description: clip(expand(step.creates.description, vars)), undo });
    };
    if (!step.capture) await track();
    preconditions(step, res, (a, r) => evaluate(a, r, aenv, x.durationMs));
    if (step.capture) {
      const parsed = parseBody(res, aenv);
      const missing = capture(step, res, parsed.ok ? parsed.value : undefined, vars);
      if (missing) {
        // Later steps depend on it: stop here, with what was checked so far.
        if (checks.every((ch) => ch.ok)) {
          checks.push({ requirement: (step.expect?.[0] ?? c.steps.flatMap((s) => s.expect ?? [])[0])!.requirement, level: c.level, ok: false, expected: `a response carrying ${Object.values(step.capture).join(', ')}`, actual: missing });
        }
        return false;
      }
      await track();
    }
    return true;
  };

  const dnsStep = async (step: Step, spec: DnsSpec): Promise<void> => {
    let o: DnsOutcome;
    const domain = expand(spec.srv, vars);
    const started = performance.now();
    const took = (): number => Math.round(performance.now() - started);
    try {
      o = await runDnsStep(domain, env.dnsServer, env.timeoutMs, signal);
    } catch (e) {
      keep(dnsEvidence(srvName(domain), env.dnsServer, { error: (e as Error).message }, took()));
      throw new ProbeFailed(`DNS lookup failed: ${(e as Error).message}`);
    }
    keep(dnsEvidence(o.name, env.dnsServer, o, took()));
    notes.push(o.targets.length ? `SRV ${o.name}: ${o.targets.map((t) => t.url).join(', ')}` : `SRV ${o.name}: ${o.absent ?? o.unusable}`);
    preconditions(step, o, evaluateDns);
    const offered = dnsCaptures(o);
    for (const [name, from] of Object.entries(step.capture ?? {})) {
      const v = offered[from];
      if (v !== undefined) vars.set(name, v);
    }
  };

  const tlsStep = async (step: Step, spec: TlsSpec): Promise<void> => {
    const { outcome: o, evidence: seen } = await runTlsStep(spec, expand(spec.url ?? '{target}', vars), {
      timeoutMs: env.timeoutMs,
      ...(env.hosts ? { hosts: env.hosts } : {}),
      signal,
      rerun: rerunLine(c.id, vars, env),
    });
    seen.forEach(keep);
    if (signal.aborted) throw new Error('aborted');
    const failure = probeFailure(o);
    if (failure !== undefined) throw new ProbeFailed(failure);
    notes.push(observation(o));
    preconditions(step, o, evaluateTls);
  };

  try {
    for (const step of c.steps) {
      // forEach: once per item of a list variable, with {item} set.
      const items = step.forEach ? listVariable(vars, step.forEach) : [undefined];
      for (const item of items) {
        if (item !== undefined) vars.set('item', item);
        if (step.delayMs) await sleep(step.delayMs, signal);
        if (step.parallel) {
          // All at once, each after its own delay; the case stops if any of them says so.
          const go = await Promise.all(
            step.parallel.map(async (p) => {
              if (p.delayMs) await sleep(p.delayMs, signal);
              return httpStep(p, p.request!);
            }),
          );
          if (go.includes(false)) return finish();
        } else if (step.request) {
          if (!(await httpStep(step, step.request))) return finish();
        } else if (step.dns) {
          await dnsStep(step, step.dns);
        } else if (step.tls) {
          await tlsStep(step, step.tls);
        }
      }
    }
  } catch (e) {
    if (e instanceof Skip) {
      verdict = 'skip';
      message = e.message;
    } else if (e instanceof MissingVariable) {
      verdict = 'skip';
      message = env.profile.variableReasons[e.variable] ?? `the run has no value for {${e.variable}}`;
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
