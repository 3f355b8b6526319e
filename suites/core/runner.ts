// The engine: set up against the target, select cases, run them with bounded concurrency
// and a timeout each, undo what they created, and fold everything into a RunReport.
// Every phase is bounded by timers this code holds (./abort.ts): each setup request and
// each case by --timeout, each DELETE of the cleanup by --timeout and the whole cleanup by
// CLEANUP_TIMEOUTS × --timeout (INTERRUPTED_CLEANUP_MS once Ctrl-C was pressed).
import { randomBytes } from 'node:crypto';
import type { CaseResult, Gate, LoadedCase, RecordedOption, RunReport, Step } from './types.js';
import { variablesNamed } from './template.js';
import { effectOf, type Profile } from './profile.js';
import { HttpTransport } from '../probes/http.js';
import { executeCase, type CreatedResource, type CaseEnv } from './case-executor.js';
import { Scrubber } from './evidence.js';
import { authorize, CredentialScope, hasCredentials, type Credentials } from './credentials.js';
import { summarize, foldRequirements } from './summary.js';
import { applyBaseline, compareToBaseline, type Baseline } from './baseline.js';
import { TOOL, USER_AGENT } from './tool.js';
import { discover, formatServer, srvName, type DnsServer } from '../probes/dns.js';
import { catalogVersion } from './catalog-version.js';
import { RequestBodies } from './request-bodies.js';
import { guardedSetup } from './setup-guard.js';
import { clip } from './bounds.js';
import { onAbort, TimeLimit, withTimeLimit } from './abort.js';
import { pool } from './concurrency.js';
import { versionHint } from './version-hint.js';
import { selectCases } from './select.js';
import type { HttpExchange } from '../probes/http.js';

/** The whole cleanup ends within this many --timeout (each DELETE within one). */
export const CLEANUP_TIMEOUTS = 2;
/** After Ctrl-C (before or during the cleanup) what is left of it ends within this (ms). */
export const INTERRUPTED_CLEANUP_MS = 5000;

/** Whether a case names a variable neither the run nor the case itself (its captures) gives: one setup finds. */
function namesSetupVariable(c: LoadedCase, runVars: ReadonlySet<string>): boolean {
  const captured = new Set<string>();
  const walk = (steps: readonly Step[]): void => {
    for (const st of steps) {
      for (const k of Object.keys(st.capture ?? {})) captured.add(k);
      if (st.parallel) walk(st.parallel);
    }
  };
  walk(c.steps);
  return [...variablesNamed(c.steps)].some((v) => !runVars.has(v) && !captured.has(v));
}

/** Variables every profile gets from the target URL alone, before any request. */
function targetVars(target: string, o: RunOptions): Map<string, string> {
  const u = new URL(target);
  const vars = new Map<string, string>([
    ['target', target],
    ['origin', u.origin],
    // The same host and port spoken to in the clear: HTTPS-only cases send requests there.
    ['targetPlainHttp', target.replace(/^https:/i, 'http:')],
  ]);
  if (o.srv) vars.set('srvDomain', o.srv.domain);
  if (o.probeHttpPort !== undefined) vars.set('httpPortUrl', `http://${u.host.replace(/:\d+$/, '')}:${o.probeHttpPort}${u.pathname}`);
  return vars;
}

