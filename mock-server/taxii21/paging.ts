// One page of a selection (§3.4, §3.5): at most min(client limit, server page size) items,
// `more` when items remain, and a `next` token to continue with. A token is re-checked
// against the query, the collection and the caller it was issued for (Appendix B): a
// mismatch is 400. Its form is the server's own: base64url of the bound offset by
// default; a plain offset or a random server-side id under a variant.
import { createHash, randomUUID } from 'node:crypto';
import { HttpError } from '../http-errors.js';
import type { Query } from './query.js';

export type TokenForm = 'encoded' | 'offset' | 'server-side';

export interface PageOptions {
  pageSize: number;
  tokenForm: TokenForm;
  /** What a token is bound to: the collection and endpoint path, the caller, the query without `next`. */
  binding: string;
  /** Tokens kept by id (server-side form, and the trusting fault). */
  kept: Map<string, { offset: number; binding: string }>;
  /** Faults. */
  limitOffByOne?: boolean;
  ignoreNext?: boolean;
  /** `next` is not re-checked: any token is taken at its word. */
  unbound?: boolean;
  /** After the last item, `more` stays true (with a `next` to an empty page). */
  moreForever?: boolean;
  /** The page holding the last item says `more: true`; the page after it is empty (a variant). */
  emptyLastPage?: boolean;
}

export interface Page<T> {
  items: T[];
  more: boolean;
  next?: string;
}

/** The query as a token binds it: every parameter but `next`, in a fixed order. */
export function bindingOf(path: string, user: string, q: Query): string {
  const { next: _next, ...rest } = q;
  const sorted = Object.fromEntries(Object.entries(rest).sort(([a], [b]) => (a < b ? -1 : 1)));
  return createHash('sha256').update(JSON.stringify([path, user, sorted])).digest('base64url').slice(0, 22);
}

export function pageOf<T>(items: readonly T[], q: Query, o: PageOptions): Page<T> {
  const start = q.next === undefined || o.ignoreNext ? 0 : offsetOf(q.next, o);
  const size = Math.min(q.limit ?? o.pageSize, o.pageSize) + (o.limitOffByOne ? 1 : 0);
  const page = items.slice(start, start + size);
  const end = start + page.length;
  const more = end < items.length || o.moreForever === true || (o.emptyLastPage === true && page.length > 0 && end === items.length);
  return { items: page, more, ...(more ? { next: tokenFor(end, o) } : {}) };
}

function tokenFor(offset: number, o: PageOptions): string {
  if (o.tokenForm === 'offset') return String(offset);
  if (o.tokenForm === 'server-side') {
    const id = randomUUID();
    o.kept.set(id, { offset, binding: o.binding });
    return id;
  }
  return Buffer.from(JSON.stringify({ o: offset, b: o.binding })).toString('base64url');
}

function offsetOf(token: string, o: PageOptions): number {
  const unusable = (why: string) => new HttpError('INVALID_PARAMETER', `next ${JSON.stringify(token.slice(0, 80))} ${why}`);
  let offset: number;
  let binding: string | undefined;
  if (o.tokenForm === 'offset') {
    if (!/^\d{1,9}$/.test(token)) throw unusable('is not a token this server issued');
    offset = Number(token);
  } else if (o.tokenForm === 'server-side') {
    const kept = o.kept.get(token);
    if (!kept) throw unusable('is not a token this server issued (or it expired)');
    ({ offset, binding } = kept);
  } else {
    try {
      const t = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { o?: unknown; b?: unknown };
      if (typeof t.o !== 'number' || !Number.isInteger(t.o) || t.o < 0 || typeof t.b !== 'string') throw new Error('shape');
      offset = t.o;
      binding = t.b;
    } catch {
      throw unusable('is not a token this server issued');
    }
  }
  // An offset token carries no binding: it is applied to the new query, so nothing outside it is served.
  if (binding !== undefined && binding !== o.binding && !o.unbound) {
    throw unusable('was issued for another query, collection or caller: repeat the original query with it (§3.5)');
  }
  return offset;
}
