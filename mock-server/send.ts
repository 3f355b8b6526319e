// The one way a JSON profile's messages leave the mock: validated against their own schema
// (before faults bend them), bent by the profile's message faults, serialised and measured,
// fitted under X-Max-Size. What the profile decides (media type, schemas, faults) comes in
// its state's `messages`.
import { createHash } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { HostState, RequestContext } from './context.js';

/**
 * How a profile's answers are shaped on the wire, every answer alike (messages, errors, empty
 * answers): conformant variants the profile switches on (header names' case and order,
 * chunked bodies). `writeAnswer` is the one place it is applied.
 */
export interface AnswerShape {
  /** How header names are written (case, order); absent: as given. */
  shapeHeaders?(headers: Record<string, string>): Record<string, string>;
  /** Bodies sent with Transfer-Encoding: chunked, in pieces of this many octets, without Content-Length. */
  chunkBytes?: number;
}

/**
 * Writes an answer through a response, shaped: Content-Length for a body (none when it is
 * chunked; none for `undefined`, an answer without a body), the headers through the shape.
 */
export function writeAnswer(res: ServerResponse, status: number, headers: Record<string, string>, body: Buffer | undefined, shape: AnswerShape = {}): void {
  writeHead(res, status, answerHead(headers, body, shape), body);
}

/** The header fields of an answer as written (Content-Length, shape), and whether its body goes in chunks. */
interface AnswerHead {
  fields: Record<string, string>;
  chunkBytes: number | undefined;
}

function answerHead(headers: Record<string, string>, body: Buffer | undefined, shape: AnswerShape): AnswerHead {
  const { shapeHeaders, chunkBytes } = shape;
  const chunked = body !== undefined && chunkBytes !== undefined && chunkBytes > 0 && body.length > 0;
  const all = body === undefined || chunked ? headers : { ...headers, 'Content-Length': String(body.length) };
  return { fields: shapeHeaders ? shapeHeaders(all) : all, chunkBytes: chunked ? chunkBytes : undefined };
}

function writeHead(res: ServerResponse, status: number, head: AnswerHead, body: Buffer | undefined): void {
  res.writeHead(status, head.fields);
  const { chunkBytes } = head;
  if (chunkBytes === undefined || body === undefined) {
    res.end(body);
    return;
  }
  // Without Content-Length, node sends each write as one chunk (Transfer-Encoding: chunked).
  for (let at = 0; at < body.length; at += chunkBytes) res.write(body.subarray(at, at + chunkBytes));
  res.end();
}

/** lowercase-headers variants: names in lower case, Content-Type first and the others in reverse order. */
export function lowerCaseReordered(headers: Record<string, string>): Record<string, string> {
  const entries = Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v] as const);
  const first = entries.filter(([k]) => k === 'content-type');
  return Object.fromEntries([...first, ...entries.filter(([k]) => k !== 'content-type').reverse()]);
}

/** How a JSON profile's messages are checked and written (its faults already taken into account). */
export interface JsonMessages extends AnswerShape {
  /** The Content-Type of every message. */
  contentType: string;
  /** Checks a message the mock built against its schema; absent: nothing is checked. */
  validate?(type: string, message: unknown): { valid: boolean; errors: string[] };
  /** The message as written: a validated message bent by the profile's message faults. */
  mutate(type: string, message: Record<string, unknown>): Record<string, unknown>;
  /** False when X-Max-Size is not honoured: the whole answer is sent whatever its size. */
  honourMaxSize: boolean;
  /**
   * True when `mutate` writes the same text for the same message (no fault bends messages):
   * a message's rendering is then kept per distinct content and reused, not made on every
   * send. False (any fault on): rendered on every send, as a fault may bend each send apart.
   */
  stable?: boolean;
}

/** The state of a profile that speaks JSON messages through this module. */
export interface JsonState extends HostState {
  messages: JsonMessages;
}

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

/** Serialises a message as it will go on the wire (faults applied), without validating it. */
export function render(ctx: RequestContext<JsonState>, type: string, message: Record<string, unknown>): Rendered {
  return renderFor(ctx.mock, type, message);
}

/** `render` where there is no request (an answer written straight onto a connection). */
export function renderFor(mock: JsonState, type: string, message: Record<string, unknown>): Rendered {
  return renderKeyed(mock, type, message, mock.messages.stable ? contentKey(type, message) : undefined);
}

export function validateOutgoing(ctx: RequestContext<JsonState>, type: string, message: Record<string, unknown>): void {
  validateFor(ctx.mock, type, message);
}

/** `validateOutgoing` where there is no request. */
export function validateFor(mock: JsonState, type: string, message: Record<string, unknown>): void {
  if (!mock.messages.validate || validated.has(message)) return;
  validateKeyed(mock, type, message, contentKey(type, message));
}

/**
 * Validated and rendered, each once per distinct content: the same stored objects read
 * again (the common case under load) are the same text, and a text that passed once passes
 * again and renders the same again (when the rendering is stable). Anything that differs per
 * request (an origin in a URL, a filter's selection, a new object) is other text: checked
 * and rendered. Faults bend messages after the check, so they are untouched by it.
 */
export function checkedRendering(mock: JsonState, type: string, message: Record<string, unknown>): Rendered {
  const key = contentKey(type, message);
  if (mock.messages.validate && !validated.has(message)) validateKeyed(mock, type, message, key);
  return renderKeyed(mock, type, message, mock.messages.stable ? key : undefined);
}

function validateKeyed(mock: JsonState, type: string, message: Record<string, unknown>, key: string): void {
  const validate = mock.messages.validate!;
  const passed = memoOf(passedByValidator, validate);
  if (passed.get(key)) return;
  const r = validate(type, message);
  if (!r.valid) throw new ResponseSchemaError(type, r.errors);
  passed.set(key, true);
}

