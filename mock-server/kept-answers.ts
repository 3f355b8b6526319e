// Answers kept per distinct content: a resource's rendered (validated) answer, per the version
// of what it is built from (a store bumps it on every change) and the parts of the request
// that select from it (filters, paging, X-Max-Size), so that a GET of unchanged content costs
// a lookup instead of a walk over the objects, a serialisation and a validation. Only while
// the rendering is stable (no fault on: a fault may bend each send apart); the answer is made,
// and so validated, the first time and again after any change.
import type { JsonMessages, Rendered } from './send.js';

/** What a GET answers, apart from the headers every answer carries. */
export interface KeptAnswer {
  rendered: Rendered;
  /** Headers of this answer alone (e.g. how many objects were left out). */
  headers: Record<string, string>;
}

/** Something answers are made from: its version changes whenever its content does. */
export interface Versioned {
  readonly version: number;
}

/** Distinct selections kept per source at most; past it the source's answers start over. */
const MAX_PER_SOURCE = 256;

interface Kept {
  version: number;
  messages: JsonMessages;
  answers: Map<string, KeptAnswer>;
}

const keptBySource = new WeakMap<Versioned, Kept>();

/**
 * The answer `make` makes for `source` as selected by `selection` (a text naming every
 * request part the answer depends on), made once per version of the source and way of
 * writing messages, and made afresh every time while a fault is on. What `make` throws is
 * thrown and nothing is kept.
 */
export function keptAnswer(source: Versioned, messages: JsonMessages, selection: string, make: () => KeptAnswer): KeptAnswer {
  if (!messages.stable) return make();
  let kept = keptBySource.get(source);
  if (!kept || kept.version !== source.version || kept.messages !== messages) {
    kept = { version: source.version, messages, answers: new Map() };
    keptBySource.set(source, kept);
  }
  const found = kept.answers.get(selection);
  if (found) return found;
  const made = make();
  if (kept.answers.size >= MAX_PER_SOURCE) kept.answers.clear();
  kept.answers.set(selection, made);
  return made;
}
