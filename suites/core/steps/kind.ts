// What a step kind is. A step of a case names exactly one kind by its key (`"request"`,
// `"dns"`, `"tls"`); the kind brings the schema of that value, the step fields only it has,
// the subject its assertions read, how it runs, and its words for `explain`. One module per
// kind; ../steps.ts is the registry.
import type { Static, TObject, TProperties, TSchema } from '@sinclair/typebox';
import type { CheckResult, Evidence, ExchangeTimes, LoadedCase, StepCommon, Timing } from '../types.js';
import type { AssertionEnv, SubjectName, Subjects } from '../assertions/kind.js';
import type { CaseEnv } from '../case-executor.js';
import type { Profile } from '../profile.js';

/** The case cannot be attempted here: it is skipped with this reason. */
export class Skip extends Error {}

/** A step's precondition did not hold: the case is skipped, or a parallel group's attempt was inconclusive. */
export class PreconditionUnmet extends Skip {}

/** The probe could not run (timeout, refused, no DNS answer): the verdict is error. */
export class ProbeFailed extends Error {}

/** What the executor lends a running step. */
export interface StepContext {
  readonly case: LoadedCase;
  readonly env: CaseEnv;
  /** The case's variables; captures add to them. */
  readonly vars: Map<string, string>;
  /** What assertions are evaluated with: the variables and the profile's schemas and decoder. */
  readonly assertionEnv: AssertionEnv;
  /** Aborted when the case's time is up or the run is stopped. */
  readonly signal: AbortSignal;
  /** True once the case's own time limit has passed. */
  timedOut(): boolean;
  /** Keeps one exchange (HTTP, TLS, DNS) as evidence, within the report's bounds. */
  keep(ev: Evidence): void;
  /** The number (1-based) the next kept exchange has in the case, as the reports number them. */
  exchangeNumber(): number;
  /** A line for the case's message (what the probe saw); `once`: unless already there. */
  note(line: string, once?: boolean): void;
  /**
   * The step's exchange is over, at these times: recorded under the step's name, and, in a
   * parallel group, held until every sibling's is over too. What relating assertions read.
   */
  exchanged(step: StepCommon, times: ExchangeTimes): Promise<Timing>;
  /** The step's preconditions (a failing one skips the case) and checks against what its probe saw. */
  judge<S extends SubjectName>(step: StepCommon, subject: S, seen: Subjects[S]): void;
  /** A check the step words itself (no response where one was needed, a capture missing). */
  record(check: CheckResult): void;
  /** Whether every check so far held. */
  allHeld(): boolean;
  /** `taxii-conform run … --case <id>`: the line that re-runs this case alone. */
  rerunLine(): string;
}

/** The words of a step kind; `profile` is the case's (its SRV service, its TLS policy). */
export interface StepExplain<S extends TSchema> {
  /** The step in words: its headline, then detail lines. */
  describe(spec: Static<S>, profile: Profile): string[];
  /** What evidence the step leaves, one line. */
  evidence(spec: Static<S>, profile: Profile): string;
  /** A command that replays the step by hand, if a tool can. */
  reproduce(spec: Static<S>, profile: Profile): string | undefined;
}

// The defaults make the plain StepKind the one the executor and the loader hold: fields unknown ({}), any subject.
export interface StepKind<K extends string = string, S extends TSchema = TSchema, F extends TProperties = {}, Sub extends SubjectName = SubjectName> {
  /** The step's field naming this kind, e.g. `dns`. */
  readonly key: K;
  /** The schema of the value under the key (with a description: editors show it); the case file schema names it `#/$defs/<key>`. */
  readonly schema: S;
  /** Step fields only this kind has (the request's `creates`, `noResponse`), all optional. */
  readonly fields: F;
  /** What its assertions read. */
  readonly subject: Sub;
  /** May run inside a `parallel` group. */
  readonly parallel: boolean;
  /** Runs the step; false stops the case here (with what was checked so far). */
  run(spec: Static<S>, step: StepCommon & Static<TObject<F>>, ctx: StepContext): Promise<boolean>;
  /** What is wrong with a step the schema lets through (an unknown offer class, checks on an observation), for the loader. */
  check?(spec: Static<S>, step: StepCommon): string | undefined;
  readonly explain: StepExplain<S>;
}

/** Declares a step kind, keeping its key and schema types for the case format. */
export function defineStepKind<const K extends string, S extends TSchema, F extends TProperties, Sub extends SubjectName>(kind: StepKind<K, S, F, Sub>): StepKind<K, S, F, Sub> {
  return kind;
}
