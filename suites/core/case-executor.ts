// Runs one declarative case: its steps in order, each request through the HTTP probe, the
// checks folded into one verdict. A case never throws: every outcome is a verdict.
import type { CaseResult, CheckResult, HttpEvidence, LoadedCase, RequestSpec, Step, Verdict } from './types.js';
import type { Profile } from './profile.js';
import type { HttpTransport, HttpRequest } from '../probes/http.js';
import { toEvidence } from '../probes/http.js';
import { evaluate, parseBody } from './assertions.js';
import { expand, expandDeep, jsonPointer, MissingVariable } from './template.js';
import { authHeader, missingFor, type Credentials } from './credentials.js';
import { verdictOfFailedCheck, worse } from './levels.js';
import type { Scrubber } from './evidence.js';

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
  insecure: boolean;
  runId: string;
  vars: ReadonlyMap<string, string>;
  issuedToken?: string;
  readOnly: boolean;
  timeoutMs: number;
  /** Aborted on Ctrl-C. */
  signal: AbortSignal;
  /** Records a resource to delete at the end of the run. */
  track(r: CreatedResource): void;
}

class Skip extends Error {}

const sleep = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new Error('aborted'));
    const t = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(t);
      reject(new Error('aborted'));
    }, { once: true });
  });

function needReason(c: LoadedCase, env: CaseEnv): string | undefined {
  for (const need of c.needs ?? []) {
    if (need === 'write' && env.readOnly) return 'writes to the target and the run is --read-only';
    if (need === 'credentials' && missingFor('default', env.creds, env.issuedToken)) return 'needs credentials (--user/--password or --token)';
    if (need === 'discovery' && !env.vars.has('discovery')) return env.profile.variableReasons.discovery ?? 'no Discovery URL';
    if (need === 'token' && !env.issuedToken && !env.creds.token) return env.profile.variableReasons.token ?? 'no bearer token';
  }
  return undefined;
}

/** Builds the concrete request of a step; throws MissingVariable or Skip. */
export async function buildRequest(spec: RequestSpec, vars: ReadonlyMap<string, string>, env: CaseEnv): Promise<HttpRequest> {
  const url = expand(spec.url, vars);
  const headers: Record<string, string> = { accept: env.profile.mediaType };
  for (const [k, v] of Object.entries(spec.headers ?? {})) {
    const key = k.toLowerCase();
    // An empty value in case data means: send no such header.
    if (v === '') delete headers[key];
    else headers[key] = expand(v, vars);
  }
  let body: string | undefined;
  if (spec.json !== undefined) body = JSON.stringify(expandDeep(spec.json, vars));
  else if (spec.raw !== undefined) body = expand(spec.raw, vars);
  else if (spec.generate) body = env.profile.generate(spec.generate.kind, spec.generate.bytes, vars);
  if (body !== undefined && !('content-type' in headers)) headers['content-type'] = spec.contentType ?? env.profile.mediaType;
  let curlAuth: string | undefined;
  if (spec.bearer !== undefined) {
    headers.authorization = `Bearer ${expand(spec.bearer, vars)}`;
    curlAuth = `-H "Authorization: Bearer $TAXII_SHORT_TOKEN"`;
  } else {
    const mode = spec.auth ?? 'default';
    const missing = missingFor(mode, env.creds, env.issuedToken);
    if (missing) throw new Skip(missing);
    const a = await authHeader(mode, env.creds, env.issuedToken, vars.get('apiBase'), env.runId);
    if (a.value) headers.authorization = a.value;
    curlAuth = a.curl;
  }
  return { method: spec.method, url, headers, ...(body !== undefined ? { body } : {}), ...(curlAuth ? { curlAuth } : {}) };
}

