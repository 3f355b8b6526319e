// What a profile (one spec) gives the engine: the suite half of a profile plug-in
// (suites/registry.ts joins it to its mock half). Everything profile-specific — paths, media
// types, schemas, requirements, cases, setup, the SRV service, the TLS policy, run options —
// lives behind this interface.
import type { CoverageSpec } from './coverage.js';
import type { LoadedCase, ProfileId, Requirement } from './types.js';
import type { SchemaCheck } from './assertions.js';
import type { HttpExchange, HttpRequest, HttpResponse } from '../probes/http.js';
import type { SrvService } from '../probes/dns.js';
import type { AuthMode } from './types.js';

export interface SetupContext {
  target: string;
  /** Sends a request with the given auth mode (default: the run's credentials). */
  send(req: Omit<HttpRequest, 'headers'> & { headers?: Record<string, string>; auth?: AuthMode }): Promise<HttpExchange>;
  /** True when the run has credentials (Basic or a token). */
  hasCredentials: boolean;
  /** True when the run may not write (--read-only). */
  readOnly: boolean;
  /** What the user named with `--var name=value` (e.g. `collection`): setup picks these over its own choice. */
  userVars: ReadonlyMap<string, string>;
}

export interface SetupResult {
  /** Variables cases may name, e.g. apiBase, collection. */
  vars: Map<string, string>;
  /** A bearer token the target issued for the run's credentials. */
  issuedToken?: string;
  /** Findings worth a line in the report (e.g. a tolerated spec slip). */
  notes: string[];
  /** Set when the target could not be reached at all (exit 3). */
  unreachable?: string;
  /** Problems that make the run's verdict untrustworthy (the gate fails). */
  problems: string[];
  /**
   * Why this run has no value for a variable, when setup knows better than the profile's
   * general reason (`variableReasons`): e.g. the Discovery URL answered 401, not "the run
   * started from an API Base URL".
   */
  missing?: Map<string, string>;
}

/** What a profile expects of a server offered one TLS offer class (suites/probes/tls-offers.ts). */
export interface TlsGrade {
  /** `refused`: MUST refuse; `accepted`: MUST complete; `info`: reported, not graded. */
  expect: 'refused' | 'accepted' | 'info';
  /** Why, in the words of the profile's spec (or its reading of it). */
  why: string;
}

/** A profile's TLS policy: the grade of each offer class its cases try, by class id. */
export type TlsPolicy = Readonly<Record<string, TlsGrade>>;

/** An option of `run` that only this profile takes (e.g. which message binding to speak). */
export interface RunOption {
  /** The option's name on the command line, without the dashes. */
  name: string;
  describe: string;
  /** The values it takes, when it is a choice. */
  choices?: readonly string[];
}

