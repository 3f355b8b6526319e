// The JSON body stage: the operation's request message. A declared length over the limit is
// refused before a byte is read (413); then the Content-Type (415), the body read within the
// limit (413), checked before it is parsed (strict UTF-8, nesting depth: json-body.ts) and
// parsed (400), and the profile's own check of the message (schema, names).
import { announcesBody, declaredLength, readBody } from '../body.js';
import type { HostState, RequestContext } from '../context.js';
import { HttpError } from '../http-errors.js';
import { parseJsonBody } from '../json-body.js';
import { contentTypeIs } from '../media.js';
import type { Stage } from '../profile.js';

export interface JsonBodyOptions {
  mediaType: string;
  /** standard: the media type with any parameters; strict: exactly it; ignore: any Content-Type. */
  contentType?: 'standard' | 'strict' | 'ignore';
  /** What malformed JSON gets: 400 (the reference) or a 500. */
  malformed?: 'bad-request' | 'internal-error';
  /** The profile's check of a parsed message of the given type: the error to answer, if any. */
  check(type: string, body: unknown): HttpError | undefined;
}

/** Sets ctx.body to the operation's request message (left undefined when it takes none). */
export function jsonBody<S extends HostState>(o: JsonBodyOptions): Stage<S> {
  return async (ctx) => {
    const { config } = ctx.mock;
    const declared = declaredLength(ctx.req);
    if (declared !== undefined && declared > config.maxRequestBytes) {
      throw tooLarge(ctx, `the request body of ${declared} octets is larger than the ${config.maxRequestBytes} this server accepts`);
    }
    const request = ctx.operation?.request;
    if (!request) return undefined; // a body nobody reads is drained by node:http
    const { message, optional } = request;
    const contentType = ctx.req.headers['content-type'];
    const typeOk = o.contentType === 'strict' ? contentType?.trim().toLowerCase() === o.mediaType : contentTypeIs(contentType, o.mediaType);
    if (announcesBody(ctx.req) && o.contentType !== 'ignore' && !typeOk) {
      throw new HttpError(
        'UNSUPPORTED_MEDIA_TYPE',
        contentType === undefined
          ? `the request body has no Content-Type; send it as ${o.mediaType}`
          : `Content-Type "${contentType}" is not supported here; send a ${message} message as ${o.mediaType}`,
      );
    }
    const read = await readBody(ctx.req, config.maxRequestBytes);
    if (!read.ok) {
      if (read.tooLarge) throw tooLarge(ctx, `the request body is larger than the ${config.maxRequestBytes} octets this server accepts`);
      throw new HttpError('BAD_JSON', `the request body could not be read: ${read.error}`);
    }
    if (read.body.length === 0) {
      if (optional) return undefined;
      throw new HttpError('MISSING_BODY', `this request needs a ${message} message as its body`);
    }
    const parsed = parseJsonBody(read.body, config.maxJsonDepth);
    if (!parsed.ok) {
      if (parsed.problem === 'depth') throw new HttpError('JSON_TOO_DEEP', parsed.why);
      if (o.malformed === 'internal-error') throw new HttpError('INTERNAL_ERROR', parsed.why);
      throw new HttpError('BAD_JSON', parsed.why);
    }
    const refusal = o.check(message, parsed.value);
    if (refusal) throw refusal;
    ctx.body = parsed.value;
    return undefined;
  };
}

function tooLarge(ctx: RequestContext, description: string): HttpError {
  // Stop reading: tell the client this connection ends with the answer.
  ctx.res.shouldKeepAlive = false;
  return new HttpError('REQUEST_TOO_LARGE', description, { headers: { Connection: 'close' } });
}
