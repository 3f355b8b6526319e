// Evaluates one declarative assertion against a response, saying what was expected and
// what was seen, in words a vendor can act on.
import type { Assertion } from './types.js';
import type { HttpResponse } from '../probes/http.js';
import { expand, jsonPointer, type Vars } from './template.js';
import { preview } from './bounds.js';

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
  /** The profile's wire rules. */
  wireProblems?: (body: Buffer, headers: Record<string, string>) => string[];
}

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

function statusMatches(status: number, want: number | string): boolean {
  if (typeof want === 'number') return status === want;
  const m = /^([1-5])xx$/i.exec(want);
  return m ? Math.floor(status / 100) === Number(m[1]) : String(status) === want;
}

// A server's value in a check's words: bounded in length and depth (bounds.ts).
const show = (v: unknown): string => preview(v);

/**
 * Equal as JSON values (object members in any order). It descends only while both sides are
 * containers, so a server's deeply nested value meets the case's shallow one and stops there.
 */
function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bs = b as unknown[];
    return a.length === bs.length && a.every((x, i) => deepEqual(x, bs[i]));
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const keys = Object.keys(ao);
  return keys.length === Object.keys(bo).length && keys.every((k) => Object.hasOwn(bo, k) && deepEqual(ao[k], bo[k]));
}

function matchesWhere(item: unknown, where: Record<string, unknown>, vars: Vars): boolean {
  return Object.entries(where).every(([ptr, want]) => {
    const expected = typeof want === 'string' ? expand(want, vars) : want;
    return deepEqual(jsonPointer(item, ptr), expected);
  });
}

