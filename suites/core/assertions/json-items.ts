// The json assertion's conditions on the items of an array, on an object's member names and
// on a value against another part of the body or an earlier capture: every item holding
// values or patterns, membership, uniqueness, URLs distinct once resolved, equality with a
// captured value. Kept apart from json.ts so that each file says one kind of thing.
import { expand, jsonPointer, type Vars } from '../template.js';
import type { AssertionOutcome } from './kind.js';
import { show } from './body.js';
import { describeMessageUrl, readMessageUrl } from '../message-url.js';

export interface ItemConditions {
  pointer: string;
  every?: Record<string, unknown>;
  everyMatches?: Record<string, string>;
  everyIn?: { key: string; values: string };
  memberOf?: string;
  sameAs?: string;
  hasMembersOf?: string;
  uniqueBy?: string;
  distinctUrls?: string;
  allUrls?: { base: string; relative?: boolean; key?: string };
  keysMatch?: string;
}

/** Equal as JSON values (object members in any order). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) return a.length === (b as unknown[]).length && a.every((x, i) => jsonEqual(x, (b as unknown[])[i]));
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  return Object.keys(ao).length === Object.keys(bo).length && Object.keys(ao).every((k) => Object.hasOwn(bo, k) && jsonEqual(ao[k], bo[k]));
}

const notArray = (pointer: string, v: unknown): AssertionOutcome => ({ ok: false, expected: `${pointer} an array`, actual: `${pointer} = ${show(v)}` });

/** The outcome of the condition `j` names among these, or undefined when it names none of them. */
export function itemConditions(j: ItemConditions, v: unknown, doc: unknown, vars: Vars): AssertionOutcome | undefined {
  const p = j.pointer;
  if (j.every !== undefined) {
    if (!Array.isArray(v)) return notArray(p, v);
    const want = Object.entries(j.every).map(([k, w]) => [k, typeof w === 'string' ? expand(w, vars) : w] as const);
    const desc = want.map(([k, w]) => `${k} = ${show(w)}`).join(', ');
    const bad = v.findIndex((item) => !want.every(([k, w]) => jsonEqual(jsonPointer(item, k), w)));
    return { ok: bad < 0, expected: `every item of ${p} with ${desc}`, actual: bad < 0 ? `all ${v.length} do` : `item ${bad}: ${show(v[bad])}` };
  }
  if (j.everyMatches !== undefined) {
    if (!Array.isArray(v)) return notArray(p, v);
    // Patterns may name variables (`{runId}`); a quantifier such as {3,250} is no template.
    const want = Object.entries(j.everyMatches).map(([k, re]) => [k, expand(re, vars)] as const);
    const desc = want.map(([k, re]) => `${k} ~ /${re}/`).join(', ');
    for (const [i, item] of v.entries()) {
      for (const [k, re] of want) {
        const x = jsonPointer(item, k);
        if (typeof x !== 'string' || !new RegExp(re).test(x)) return { ok: false, expected: `every item of ${p} with ${desc}`, actual: `item ${i}: ${k} = ${show(x)}` };
      }
    }
    return { ok: true, expected: `every item of ${p} with ${desc}`, actual: `all ${v.length} do` };
  }
  if (j.everyIn !== undefined) {
    if (!Array.isArray(v)) return notArray(p, v);
    let allowed: unknown[] = [];
    try {
      const parsed: unknown = JSON.parse(expand(j.everyIn.values, vars));
      if (Array.isArray(parsed)) allowed = parsed;
    } catch {
      /* not a JSON array: nothing is allowed */
    }
    const key = j.everyIn.key;
    const bad = v.map((item) => jsonPointer(item, key)).find((x) => x !== undefined && !allowed.some((a) => jsonEqual(a, x)));
    return { ok: bad === undefined, expected: `${key} of every item of ${p} one of ${show(allowed)}`, actual: bad === undefined ? 'all are' : `${key} = ${show(bad)}` };
  }
  if (j.memberOf !== undefined) {
    const list = jsonPointer(doc, j.memberOf);
    const ok = Array.isArray(list) && list.some((x) => jsonEqual(x, v));
    return { ok, expected: `${p} one of ${j.memberOf}`, actual: `${p} = ${show(v)}; ${j.memberOf} = ${show(list)}` };
  }
  if (j.sameAs !== undefined) {
    const raw = vars.get(j.sameAs);
    let want: unknown;
    try {
      want = raw === undefined ? undefined : JSON.parse(raw);
    } catch {
      want = raw;
    }
    return { ok: raw !== undefined && jsonEqual(v, want), expected: `${p} = ${show(want)} (as before)`, actual: `${p} = ${show(v)}` };
  }
  if (j.hasMembersOf !== undefined) {
    let want: unknown;
    try {
      want = JSON.parse(vars.get(j.hasMembersOf) ?? 'null');
    } catch {
      want = null;
    }
    const expected = `${p} with the members of ${j.hasMembersOf}: ${show(want)}`;
    if (!want || typeof want !== 'object' || !v || typeof v !== 'object') return { ok: false, expected, actual: `${p} = ${show(v)}` };
    const differ = Object.entries(want).find(([k, w]) => !jsonEqual((v as Record<string, unknown>)[k], w));
    return { ok: differ === undefined, expected, actual: differ ? `${differ[0]} = ${show((v as Record<string, unknown>)[differ[0]])}` : 'every member as before' };
  }
  if (j.uniqueBy !== undefined) {
    if (!Array.isArray(v)) return notArray(p, v);
    const seen = new Map<string, number>();
    for (const [i, item] of v.entries()) {
      const x = jsonPointer(item, j.uniqueBy);
      if (x === undefined) continue;
      const k = JSON.stringify(x);
      if (seen.has(k)) return { ok: false, expected: `no two items of ${p} with the same ${j.uniqueBy}`, actual: `items ${seen.get(k)} and ${i}: ${j.uniqueBy} = ${show(x)}` };
      seen.set(k, i);
    }
    return { ok: true, expected: `no two items of ${p} with the same ${j.uniqueBy}`, actual: `${v.length} item(s), none share it` };
  }
  if (j.distinctUrls !== undefined) {
    if (!Array.isArray(v)) return notArray(p, v);
    const base = expand(j.distinctUrls, vars);
    const resolved = v.map((x) => {
      try {
        const u = new URL(String(x), base);
        return u.href.endsWith('/') ? u.href : `${u.href}/`;
      } catch {
        return String(x);
      }
    });
    const dup = resolved.findIndex((u, i) => resolved.indexOf(u) !== i);
    return { ok: dup < 0, expected: `the URLs of ${p} distinct once resolved against ${base}`, actual: dup < 0 ? `${v.length} distinct` : `${show(v[dup])} is ${resolved[dup]}, listed before` };
  }
  if (j.allUrls !== undefined) {
    if (!Array.isArray(v)) return notArray(p, v);
    const base = expand(j.allUrls.base, vars);
    const { key } = j.allUrls;
    const what = key === undefined ? `every item of ${p}` : `${key} of every item of ${p}`;
    const expected = `${what} ${j.allUrls.relative ? 'an http(s) URL or a relative reference' : 'an absolute http(s) URL'} (RFC 3986)`;
    for (const [i, item] of v.entries()) {
      const r = readMessageUrl(key === undefined ? item : jsonPointer(item, key), base);
      const at = key === undefined ? '' : `item ${i}: `;
      const why =
        r.kind === 'malformed' ? r.why
        : r.origin === undefined ? `${describeMessageUrl(r)} is a ${r.scheme}: URL, not http(s)`
        : r.relative && !j.allUrls.relative ? `${describeMessageUrl(r)}: a relative reference, not an absolute URL`
        : undefined;
      if (why !== undefined) return { ok: false, expected, actual: `${at}${why}` };
    }
    return { ok: true, expected, actual: `all ${v.length} are` };
  }
  if (j.keysMatch !== undefined) {
    if (!v || typeof v !== 'object' || Array.isArray(v)) return { ok: false, expected: `${p} an object`, actual: `${p} = ${show(v)}` };
    const re = new RegExp(j.keysMatch);
    const bad = Object.keys(v).filter((k) => !re.test(k));
    return { ok: bad.length === 0, expected: `every member name of ${p} matching /${j.keysMatch}/`, actual: bad.length ? `${bad.map((b) => show(b)).join(', ')}` : 'all do' };
  }
  return undefined;
}
