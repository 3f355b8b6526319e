// `json`: a JSON pointer into the body: present or absent, equal to a value, matching a
// pattern, or an array with items that hold, or do not hold, a condition.
import { Type, type Static } from '@sinclair/typebox';
import { expand, jsonPointer, type Vars } from '../template.js';
import { badPattern, defineAssertion, type AssertionEnv, type AssertionOutcome } from './kind.js';
import { template } from '../schema-kit.js';
import { itemConditions, jsonEqual } from './json-items.js';
import { answerOf, parseBody, show } from './body.js';

/**
 * A condition's wanted value: a value (equal as JSON), `{"not": value}` (anything else,
 * absence included) or `{"sameContent": text}` (the same content by the profile's
 * comparison, e.g. XML as XML; the exact string by default).
 */
type Want = { kind: 'equal'; value: unknown } | { kind: 'not'; value: unknown } | { kind: 'content'; text: string };

function wantOf(raw: unknown, vars: Vars): Want {
  const ex = (v: unknown): unknown => (typeof v === 'string' ? expand(v, vars) : v);
  if (raw !== null && typeof raw === 'object' && !Array.isArray(raw)) {
    const o = raw as Record<string, unknown>;
    const keys = Object.keys(o);
    if (keys.length === 1 && keys[0] === 'not') return { kind: 'not', value: ex(o.not) };
    if (keys.length === 1 && keys[0] === 'sameContent' && typeof o.sameContent === 'string') return { kind: 'content', text: expand(o.sameContent, vars) };
  }
  return { kind: 'equal', value: ex(raw) };
}

type ContentCompare = (expected: string, actual: string) => string | undefined;
const exactly: ContentCompare = (e, a) => (e === a ? undefined : 'not the same string');

/** Undefined when the item's value at the pointer is what is wanted, else why not. */
function missWhy(item: unknown, ptr: string, want: Want, compare: ContentCompare): string | undefined {
  const v = jsonPointer(item, ptr);
  if (want.kind === 'equal') return jsonEqual(v, want.value) ? undefined : `${ptr} = ${show(v)}`;
  if (want.kind === 'not') return jsonEqual(v, want.value) ? `${ptr} = ${show(v)}` : undefined;
  if (typeof v !== 'string') return `${ptr} = ${show(v)}`;
  const d = compare(want.text, v);
  return d === undefined ? undefined : `${ptr} differs: ${d}`;
}

function showWant(ptr: string, w: Want): string {
  if (w.kind === 'equal') return `${ptr} = ${show(w.value)}`;
  if (w.kind === 'not') return `${ptr} ≠ ${show(w.value)}`;
  return `${ptr} the same content as ${show(w.text)}`;
}

function matchesWhere(item: unknown, where: Record<string, unknown>, vars: Vars, compare: ContentCompare): boolean {
  return Object.entries(where).every(([ptr, raw]) => missWhy(item, ptr, wantOf(raw, vars), compare) === undefined);
}

/** Pointer (inside each item) → wanted value. */
const where = (description: string) => Type.Unsafe<Record<string, unknown>>({ type: 'object', description });

const EVERY_MATCHES = Type.Optional(Type.Unsafe<Record<string, string>>({ type: 'object', additionalProperties: { type: 'string' }, description: 'Every item of the array at pointer has, at each pointer here, a string matching the regular expression ({var} templates expanded).' }));
const HAS_MEMBERS_OF = Type.Optional(Type.String({ pattern: '^[A-Za-z][A-Za-z0-9]*$', description: 'The object at pointer has every member of the object captured in this variable, with equal values (members of its own beside them allowed).' }));

