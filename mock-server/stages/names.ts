// The names stage: every name parameter of the matched route, percent-decoded and checked
// against the profile's name rule (400), before anything is looked up.
import type { HostState } from '../context.js';
import { HttpError } from '../http-errors.js';
import type { Stage } from '../profile.js';
import { API_BASE_PARAM } from '../router.js';

export interface NamesOptions {
  /** Why a decoded name is not valid (a phrase to follow it), or undefined when it is. */
  problem(name: string): string | undefined;
  /** A segment that is not valid percent-encoding: 400 (the reference) or 404. */
  badEncoding: 'invalid-name' | 'not-found';
}

/**
 * Decodes and checks each name parameter of the path into ctx.params, in path order (an
 * `{apiBase}` is matched by the router as sent: it is not a name).
 */
export function checkNames<S extends HostState>(o: NamesOptions): Stage<S> {
  return (ctx) => {
    for (const seg of Object.keys(ctx.params).filter((k) => k !== API_BASE_PARAM)) {
      const raw = ctx.params[seg]!;
      let decoded: string;
      try {
        decoded = decodeURIComponent(raw);
      } catch {
        if (o.badEncoding === 'not-found') throw new HttpError('NOT_FOUND', `nothing is served at ${ctx.rawPath}`);
        throw new HttpError('INVALID_NAME', `the ${seg} "${raw}" is not valid percent-encoding`);
      }
      const why = o.problem(decoded);
      if (why !== undefined) throw new HttpError('INVALID_NAME', `the ${seg} in the path, ${JSON.stringify(decoded)}, ${why}`);
      ctx.params[seg] = decoded;
    }
    return undefined;
  };
}
