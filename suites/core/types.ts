// The data types of taxii-conform, each defined once. Cases and requirements are data
// (JSON files under suites/<profile>/); these types are their documentation.

/** RFC 2119 level of a requirement or of one check inside a case. */
export type Level = 'MUST' | 'MUST NOT' | 'SHOULD' | 'SHOULD NOT' | 'MAY';

/**
 * Outcome of a case (and, folded, of a requirement). `info`: an observation-only case
 * (CaseDef.info) that ran; reported apart, never counted as passed.
 */
export type Verdict = 'pass' | 'fail' | 'warn' | 'skip' | 'error' | 'info';

/** Which specification a run targets. */
export type ProfileId = 'taxii2-predraft' | 'taxii1';

/** How strict the exit code is: `must` fails on fail/error, `should` also on warn. */
export type Gate = 'must' | 'should';

/** One normative statement of a spec, kept as data in suites/<profile>/requirements.json. */
export interface Requirement {
  /** Stable id, e.g. `T2-TLS-03`. Never reused, never renumbered. */
  id: string;
  level: Level;
  /** Section heading of the spec the quote is taken from. */
  section: string;
  /** Exact quote of the spec (whitespace normalised). */
  text: string;
  /** Area of the suite that checks it. */
  area: string;
  /** Present when no case can check this statement, saying why. */
  untestable?: string;
  /** Where the product reads an unclear statement one way: the docs/interpretation.md anchor. */
  interpretation?: string;
}

/** A value inside a case that may contain `{var}` templates. */
export type Template = string;

/** Who a request authenticates as. `default` is the run's credentials (Basic, or the --token). */
export type AuthMode =
  | 'default'
  | 'none'
  | 'basic'
  | 'bearer'
  | 'wrong-password'
  | 'unknown-user'
  | 'bearer-bad-signature'
  | 'bearer-alg-none'
  | 'bearer-garbage';

/** The HTTP request of one step of a case. */
export interface RequestSpec {
  method: string;
  /** Absolute URL template, e.g. `{apiBase}channels/`. */
  url: Template;
  headers?: Record<string, Template>;
  auth?: AuthMode;
  /** Send this token (a template, e.g. `{shortToken}`) as Bearer instead of `auth`. */
  bearer?: Template;
  /** JSON body (templates are expanded in every string inside). */
  json?: unknown;
  /** Raw body text (templates expanded), sent as is. */
  raw?: Template;
  /**
   * A message of the profile's data model, encoded for the wire by the profile (taxii1: the
   * run's XML binding, with the binding's headers). Templates are expanded inside it.
   */
  message?: unknown;
  /** A generated body of a named kind from the profile's generators. */
  generate?: { kind: string; bytes: number };
  /** Content-Type for the body; defaults to the profile's media type when a body is sent. */
  contentType?: string;
}

/** One assertion about a response. Exactly one of the assertion fields is set. */
export interface Assertion {
  /** Status is this one (or one of these). */
  status?: number | number[];
  /** Status is none of these; `2xx` style classes allowed. */
  statusNot?: (number | string)[];
  /** Status is in this class, e.g. `2xx`, `4xx`. */
  statusClass?: string;
  /** A header is present (or absent, with present: false), equals or matches. */
  header?: { name: string; present?: boolean; equals?: Template; matches?: string };
  /** The media type of Content-Type equals this (parameters ignored). */
  mediaType?: string;
  /** The body is JSON that validates against this message schema of the profile. */
  schema?: string;
  /** A JSON pointer into the body. */
  json?: {
    pointer: string;
    exists?: boolean;
    equals?: unknown;
    matches?: string;
    /** The array at pointer has at least one element for which `where` (pointer → value) holds. */
    some?: Record<string, unknown>;
    /** The array at pointer has no element for which `where` holds. */
    none?: Record<string, unknown>;
    minItems?: number;
    maxItems?: number;
    /** Every item of the array at pointer is a string matching this. */
    allMatch?: string;
    /** The items' values at `key` (a pointer inside each item) include these, in this order. */
    sequence?: { key: string; values: unknown[] };
  };
  /** The response came at most this many ms after the request was sent. */
  maxDurationMs?: number;
  /** The response came no sooner than this many ms after the request was sent (the server waited). */
  minDurationMs?: number;
  /** The body (as received on the wire) is at most this many octets. */
  bodyMaxBytes?: number;
  /** The body is more than this many octets (used as a precondition). */
  bodyMinBytes?: number;
  /** The body is not a TAXII message (not JSON with a string `type`). */
  notTaxiiMessage?: true;
  /** The message on the wire follows the profile's binding rules (namespace, names, ids, headers). */
  wireRules?: true;
  /** DNS steps: the SRV lookup found at least this many records. */
  srvRecords?: { min: number };
  /** DNS steps: the records are usable (not the "." no-service answer; valid targets and ports). */
  srvUsable?: true;
  /** DNS steps: every SRV target has an address. */
  srvTargetsResolve?: true;
  /** TLS steps: the server accepted or refused the handshake offered. */
  handshake?: 'accepted' | 'refused';
  /** TLS certificate steps: properties of the server's certificate. */
  certificate?: { current?: true; nameMatches?: true; rsaKey?: true; minRsaBits?: number };
}

