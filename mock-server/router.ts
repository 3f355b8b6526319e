// Matches the raw request path against a profile's route table. Paths are split on '/'
// exactly as sent: nothing is normalised, so `..`, `%2E%2E` and `%2F` reach the name check.
import type { Scheme } from './auth.js';
import type { RequestContext } from './context.js';
import type { FaultSet } from './faults.js';

export const METHODS = ['GET', 'POST', 'PUT', 'DELETE'] as const;
export type Method = (typeof METHODS)[number];

export interface Operation {
  /** Schemes accepted here instead of the API Base's (the token endpoint takes Basic only). */
  schemes?: readonly Scheme[];
  /** Looks up the target and checks the caller's rights; throws HttpError 403/404/501. */
  authorize(ctx: RequestContext): void;
  /** The request message this operation reads, if any. */
  request?: { message: string; optional?: boolean };
  handle(ctx: RequestContext): Promise<void> | void;
}

/**
 * One URL shape. Segments are literals, `{apiBase}` (matches only an existing API Base) or
 * `{name}`-style parameters (any segment; checked against the profile's name rule later).
 */
export interface Route {
  pattern: readonly string[];
  methods: Partial<Record<Method, Operation>>;
  /** False when a fault removes the route (e.g. no-token-endpoint). */
  enabled?(faults: FaultSet): boolean;
}

export interface RouteMatch {
  route: Route;
  /** Raw (still percent-encoded) parameter values. */
  params: Record<string, string>;
}

/**
 * The path's segments, or a reason it has none: it must start with '/' and end with '/'
 * (the pre-draft's URL production "/<resource-type>/<resource-identifier>/").
 */
export function splitPath(rawPath: string): { segments: string[] } | { error: string } {
  if (!rawPath.startsWith('/')) return { error: 'the request target is not an absolute path' };
  if (!rawPath.endsWith('/')) return { error: `TAXII URLs end in "/": did you mean ${rawPath}/ ?` };
  if (rawPath === '/') return { segments: [] };
  return { segments: rawPath.slice(1, -1).split('/') };
}

export function isParam(seg: string): boolean {
  return seg.startsWith('{') && seg.endsWith('}');
}

export function paramName(seg: string): string {
  return seg.slice(1, -1);
}

export function matchRoute(
  routes: readonly Route[],
  segments: readonly string[],
  faults: FaultSet,
  isApiBase: (segment: string) => boolean,
): RouteMatch | undefined {
  for (const route of routes) {
    if (route.pattern.length !== segments.length) continue;
    if (route.enabled && !route.enabled(faults)) continue;
    const params: Record<string, string> = {};
    let ok = true;
    route.pattern.forEach((seg, i) => {
      const got = segments[i]!;
      if (!ok) return;
      if (seg === '{apiBase}') {
        ok = isApiBase(got);
        params['apiBase'] = got;
      } else if (isParam(seg)) {
        params[paramName(seg)] = got;
      } else {
        ok = seg === got;
      }
    });
    if (ok) return { route, params };
  }
  return undefined;
}

/** The methods a route answers, for the Allow header. */
export function allowedMethods(route: Route): string[] {
  return METHODS.filter((m) => route.methods[m] !== undefined);
}
