// The data types of taxii-conform, each defined once. Cases and requirements are data
// (JSON files under suites/<profile>/); their types come from their schema (case-format.ts).
import type { LEVELS } from './levels.js';
import type { CaseDef } from './case-format.js';

/** RFC 2119 level of a requirement or of one check inside a case. */
export type Level = (typeof LEVELS)[number];

/**
 * Outcome of a case (and, folded, of a requirement). `info`: an observation-only case
 * (CaseDef.info) that ran; reported apart, never counted as passed.
 */
export type Verdict = 'pass' | 'fail' | 'warn' | 'skip' | 'error' | 'info';

/** Which specification a run targets: an id of the profile registry (suites/registry.ts), which checks it. */
export type ProfileId = string;

/** How strict the exit code is: `must` fails on fail/error, `should` also on warn. */
export type Gate = 'must' | 'should';

// The case format and the requirement format, and every type of their parts, are derived from
// their JSON Schema (case-format.ts; the step kinds in steps/, the assertion kinds in assertions/).
export type { Requirement, Testability, Assertion, Check, Precondition, StepCommon, Step, Need, CaseDef } from './case-format.js';
export type { AuthMode, RequestSpec } from './steps/request.js';

/** A case with its level derived from its checks (strongest) and its requirement ids. */
export interface LoadedCase extends CaseDef {
  level: Level;
  requirements: string[];
}

/** When one HTTP exchange of a case was sent and answered (performance.now() ms). */
export interface ExchangeTimes {
  sentAt: number;
  /** When its status line and headers came (the server had answered); absent when none came. */
  answeredAt?: number;
  status?: number;
}

/**
 * What assertions that relate exchanges read: the exchange judged, and the case's named steps'
 * latest exchanges (in a parallel group, every sibling's, once all of them were answered).
 */
export interface Timing {
  self: ExchangeTimes;
  steps: ReadonlyMap<string, ExchangeTimes>;
}

/** What a case exchanged with the target, for a report: one HTTP exchange, TLS handshake or DNS lookup each. */
export type Evidence = HttpEvidence | TlsEvidence | DnsEvidence;

/** Request and response of one HTTP exchange, redacted and bounded, for a report. */
export interface HttpEvidence {
  kind: 'http';
  request: { method: string; url: string; headers: Record<string, string>; body?: string };
  response?: {
    status: number;
    headers: Record<string, string>;
    body: string;
    bodyBytes: number;
    truncated: boolean;
  };
  error?: string;
  curl: string;
  durationMs: number;
}

/** A cipher suite as evidence names it. */
export interface SuiteRef {
  /** OpenSSL name (TLS 1.3 and suites no OpenSSL defined: the IANA name); the code in hex when unknown. */
  name: string;
  /** Code point, `0x000A`. */
  code: string;
  /** IANA name, when the suite table knows it. */
  iana?: string;
}

/** One TLS handshake (or certificate read): what was offered, what came back, how to replay it. */
export interface TlsEvidence {
  kind: 'tls';
  /** host:port the connection went to. */
  target: string;
  /** The server_name sent, if any. */
  servername?: string;
  /** Who wrote the ClientHello: our own bytes, or node:tls (OpenSSL). */
  client: 'raw' | 'node:tls';
  offered: {
    /** Protocol versions, oldest first. */
    versions: string[];
    /** Every suite, in ClientHello order. */
    suites: SuiteRef[];
  };
  answer: {
    outcome: 'accepted' | 'refused' | 'cannot-offer' | 'error';
    /** The version and suite of the ServerHello. */
    version?: string;
    suite?: SuiteRef;
    /** The server's alert, e.g. `handshake failure (40)`. */
    alert?: string;
    /** The server asked for another key share (TLS 1.3 HelloRetryRequest). */
    helloRetry?: true;
    /** Certificate reads: the leaf, one line. */
    certificate?: string;
    /** One line: what was offered and what the server did. */
    detail: string;
  };
  durationMs: number;
  /** `openssl s_client …` where OpenSSL can make the same offer, else the `taxii-conform run … --case` line. */
  reproduce: string;
}

/** One DNS SRV lookup: the question, the records (with their targets' addresses), how to replay it. */
export interface DnsEvidence {
  kind: 'dns';
  /** The DNS server asked, host:port. */
  server: string;
  question: { name: string; type: 'SRV' };
  answers: { priority: number; weight: number; port: number; target: string; ttl: number; addresses: string[] }[];
  /** Why there is no usable answer: NXDOMAIN, no record, the "." answer, a timeout. */
  error?: string;
  durationMs: number;
  /** `dig @server -p port SRV <service label>.<domain>`. */
  reproduce: string;
}

/** Outcome of one check. */
export interface CheckResult {
  requirement: string;
  level: Level;
  ok: boolean;
  expected: string;
  actual: string;
  /** Why the check is graded weaker than its requirement (the case file's `weakerBecause`); absent on a check at its requirement's level. */
  weakerBecause?: string;
}

/** A check of a case graded weaker than its requirement, with the reason the case file gives (`list --format json`). */
export interface WeakerCheck {
  requirement: string;
  level: Level;
  weakerBecause: string;
}

/** Result of running one case. */
export interface CaseResult {
  id: string;
  area: string;
  level: Level;
  title: string;
  requirements: string[];
  verdict: Verdict;
  durationMs: number;
  message: string;
  checks: CheckResult[];
  evidence: Evidence[];
  /** Set when a baseline lists this case as a known failure. */
  known?: boolean;
  /** Set when the case never started (Ctrl-C, unreachable target): its verdict is `error`, counted apart as not run. */
  notRun?: true;
}

