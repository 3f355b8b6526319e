// The one catalog of errors the mock answers with: a stable code, its HTTP status and title.
// Handlers throw or send an HttpError with a description saying exactly what was wrong; the
// send path turns it into the profile's error message.
import type { RequestContext } from './context.js';
import { baseHeaders, sendMessage } from './send.js';

export const ERRORS = {
  BAD_JSON: { status: 400, title: 'Bad Request' },
  MISSING_BODY: { status: 400, title: 'Bad Request' },
  INVALID_MESSAGE: { status: 400, title: 'Bad Request' },
  INVALID_NAME: { status: 400, title: 'Bad Request' },
  NAME_MISMATCH: { status: 400, title: 'Bad Request' },
  INVALID_PARAMETER: { status: 400, title: 'Bad Request' },
  MISSING_PARAMETER: { status: 400, title: 'Bad Request' },
  INVALID_MAX_SIZE: { status: 400, title: 'Bad Request' },
  UNAUTHORIZED: { status: 401, title: 'Unauthorized' },
  FORBIDDEN: { status: 403, title: 'Forbidden' },
  NOT_FOUND: { status: 404, title: 'Not Found' },
  METHOD_NOT_ALLOWED: { status: 405, title: 'Method Not Allowed' },
  NOT_ACCEPTABLE: { status: 406, title: 'Not Acceptable' },
  NAME_TAKEN: { status: 409, title: 'Conflict' },
  REQUEST_TOO_LARGE: { status: 413, title: 'Payload Too Large' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, title: 'Unsupported Media Type' },
  TOO_MANY_SUBSCRIPTIONS: { status: 429, title: 'Too Many Requests' },
  INTERNAL_ERROR: { status: 500, title: 'Internal Server Error' },
  NOT_IMPLEMENTED: { status: 501, title: 'Not Implemented' },
  CHANNEL_FULL: { status: 503, title: 'Service Unavailable' },
} as const satisfies Record<string, { status: number; title: string }>;

export type ErrorCode = keyof typeof ERRORS;

/** When each code is sent, for the docs and `docs/mock-server.md`. */
export const ERROR_USES: Record<ErrorCode, string> = {
  BAD_JSON: 'The request body is not well-formed JSON (or could not be read to its end).',
  MISSING_BODY: 'A request that needs a message came without a body.',
  INVALID_MESSAGE: 'The request message fails its schema; `details` lists each failed rule.',
  INVALID_NAME: 'A channel or collection name in the path or a query parameter does not match ^[A-Za-z0-9-]{1,128}$.',
  NAME_MISMATCH: 'A PUT body names another channel than its URL.',
  INVALID_PARAMETER: 'A query parameter (added-after, limit, name) or the X-TAXII-Cursor header has a value of the wrong form.',
  MISSING_PARAMETER: 'A required query parameter is absent (DELETE channels/ without ?name=).',
  INVALID_MAX_SIZE: 'X-Max-Size is not a decimal number or is under 9437184.',
  UNAUTHORIZED: 'No credentials, wrong ones, or a bearer token that is invalid, expired, unsigned or for another API Base.',
  FORBIDDEN: 'The caller is authenticated but has no right to do this.',
  NOT_FOUND: 'No such URL, API Base, channel or collection.',
  METHOD_NOT_ALLOWED: 'The URL exists but not for this method; the Allow header lists the methods it has.',
  NOT_ACCEPTABLE: 'The Accept header allows neither application/taxii+json nor a wildcard.',
  NAME_TAKEN: 'A create names a channel or collection that already exists.',
  REQUEST_TOO_LARGE: 'The request body is larger than the mock accepts (maxRequestBytes).',
  UNSUPPORTED_MEDIA_TYPE: 'A request body was sent with a Content-Type other than application/taxii+json.',
  TOO_MANY_SUBSCRIPTIONS: 'A channel GET would make the caller a subscription beyond its quota (maxSubscriptionsPerCaller).',
  INTERNAL_ERROR: 'A bug in the mock (logged), or the bad-json-500 fault.',
  NOT_IMPLEMENTED: 'POST to a read-only channel or GET of a write-only channel.',
  CHANNEL_FULL: 'A channel GET would make a subscription beyond the channel\'s quota (maxSubscriptionsPerChannel).',
};

export class HttpError extends Error {
  readonly status: number;
  readonly title: string;
  constructor(
    readonly code: ErrorCode,
    readonly description: string,
    readonly options: { details?: string[]; headers?: Record<string, string> } = {},
  ) {
    super(`${code}: ${description}`);
    this.status = ERRORS[code].status;
    this.title = ERRORS[code].title;
  }
}

/** Sends an error as the profile's error message (or as prose under plain-error-bodies). */
export function sendError(ctx: RequestContext, err: HttpError): void {
  const headers = err.options.headers ?? {};
  if (ctx.mock.faults.has('plain-error-bodies')) {
    const text = `${err.status} ${err.title}: ${err.description}\n${(err.options.details ?? []).map((d) => `  ${d}\n`).join('')}`;
    const body = Buffer.from(text, 'utf8');
    ctx.res.writeHead(err.status, {
      ...baseHeaders(),
      ...headers,
      'Content-Type': 'text/plain; charset=utf-8',
      'Content-Length': String(body.length),
    });
    ctx.res.end(body);
    return;
  }
  const { type, message } = ctx.mock.profile.errorMessage(err);
  sendMessage(ctx, err.status, type, message, headers);
}

