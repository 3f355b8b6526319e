// The Accept stage: the answer's media type must be acceptable to the caller (406).
import type { HostState } from '../context.js';
import { HttpError } from '../http-errors.js';
import { acceptAllows, type AcceptMode } from '../media.js';
import type { Stage } from '../profile.js';

export function accept<S extends HostState>(mediaType: string, mode: AcceptMode = 'standard'): Stage<S> {
  return (ctx) => {
    const header = ctx.req.headers.accept;
    if (acceptAllows(header, mediaType, mode)) return undefined;
    throw new HttpError(
      'NOT_ACCEPTABLE',
      header === undefined
        ? `send Accept: ${mediaType}`
        : `Accept "${header}" allows neither ${mediaType} nor a wildcard; every answer here is ${mediaType}`,
    );
  };
}