function capture(step: Step, res: { headers: Record<string, string> }, parsed: unknown, vars: Map<string, string>): string | undefined {
  for (const [name, from] of Object.entries(step.capture ?? {})) {
    const v = from.startsWith('header:') ? res.headers[from.slice(7).toLowerCase()] : jsonPointer(parsed, from);
    if (v === undefined || v === null) return `${from} was not in the response`;
    vars.set(name, typeof v === 'string' ? v : JSON.stringify(v));
  }
  return undefined;
}

export async function executeCase(c: LoadedCase, env: CaseEnv): Promise<CaseResult> {
  const started = performance.now();
  const checks: CheckResult[] = [];
  const evidence: HttpEvidence[] = [];
  const vars = new Map(env.vars);
  const timeout = AbortSignal.timeout(env.timeoutMs);
  const signal = AbortSignal.any([timeout, env.signal]);
  let verdict: Verdict = 'pass';
  let message = '';

  const finish = (): CaseResult => {
    const failed = checks.filter((ch) => !ch.ok);
    if (verdict === 'pass' || verdict === 'warn' || verdict === 'fail') {
      for (const f of failed) verdict = worse(verdict, verdictOfFailedCheck(f.level));
      const first = failed.find((f) => verdictOfFailedCheck(f.level) === 'fail') ?? failed[0];
      message = first
        ? `${first.requirement} (${first.level}): expected ${first.expected}; got ${first.actual}`
        : `${checks.length} check(s) held`;
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
      message: env.scrubber.scrub(message),
      checks,
      evidence,
    };
  };

  const why = needReason(c, env);
  if (why) {
    verdict = 'skip';
    message = why;
    return finish();
  }

  try {
    for (const step of c.steps) {
      if (step.delayMs) await sleep(step.delayMs, signal);
      const req = await buildRequest(step.request, vars, env);
      req.signal = signal;
      const x = await env.transport.send(req);
      evidence.push(toEvidence(x, env.insecure, env.scrubber));
      if (!x.response && step.orNoResponse && !timeout.aborted && !env.signal.aborted) {
        for (const ch of step.expect ?? []) {
          checks.push({ requirement: ch.requirement, level: ch.level, ok: true, expected: 'no TAXII message', actual: `no response (${x.error})` });
        }
        continue;
      }
      if (!x.response) {
        verdict = 'error';
        message = timeout.aborted ? `timed out after ${env.timeoutMs} ms (${step.request.method} ${req.url})` : `${x.error} (${step.request.method} ${req.url})`;
        return finish();
      }
      const res = x.response;
      if (step.creates && res.status >= 200 && res.status < 300) {
        const undo = await buildRequest(step.creates.undo, vars, env);
        env.track({ caseId: c.id, description: expand(step.creates.description, vars), undo });
      }
      const aenv = { vars, validate: env.profile.validate };
      for (const pre of step.require ?? []) {
        const o = evaluate(pre, res, aenv);
        if (!o.ok) throw new Skip(`${pre.reason} (expected ${o.expected}; got ${o.actual})`);
      }
      for (const ch of step.expect ?? []) {
        const o = evaluate(ch, res, aenv);
        checks.push({ requirement: ch.requirement, level: ch.level, ...o });
      }
      if (step.capture) {
        const parsed = parseBody(res);
        const missing = capture(step, res, parsed.ok ? parsed.value : undefined, vars);
        if (missing) {
          // Later steps depend on it: stop here, with what was checked so far.
          if (checks.every((ch) => ch.ok)) {
            verdict = 'fail';
            message = `could not go on: ${missing}`;
            checks.push({ requirement: (step.expect?.[0] ?? c.steps.flatMap((s) => s.expect ?? [])[0])!.requirement, level: c.level, ok: false, expected: `a response carrying ${Object.values(step.capture).join(', ')}`, actual: missing });
          }
          return finish();
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
    } else if (signal.aborted) {
      verdict = 'error';
      message = timeout.aborted ? `timed out after ${env.timeoutMs} ms` : 'interrupted';
    } else {
      verdict = 'error';
      message = `internal error: ${(e as Error).message}`;
    }
  }
  return finish();
}
