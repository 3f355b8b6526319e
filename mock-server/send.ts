// The one way responses leave the mock: messages are validated against their own schema
// (before faults bend them), faults are applied, the body is serialised and measured.
import type { MockState, RequestContext } from './context.js';

/** Faults that make the mock send data its schemas refuse on purpose: no response validation. */
const UNVALIDATED_FAULTS = ['lax-names', 'schema-lax', 'extra-properties', 'invalid-field-types'] as const;

export interface Rendered {
  body: Buffer;
  contentType: string;
}

/** A message the mock itself built fails its schema: a bug, answered with 500 and logged. */
export class ResponseSchemaError extends Error {
  constructor(type: string, errors: string[]) {
    super(`the mock built an invalid ${type} message: ${errors.join('; ')}`);
  }
}

function shouldValidate(mock: MockState): boolean {
  return mock.config.validateResponses && !UNVALIDATED_FAULTS.some((f) => mock.faults.has(f));
}

/** Serialises a message as it will go on the wire (faults applied), without validating it. */
export function render(ctx: RequestContext, type: string, message: Record<string, unknown>): Rendered {
  return renderFor(ctx.mock, type, message);
}

/** `render` where there is no request (an answer written straight onto a connection). */
export function renderFor(mock: MockState, type: string, message: Record<string, unknown>): Rendered {
  const { faults, profile } = mock;
  const out = profile.mutateOutgoing(type, message, faults);
  return {
    body: Buffer.from(JSON.stringify(out), 'utf8'),
    contentType: faults.has('wrong-media-type') ? 'application/json' : profile.mediaType,
  };
}

export function validateOutgoing(ctx: RequestContext, type: string, message: Record<string, unknown>): void {
  validateFor(ctx.mock, type, message);
}

/** `validateOutgoing` where there is no request. */
export function validateFor(mock: MockState, type: string, message: Record<string, unknown>): void {
  if (!shouldValidate(mock) || validated.has(message)) return;
  const r = mock.profile.validateMessage(type, message);
  if (!r.valid) throw new ResponseSchemaError(type, r.errors);
}

/** Sends a message: validate, apply faults, write. */
export function sendMessage(
  ctx: RequestContext,
  status: number,
  type: string,
  message: Record<string, unknown>,
  headers: Record<string, string> = {},
): void {
  validateOutgoing(ctx, type, message);
  writeRendered(ctx, status, render(ctx, type, message), headers);
}

export function writeRendered(ctx: RequestContext, status: number, r: Rendered, headers: Record<string, string> = {}): void {
  const { res } = ctx;
  if (ctx.maxSize !== undefined && r.body.length > ctx.maxSize && !ctx.mock.faults.has('ignore-max-size')) {
    // Only TAXII Data is fitted; anything else this large means thousands of resources.
    ctx.mock.config.log(`mock: ${ctx.method} ${ctx.rawPath}: ${r.body.length}-octet response exceeds X-Max-Size ${ctx.maxSize}`);
  }
  res.writeHead(status, {
    ...baseHeaders(),
    ...headers,
    'Content-Type': r.contentType,
    'Content-Length': String(r.body.length),
  });
  res.end(r.body);
}

/** A response without a body (204). */
export function sendEmpty(ctx: RequestContext, status: number, headers: Record<string, string> = {}): void {
  ctx.res.writeHead(status, { ...baseHeaders(), ...headers });
  ctx.res.end();
}

export function baseHeaders(): Record<string, string> {
  // Answers depend on credentials: never cached by intermediaries.
  return { 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' };
}

/** Messages fitToMaxSize validated whole: the caller's validateOutgoing of them costs nothing. */
const validated = new WeakSet<object>();

/**
 * The largest prefix of `items` whose rendered message fits ctx.maxSize (all of them when
 * there is no limit). `build(prefix, omitted)` makes the message for a prefix. `count` is
 * how many of `items` the message covers: an item that cannot be sent at all (it cannot be
 * serialised, or fails the message's schema) is left out of it with a log line, so that one
 * bad stored object fails no answer and holds up none behind it.
 */
export function fitToMaxSize<T>(
  ctx: RequestContext,
  type: string,
  items: readonly T[],
  build: (prefix: readonly T[], omitted: number) => Record<string, unknown>,
): { count: number; message: Record<string, unknown>; rendered: Rendered } {
  let unservable = new Set<number>();
  const at = (n: number) => {
    const prefix = unservable.size === 0 ? items.slice(0, n) : items.slice(0, n).filter((_, i) => !unservable.has(i));
    const message = build(prefix, items.length - n);
    return { count: n, message, rendered: render(ctx, type, message) };
  };
  let all: ReturnType<typeof at>;
  try {
    all = at(items.length);
    validateFor(ctx.mock, type, all.message);
  } catch (e) {
    unservable = unservableItems(ctx, type, items, build);
    if (unservable.size === 0) throw e; // not one item's fault: a bug of the mock (500)
    all = at(items.length);
    validateFor(ctx.mock, type, all.message);
  }
  validated.add(all.message);
  const limit = ctx.mock.faults.has('ignore-max-size') ? undefined : ctx.maxSize;
  if (limit === undefined || all.rendered.body.length <= limit) return all;
  // Binary search the largest n that fits: size grows with n.
  let lo = 0;
  let hi = items.length - 1;
  let best = at(0);
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const r = at(mid);
    if (r.rendered.body.length <= limit) {
      best = r;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return best;
}

/** The indexes of the items that cannot be sent even alone, each logged. */
function unservableItems<T>(
  ctx: RequestContext,
  type: string,
  items: readonly T[],
  build: (prefix: readonly T[], omitted: number) => Record<string, unknown>,
): Set<number> {
  const bad = new Set<number>();
  items.forEach((item, i) => {
    try {
      const message = build([item], 0);
      render(ctx, type, message);
      validateFor(ctx.mock, type, message);
    } catch (e) {
      bad.add(i);
      const id = (item as { id?: unknown } | null)?.id;
      const which = typeof id === 'string' ? `object ${JSON.stringify(id.slice(0, 200))}` : `item ${i + 1}`;
      const why = String((e as Error)?.message ?? e).slice(0, 500);
      ctx.mock.config.log(`mock: ${ctx.method} ${ctx.rawPath}: ${which} is left out of the answer: it cannot be sent (${why})`);
    }
  });
  return bad;
}
