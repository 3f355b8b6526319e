// Answers in parts (a profile's parts hook: TAXII 1.1 multi-part poll results): the one
// follower, used by the pages step (`follow: "parts"`, each part a page of the walk) and by
// request steps (an answer in parts read whole), with the walk's bounds.
import type { HttpResponse } from '../../probes/http.js';
import type { PartsHook } from '../profile.js';
import { jsonPointer } from '../template.js';

/** The bounds of a walk when its step names none: pages, and octets of page bodies. */
export const WALK_BOUNDS = { maxPages: 50, maxBytes: 16 * 1024 * 1024 } as const;

/** The items of a decoded part, where the hook says they are ([] when none). */
export function partItems(hook: PartsHook, part: unknown): unknown[] {
  const items = jsonPointer(part, hook.items);
  return Array.isArray(items) ? items : [];
}

/** The parts as one answer: the first, holding every part's items in order. */
export function joinParts(hook: PartsHook, parts: readonly unknown[]): unknown {
  const first = parts[0];
  if (!first || typeof first !== 'object' || Array.isArray(first)) return first;
  return { ...(first as Record<string, unknown>), [hook.items.replace(/^\//, '')]: parts.flatMap((p) => partItems(hook, p)) };
}

/** A decoded part without its items (what a walk's conditions on each part read). */
export function withoutItems(hook: PartsHook, part: unknown): unknown {
  if (!part || typeof part !== 'object' || Array.isArray(part)) return part;
  const key = hook.items.replace(/^\//, '');
  const { [key]: _items, ...rest } = part as Record<string, unknown>;
  return rest;
}

/**
 * Parts followed: each decoded part in order (the first included); every response (the parts',
 * then the one that ended the walk, if it was none); whether the last part said it was the
 * last; why the walk stopped.
 */
export interface PartsFollowed {
  parts: unknown[];
  responses: HttpResponse[];
  complete: boolean;
  stopped: string;
}

/**
 * Follows an answer in parts from its first part (already received): asks for each next part
 * as the profile's hook says (`send`), until a part is the last, the hook cannot go on, a part
 * does not decode, or the bounds (parts, octets) are reached. Every part's exchange is the
 * caller's to keep (sendKept keeps it as evidence).
 */
export async function followParts(
  hook: PartsHook,
  firstRes: HttpResponse,
  first: unknown,
  firstWhy: string | undefined,
  send: (message: unknown) => Promise<HttpResponse>,
  decode: (res: HttpResponse) => { ok: true; value: unknown } | { ok: false; why: string },
  bounds: { maxPages: number; maxBytes: number } = WALK_BOUNDS,
): Promise<PartsFollowed> {
  const out: PartsFollowed = { parts: [], responses: [firstRes], complete: false, stopped: '' };
  if (firstWhy !== undefined) {
    out.stopped = `part 1 answered ${firstRes.status} (${firstWhy})`;
    return out;
  }
  let bytes = firstRes.body.length;
  out.parts.push(first);
  let next = hook.next(first, 1, first);
  for (;;) {
    const n = out.parts.length;
    if ('done' in next) {
      out.complete = true;
      out.stopped = n === 1 ? 'the answer is whole (one part)' : `part ${n} is the last`;
      return out;
    }
    if ('stop' in next) {
      out.stopped = `part ${n}: ${next.stop}`;
      return out;
    }
    if (n >= bounds.maxPages) {
      out.stopped = `${n} parts read and more are announced (the bound: ${bounds.maxPages})`;
      return out;
    }
    if (bytes >= bounds.maxBytes) {
      out.stopped = `${bytes} octets read and more parts are announced (the bound: ${bounds.maxBytes})`;
      return out;
    }
    const res = await send(next.request);
    out.responses.push(res);
    bytes += res.body.length;
    const d = decode(res);
    if (!d.ok) {
      out.stopped = `part ${n + 1} answered ${res.status} (${d.why})`;
      return out;
    }
    // An answer the hook cannot take as part n + 1 (a status message, another part) ends the walk and is no part.
    next = hook.next(d.value, n + 1, first);
    if ('stop' in next) {
      out.stopped = `part ${n + 1}: ${next.stop}`;
      return out;
    }
    out.parts.push(d.value);
  }
}