export interface RunOptions {
  profile: Profile;
  /** The URL to test; may be absent when `srv` is given (the first discovered URL is used). */
  target?: string;
  /** Start from the DNS SRV record of this domain (and run the srv area against it). */
  srv?: { domain: string };
  /** DNS server for SRV lookups and for the names they return. */
  dnsServer?: DnsServer;
  /** Also probe plain HTTP on this port of the target's host (HTTPS only). */
  probeHttpPort?: number;
  creds: Credentials;
  /**
   * More origins (`https://host:port`) the credentials may go to, besides the target's own
   * (--allow-origin). Credentials never go over plain HTTP.
   */
  allowOrigins?: string[];
  insecure: boolean;
  ca?: string;
  areas?: string[];
  caseIds?: string[];
  gate: Gate;
  concurrency: number;
  timeoutMs: number;
  readOnly: boolean;
  baseline?: Baseline;
  /** Aborted by Ctrl-C: running cases end as errors, cleanup still runs. */
  signal?: AbortSignal;
  /** Called as each case ends (progress display). */
  onCase?: (r: CaseResult, done: number, total: number) => void;
  /** Bytes of a response body read at most. */
  maxBodyBytes?: number;
  /** Told of what the user must know before anything is sent (an SRV target outside the domain). */
  onWarning?: (message: string) => void;
  /** Called when the cleanup starts (what a second Ctrl-C prints). */
  onCleanup?: (c: CleanupProgress) => void;
  /**
   * Where request bodies too long for a curl line are written (`<report-dir>/bodies`), so the
   * line can name the file. Without it such a line names no file that exists.
   */
  requestBodiesDir?: string;
  /**
   * Variables the user names (`--var name=value`, e.g. `collection=<id>`): setup sees them
   * (to pick what they name) and they stand over what setup found for every case.
   */
  vars?: Readonly<Record<string, string>>;
  /**
   * The other profiles the tool knows: when setup finds no TAXII answer of this profile, each
   * is asked whether the target speaks its version (suites/core/version-hint.ts).
   */
  otherProfiles?: readonly Profile[];
  /** Options the report records beside the engine's own (the CLI's --format, --report-dir, --ca's path, profile options). */
  recordOptions?: Record<string, RecordedOption>;
}

/** The cleanup as it goes: what the run created and has not undone yet. */
export interface CleanupProgress {
  /** Resources the run created. */
  total: number;
  /** Those not undone yet (waiting, or their DELETE in flight), as described in the report. */
  pending(): string[];
  /** Milliseconds until the cleanup gives up on what is left. */
  remainingMs(): number;
}

export interface RunOutcome {
  report: RunReport;
  /** Set when the target speaks another profile's version: the line naming the profile to run. */
  versionHint?: string;
  /** Set when the target could not be reached at all. */
  unreachable?: string;
}

/** Selects cases by --area and --case; unknown names are the caller's to reject first. */
export { selectCases };

/** A case that never started: an error for every gate (a JUnit reader fails too), counted apart as not run. */
function notRun(c: LoadedCase, message: string): CaseResult {
  return { id: c.id, area: c.area, level: c.level, title: c.title, requirements: c.requirements, verdict: 'error', durationMs: 0, message, checks: [], evidence: [], notRun: true };
}

/** The run's options as the report records them: by CLI name, never a credential (only which kind was given). */
function recordedOptions(o: RunOptions): Record<string, RecordedOption> {
  const { user, password, token, clientCert } = o.creds;
  const kinds = [user !== undefined && password !== undefined ? 'basic' : '', token ? 'bearer token' : '', clientCert ? 'client certificate' : ''].filter(Boolean);
  return {
    profile: o.profile.id,
    gate: o.gate,
    'read-only': o.readOnly,
    insecure: o.insecure,
    ...(o.ca !== undefined ? { ca: 'a PEM certificate' } : {}),
    concurrency: o.concurrency,
    timeout: o.timeoutMs,
    ...(o.srv ? { srv: o.srv.domain } : {}),
    ...(o.dnsServer ? { 'dns-server': formatServer(o.dnsServer) } : {}),
    ...(o.probeHttpPort !== undefined ? { 'probe-http-port': o.probeHttpPort } : {}),
    ...(o.allowOrigins?.length ? { 'allow-origin': [...o.allowOrigins] } : {}),
    ...(o.vars && Object.keys(o.vars).length ? { var: Object.entries(o.vars).map(([k, v]) => `${k}=${v}`) } : {}),
    credentials: kinds.length ? kinds.join(' and ') : 'none',
    // Whose certificate it is (subject, fingerprint): nothing of the key, nor the certificate itself.
    ...(clientCert ? { 'client-certificate': clientCert.describe } : {}),
    ...o.recordOptions,
  };
}

/** True when `host` is `domain` or a name under it (case and trailing dot ignored). */
function inDomain(host: string, domain: string): boolean {
  const h = host.toLowerCase().replace(/\.$/, '');
  const d = domain.toLowerCase().replace(/\.$/, '');
  return h === d || h.endsWith(`.${d}`);
}

