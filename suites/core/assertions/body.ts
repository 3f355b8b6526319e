// The response body as the assertions on it read it: decoded by the profile (JSON by
// default), or why it cannot be; and a server's value as a check words it.
import type { HttpResponse } from '../../probes/http.js';
import { preview } from '../bounds.js';
import type { AssertionEnv } from './kind.js';

/** The response body as the profile's data model (JSON by default), or why it isn't. */
export function parseBody(res: HttpResponse, env?: Pick<AssertionEnv, 'decode'>): { ok: true; value: unknown } | { ok: false; why: string } {
  if (res.truncated) return { ok: false, why: `body cut at ${res.body.length} octets (too large to parse)` };
  if (res.body.length === 0) return { ok: false, why: 'empty body' };
  if (env?.decode) return env.decode(res.body, res.headers);
  try {
    return { ok: true, value: JSON.parse(res.body.toString('utf8')) };
  } catch (e) {
    return { ok: false, why: `body is not JSON (${(e as Error).message})` };
  }
}

/** The decoded answer body checks read: the parts joined when the answer came in parts, else the response body. */
export function answerOf(seen: { res: HttpResponse; whole?: unknown }, env?: Pick<AssertionEnv, 'decode'>): { ok: true; value: unknown } | { ok: false; why: string } {
  return seen.whole !== undefined ? { ok: true, value: seen.whole } : parseBody(seen.res, env);
}

/** A server's value in a check's words: bounded in length and depth (bounds.ts). */
export const show = (v: unknown): string => preview(v);
