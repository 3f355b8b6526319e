// The one catalog of errors the mock answers with: a stable code, its HTTP status and title.
// Stages and handlers throw an HttpError with a description saying exactly what was wrong;
// the mounted profile turns it into its error message (or it is answered in prose).
import { maxHeaderSize, type ServerResponse } from 'node:http';
import { baseHeaders, writeAnswer, type AnswerShape } from './send.js';

export const ERRORS = {
  MALFORMED_HTTP: { status: 400, title: 'Bad Request' },
  BAD_JSON: { status: 400, title: 'Bad Request' },
  JSON_TOO_DEEP: { status: 400, title: 'Bad Request' },
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
  REQUEST_TIMEOUT: { status: 408, title: 'Request Timeout' },
  NAME_TAKEN: { status: 409, title: 'Conflict' },
  REQUEST_TOO_LARGE: { status: 413, title: 'Payload Too Large' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, title: 'Unsupported Media Type' },
  UNPROCESSABLE: { status: 422, title: 'Unprocessable Content' },
  TOO_MANY_SUBSCRIPTIONS: { status: 429, title: 'Too Many Requests' },
  HEADERS_TOO_LARGE: { status: 431, title: 'Request Header Fields Too Large' },
  INTERNAL_ERROR: { status: 500, title: 'Internal Server Error' },
  NOT_IMPLEMENTED: { status: 501, title: 'Not Implemented' },
  STORAGE_FULL: { status: 507, title: 'Insufficient Storage' },
  CHANNEL_FULL: { status: 507, title: 'Insufficient Storage' },
} as const satisfies Record<string, { status: number; title: string }>;

export type ErrorCode = keyof typeof ERRORS;

/** When each code is sent, for the docs and `docs/mock-server.md`. */
export const ERROR_USES: Record<ErrorCode, string> = {
  MALFORMED_HTTP: 'The request is not valid HTTP/1.1 (request line, header syntax, framing); the connection is closed after the answer.',
  BAD_JSON: 'The request body is not well-formed JSON, is not valid UTF-8, or could not be read to its end.',
  JSON_TOO_DEEP: 'The request body nests arrays and objects deeper than maxJsonDepth (checked before it is parsed).',
  MISSING_BODY: 'A request that needs a message came without a body.',
  INVALID_MESSAGE: 'The request message fails its schema (`details` lists each failed rule), or holds an object the mock could not serialise back.',
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
  REQUEST_TIMEOUT: 'The request headers did not arrive within headersTimeoutMs of its first byte, or its body within bodyTimeoutMs of them; the connection is closed after the answer.',
  NAME_TAKEN: 'A create names a channel or collection that already exists.',
  REQUEST_TOO_LARGE: 'The request body is larger than the mock accepts (maxRequestBytes), or its objects alone are more than a channel or collection may hold (maxStoredBytesPerResource).',
  UNSUPPORTED_MEDIA_TYPE: 'A request body was sent with a Content-Type other than application/taxii+json.',
  UNPROCESSABLE: 'A POSTed body that parses but cannot be processed: not an envelope of objects, or (under a variant) an object of a spec version the server does not support.',
  TOO_MANY_SUBSCRIPTIONS: 'A channel GET would make the caller a subscription beyond its quota (maxSubscriptionsPerCaller).',
  HEADERS_TOO_LARGE: 'The request header section is larger than 16 KiB; the connection is closed after the answer.',
  INTERNAL_ERROR: 'A bug in the mock (logged), or the bad-json-500 fault.',
  NOT_IMPLEMENTED: 'POST to a read-only channel or GET of a write-only channel.',
  STORAGE_FULL: 'A POST would take the channel or collection past maxStoredBytesPerResource, or all content past maxStoredBytes; it may succeed once messages are read or purged.',
  CHANNEL_FULL: 'A channel GET would make a subscription beyond the channel\'s quota (maxSubscriptionsPerChannel); it may succeed once a stale one can be forgotten.',
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

/** An error as it goes on the wire. */
export interface ErrorAnswer {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/** An error in prose (text/plain): for a profile without an error message of its own, and where nothing is mounted. */
export function plainErrorAnswer(err: HttpError): ErrorAnswer {
  const text = `${err.status} ${err.title}: ${err.description}\n${(err.options.details ?? []).map((d) => `  ${d}\n`).join('')}`;
  const headers = { ...baseHeaders(), ...(err.options.headers ?? {}), 'Content-Type': 'text/plain; charset=utf-8' };
  return { status: err.status, headers, body: Buffer.from(text, 'utf8') };
}

/** Sends an error answer through a response, shaped as the profile shapes every answer. */
export function sendErrorAnswer(res: ServerResponse, a: ErrorAnswer, shape?: AnswerShape): void {
  writeAnswer(res, a.status, a.headers, a.body, shape);
}

/**
 * An error answer as raw HTTP/1.1 bytes, for a connection that has no request to answer
 * through (malformed HTTP, headers that never completed). The connection ends after it.
 */
export function rawErrorResponse(a: ErrorAnswer, err: HttpError): Buffer {
  const headers = { ...a.headers, 'Content-Length': String(a.body.length), Connection: 'close' };
  const head = [`HTTP/1.1 ${a.status} ${err.title}`, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)].join('\r\n');
  return Buffer.concat([Buffer.from(`${head}\r\n\r\n`, 'latin1'), a.body]);
}

/** The answer to a request node's HTTP parser refused, or undefined when it is no parse error (a reset). */
export function parseErrorAnswer(e: Error & { code?: string; reason?: string }): HttpError | undefined {
  if (typeof e.code !== 'string' || !e.code.startsWith('HPE_')) return undefined;
  if (e.code === 'HPE_HEADER_OVERFLOW') {
    return new HttpError('HEADERS_TOO_LARGE', `the request header section is larger than the ${maxHeaderSize} octets this server accepts`);
  }
  if (e.code === 'HPE_CHUNK_EXTENSIONS_OVERFLOW') {
    return new HttpError('REQUEST_TOO_LARGE', 'the chunk extensions of the request body are larger than this server accepts');
  }
  const why = typeof e.reason === 'string' && e.reason !== '' ? e.reason : e.code;
  return new HttpError('MALFORMED_HTTP', `the request is not valid HTTP/1.1: ${why} (${e.code})`);
}
