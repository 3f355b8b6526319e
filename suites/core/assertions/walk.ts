// `walk`: what must hold of a paged list walked by a pages step: it reached the end (`more`
// not true) within the bounds, every page answered 200, no page held more than a limit, no
// item came twice, the items ascend on a pointer (date_added) across pages, and the walk's
// items are those of an earlier walk (no gap). Each field given is one condition; all must hold.
import { Type } from '@sinclair/typebox';
import { expand, jsonPointer } from '../template.js';
import { jsonEqual } from './json-items.js';
import { defineAssertion } from './kind.js';
import { show } from './body.js';

export const walk = defineAssertion({
  key: 'walk',
  subject: 'pages',
  schema: Type.Object(
    {
      complete: Type.Optional(Type.Literal(true, { description: 'The walk reached a page whose `more` is not true, within its bounds.' })),
      status: Type.Optional(Type.Integer({ description: 'Every page answered this status.' })),
      maxPerPage: Type.Optional(Type.Integer({ minimum: 0, description: 'No page held more items than this.' })),
      minItems: Type.Optional(Type.Integer({ minimum: 0, description: 'The walk held at least this many items.' })),
      minPages: Type.Optional(Type.Integer({ minimum: 1, description: 'The walk took at least this many pages.' })),
      distinct: Type.Optional(Type.Literal(true, { description: 'No item (by the step\'s key) came twice.' })),
      ascending: Type.Optional(Type.String({ description: 'A pointer inside each item whose values never decrease across the walk (string order), e.g. `/date_added`.' })),
      has: Type.Optional(
        Type.Array(Type.Unsafe<Record<string, unknown>>({ type: 'object', description: 'Pointer inside an item → value ({var} templates in strings).' }), {
          minItems: 1,
          description: 'For each entry, some item of the walk (on any page) has these values.',
        }),
      ),
      every: Type.Optional(Type.Unsafe<Record<string, unknown>>({ type: 'object', description: 'Every item of the walk has these values (pointer inside the item → value, {var} templates in strings).' })),
      numbered: Type.Optional(
        Type.Object(
          {
            pointer: Type.String({ description: 'A pointer into each part (without its items), e.g. `/result-part-number`.' }),
            absent: Type.Optional(Type.Integer({ description: 'What a part without it reads as (e.g. 1, the TAXII 1.1 XSD\'s default).' })),
          },
          { additionalProperties: false, description: 'The parts of a `follow: "parts"` walk are numbered 1, 2, 3… in order at this pointer.' },
        ),
      ),
      same: Type.Optional(
        Type.String({ description: 'A pointer into each part (without its items), e.g. `/result-id`: every part that announces more has a value there, and every value given is the first one.' }),
      ),
      sameItemsAs: Type.Optional(Type.String({ pattern: '^[A-Za-z][A-Za-z0-9]*$', description: 'The variable an earlier walk collected: this walk has exactly its items (as sets), leaving out what the run itself wrote (keys holding its run id).' })),
    },
    { additionalProperties: false, minProperties: 1, description: 'Conditions on a walked paged list; all given must hold.' },
  ),
  evaluate(w, seen, env) {
    const fails: string[] = [];
    const wanted: string[] = [];
    if (w.complete) {
      wanted.push('the walk reaches a page with more not true');
      if (!seen.complete) fails.push(seen.stopped);
    }
    if (w.status !== undefined) {
      wanted.push(`every page ${w.status}`);
      const bad = seen.pages.findIndex((p) => p.status !== w.status);
      if (bad >= 0) fails.push(`page ${bad + 1} answered ${seen.pages[bad]!.status}`);
    }
    if (w.maxPerPage !== undefined) {
      wanted.push(`at most ${w.maxPerPage} item(s) a page`);
      const bad = seen.pages.findIndex((p) => p.items.length > w.maxPerPage!);
      if (bad >= 0) fails.push(`page ${bad + 1} held ${seen.pages[bad]!.items.length} items`);
    }
    if (w.minItems !== undefined) {
      wanted.push(`at least ${w.minItems} item(s)`);
      if (seen.items.length < w.minItems) fails.push(`${seen.items.length} item(s) in all`);
    }
    if (w.minPages !== undefined) {
      wanted.push(`at least ${w.minPages} page(s)`);
      if (seen.pages.length < w.minPages) fails.push(`${seen.pages.length} page(s)`);
    }
    if (w.distinct) {
      wanted.push('no item twice');
      const seenKeys = new Set<string>();
      const dup = seen.keys.find((k) => (seenKeys.has(k) ? true : (seenKeys.add(k), false)));
      if (dup !== undefined) fails.push(`item ${dup} came twice`);
    }
    if (w.ascending !== undefined) {
      wanted.push(`${w.ascending} ascending across pages`);
      const values = seen.items.map((i) => jsonPointer(i, w.ascending!));
      const bad = values.findIndex((v, i) => i > 0 && typeof v === 'string' && typeof values[i - 1] === 'string' && v < (values[i - 1] as string));
      if (bad > 0) fails.push(`item ${bad + 1} has ${show(values[bad])} after ${show(values[bad - 1])}`);
    }
    if (w.numbered !== undefined) {
      const { pointer, absent } = w.numbered;
      wanted.push(`parts numbered 1, 2, 3… at ${pointer}`);
      const numbers = seen.pages.map((p) => jsonPointer(p.head, pointer) ?? absent);
      const bad = numbers.findIndex((v, i) => v !== i + 1);
      if (bad >= 0) fails.push(`part ${bad + 1} is numbered ${show(numbers[bad])}${numbers.length > 1 ? ` (the numbers: ${numbers.map((v) => show(v)).join(', ')})` : ''}`);
    }
    if (w.same !== undefined) {
      wanted.push(`${w.same} on every part announcing more, the same on every part`);
      const values = seen.pages.map((p) => jsonPointer(p.head, w.same!));
      const missing = seen.pages.findIndex((p, i) => p.more === true && values[i] === undefined);
      const given = values.filter((v) => v !== undefined);
      if (missing >= 0) fails.push(`part ${missing + 1} announces more without ${w.same}`);
      else if (given.some((v) => !jsonEqual(v, given[0]))) fails.push(`the parts give ${w.same} ${[...new Set(given.map((v) => show(v)))].join(', ')}`);
    }
    const valueOf = (x: unknown): unknown => (typeof x === 'string' ? expand(x, env.vars) : x);
    const holds = (item: unknown, want: Record<string, unknown>): boolean => Object.entries(want).every(([k, x]) => jsonEqual(jsonPointer(item, k), valueOf(x)));
    const words = (want: Record<string, unknown>): string => Object.entries(want).map(([k, x]) => `${k || '(the item)'} = ${show(valueOf(x))}`).join(', ');
    for (const want of w.has ?? []) {
      wanted.push(`an item with ${words(want)}`);
      if (!seen.items.some((i) => holds(i, want))) fails.push(`no item with ${words(want)} among ${seen.items.length}`);
    }
    if (w.every !== undefined) {
      wanted.push(`every item with ${words(w.every)}`);
      const bad = seen.items.find((i) => !holds(i, w.every!));
      if (bad !== undefined) fails.push(`an item ${show(bad)}`);
    }
    if (w.sameItemsAs !== undefined) {
      wanted.push(`the items of ${w.sameItemsAs}`);
      const raw = env.vars.get(w.sameItemsAs);
      let other: string[] = [];
      try {
        other = raw === undefined ? [] : (JSON.parse(raw) as string[]);
      } catch {
        /* not a collected walk: nothing is the same */
      }
      // What this run wrote meanwhile (ids holding its run id) is no gap and no extra.
      const runId = env.vars.get('runId');
      const ours = (k: string): boolean => runId !== undefined && k.includes(runId);
      const mine = new Set(seen.keys.filter((k) => !ours(k)));
      const theirs = new Set(other.filter((k) => !ours(k)));
      const missing = [...theirs].filter((k) => !mine.has(k));
      const extra = [...mine].filter((k) => !theirs.has(k));
      if (raw === undefined) fails.push(`no walk collected ${w.sameItemsAs}`);
      else if (missing.length || extra.length) {
        fails.push(`${missing.length} item(s) missing${missing[0] ? ` (e.g. ${missing[0]})` : ''}, ${extra.length} more${extra[0] ? ` (e.g. ${extra[0]})` : ''}`);
      }
    }
    return {
      ok: fails.length === 0,
      expected: wanted.join('; '),
      actual: fails.length ? fails.join('; ') : `${seen.pages.length} page(s), ${seen.items.length} item(s): ${seen.stopped}`,
    };
  },
  describe: (w) => `the walk: ${JSON.stringify(w)}`,
});
