// The one way responses leave the mock: messages are validated against their own schema
// (before faults bend them), faults are applied, the body is serialised and measured.
import type { RequestContext } from './context.js';

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

function shouldValidate(ctx: RequestContext): boolean {
  return ctx.mock.config.validateResponses && !UNVALIDATED_FAULTS.some((f) => ctx.mock.faults.has(f));
}

/** Serialises a message as it will go on the wire (faults applied), without validating it. */
export function render(ctx: RequestContext, type: string, message: Record<string, unknown>): Rendered {
  const { faults, profile } = ctx.mock;
  const out = profile.mutateOutgoing(type, message, faults);
  return {
    body: Buffer.from(JSON.stringify(out), 'utf8'),
    contentType: faults.has('wrong-media-type') ? 'application/json' : profile.mediaType,
  };
}

export function validateOutgoing(ctx: RequestContext, type: string, message: Record<string, unknown>): void {
  if (!shouldValidate(ctx)) return;
  const r = ctx.mock.profile.validateMessage(type, message);
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

/**
 * The largest prefix of `items` whose rendered message fits ctx.maxSize (all of them when
 * there is no limit). `build(prefix, omitted)` makes the message for a prefix.
 */
export function fitToMaxSize<T>(
  ctx: RequestContext,
  type: string,
  items: readonly T[],
  build: (prefix: readonly T[], omitted: number) => Record<string, unknown>,
): { count: number; message: Record<string, unknown>; rendered: Rendered } {
  const at = (n: number) => {
    const message = build(items.slice(0, n), items.length - n);
    return { count: n, message, rendered: render(ctx, type, message) };
  };
  const all = at(items.length);
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
