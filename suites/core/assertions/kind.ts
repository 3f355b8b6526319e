// What an assertion kind is. A check or precondition of a case names exactly one kind by its
// key (`"status": 200`); the kind brings the schema of its value, the subject it reads (what
// a step's probe saw: an HTTP response, a DNS lookup, a TLS probe), its evaluator and its
// words for `explain`. One module per kind; ../assertions.ts is the registry.
import type { Static, TSchema } from '@sinclair/typebox';
import type { HttpResponse } from '../../probes/http.js';
import type { Timing } from '../types.js';
import type { Vars } from '../template.js';
import type { DnsOutcome } from '../steps/dns.js';
import type { TlsOutcome } from '../steps/tls.js';
import type { Walk } from '../steps/pages.js';

export interface AssertionOutcome {
  ok: boolean;
  expected: string;
  actual: string;
}

/** Validates a body against a named message schema of the run's profile. */
export type SchemaCheck = (name: string, data: unknown) => { valid: boolean; errors: string[] };

export interface AssertionEnv {
  vars: Vars;
  validate: SchemaCheck;
  /** The profile's decoder of response bodies (default JSON). */
  decode?: (body: Buffer, headers: Record<string, string>) => { ok: true; value: unknown } | { ok: false; why: string };
  /** The profile's recognition of its own answers (Profile.recognize). */
  recognize?: (res: HttpResponse) => string | undefined;
  /** The profile's wire rules. */
  wireProblems?: (body: Buffer, headers: Record<string, string>) => string[];
  /** The profile's comparison of content sent and given back (`{"sameContent": ...}`). */
  contentDifference?: (expected: string, actual: string) => string | undefined;
  /** The profile's one-line account of a decoded answer (e.g. a status message's type and text), shown when a check of it misses. */
  describeAnswer?: (decoded: unknown) => string | undefined;
}

/**
 * What assertions read, by name: what each step kind's probe gives them. A step kind names
 * the subject it produces; an assertion kind the subject it reads (the loader matches them).
 */
export interface Subjects {
  /** `timing`: when this and the case's other exchanges were sent and answered (request steps). */
  http: {
    res: HttpResponse;
    durationMs: number;
    timing?: Timing;
    /** An answer in parts (Profile.parts): the later parts' responses (`res` is the first's)... */
    parts?: HttpResponse[];
    /** ...and the parts joined into one decoded answer, which body checks read. */
    whole?: unknown;
  };
  dns: DnsOutcome;
  tls: TlsOutcome;
  /** A paged list walked to its end (pages steps). */
  pages: Walk;
}
export type SubjectName = keyof Subjects;

export interface AssertionKind<K extends string = string, S extends TSchema = TSchema, Sub extends SubjectName = SubjectName> {
  /** The assertion's field in a check, e.g. `status`. */
  readonly key: K;
  /** What it reads. */
  readonly subject: Sub;
  /** The schema of its value (with a description: editors show it). */
  readonly schema: S;
  evaluate(want: Static<S>, seen: Subjects[Sub], env: AssertionEnv): AssertionOutcome;
  /** The assertion in words, for `explain`. */
  describe(want: Static<S>): string;
  /** What is wrong with a value the schema lets through (a bad regular expression), for the loader. */
  check?(want: Static<S>): string | undefined;
  /** The steps of the case it relates this exchange to, by name (the loader checks each is a sibling or an earlier step). */
  steps?(want: Static<S>): string[];
  /**
   * An upper bound on time: a loaded machine (the suite's or the server's) can make it miss
   * against a conformant server. In a parallel group with attempts, an attempt whose only
   * misses are such checks is tried again; the check stands on the best attempt.
   */
  readonly loadSensitive?: boolean;
}

/** Declares an assertion kind, keeping its key and schema types for the case format. */
export function defineAssertion<const K extends string, S extends TSchema, Sub extends SubjectName>(kind: AssertionKind<K, S, Sub>): AssertionKind<K, S, Sub> {
  return kind;
}

/** Why a pattern of a case is not a regular expression, if it is not. */
export function badPattern(pattern: string, flags?: string): string | undefined {
  try {
    new RegExp(pattern, flags);
    return undefined;
  } catch (e) {
    return `not a regular expression: /${pattern}/ (${(e as Error).message})`;
  }
}