export interface RequirementResult {
  id: string;
  level: Level;
  section: string;
  text: string;
  cases: string[];
  verdict: Verdict;
  untestable?: string;
}

/**
 * The one summary of a run, computed once (suites/core/summary.ts) and rendered by every
 * output. Each case is counted in exactly one of the counts (SummaryCount), so they add up to
 * `total`; `failed` and `warned` leave out the known (baselined) ones, `errored` the not-run.
 */
export interface ReportSummary {
  total: number;
  passed: number;
  failed: number;
  warned: number;
  skipped: number;
  errored: number;
  /** Observation-only cases that ran (verdict `info`): never passed, never failed. */
  info: number;
  /** Cases that never started (interrupted, target unreachable). */
  notRun: number;
  /** Failing or warning cases the baseline accepts. */
  known: number;
  gate: 'passed' | 'failed';
  /** The rule the gate applied (--gate). */
  gateRule: Gate;
  /** Why the gate passed or failed, one line. */
  gateReason: string;
}

/** The summary count a case falls in: exactly one. */
export type SummaryCount = 'passed' | 'failed' | 'warned' | 'skipped' | 'errored' | 'info' | 'notRun' | 'known';

/**
 * A TLS client certificate and its private key: the user's (`run --client-cert/--client-key`,
 * a credential: suites/core/credentials.ts says where it goes), or one the suite makes (the
 * untrusted one of `tls.client-certificate`). Only `describe` and the paths reach a report.
 */
export interface ClientIdentity {
  /** PEM: the certificate (the leaf first, then any intermediates). */
  cert: string;
  /** PEM: its private key. */
  key: string;
  /** The key's passphrase, when it is encrypted. */
  passphrase?: string;
  /** One line: whose it is (subject, SHA-256 fingerprint, or who issued it). */
  describe: string;
  /** The files it was read from, for curl and openssl lines (`--cert <path> --key <path>`). */
  certPath?: string;
  keyPath?: string;
}

/** A value of a run option as a report records it. */
export type RecordedOption = string | number | boolean | string[];

/** What a run was asked to do, for a report read on its own (a certification attachment). */
export interface RunContext {
  /** The run's options by their CLI names (defaults included). Never a credential: only which kind was given. */
  options: Record<string, RecordedOption>;
  /** What --area and --case selected; an empty list selects everything. */
  selection: { areas: string[]; cases: string[] };
  /** The --baseline file, or null without one; what it excused is RunReport.baseline. */
  baseline: string | null;
}

/** Which catalog a run used: the same version means the same requirements and cases. */
export interface CatalogVersion {
  /** `sha256:` and the first 16 hex digits of the hash of the requirements and cases. */
  version: string;
  requirements: number;
  cases: number;
}

/** The JSON report (report.json), as the CLI contract in DESIGN.md gives it; schemas/report.schema.json describes it. */
export interface RunReport {
  tool: { name: string; version: string };
  profile: ProfileId;
  target: string;
  startedAt: string;
  durationMs: number;
  /** The run's options, selection and baseline file. */
  run: RunContext;
  /** The requirements and cases the run drew from. */
  catalog: CatalogVersion;
  /** What the tester ran on: it decides what node:tls could offer. */
  environment: { node: string; openssl: string };
  summary: ReportSummary;
  cases: CaseResult[];
  requirements: RequirementResult[];
  /** Resources the run created and could not remove. */
  leftovers?: string[];
  /** Notes about the run as a whole (setup findings, baseline). */
  notes?: string[];
  /** With --baseline: how this run compares to the accepted deviations. */
  baseline?: BaselineOutcome;
  /** Set when the run was interrupted (Ctrl-C): the report is partial and the gate failed. */
  interrupted?: true;
}

/** How a run compares to a baseline of accepted deviations. */
export interface BaselineOutcome {
  file: string;
  /** Failing cases the baseline accepts (they do not fail the gate). */
  known: string[];
  /** Failing cases the baseline does not list: regressions. */
  newFailures: string[];
  /** Cases the baseline lists that now pass: trim them from the file. */
  nowPassing: string[];
  /** Cases the baseline lists that this run did not select. */
  notRun: string[];
  /** The reason the baseline file gives for each known case (when it gives one). */
  reasons: Record<string, string>;
}

/**
 * A named conformant choice the mock can be switched into (a freedom the spec leaves, taken
 * another way than the reference mock takes it); it belongs to one profile. The whole suite
 * passes under it (the variant-matrix test): a case that fails under a variant is wrong.
 */
export interface Variant {
  name: string;
  profile: ProfileId;
  description: string;
  /** The freedom of the spec it takes: the sentence (or its silence) that allows it. */
  freedom: string;
  /** Variants of its profile it cannot be switched on with (they take the same freedom another way). */
  conflicts: string[];
  /** Cases that skip under it because it does not offer what they need, each with why. */
  skips: Record<string, string>;
}

/** A named deviation the mock can be switched into; it belongs to one profile and names the cases of it it breaks. */
export interface Fault {
  name: string;
  /** The profile whose cases it breaks (a host fault — TLS, DNS — is claimed by such a profile). */
  profile: ProfileId;
  description: string;
  breaks: string[];
  /**
   * The requirements governing several URLs (the profile's coverage spec) whose cases this
   * fault breaks on every URL kind; with them, the fault can be switched on for one URL kind
   * (`name@kind`, one of `scopes`).
   */
  governs?: string[];
  /** The URL kinds (coverage ids, e.g. `get-collection`) it can be scoped to. */
  scopes?: string[];
}
