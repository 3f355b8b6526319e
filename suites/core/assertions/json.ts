// `json`: a JSON pointer into the body: present or absent, equal to a value, matching a
// pattern, or an array with items that hold, or do not hold, a condition.
import { Type } from '@sinclair/typebox';
import { expand, jsonPointer, type Vars } from '../template.js';
import { badPattern, defineAssertion } from './kind.js';
import { template } from '../schema-kit.js';
import { itemConditions } from './json-items.js';
import { parseBody, show } from './body.js';

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

/** Pointer (inside each item) → wanted value. */
const where = (description: string) => Type.Unsafe<Record<string, unknown>>({ type: 'object', description });

export const json = defineAssertion({
  key: 'json',
  subject: 'http',
  schema: Type.Object(
    {
      pointer: Type.String({ description: 'A JSON pointer into the body, e.g. `/collections`.' }),
      exists: Type.Optional(Type.Boolean({ description: 'The value is present (true, the default) or absent.' })),
      equals: Type.Optional(Type.Unknown({ description: 'The value equals this (strings may hold {var} templates).' })),
      matches: Type.Optional(Type.String({ description: 'The value is a string matching this regular expression.' })),
      some: Type.Optional(where('The array at pointer has at least one item for which every pointer → value here holds.')),
      none: Type.Optional(where('The array at pointer has no item for which every pointer → value here holds.')),
      minItems: Type.Optional(Type.Integer({ minimum: 0, description: 'The array at pointer has at least this many items.' })),
      maxItems: Type.Optional(Type.Integer({ minimum: 0, description: 'The array at pointer has at most this many items.' })),
      allMatch: Type.Optional(Type.String({ description: 'Every item of the array at pointer is a string matching this.' })),
      absentOk: Type.Optional(Type.Literal(true, { description: 'Nothing at pointer passes (an omitted optional member, an empty list left out): the condition binds only a value that is there.' })),
      every: Type.Optional(where('Every item of the array at pointer has these values (pointer inside the item → value).')),
      everyMatches: Type.Optional(Type.Unsafe<Record<string, string>>({ type: 'object', additionalProperties: { type: 'string' }, description: 'Every item of the array at pointer has, at each pointer here, a string matching the regular expression ({var} templates expanded).' })),
      everyIn: Type.Optional(
        Type.Object(
          { key: Type.String({ description: 'A pointer inside each item.' }), values: Type.String({ description: 'A variable holding a JSON array, e.g. `{collectionMediaTypes}`.' }) },
          { additionalProperties: false, description: "Every item's value at `key`, when present, is one of the variable's values." },
        ),
      ),
      memberOf: Type.Optional(Type.String({ description: 'The value at pointer is an item of the array at this other pointer.' })),
      sameAs: Type.Optional(Type.String({ pattern: '^[A-Za-z][A-Za-z0-9]*$', description: 'The value at pointer equals the JSON an earlier step captured in this variable.' })),
      hasMembersOf: Type.Optional(Type.String({ pattern: '^[A-Za-z][A-Za-z0-9]*$', description: 'The object at pointer has every member of the object captured in this variable, with equal values (members of its own beside them allowed).' })),
      uniqueBy: Type.Optional(Type.String({ description: 'No two items of the array at pointer share a value at this pointer inside them (items without it ignored).' })),
      distinctUrls: Type.Optional(template('The array at pointer holds URLs that stay distinct once resolved against this base (a template, e.g. `{discovery}`).')),
      keysMatch: Type.Optional(Type.String({ description: 'Every member name of the object at pointer matches this regular expression.' })),
      sequence: Type.Optional(
        Type.Object(
          {
            key: Type.String({ description: 'A pointer inside each item.' }),
            values: Type.Array(Type.Unknown(), { minItems: 1, description: 'The values wanted, in this order.' }),
          },
          { additionalProperties: false, description: "The items' values at `key` include these, in this order (others may come between)." },
        ),
      ),
    },
    { additionalProperties: false, description: 'A JSON pointer into the body and what must hold of the value there.' },
  ),
  evaluate(j, { res }, env) {
    // No body at all (an error may have none, TAXII 2.1 §3.1) holds nothing at any pointer.
    const empty = res.body.length === 0 && !res.truncated;
    const body = empty ? { ok: true as const, value: undefined } : parseBody(res, env);
    if (!body.ok) return { ok: false, expected: `JSON with ${j.pointer}`, actual: body.why };
    const v = jsonPointer(body.value, j.pointer);
    if (v === undefined && j.absentOk) return { ok: true, expected: `${j.pointer} absent, or as the case says`, actual: `${j.pointer} absent` };
    const items = itemConditions(j, v, body.value, env.vars);
    if (items) return items;
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
      const cond = (j.some ?? j.none) as Record<string, unknown>;
      const desc = Object.entries(cond).map(([k, w]) => `${k} = ${show(typeof w === 'string' ? expand(w, env.vars) : w)}`).join(', ');
      if (!Array.isArray(v)) return { ok: false, expected: `${j.pointer} an array`, actual: `${j.pointer} = ${show(v)}` };
      const hits = v.filter((item) => matchesWhere(item, cond, env.vars)).length;
      return j.some !== undefined
        ? { ok: hits > 0, expected: `${j.pointer} has an item with ${desc}`, actual: `${v.length} item(s), none with ${desc}` }
        : { ok: hits === 0, expected: `${j.pointer} has no item with ${desc}`, actual: `${hits} of ${v.length} item(s) with ${desc}` };
    }
    const exists = j.exists ?? true;
    return { ok: (v !== undefined) === exists, expected: `${j.pointer} ${exists ? 'present' : 'absent'}`, actual: `${j.pointer} = ${show(v)}` };
  },
  describe: (j) => `JSON ${j.pointer} ${JSON.stringify({ ...j, pointer: undefined })}`,
  check: (j) =>
    [j.matches, j.allMatch, j.keysMatch, ...Object.values(j.everyMatches ?? {})].flatMap((p) => (p === undefined ? [] : [badPattern(p)])).find((x) => x !== undefined),
});