const JSON_CHECK = Type.Object(
  {
    pointer: Type.String({ description: 'A JSON pointer into the body, e.g. `/collections`; it may hold {var} templates (a key setup learnt from the server).' }),
    exists: Type.Optional(Type.Boolean({ description: 'The value is present (true, the default) or absent.' })),
    equals: Type.Optional(Type.Unknown({ description: 'The value equals this (strings may hold {var} templates).' })),
    matches: Type.Optional(Type.String({ description: 'The value is a string matching this regular expression (`{var}` templates expanded first).' })),
    some: Type.Optional(where('The array at pointer has at least one item for which every pointer → value here holds (a value, `{"not": value}`, or `{"sameContent": text}`: the same content by the profile\'s comparison, e.g. XML as XML).')),
    none: Type.Optional(where('The array at pointer has no item for which every pointer → value here holds.')),
    minItems: Type.Optional(Type.Integer({ minimum: 0, description: 'The array at pointer has at least this many items.' })),
    maxItems: Type.Optional(Type.Integer({ minimum: 0, description: 'The array at pointer has at most this many items.' })),
    allMatch: Type.Optional(Type.String({ description: 'Every item of the array at pointer is a string matching this.' })),
    absentOk: Type.Optional(Type.Literal(true, { description: 'Nothing at pointer passes (an omitted optional member, an empty list left out): the condition binds only a value that is there.' })),
    every: Type.Optional(where('Every item of the array at pointer has these values (pointer inside the item → value).')),
    everyMatches: EVERY_MATCHES,
    everyIn: Type.Optional(
      Type.Object(
        { key: Type.String({ description: 'A pointer inside each item.' }), values: Type.String({ description: 'A variable holding a JSON array, e.g. `{collectionMediaTypes}`.' }) },
        { additionalProperties: false, description: "Every item's value at `key`, when present, is one of the variable's values." },
      ),
    ),
    memberOf: Type.Optional(Type.String({ description: 'The value at pointer is an item of the array at this other pointer.' })),
    sameAs: Type.Optional(Type.String({ pattern: '^[A-Za-z][A-Za-z0-9]*$', description: 'The value at pointer equals the JSON an earlier step captured in this variable.' })),
    hasMembersOf: HAS_MEMBERS_OF,
    uniqueBy: Type.Optional(Type.String({ description: 'No two items of the array at pointer share a value at this pointer inside them (items without it ignored).' })),
    distinctUrls: Type.Optional(template('The array at pointer holds URLs that stay distinct once resolved against this base (a template, e.g. `{discovery}`).')),
    allUrls: Type.Optional(
      Type.Object(
        {
          base: template('The URL of the message (a template, e.g. `{discovery}`): relative references are resolved against it (RFC 3986 section 5).'),
          relative: Type.Optional(Type.Boolean({ description: 'A relative reference passes (resolved against base); default false: every item must be an absolute URL.' })),
          key: Type.Optional(Type.String({ description: 'A pointer inside each item to the URL (e.g. `/address`); default: the item itself.' })),
        },
        { additionalProperties: false, description: 'Every item of the array at pointer is a well-formed http(s) URL (RFC 3986), or a relative reference when `relative` allows it; a miss names the first item that is not, and why.' },
      ),
    ),
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
);

export const json = defineAssertion({
  key: 'json',
  subject: 'http',
  schema: JSON_CHECK,
  evaluate(given, seen, env) {
    const { res } = seen;
    // A key the server chose (setup learnt it) comes in as a {var}.
    const j = { ...given, pointer: expand(given.pointer, env.vars) };
    // No body at all (an error may have none, TAXII 2.1 §3.1) holds nothing at any pointer.
    const empty = res.body.length === 0 && !res.truncated;
    // An answer in parts is read whole (its parts joined).
    const body = empty ? { ok: true as const, value: undefined } : answerOf(seen, env);
    if (!body.ok) return { ok: false, expected: `JSON with ${j.pointer}`, actual: body.why };
    const out = judge(j, body.value, env);
    // A miss says what the server answered, in the profile's words (its real status type and message).
    const said = out.ok ? undefined : env.describeAnswer?.(body.value);
    return said ? { ...out, actual: `${out.actual} (the answer: ${said})` } : out;
  },
  describe: (j) => `JSON ${j.pointer} ${JSON.stringify({ ...j, pointer: undefined })}`,
  check: (j) =>
    [j.matches, j.allMatch, j.keysMatch, ...Object.values(j.everyMatches ?? {})].flatMap((p) => (p === undefined ? [] : [badPattern(p)])).find((x) => x !== undefined),
});

function judge(j: Static<typeof JSON_CHECK>, doc: unknown, env: AssertionEnv): AssertionOutcome {
  const v = jsonPointer(doc, j.pointer);
  if (v === undefined && j.absentOk) return { ok: true, expected: `${j.pointer} absent, or as the case says`, actual: `${j.pointer} absent` };
  const items = itemConditions(j, v, doc, env.vars);
  if (items) return items;
  if (j.equals !== undefined) {
    const want = typeof j.equals === 'string' ? expand(j.equals, env.vars) : j.equals;
    return { ok: jsonEqual(v, want), expected: `${j.pointer} = ${show(want)}`, actual: `${j.pointer} = ${show(v)}` };
  }
  if (j.matches !== undefined) {
    // A pattern may name a variable (e.g. the status types a binding has for a condition).
    const re = new RegExp(expand(j.matches, env.vars));
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
    for (const s of seen) if (at < wants.length && jsonEqual(s, wants[at])) at++;
    const found = seen.filter((s) => wants.some((w) => jsonEqual(s, w)));
    return { ok: at === wants.length, expected: `${key} of ${j.pointer} in the order ${wants.map(show).join(', ')}`, actual: found.length ? `in the order ${found.map(show).join(', ')}` : 'none of them' };
  }
  if (j.maxItems !== undefined) {
    const n = Array.isArray(v) ? v.length : -1;
    return { ok: n >= 0 && n <= j.maxItems, expected: `${j.pointer} with at most ${j.maxItems} item(s)`, actual: Array.isArray(v) ? `${n} item(s)` : `${j.pointer} = ${show(v)}` };
  }
  if (j.some !== undefined || j.none !== undefined) {
    const cond = (j.some ?? j.none) as Record<string, unknown>;
    const compare = env.contentDifference ?? exactly;
    const wants = Object.entries(cond).map(([k, w]) => [k, wantOf(w, env.vars)] as const);
    const desc = wants.map(([k, w]) => showWant(k, w)).join(', ');
    if (!Array.isArray(v)) return { ok: false, expected: `${j.pointer} an array`, actual: `${j.pointer} = ${show(v)}` };
    const hits = v.filter((item) => matchesWhere(item, cond, env.vars, compare)).length;
    if (j.none !== undefined) return { ok: hits === 0, expected: `${j.pointer} has no item with ${desc}`, actual: `${hits} of ${v.length} item(s) with ${desc}` };
    if (hits > 0) return { ok: true, expected: `${j.pointer} has an item with ${desc}`, actual: `${hits} of ${v.length} item(s) with ${desc}` };
    // Say what differs in the nearest item: the first that meets every condition but content.
    const near = wants.some(([, w]) => w.kind === 'content')
      ? v.find((item) => wants.every(([k, w]) => w.kind === 'content' || missWhy(item, k, w, compare) === undefined))
      : undefined;
    const nearWhy = near === undefined ? undefined : wants.map(([k, w]) => missWhy(near, k, w, compare)).find((x) => x !== undefined);
    return { ok: false, expected: `${j.pointer} has an item with ${desc}`, actual: `${v.length} item(s), none with ${desc}${nearWhy ? `; item ${v.indexOf(near) + 1}: ${nearWhy}` : ''}` };
  }
  const exists = j.exists ?? true;
  return { ok: (v !== undefined) === exists, expected: `${j.pointer} ${exists ? 'present' : 'absent'}`, actual: `${j.pointer} = ${show(v)}` };
}
