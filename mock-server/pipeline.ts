// One request, through the checks in a fixed order:
//   route/method (404/405) -> name syntax (400) -> authentication (401) -> authorisation
//   (403/404/501) -> Accept (406) -> X-Max-Size (400) -> Content-Type (415) -> body (413;
//   400 for bad UTF-8, bad JSON, too deep, or a schema failure) -> handler (507 when the store is full).
// Authentication comes before any lookup, so an unauthenticated caller learns nothing about
// which channels or collections exist. Every exception ends as a 500 error message.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { challenge, type AuthPolicy } from './auth.js';
import { announcesBody, declaredLength, readBody } from './body.js';
import type { MockState, RequestContext } from './context.js';
import { HttpError, sendError } from './http-errors.js';
import { parseJsonBody } from './json-body.js';
import { acceptAllows, contentTypeIs, type AcceptMode } from './media.js';
import { parseMaxSize, type MaxSizeMode } from './max-size.js';
import { allowedMethods, isParam, matchRoute, paramName, splitPath, type Method, type Operation } from './router.js';
import { ResponseSchemaError } from './send.js';
import { StoreRefusal } from './storage-quota.js';
import { handleTaxii1 } from './taxii1/handler.js';
import { onAbort } from '../suites/core/abort.js';
import { TAXII1_PREFIX } from './taxii1/urls.js';

export async function handleRequest(mock: MockState, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const ctx = createContext(mock, req, res);
  try {
    await runPipeline(ctx);
  } catch (thrown) {
    const e = thrown instanceof StoreRefusal ? refusalError(thrown) : thrown;
    if (e instanceof HttpError) {
      if (!res.headersSent) sendError(ctx, e);
      else res.destroy();
      return;
    }
    const what = e instanceof ResponseSchemaError ? e.message : (e as Error)?.stack ?? String(e);
    mock.config.log(`mock: ${req.method} ${req.url}: ${what}`);
    if (res.headersSent) {
      res.destroy();
      return;
    }
    try {
      sendError(ctx, new HttpError('INTERNAL_ERROR', 'the mock failed to answer this request (the error is in its log)'));
    } catch {
      res.destroy();
    }
  }
}

/** The answer to content the store would not keep: 400 (cannot be served back), 413 (never fits), 507 (not now). */
function refusalError(r: StoreRefusal): HttpError {
  if (r.reason === 'unservable') return new HttpError('INVALID_MESSAGE', r.message);
  return new HttpError(r.reason === 'too-large' ? 'REQUEST_TOO_LARGE' : 'STORAGE_FULL', r.message);
}

function createContext(mock: MockState, req: IncomingMessage, res: ServerResponse): RequestContext {
  const target = absolutePath(req.url ?? '/');
  const q = target.indexOf('?');
  const rawPath = q < 0 ? target : target.slice(0, q);
  const rawQuery = q < 0 ? '' : target.slice(q + 1);
  // One controller per request, ended when the client goes or the mock closes. (Not
  // AbortSignal.any: on Node 20 it keeps a little memory per request for the server's life.
  // onAbort: one listener on `closing` for all requests, not one each, which Node warns
  // about past 10 requests in flight.)
  const gone = new AbortController();
  const leave = onAbort(mock.closing, () => gone.abort(STOPPED));
  res.on('close', () => {
    leave();
    gone.abort(STOPPED);
  });
  return {
    mock,
    req,
    res,
    method: req.method ?? 'GET',
    rawPath,
    rawQuery,
    query: new URLSearchParams(rawQuery),
    params: {},
    apiBase: undefined,
    identity: { user: '', scheme: 'none' },
    maxSize: undefined,
    body: undefined,
    signal: gone.signal,
  };
}

/** The origin-form of a request target (an absolute-form target loses its scheme and authority). */
function absolutePath(target: string): string {
  const m = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?#]*(.*)$/.exec(target);
  if (!m) return target;
  return m[1] === '' || m[1]!.startsWith('?') ? `/${m[1]}` : m[1]!;
}

