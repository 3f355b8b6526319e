// Authorisation and lookup for the pre-draft's resources. Runs after authentication, so a
// 404 never tells an unauthenticated caller what exists.
import type { PredraftContext } from './state.js';
import { HttpError } from '../http-errors.js';
import { API_BASE_PARAM } from '../router.js';
import type { ApiBase, Channel, Collection, Rights, RightsTable } from './store.js';
import { nameModeOf, nameProblem } from './names.js';

export type Need = 'read' | 'write';

/** The caller's rights on the API Base or on one of its resources, as listings report them. */
export function rightsFor(ctx: PredraftContext, resource?: { rights?: RightsTable | undefined }): Rights {
  return ctx.mock.store.rightsOf(ctx.identity.user, apiBaseOf(ctx), resource);
}

/** The rights enforced on a request: no-authorization lists rights truthfully but enforces none. */
function enforcedRights(ctx: PredraftContext, resource?: { rights?: RightsTable | undefined }): Rights {
  if (ctx.mock.faults.has('no-authorization')) return { read: true, write: true };
  return rightsFor(ctx, resource);
}

/** The API Base the matched route names, if it names one. */
export function apiBaseIn(ctx: PredraftContext): ApiBase | undefined {
  const name = ctx.params[API_BASE_PARAM];
  return name === undefined ? undefined : ctx.mock.store.apiBases.get(name);
}

export function apiBaseOf(ctx: PredraftContext): ApiBase {
  const base = apiBaseIn(ctx);
  if (!base) throw new Error('route without an API Base');
  return base;
}

function deny(ctx: PredraftContext, need: Need, what: string): never {
  throw new HttpError('FORBIDDEN', `user "${ctx.identity.user}" may not ${need} ${what}`);
}

export function requireOnApiBase(ctx: PredraftContext, need: Need): void {
  if (!enforcedRights(ctx)[need]) deny(ctx, need, `at API Base ${apiBaseOf(ctx).name}`);
}

/** The channel named in the path (or undefined), checking the caller may `need` it. */
export function requireChannel(ctx: PredraftContext, need: Need, name: string, opts: { missingOk?: boolean } = {}): Channel | undefined {
  const ch = apiBaseOf(ctx).channels.get(name);
  if (!ch) {
    // Without the channel, its rights are the API Base's: don't reveal more than a listing would.
    if (!enforcedRights(ctx).read) deny(ctx, need, `at API Base ${apiBaseOf(ctx).name}`);
    if (opts.missingOk) return undefined;
    throw new HttpError('NOT_FOUND', `no channel named ${JSON.stringify(name)} at API Base ${apiBaseOf(ctx).name}`);
  }
  if (!enforcedRights(ctx, ch)[need]) deny(ctx, need, `channel ${JSON.stringify(name)}`);
  return ch;
}

export function requireCollection(ctx: PredraftContext, need: Need, name: string, opts: { missingOk?: boolean } = {}): Collection | undefined {
  const col = apiBaseOf(ctx).collections.get(name);
  if (!col) {
    if (!enforcedRights(ctx).read) deny(ctx, need, `at API Base ${apiBaseOf(ctx).name}`);
    if (opts.missingOk) return undefined;
    throw new HttpError('NOT_FOUND', `no collection named ${JSON.stringify(name)} at API Base ${apiBaseOf(ctx).name}`);
  }
  if (!enforcedRights(ctx, col)[need]) deny(ctx, need, `collection ${JSON.stringify(name)}`);
  return col;
}

/** A name given in a query parameter, checked like a path segment. */
export function queryName(ctx: PredraftContext, param: string): string | undefined {
  const value = ctx.query.get(param);
  if (value === null) return undefined;
  const why = nameProblem(value, nameModeOf(ctx.faults));
  if (why !== undefined) throw new HttpError('INVALID_NAME', `the ${param} parameter, ${JSON.stringify(value)}, ${why}`);
  return value;
}

/**
 * Is the fault unknown-is-200 on for this request (its URL kind)? Then a missing channel or
 * collection is served as if it existed and were empty: a GET gets empty content, a POST is
 * accepted and its content dropped.
 */
export function unknownIsEmpty(ctx: PredraftContext): boolean {
  return ctx.faults.has('unknown-is-200');
}