export function evaluate(a: Assertion, res: HttpResponse, env: AssertionEnv, durationMs = 0): AssertionOutcome {
  if (a.maxDurationMs !== undefined) {
    return { ok: durationMs <= a.maxDurationMs, expected: `an answer within ${a.maxDurationMs} ms`, actual: `answered after ${durationMs} ms (status ${res.status})` };
  }
  if (a.minDurationMs !== undefined) {
    return { ok: durationMs >= a.minDurationMs, expected: `an answer no sooner than ${a.minDurationMs} ms (the server waits)`, actual: `answered after ${durationMs} ms (status ${res.status})` };
  }
  if (a.status !== undefined) {
    const wants = Array.isArray(a.status) ? a.status : [a.status];
    return {
      ok: wants.includes(res.status),
      expected: wants.length === 1 ? `status ${wants[0]}` : `status one of ${wants.join(', ')}`,
      actual: `status ${res.status}`,
    };
  }
  if (a.statusNot !== undefined) {
    return {
      ok: !a.statusNot.some((w) => statusMatches(res.status, w)),
      expected: `status not ${a.statusNot.join(' or ')}`,
      actual: `status ${res.status}`,
    };
  }
  if (a.statusClass !== undefined) {
    return { ok: statusMatches(res.status, a.statusClass), expected: `status ${a.statusClass}`, actual: `status ${res.status}` };
  }
  if (a.header !== undefined) {
    const name = a.header.name.toLowerCase();
    const value = res.headers[name];
    if (a.header.present === false) {
      return { ok: value === undefined, expected: `no ${a.header.name} header`, actual: value === undefined ? 'absent' : `${a.header.name}: ${value}` };
    }
    if (a.header.equals !== undefined) {
      const want = expand(a.header.equals, env.vars);
      return { ok: value === want, expected: `${a.header.name}: ${want}`, actual: value === undefined ? `no ${a.header.name} header` : `${a.header.name}: ${value}` };
    }
    if (a.header.matches !== undefined) {
      const re = new RegExp(a.header.matches, 'i');
      return { ok: value !== undefined && re.test(value), expected: `${a.header.name} matching /${a.header.matches}/`, actual: value === undefined ? `no ${a.header.name} header` : `${a.header.name}: ${value}` };
    }
    return { ok: value !== undefined, expected: `a ${a.header.name} header`, actual: value === undefined ? 'absent' : `${a.header.name}: ${value}` };
  }
  if (a.mediaType !== undefined) {
    const ct = res.headers['content-type'];
    const mt = ct?.split(';')[0]?.trim().toLowerCase();
    return { ok: mt === a.mediaType.toLowerCase(), expected: `Content-Type ${a.mediaType}`, actual: ct ? `Content-Type ${ct}` : 'no Content-Type' };
  }
  if (a.bodyMaxBytes !== undefined) {
    return { ok: res.bodyBytes <= a.bodyMaxBytes && !res.truncated, expected: `body of at most ${a.bodyMaxBytes} octets`, actual: `${res.truncated ? 'more than ' : ''}${res.bodyBytes} octets` };
  }
  if (a.bodyMinBytes !== undefined) {
    return { ok: res.bodyBytes > a.bodyMinBytes, expected: `body of more than ${a.bodyMinBytes} octets`, actual: `${res.bodyBytes} octets` };
  }
  if (a.wireRules) {
    const problems = env.wireProblems ? env.wireProblems(res.body, res.headers) : [];
    return { ok: problems.length === 0, expected: 'a message that follows the binding\'s rules', actual: problems.length ? problems.slice(0, 3).join('; ') : 'follows them' };
  }
  const body = parseBody(res, env);
  if (a.notTaxiiMessage) {
    const isMsg = body.ok && typeof (body.value as { type?: unknown })?.type === 'string';
    return { ok: !isMsg, expected: 'no TAXII message', actual: isMsg ? `a TAXII message of type ${show((body.value as { type: unknown }).type)}` : 'no TAXII message' };
  }
  if (a.schema !== undefined) {
    if (!body.ok) return { ok: false, expected: `a valid ${a.schema} message`, actual: body.why };
    const v = env.validate(a.schema, body.value);
    return { ok: v.valid, expected: `a valid ${a.schema} message`, actual: v.valid ? `a valid ${a.schema} message` : v.errors.slice(0, 3).join('; ') };
  }
  if (a.json !== undefined) {
    const j = a.json;
    if (!body.ok) return { ok: false, expected: `JSON with ${j.pointer}`, actual: body.why };
    const v = jsonPointer(body.value, j.pointer);
    if (j.equals !== undefined) {
      const want = typeof j.equals === 'string' ? expand(j.equals, env.vars) : j.equals;
      return { ok: deepEqual(v, want), expected: `${j.pointer} = ${show(want)}`, actual: `${j.pointer} = ${show(v)}` };
    }
    if (j.matches !== undefined) {
      const re = new RegExp(j.matches);
      return { ok: typeof v === 'string' && re.test(v), expected: `${j.pointer} matching /${j.matches}/`, actual: `${j.pointer} = ${show(v)}` };
    }
    if (j.minItems !== undefined) {
      const n = Array.isArray(v) ? v.length : -1;
      return { ok: n >= j.minItems, expected: `${j.pointer} with at least ${j.minItems} item(s)`, actual: Array.isArray(v) ? `${n} item(s)` : `${j.pointer} = ${show(v)}` };
    }
    if (j.allMatch !== undefined) {
      const re = new RegExp(j.allMatch);
      if (!Array.isArray(v)) return { ok: false, expected: `${j.pointer} an array`, actual: `${j.pointer} = ${show(v)}` };
      const bad = v.filter((x) => typeof x !== 'string' || !re.test(x));
      return { ok: bad.length === 0, expected: `every item of ${j.pointer} matching /${j.allMatch}/`, actual: bad.length ? `${bad.length} not matching, e.g. ${show(bad[0])}` : 'all match' };
    }
    if (j.sequence !== undefined) {
      const { key, values } = j.sequence;
      if (!Array.isArray(v)) return { ok: false, expected: `${j.pointer} an array`, actual: `${j.pointer} = ${show(v)}` };
      const wants = values.map((w) => (typeof w === 'string' ? expand(w, env.vars) : w));
      const seen = v.map((item) => jsonPointer(item, key));
      // The wanted values must appear in this order (others may come between).
      let at = 0;
      for (const s of seen) if (at < wants.length && deepEqual(s, wants[at])) at++;
      const found = seen.filter((s) => wants.some((w) => deepEqual(s, w)));
      return { ok: at === wants.length, expected: `${key} of ${j.pointer} in the order ${wants.map(show).join(', ')}`, actual: found.length ? `in the order ${found.map(show).join(', ')}` : 'none of them' };
    }
    if (j.maxItems !== undefined) {
      const n = Array.isArray(v) ? v.length : -1;
      return { ok: n >= 0 && n <= j.maxItems, expected: `${j.pointer} with at most ${j.maxItems} item(s)`, actual: Array.isArray(v) ? `${n} item(s)` : `${j.pointer} = ${show(v)}` };
    }
    if (j.some !== undefined || j.none !== undefined) {
      const where = (j.some ?? j.none) as Record<string, unknown>;
      const desc = Object.entries(where).map(([k, w]) => `${k} = ${show(typeof w === 'string' ? expand(w, env.vars) : w)}`).join(', ');
      if (!Array.isArray(v)) return { ok: false, expected: `${j.pointer} an array`, actual: `${j.pointer} = ${show(v)}` };
      const hits = v.filter((item) => matchesWhere(item, where, env.vars)).length;
      return j.some !== undefined
        ? { ok: hits > 0, expected: `${j.pointer} has an item with ${desc}`, actual: `${v.length} item(s), none with ${desc}` }
        : { ok: hits === 0, expected: `${j.pointer} has no item with ${desc}`, actual: `${hits} of ${v.length} item(s) with ${desc}` };
    }
    const exists = j.exists ?? true;
    return { ok: (v !== undefined) === exists, expected: `${j.pointer} ${exists ? 'present' : 'absent'}`, actual: `${j.pointer} = ${show(v)}` };
  }
  throw new Error('assertion names no test');
}