/** The one abort reason of a request (no DOMException made per request). */
const STOPPED = new Error('request ended');

async function runPipeline(ctx: RequestContext): Promise<void> {
  const { mock } = ctx;
  const { faults, profile } = mock;

  // TAXII 1.x services (mock-server/taxii1/): their own checks, errors as status messages.
  if (ctx.rawPath.startsWith(TAXII1_PREFIX)) return handleTaxii1(ctx);

  // 1. Route and method.
  const split = splitPath(ctx.rawPath);
  if ('error' in split) throw new HttpError('NOT_FOUND', split.error);
  const match = matchRoute(profile.routes, split.segments, faults, (s) => mock.store.apiBases.has(s));
  if (!match) {
    if (profile.unmatched?.(ctx, split.segments)) return;
    throw new HttpError('NOT_FOUND', `nothing is served at ${ctx.rawPath}`);
  }
  const op: Operation | undefined = match.route.methods[ctx.method as Method];
  if (!op) {
    const allow = allowedMethods(match.route);
    if (faults.has('no-405')) throw new HttpError('NOT_FOUND', `nothing is served at ${ctx.method} ${ctx.rawPath}`);
    throw new HttpError('METHOD_NOT_ALLOWED', `${ctx.method} is not allowed on ${ctx.rawPath}; allowed: ${allow.join(', ')}`, {
      headers: { Allow: allow.join(', ') },
    });
  }
  if (match.params['apiBase'] !== undefined) ctx.apiBase = mock.store.apiBases.get(match.params['apiBase']);

  // 2. Name syntax of every name segment, percent-decoded.
  for (const seg of match.route.pattern) {
    if (!isParam(seg) || seg === '{apiBase}') continue;
    const key = paramName(seg);
    const raw = match.params[key]!;
    let decoded: string;
    try {
      decoded = decodeURIComponent(raw);
    } catch {
      if (faults.has('lax-names')) throw new HttpError('NOT_FOUND', `nothing is served at ${ctx.rawPath}`);
      throw new HttpError('INVALID_NAME', `the ${key} "${raw}" is not valid percent-encoding`);
    }
    const why = profile.checkName(decoded, faults);
    if (why !== undefined) throw new HttpError('INVALID_NAME', `the ${key} in the path, ${JSON.stringify(decoded)}, ${why}`);
    ctx.params[key] = decoded;
  }

  // 3. Authentication.
  await authenticate(ctx, op);

  // 4. Authorisation (and existence: 404 only now, after authentication).
  op.authorize(ctx);

  // 5. Accept.
  const acceptMode: AcceptMode = faults.has('ignore-accept') ? 'ignore' : faults.has('strict-accept') ? 'strict' : 'standard';
  if (!acceptAllows(ctx.req.headers.accept, profile.mediaType, acceptMode)) {
    throw new HttpError(
      'NOT_ACCEPTABLE',
      ctx.req.headers.accept === undefined
        ? `send Accept: ${profile.mediaType}`
        : `Accept "${ctx.req.headers.accept}" allows neither ${profile.mediaType} nor a wildcard; every answer here is ${profile.mediaType}`,
    );
  }

  // 6. X-Max-Size.
  const sizeMode: MaxSizeMode = faults.has('ignore-max-size')
    ? 'ignore'
    : faults.has('lax-max-size')
      ? 'lax'
      : faults.has('max-size-bounds-wrong')
        ? 'bounds-wrong'
        : 'standard';
  const size = parseMaxSize(ctx.req.headers['x-max-size'], sizeMode);
  if (!size.ok) throw new HttpError('INVALID_MAX_SIZE', size.reason);
  ctx.maxSize = size.limit;

  // 7-8. Content-Type and body.
  await readRequestMessage(ctx, op);

  // 9. The handler.
  await op.handle(ctx);
}

