// Matches the raw request path against a profile's route table. Paths are split on '/'
// exactly as sent: nothing is normalised, so `..`, `%2E%2E` and `%2F` reach the name check.
import type { Scheme } from './auth.js';
import type { HostState, RequestContext } from './context.js';

export const METHODS = ['GET', 'POST', 'PUT', 'DELETE'] as const;
export type Method = (typeof METHODS)[number];

export interface Operation<S extends HostState = HostState> {
  /** Schemes accepted here instead of the API Base's (e.g. a token endpoint that takes Basic only). */
  schemes?: readonly Scheme[];
  /** Looks up the target and checks the caller's rights; throws HttpError 403/404/501. */
  authorize(ctx: RequestContext<S>): void;
  /** The request message this operation reads, if any. */
  request?: { message: string; optional?: boolean };
  handle(ctx: RequestContext<S>): Promise<void> | void;
}

/**
 * One URL shape. Segments are literals, `{apiBase}` (matches only an existing API Base) or
 * `{name}`-style parameters (any segment; checked against the profile's name rule later).
 */
export interface Route<S extends HostState = HostState> {
  pattern: readonly string[];
  /**
   * The resource of the profile's URL table it serves (e.g. `channel`): a request's URL kind is
   * `<method>-<resource>` in lower case (`get-channel`), the id its coverage spec gives that row.
   */
  kind?: string;
  methods: Partial<Record<Method, Operation<S>>>;
  /** False when the profile's state (a fault) removes the route. */
  enabled?(state: S): boolean;
}

/** The parameter `{apiBase}` matches only an existing API Base, as sent (not decoded). */
export const API_BASE_PARAM = 'apiBase';

export interface RouteMatch<S extends HostState = HostState> {
  route: Route<S>;
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

export function matchRoute<S extends HostState>(
  routes: readonly Route<S>[],
  segments: readonly string[],
  state: S,
  isApiBase: (segment: string) => boolean,
): RouteMatch<S> | undefined {
  for (const route of routes) {
    if (route.enabled && !route.enabled(state)) continue;
    const params = matchPattern(route.pattern, segments, isApiBase);
    if (params) return { route, params };
  }
  return undefined;
}

/**
 * The parameters of `segments` matched against `pattern`, or undefined. An `{apiBase}` may
 * span several segments (an API Base at a deeper path, e.g. `v2/groups/trustgroup1`): the
 * segments it takes, joined by '/', must be an existing API Base. Parameters in path order.
 */
function matchPattern(pattern: readonly string[], segments: readonly string[], isApiBase: (segment: string) => boolean): Record<string, string> | undefined {
  const found: string[] = []; // name, value, name, value, ...
  if (!matchFrom(pattern, 0, segments, 0, isApiBase, found)) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < found.length; i += 2) params[found[i]!] = found[i + 1]!;
  return params;
}

const API_BASE_SEGMENT = `{${API_BASE_PARAM}}`;

/** Whether pattern[p..] matches segments[s..], adding the parameters to `found` (the caller drops what a failed match added). */
function matchFrom(pattern: readonly string[], p: number, segments: readonly string[], s: number, isApiBase: (segment: string) => boolean, found: string[]): boolean {
  for (; p < pattern.length; p++, s++) {
    const seg = pattern[p]!;
    if (seg === API_BASE_SEGMENT) {
      const at = found.length;
      for (let end = s + 1; end <= segments.length - (pattern.length - p - 1); end++) {
        const base = end === s + 1 ? segments[s]! : segments.slice(s, end).join('/');
        if (!isApiBase(base)) continue;
        found.push(API_BASE_PARAM, base);
        if (matchFrom(pattern, p + 1, segments, end, isApiBase, found)) return true;
        found.length = at;
      }
      return false;
    }
    const got = segments[s];
    if (got === undefined) return false;
    if (isParam(seg)) found.push(paramName(seg), got);
    else if (seg !== got) return false;
  }
  return s === segments.length;
}

/** The URL kind of a request to `route` with `method` (`get-channel`), if the route names its resource. */
export function routeUrlKind(route: Pick<Route, 'kind'>, method: string): string | undefined {
  return route.kind === undefined ? undefined : `${method.toLowerCase()}-${route.kind}`;
}

/** The methods a route answers, for the Allow header. */
export function allowedMethods<S extends HostState>(route: Route<S>): string[] {
  return METHODS.filter((m) => route.methods[m] !== undefined);
}