export async function runSuite(o: RunOptions): Promise<RunOutcome> {
  const startedAt = new Date();
  const t0 = performance.now();
  const runId = randomBytes(4).toString('hex');
  const scrubber = new Scrubber();
  scrubber.addBasic(o.creds.user, o.creds.password);
  scrubber.add(o.creds.token);
  scrubber.add(o.creds.clientCert?.passphrase);
  if (o.target !== undefined && /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*@/i.test(o.target)) {
    // The CLI takes userinfo apart (bin/commands/run.ts); here it would reach every report.
    throw new Error('the target URL carries user:password@: give them as credentials instead');
  }
  const signal = o.signal ?? new AbortController().signal;
  const selected = selectCases(o.profile.cases(), o.areas, o.caseIds);
  const notes: string[] = [];
  const created: CreatedResource[] = [];
  const leftovers: string[] = [];

  // --srv: the SRV record names the server; its targets' addresses come from the same DNS.
  const hosts = new Map<string, string[]>();
  let target = o.target;
  // The credentials' origins: the URL the user gave, an SRV target inside the queried domain, --allow-origin.
  const scope = new CredentialScope([...(o.allowOrigins ?? []), ...(o.target ? [o.target] : [])]);
  if (o.srv) {
    const service = o.profile.srv;
    if (!service) throw new Error(`the ${o.profile.id} profile defines no DNS SRV service: it cannot start from --srv`);
    const record = srvName(service, o.srv.domain);
    try {
      const found = await discover(service, o.srv.domain, { ...(o.dnsServer ? { server: o.dnsServer } : {}), timeoutMs: Math.min(o.timeoutMs, 10_000), signal });
      for (const t of found) {
        if (t.addresses.length) hosts.set(t.record.target.toLowerCase(), t.addresses);
        // A server of the domain the user named may have the credentials; one elsewhere is said before anything goes there.
        if (inDomain(t.record.target, o.srv.domain)) scope.allow(t.url);
        else {
          const creds = scope.refusal(t.url) === undefined ? 'credentials go there only because --allow-origin names it' : 'credentials are not sent there (--allow-origin would allow it)';
          const warning = `the SRV record of ${record} names ${t.record.target}, outside ${o.srv.domain}: ${creds}`;
          notes.push(warning);
          o.onWarning?.(warning);
        }
      }
      if (!target) {
        if (!found[0]) throw new Error(`no SRV record for ${record}`);
        target = found[0].url;
        notes.push(`target ${target} found through the SRV record of ${record}`);
      }
    } catch (e) {
      if (!target) {
        const why = `DNS SRV discovery of ${o.srv.domain} failed: ${(e as Error).message}`;
        return { report: build(selected.map((c) => notRun(c, `not run: ${why}`)), why, o.srv.domain), unreachable: why };
      }
      notes.push(`DNS SRV discovery of ${o.srv.domain} failed: ${(e as Error).message}`);
    }
  }
  if (!target) throw new Error('runSuite needs a target URL or an SRV domain');
  const writeFree = o.profile.writeFree?.bind(o.profile) ?? (() => false);
  const transport = new HttpTransport({
    verify: !o.insecure,
    ca: o.ca,
    maxBodyBytes: o.maxBodyBytes ?? 32 * 1024 * 1024,
    hosts,
    connectTimeoutMs: o.timeoutMs,
    ...(o.readOnly ? { readOnly: { writeFree } } : {}),
    ...(o.creds.clientCert ? { clientCertificate: o.creds.clientCert } : {}),
  });

  // TLS and DNS cases need nothing of the target's TAXII content: no setup, no setup problems;
  // unless one names a variable only setup finds (e.g. an API Root it sends a request to).
  const runVars = new Set([...targetVars(target, o).keys(), 'runId', 'prefix', 'item', 'srvDomain', 'httpPortUrl']);
  const needsSetup = selected.some((c) => !o.profile.standaloneAreas.includes(c.area) || namesSetupVariable(c, runVars));
  const runTarget = target;
  const setupSeen: HttpExchange[] = [];
  const setupSend = async (req: Parameters<Parameters<typeof guardedSetup>[1]['send']>[0]): Promise<HttpExchange> => {
    const headers: Record<string, string> = { accept: o.profile.mediaType, 'user-agent': USER_AGENT, ...(req.headers ?? {}) };
    const mode = req.auth ?? 'default';
    const a = await authorize(mode, req.url, { creds: o.creds, runId, scope });
    // Setup reads without credentials where they may not go; a request whose credential is its point is not sent.
    if (a.withheld !== undefined && mode !== 'default') return { request: { ...req, headers }, error: `not sent: ${a.withheld}`, durationMs: 0 };
    if (a.value) headers.authorization = a.value;
    const x = await withTimeLimit(o.timeoutMs, signal, (s) => transport.send({ ...req, headers, ...(a.clientCert ? { clientCert: a.clientCert } : {}), signal: s }));
    setupSeen.push(x);
    return x;
  };
  let hint: string | undefined;
  try {
    const setup = needsSetup
      ? await guardedSetup(o.profile, {
      target: runTarget,
      readOnly: o.readOnly,
      userVars: new Map(Object.entries(o.vars ?? {})),
      hasCredentials: hasCredentials(o.creds),
      send: setupSend,
    })
      : { vars: new Map<string, string>(), notes: [], problems: [] };
    for (const [k, v] of targetVars(runTarget, o)) if (!setup.vars.has(k)) setup.vars.set(k, v);
    // The user's names win over setup's guesses (--var), and say so in the report.
    for (const [k, v] of Object.entries(o.vars ?? {})) {
      const chose = setup.vars.get(k);
      setup.vars.set(k, v);
      notes.push(`--var ${k}=${v}${chose !== undefined && chose !== v ? ` (setup had chosen ${chose})` : ''}`);
    }
    scrubber.add(setup.issuedToken);
    // Setup found no answer of its own: is the target speaking another version?
    if (setup.problems.length > 0 && o.otherProfiles?.length && !signal.aborted) {
      hint = await versionHint(o.profile, o.otherProfiles, {
        target: runTarget,
        seen: setupSeen,
        get: (url, accept) => setupSend({ method: 'GET', url, headers: { accept } }),
      });
      if (hint) setup.problems.unshift(hint);
    }
    notes.push(...setup.notes, ...setup.problems.map((p) => `setup problem: ${p}`));
    if (setup.unreachable && signal.aborted) {
      // Ctrl-C during setup: the target is not to blame; every selected case is "not run".
      return { report: build(selected.map((c) => notRun(c, 'not run: interrupted during setup')), undefined, runTarget) };
    }
    if (setup.unreachable) {
      // Every selected case is reported as not run, so a JUnit reader fails too.
      const notRunHere = selected.map((c) => notRun(c, `not run: target unreachable (${setup.unreachable})`));
      return { report: build(notRunHere, setup.unreachable, runTarget), unreachable: scrubber.scrub(setup.unreachable) };
    }
    setup.vars.set('runId', runId);
    setup.vars.set('prefix', `tc-${runId}`);

    const env: CaseEnv = {
      profile: o.profile,
      transport,
      scrubber,
      creds: o.creds,
      scope,
      insecure: o.insecure,
      runId,
      vars: setup.vars,
      issuedToken: setup.issuedToken,
      ...(setup.missing ? { missing: setup.missing } : {}),
      ...(o.dnsServer ? { dnsServer: o.dnsServer } : {}),
      hosts,
      readOnly: o.readOnly,
      timeoutMs: o.timeoutMs,
      signal,
      track: (r) => created.push(r),
      ...(o.requestBodiesDir !== undefined ? { requestBodies: new RequestBodies(o.requestBodiesDir, scrubber) } : {}),
    };
    const results = new Map<string, CaseResult>();
    let done = 0;
    await pool(selected, o.concurrency, async (c) => {
      // Scrubbed whole (checks' actual values, header names too): a server may echo any secret anywhere.
      const r = scrubber.scrubDeep(signal.aborted ? notRun(c, 'not run: interrupted') : await executeCase(c, env));
      results.set(c.id, r);
      o.onCase?.(r, ++done, selected.length);
    });
    const ordered = selected.map((c) => results.get(c.id)!);
    return { report: build(ordered, setup.problems.length ? setup.problems.join('; ') : undefined, runTarget), ...(hint ? { versionHint: scrubber.scrub(hint) } : {}) };
  } finally {
    await cleanup();
    await transport.close();
  }

  async function cleanup(): Promise<void> {
    if (created.length === 0) return;
    // Its own time limit, not the run's signal: Ctrl-C may have fired, and what the run made
    // is still to be undone. Ctrl-C shortens it (INTERRUPTED_CLEANUP_MS from then on).
    const all = new TimeLimit(CLEANUP_TIMEOUTS * o.timeoutMs);
    const leave = onAbort(signal, () => all.shorten(INTERRUPTED_CLEANUP_MS));
    const pending = new Set(created);
    o.onCleanup?.({ total: created.length, pending: () => [...pending].map((r) => r.description), remainingMs: () => all.remainingMs });
    try {
      // Reverse order of creation, --concurrency DELETEs at a time.
      const left = await pool([...created].reverse(), o.concurrency, async (r) => {
        if (r.undo === undefined) {
          pending.delete(r);
          return scrubber.scrub(`${r.description} (from ${r.caseId}): left behind: ${r.cannotUndo}`);
        }
        const undo = r.undo;
        const x = all.signal.aborted ? undefined : await withTimeLimit(o.timeoutMs, all.signal, (s) => transport.send({ ...undo, signal: s }));
        pending.delete(r);
        // Undone, or gone already (the case itself removed it, e.g. a delete case), as the answer says.
        const effect = x?.response ? effectOf(o.profile, x.response) : undefined;
        if (effect === true || effect === 'gone') return undefined;
        const ranOut = signal.aborted ? `the cleanup's time after Ctrl-C (${INTERRUPTED_CLEANUP_MS} ms) ran out` : `the cleanup's time (${CLEANUP_TIMEOUTS * o.timeoutMs} ms) ran out`;
        return scrubber.scrub(`${r.description} (from ${r.caseId}): ${x ? (x.error ?? `not undone: ${effect}`) : `not sent: ${ranOut}`}`);
      });
      leftovers.push(...left.filter((l): l is string => l !== undefined));
    } finally {
      leave();
      all.dispose();
    }
  }

  function build(cases: CaseResult[], setupProblem: string | undefined, reportTarget: string): RunReport {
    for (const n of scope.notes()) if (!notes.includes(n)) notes.push(n);
    // Setup notes and problems quote the server: scrubbed like the cases, then cut (bounds.ts).
    notes.splice(0, notes.length, ...notes.map((n) => clip(scrubber.scrub(n))));
    const marked = o.baseline ? applyBaseline(cases, o.baseline, notes) : cases;
    if (signal.aborted) notes.push('run interrupted: the report is partial');
    const summary = summarize(marked, o.gate, {
      setupProblem,
      noneSelected: selected.length === 0,
      interrupted: signal.aborted,
    });
    if (selected.length === 0) notes.push('no case selected: check --area and --case');
    const report: RunReport = {
      tool: TOOL,
      profile: o.profile.id,
      target: reportTarget,
      startedAt: startedAt.toISOString(),
      durationMs: Math.round(performance.now() - t0),
      run: {
        options: recordedOptions(o),
        selection: { areas: [...(o.areas ?? [])], cases: [...(o.caseIds ?? [])] },
        baseline: o.baseline?.path ?? null,
      },
      catalog: catalogVersion(o.profile.requirements(), o.profile.cases()),
      environment: { node: process.versions.node, openssl: process.versions.openssl },
      summary,
      cases: marked,
      requirements: foldRequirements(o.profile.requirements(), marked),
      notes,
    };
    if (o.baseline) report.baseline = compareToBaseline(marked, o.baseline);
    if (signal.aborted) report.interrupted = true;
    // Leftovers are appended after cleanup runs (the array is shared).
    report.leftovers = leftovers;
    return report;
  }
}