async function authenticate(ctx: RequestContext, op: Operation): Promise<void> {
  const { mock } = ctx;
  const { faults, profile } = mock;
  if (faults.has('auth-disabled')) {
    ctx.identity = { user: mock.config.user, scheme: 'none' };
    return;
  }
  const base = ctx.apiBase;
  const schemes = op.schemes ?? base?.schemes ?? profile.rootSchemes;
  const policy: AuthPolicy = {
    // no-basic: an API Base's own endpoints refuse Basic; the token endpoint (op.schemes) still takes it.
    schemes: faults.has('no-basic') && base && !op.schemes ? schemes.filter((s) => s !== 'Basic') : schemes,
    // At an API Base only its own tokens count; outside one (Discovery) any of ours does.
    audiences: base
      ? [profile.apiBaseUrl(mock.origin, base.name)]
      : [...mock.store.apiBases.keys()].map((b) => profile.apiBaseUrl(mock.origin, b)),
  };
  const result = await mock.auth.authenticate(ctx.req.headers.authorization, policy);
  if (result.ok) {
    ctx.identity = result.identity;
    return;
  }
  if (faults.has('auth-failure-403')) throw new HttpError('FORBIDDEN', `authentication failed: ${result.reason}`);
  const headers: Record<string, string> = faults.has('no-www-authenticate')
    ? {}
    : { 'WWW-Authenticate': challenge(policy.schemes, result) };
  throw new HttpError('UNAUTHORIZED', `authentication failed: ${result.reason}`, { headers });
}

async function readRequestMessage(ctx: RequestContext, op: Operation): Promise<void> {
  const { mock } = ctx;
  const { faults, profile, config } = mock;
  const declared = declaredLength(ctx.req);
  if (declared !== undefined && declared > config.maxRequestBytes) {
    throw tooLarge(ctx, `the request body of ${declared} octets is larger than the ${config.maxRequestBytes} this server accepts`);
  }
  if (!op.request) return; // a body nobody reads is drained by node:http
  const { message, optional } = op.request;
  const hasBody = announcesBody(ctx.req);
  const contentType = ctx.req.headers['content-type'];
  const typeOk = faults.has('strict-content-type')
    ? contentType?.trim().toLowerCase() === profile.mediaType
    : contentTypeIs(contentType, profile.mediaType);
  if (hasBody && !faults.has('ignore-content-type') && !typeOk) {
    throw new HttpError(
      'UNSUPPORTED_MEDIA_TYPE',
      contentType === undefined
        ? `the request body has no Content-Type; send it as ${profile.mediaType}`
        : `Content-Type "${contentType}" is not supported here; send a ${message} message as ${profile.mediaType}`,
    );
  }
  const read = await readBody(ctx.req, config.maxRequestBytes);
  if (!read.ok) {
    if (read.tooLarge) throw tooLarge(ctx, `the request body is larger than the ${config.maxRequestBytes} octets this server accepts`);
    throw new HttpError('BAD_JSON', `the request body could not be read: ${read.error}`);
  }
  if (read.body.length === 0) {
    if (optional) return;
    throw new HttpError('MISSING_BODY', `this request needs a ${message} message as its body`);
  }
  const parsed = parseJsonBody(read.body, config.maxJsonDepth);
  if (!parsed.ok) {
    if (parsed.problem === 'depth') throw new HttpError('JSON_TOO_DEEP', parsed.why);
    if (faults.has('bad-json-500')) throw new HttpError('INTERNAL_ERROR', parsed.why);
    throw new HttpError('BAD_JSON', parsed.why);
  }
  const refusal = profile.checkRequest(message, parsed.value, faults);
  if (refusal) throw refusal;
  ctx.body = parsed.value;
}

function tooLarge(ctx: RequestContext, description: string): HttpError {
  // Stop reading: tell the client this connection ends with the answer.
  ctx.res.shouldKeepAlive = false;
  return new HttpError('REQUEST_TOO_LARGE', description, { headers: { Connection: 'close' } });
}
