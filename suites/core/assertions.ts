// The registry of assertion kinds: a check or precondition names one of them by its key.
// Adding a kind is one module in assertions/ and one line here; the case format
// (case-format.ts), the loader, the executor and `explain` all read this list.
import type { Assertion } from './case-format.js';
import type { HttpResponse } from '../probes/http.js';
import type { AssertionEnv, AssertionKind, AssertionOutcome, SubjectName, Subjects } from './assertions/kind.js';
import { status } from './assertions/status.js';
import { statusNot } from './assertions/status-not.js';
import { statusClass } from './assertions/status-class.js';
import { header } from './assertions/header.js';
import { mediaType } from './assertions/media-type.js';
import { schema } from './assertions/schema.js';
import { json } from './assertions/json.js';
import { maxDurationMs } from './assertions/max-duration-ms.js';
import { minDurationMs } from './assertions/min-duration-ms.js';
import { answeredAfter } from './assertions/answered-after.js';
import { answeredWithin } from './assertions/answered-within.js';
import { bodyMaxBytes } from './assertions/body-max-bytes.js';
import { bodyMinBytes } from './assertions/body-min-bytes.js';
import { notTaxiiMessage } from './assertions/not-taxii-message.js';
import { wireRules } from './assertions/wire-rules.js';
import { srvRecords } from './assertions/srv-records.js';
import { srvUsable } from './assertions/srv-usable.js';
import { srvTargetsResolve } from './assertions/srv-targets-resolve.js';
import { handshake } from './assertions/handshake.js';
import { certificate } from './assertions/certificate.js';
import { earlyData } from './assertions/early-data.js';
import { clientCertificate } from './assertions/client-certificate.js';
import { walk } from './assertions/walk.js';
import { challenge } from './assertions/challenge.js';
import { schemaIfBody } from './assertions/schema-if-body.js';

export type { AssertionEnv, AssertionOutcome, SchemaCheck } from './assertions/kind.js';
export { parseBody } from './assertions/body.js';

/** Every assertion kind, in the order the case format lists them. */
export const ASSERTION_KINDS = [
  status,
  statusNot,
  statusClass,
  header,
  mediaType,
  schema,
  json,
  bodyMaxBytes,
  bodyMinBytes,
  notTaxiiMessage,
  maxDurationMs,
  minDurationMs,
  answeredAfter,
  answeredWithin,
  wireRules,
  srvRecords,
  srvUsable,
  srvTargetsResolve,
  handshake,
  certificate,
  earlyData,
  clientCertificate,
  walk,
  challenge,
  schemaIfBody,
] as const;

const BY_KEY: ReadonlyMap<string, AssertionKind> = new Map<string, AssertionKind>(ASSERTION_KINDS.map((k) => [k.key, k]));

/** The kind an assertion names (the loader made sure it names exactly one), or undefined. */
export function assertionKindOf(a: object): AssertionKind | undefined {
  for (const key of Object.keys(a)) {
    const kind = BY_KEY.get(key);
    if (kind) return kind;
  }
  return undefined;
}

/** The assertion's value under its kind's key. */
export function assertionValue(a: object, kind: AssertionKind): unknown {
  return (a as Record<string, unknown>)[kind.key];
}

/** Evaluates an assertion against what a step's probe saw. */
export function evaluateAs<S extends SubjectName>(a: Assertion, subject: S, seen: Subjects[S], env: AssertionEnv): AssertionOutcome {
  const kind = assertionKindOf(a);
  if (!kind) throw new Error('assertion names no test');
  if (kind.subject !== subject) throw new Error(`${kind.key} reads a ${kind.subject} probe, not a ${subject} one`);
  return kind.evaluate(assertionValue(a, kind), seen, env);
}

/** An assertion against an HTTP response. */
export function evaluate(a: Assertion, res: HttpResponse, env: AssertionEnv, durationMs = 0): AssertionOutcome {
  return evaluateAs(a, 'http', { res, durationMs }, env);
}

/** The assertion in words, for `explain`. */
export function describeAssertion(a: Assertion): string {
  const kind = assertionKindOf(a);
  return kind ? kind.describe(assertionValue(a, kind)) : '?';
}