/** An answer a profile is asked to recognise as one of its own version's. */
export interface Recognizable {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

export interface Profile {
  id: ProfileId;
  title: string;
  /** Media type of the profile's messages, sent in Accept and Content-Type by default. */
  mediaType: string;
  areas: readonly string[];
  /** Areas whose cases need no setup against the target's TAXII content (TLS, DNS). */
  standaloneAreas: readonly string[];
  /** Discovery by DNS SRV, when the spec defines it: the service label and the Discovery path. */
  srv?: SrvService;
  /** The TLS policy its TLS cases grade by; absent when it has no TLS cases. */
  tlsPolicy?: TlsPolicy;
  /** Its URL table and the requirements governing several URLs (docs/coverage-matrix.md). */
  coverage?: CoverageSpec;
  /** Options of `run` that configure this profile (`configure` takes their values). */
  runOptions?: readonly RunOption[];
  requirements(): Requirement[];
  cases(): LoadedCase[];
  validate: SchemaCheck;
  /** Why each variable a case can name might be missing (shown as the skip reason). */
  variableReasons: Readonly<Record<string, string>>;
  setup(ctx: SetupContext): Promise<SetupResult>;
  /**
   * Whether an answer is a TAXII answer of this profile's version (whatever was asked): what
   * gave it away, in a few words, or undefined. The engine asks every other profile when a
   * run's setup finds no answer of its own (suites/core/version-hint.ts), and `--profile auto`
   * asks them all. Absent: the profile cannot be recognised.
   */
  recognize?(res: Recognizable): string | undefined;
  /** A body of a named kind of at least `bytes` octets. */
  generate(kind: string, bytes: number, vars: ReadonlyMap<string, string>): string;
  /** Encodes a data-model message for the wire (default: JSON in the profile's media type). */
  encode?(message: unknown): { body: string; headers: Record<string, string> };
  /** Decodes a response body into the data model (default: JSON). */
  decode?(body: Buffer, headers: Record<string, string>): { ok: true; value: unknown } | { ok: false; why: string };
  /** What a response breaks of the profile's wire rules (binding, headers); [] when none. */
  wireProblems?(body: Buffer, headers: Record<string, string>): string[];
  /**
   * What differs between content a case sent and what the server gave back (undefined: the
   * same), by the profile's notion of same content (e.g. XML compared as XML); default: the
   * exact string. Read by `json` conditions written `{"sameContent": "..."}`.
   */
  contentDifference?(expected: string, actual: string): string | undefined;
  /**
   * Whether an answer says its request took effect (what a step `creates`, an undo): true;
   * 'gone' when the thing is not there (already undone); else why not, in words. Default: HTTP
   * 2xx is true, 404 and 410 are 'gone'. A profile whose errors come with HTTP 200 (TAXII 1.x)
   * judges by the message.
   */
  tookEffect?(res: HttpResponse): true | 'gone' | string;
  /**
   * Anonymous access: a request meant to carry the run's credentials goes without them when the
   * run has none (a server may serve anonymous callers), and an answer refusing it for that
   * skips the case, saying so. `refused` reads such an answer (e.g. a TAXII 1.x UNAUTHORIZED
   * status message); absent, HTTP 401 or 403 is the refusal.
   */
  anonymous?: { refused(res: HttpResponse): boolean };
  /** A one-line account of a decoded answer (a status message's real type and text), added where a check of it misses. */
  describeAnswer?(decoded: unknown): string | undefined;
  /**
   * Answers that come in parts (TAXII 1.1 multi-part poll results): request steps and a
   * pages step with `follow: "parts"` follow them (suites/core/steps/pages.ts, followParts).
   * Absent: every answer is whole.
   */
  parts?: PartsHook;
  /**
   * True for a request other than GET/HEAD that changes nothing on the server (the token
   * request, a TAXII 1.x read message): it may still be sent under --read-only.
   */
  writeFree?(req: Pick<HttpRequest, 'method' | 'url' | 'headers' | 'body'>): boolean;
  /** The profile with its run options applied (see runOptions); an unknown option or value throws. */
  configure?(options: Record<string, string>): Profile;
}

/** The default judgement of an answer's effect (see Profile.tookEffect): by HTTP status. */
export function httpEffect(res: Pick<HttpResponse, 'status'>): true | 'gone' | string {
  if (res.status >= 200 && res.status < 300) return true;
  return res.status === 404 || res.status === 410 ? 'gone' : `status ${res.status}`;
}

/** How a profile judges an answer's effect: its own way, else by HTTP status. */
export function effectOf(profile: Pick<Profile, 'tookEffect'>, res: HttpResponse): true | 'gone' | string {
  return profile.tookEffect ? profile.tookEffect(res) : httpEffect(res);
}

/** How a profile's answers in parts are followed and joined. */
export interface PartsHook {
  /** Where a part's items are (a top-level JSON pointer, e.g. `/content-blocks`): the parts joined are the first with every part's items. */
  items: string;
  /**
   * After part `number` (1: the answer to the step's own request) was decoded: the message
   * asking for the next part, `done` when this part is the last (or the answer is whole), or
   * why the parts cannot be followed on (the walk is then incomplete). `first` is part 1.
   */
  next(part: unknown, number: number, first: unknown): { request: unknown } | { done: true } | { stop: string };
}