/** A check: an assertion at a level, tied to the requirement it evidences. */
export interface Check extends Assertion {
  level: Level;
  requirement: string;
}

/** A precondition: when it does not hold the case is skipped with `reason`. */
export interface Precondition extends Assertion {
  reason: string;
}

/** A step: one request, what must hold of the response, what to remember of it. */
/** A DNS lookup: the SRV record of `_taxii._tcp.<domain>` and its targets' addresses. */
export interface DnsSpec {
  srv: Template;
}

/** A TLS probe of the target's host and port: a handshake with an offer class, or its certificate. */
export interface TlsSpec {
  /** An offer class of suites/probes/tls-offers.ts, e.g. `baseline`, `tls10`, `rsa-kx`. */
  offerClass?: string;
  /** Read the certificate instead of testing an offer. */
  certificate?: true;
  /** List every suite the server accepts, per version (as sslscan does). */
  enumerate?: true;
  /** URL whose host and port are probed; default `{target}`. */
  url?: Template;
}

/** A step is exactly one probe: an HTTP request, a DNS lookup or a TLS probe. */
export interface Step {
  name?: string;
  request?: RequestSpec;
  dns?: DnsSpec;
  tls?: TlsSpec;
  /** Run the step once per item of a list variable (JSON array), with `{item}` set to each. */
  forEach?: string;
  /** Steps run at the same time (each may have its own delayMs), e.g. a waiting GET and a POST. */
  parallel?: Step[];
  /** Checked before `expect`; any that fails skips the case with its reason. */
  require?: Precondition[];
  expect?: Check[];
  /** Variables captured from the response: name → JSON pointer or `header:Name`. */
  capture?: Record<string, string>;
  /** A resource this step creates, undone at the end of the run (even after a failure). */
  creates?: { description: Template; undo: RequestSpec };
  /**
   * What no response at all (refused, reset, no address) means for this step's checks:
   * `passes` for "must not answer" probes, `fails` where answering is what is checked.
   * Absent: the probe could not run, the case is an error.
   */
  noResponse?: 'passes' | 'fails';
  /** Wait this many ms before sending (e.g. for a token to expire). */
  delayMs?: number;
}

/** Conditions a case needs from the run before it can be attempted. */
export type Need = 'credentials' | 'write' | 'discovery' | 'token' | 'srv';

/** A declarative conformance case (data). */
export interface CaseDef {
  /** Stable name, `<area>.<what>`; never a position. */
  id: string;
  area: string;
  title: string;
  /** Spec section the case checks. */
  section: string;
  /** What the case does, for `explain`. */
  description?: string;
  needs?: Need[];
  /**
   * An observation, not a check: reported, never failed (e.g. the NULL suites the pre-draft
   * leaves to local policy). Info cases have no checks; their message says what was seen.
   */
  info?: true;
  steps: Step[];
}

/** A case with its level derived from its checks (strongest) and its requirement ids. */
export interface LoadedCase extends CaseDef {
  level: Level;
  requirements: string[];
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
  /** `dig @server -p port SRV _taxii._tcp.<domain>`. */
  reproduce: string;
}

/** Outcome of one check. */
export interface CheckResult {
  requirement: string;
  level: Level;
  ok: boolean;
  expected: string;
  actual: string;
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

/** A named deviation the mock can be switched into; it names the cases it breaks. */
export interface Fault {
  name: string;
  description: string;
  breaks: string[];
}