function renderKeyed(mock: JsonState, type: string, message: Record<string, unknown>, key: string | undefined): Rendered {
  const { messages } = mock;
  const memo = key !== undefined && !key.startsWith(HASHED) ? memoOf(renderedByMessages, messages) : undefined;
  const kept = memo?.get(key!);
  if (kept) return kept;
  const r = { body: Buffer.from(JSON.stringify(messages.mutate(type, message)), 'utf8'), contentType: messages.contentType };
  memo?.set(key!, r);
  return r;
}

/** A message's content as a key: its type and text, or their SHA-256 when the text is long. */
function contentKey(type: string, message: Record<string, unknown>): string {
  const key = `${type}\n${JSON.stringify(message)}`;
  return key.length <= KEY_TEXT_MAX ? key : HASHED + createHash('sha256').update(key).digest('base64');
}

/** Texts longer than this are remembered by their SHA-256 (and their rendering is not kept). */
const KEY_TEXT_MAX = 64 * 1024;
const HASHED = '#';

/** Remembered content, bounded: a long-lived mock with ever-new content starts over. */
class ContentMemo<V> {
  private readonly map = new Map<string, V>();
  private chars = 0;
  get(key: string): V | undefined {
    return this.map.get(key);
  }
  set(key: string, value: V): void {
    if (this.map.size >= MEMO_MAX_ENTRIES || this.chars + key.length > MEMO_MAX_CHARS) {
      this.map.clear();
      this.chars = 0;
    }
    this.map.set(key, value);
    this.chars += key.length;
  }
}
const MEMO_MAX_ENTRIES = 4096;
/** Keys' characters a memo holds at most (with the renderings of the rendering memo, about twice that in octets). */
const MEMO_MAX_CHARS = 8 * 1024 * 1024;
/** Texts a validator passed. */
const passedByValidator = new WeakMap<object, ContentMemo<true>>();
/** Renderings, per profile state's messages (its faults and variants). */
const renderedByMessages = new WeakMap<object, ContentMemo<Rendered>>();
function memoOf<V>(memos: WeakMap<object, ContentMemo<V>>, owner: object): ContentMemo<V> {
  let memo = memos.get(owner);
  if (!memo) memos.set(owner, (memo = new ContentMemo<V>()));
  return memo;
}

/** Sends a message: validate, apply faults, write. */
export function sendMessage(
  ctx: RequestContext<JsonState>,
  status: number,
  type: string,
  message: Record<string, unknown>,
  headers: Record<string, string> = {},
): void {
  writeRendered(ctx, status, checkedRendering(ctx.mock, type, message), headers);
}

export function writeRendered(ctx: RequestContext<JsonState>, status: number, r: Rendered, headers: Record<string, string> = {}): void {
  const { res } = ctx;
  if (ctx.maxSize !== undefined && r.body.length > ctx.maxSize && ctx.mock.messages.honourMaxSize) {
    // Only TAXII Data is fitted; anything else this large means thousands of resources.
    ctx.mock.config.log(`mock: ${ctx.method} ${ctx.rawPath}: ${r.body.length}-octet response exceeds X-Max-Size ${ctx.maxSize}`);
  }
  const { messages } = ctx.mock;
  if (!messages.stable || hasFields(headers)) {
    writeAnswer(res, status, { ...baseHeaders(), ...headers, 'Content-Type': r.contentType }, r.body, messages);
    return;
  }
  // No headers of its own (most answers), and a rendering kept per content (no fault on): its
  // head is the same every time, made once.
  let head = plainHeads.get(r);
  if (head === undefined || head.shape !== messages) {
    head = { shape: messages, ...answerHead({ ...baseHeaders(), 'Content-Type': r.contentType }, r.body, messages) };
    plainHeads.set(r, head);
  }
  writeHead(res, status, head, r.body);
}

function hasFields(headers: Record<string, string>): boolean {
  for (const _ in headers) return true;
  return false;
}

/** The head of a rendering written without headers of its own, per rendering (node only reads it). */
const plainHeads = new WeakMap<Rendered, AnswerHead & { shape: AnswerShape }>();

/** A response without a body (204). */
export function sendEmpty(ctx: RequestContext<JsonState>, status: number, headers: Record<string, string> = {}): void {
  writeAnswer(ctx.res, status, { ...baseHeaders(), ...headers }, undefined, ctx.mock.messages);
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
  ctx: RequestContext<JsonState>,
  type: string,
  items: readonly T[],
  build: (prefix: readonly T[], omitted: number) => Record<string, unknown>,
): { count: number; message: Record<string, unknown>; rendered: Rendered } {
  let unservable = new Set<number>();
  /** The message of the first n items; `checked`: validated too. */
  const at = (n: number, checked = false) => {
    const prefix = unservable.size === 0 ? items.slice(0, n) : items.slice(0, n).filter((_, i) => !unservable.has(i));
    const message = build(prefix, items.length - n);
    return { count: n, message, rendered: checked ? checkedRendering(ctx.mock, type, message) : render(ctx, type, message) };
  };
  let all: ReturnType<typeof at>;
  try {
    all = at(items.length, true);
  } catch (e) {
    unservable = unservableItems(ctx, type, items, build);
    if (unservable.size === 0) throw e; // not one item's fault: a bug of the mock (500)
    all = at(items.length, true);
  }
  validated.add(all.message);
  const limit = ctx.mock.messages.honourMaxSize ? ctx.maxSize : undefined;
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
  ctx: RequestContext<JsonState>,
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
