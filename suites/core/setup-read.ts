// What a profile's setup reads of an answer: its body as a JSON object (or nothing), and URLs
// with the trailing `/` that paths are appended to.
import type { HttpExchange } from '../probes/http.js';

export type JsonObject = Record<string, unknown>;

/** The body of a complete answer as a JSON object; undefined for no answer, a cut body, not JSON, or not an object. */
export function jsonObject(x: HttpExchange): JsonObject | undefined {
  if (!x.response || x.response.truncated) return undefined;
  try {
    const v: unknown = JSON.parse(x.response.body.toString('utf8'));
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as JsonObject) : undefined;
  } catch {
    return undefined;
  }
}

/** The URL with a trailing `/`. */
export const withSlash = (u: string): string => (u.endsWith('/') ? u : `${u}/`);

/**
 * Setup's first request got no usable answer: nothing at all is `unreachable` (exit 3); a
 * status line whose body broke (stalled, reset, cut) is an answer, a setup `problem` (exit 1).
 * Undefined when it answered.
 */
export function noAnswer(target: string, x: HttpExchange): { unreachable: string } | { problem: string } | undefined {
  if (x.response) return undefined;
  if (!x.partial) return { unreachable: `${target}: ${x.error}` };
  return { problem: `${target} answered status ${x.partial.status} but the body failed: ${x.error}` };
}
