// Route stages for a profile that serves a route table (router.ts): find the route and the
// method (404, 405), check the caller's rights on what it names (the operation's authorize),
// and run its handler last.
import type { HostState, RequestContext } from '../context.js';
import { HttpError } from '../http-errors.js';
import type { Stage } from '../profile.js';
import { allowedMethods, matchRoute, routeUrlKind, splitPath, type Method, type Route } from '../router.js';

export interface RouteOptions<S extends HostState> {
  routes: readonly Route<S>[];
  /** Whether a segment names an existing API Base (routes with `{apiBase}` match only those). */
  isApiBase(ctx: RequestContext<S>, segment: string): boolean;
  /** A known URL with a method it lacks: 405 with Allow (the reference), or 404. */
  unknownMethod: 'method-not-allowed' | 'not-found';
  /** A request no route matched: true when this answered it (else 404). */
  unmatched?(ctx: RequestContext<S>, segments: readonly string[]): boolean;
}

/**
 * Finds the operation: ctx.operation, ctx.params with the raw parameters of the path, and the
 * request's URL kind (ctx.urlKind) with the faults as seen there (ctx.faults).
 */
export function route<S extends HostState>(o: RouteOptions<S>): Stage<S> {
  return (ctx) => {
    const split = splitPath(ctx.rawPath);
    if ('error' in split) throw new HttpError('NOT_FOUND', split.error);
    const match = matchRoute(o.routes, split.segments, ctx.mock, (s) => o.isApiBase(ctx, s));
    if (!match) {
      if (o.unmatched?.(ctx, split.segments)) return 'answered';
      throw new HttpError('NOT_FOUND', `nothing is served at ${ctx.rawPath}`);
    }
    ctx.urlKind = routeUrlKind(match.route, ctx.method);
    ctx.faults = ctx.mock.faults.at(ctx.urlKind);
    const op = match.route.methods[ctx.method as Method];
    if (!op) {
      const allow = allowedMethods(match.route);
      if (o.unknownMethod === 'not-found') throw new HttpError('NOT_FOUND', `nothing is served at ${ctx.method} ${ctx.rawPath}`);
      throw new HttpError('METHOD_NOT_ALLOWED', `${ctx.method} is not allowed on ${ctx.rawPath}; allowed: ${allow.join(', ')}`, {
        headers: { Allow: allow.join(', ') },
      });
    }
    ctx.operation = op;
    ctx.params = { ...match.params };
    return undefined;
  };
}

/** The operation's own check of the caller's rights (and of existence: 404 only after authentication). */
export function authorizeOperation<S extends HostState>(ctx: RequestContext<S>): void {
  operationOf(ctx).authorize(ctx);
}

/** The operation's handler: the answer (its promise passed on, not awaited: a waiting request keeps no frame here). */
export function handleOperation<S extends HostState>(ctx: RequestContext<S>): Promise<void> | void {
  return operationOf(ctx).handle(ctx);
}

function operationOf<S extends HostState>(ctx: RequestContext<S>) {
  if (!ctx.operation) throw new Error('no route stage ran before this stage');
  return ctx.operation;
}
