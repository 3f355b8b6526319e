// The X-Max-Size stage: the largest answer the caller takes, read into ctx.maxSize (400 for
// a value the profile's reading refuses). The JSON send path fits answers under it.
import type { HostState } from '../context.js';
import { HttpError } from '../http-errors.js';
import { parseMaxSize, type MaxSizeMode } from '../max-size.js';
import type { Stage } from '../profile.js';

export function maxSize<S extends HostState>(mode: MaxSizeMode = 'standard'): Stage<S> {
  return (ctx) => {
    const size = parseMaxSize(ctx.req.headers['x-max-size'], mode);
    if (!size.ok) throw new HttpError('INVALID_MAX_SIZE', size.reason);
    ctx.maxSize = size.limit;
    return undefined;
  };
}
