// The authentication stage: the caller's credentials against the profile's policy for this
// request (which schemes, which token audiences), before anything is looked up, so that an
// unauthenticated caller learns nothing about what exists. 401 with WWW-Authenticate.
import { challenge, type Authenticator, type AuthPolicy, type AuthResult } from '../auth.js';
import type { HostState, RequestContext } from '../context.js';
import { HttpError } from '../http-errors.js';
import type { Stage } from '../profile.js';

export interface AuthenticateOptions<S extends HostState> {
  authenticator: Authenticator;
  /** What this request accepts. */
  policy(ctx: RequestContext<S>): AuthPolicy;
  /** No authentication: every request is served as the main user. */
  disabled?: boolean;
  /** Failures answer 403 instead of 401. */
  failure403?: boolean;
  /** False: a 401 carries no WWW-Authenticate. */
  challenge?: boolean;
  /** True where a request without credentials is served (a public endpoint); credentials sent are still checked. */
  isPublic?(ctx: RequestContext<S>): boolean;
}

/** Who a request without credentials is at a public endpoint. */
export const ANONYMOUS = '';

/** Sets ctx.identity, or refuses the request. */
export function authenticate<S extends HostState>(o: AuthenticateOptions<S>): Stage<S> {
  return (ctx) => {
    if (o.disabled) {
      ctx.identity = { user: ctx.mock.config.user, scheme: 'none' };
      return undefined;
    }
    if (ctx.req.headers.authorization === undefined && o.isPublic?.(ctx)) {
      ctx.identity = { user: ANONYMOUS, scheme: 'none' };
      return undefined;
    }
    const policy = o.policy(ctx);
    const decide = (result: AuthResult): undefined => {
      if (result.ok) {
        ctx.identity = result.identity;
        return undefined;
      }
      if (o.failure403) throw new HttpError('FORBIDDEN', `authentication failed: ${result.reason}`);
      const headers: Record<string, string> = o.challenge === false ? {} : { 'WWW-Authenticate': challenge(policy.schemes, result) };
      throw new HttpError('UNAUTHORIZED', `authentication failed: ${result.reason}`, { headers });
    };
    // Basic is decided at once; a token's signature check is asynchronous.
    const result = o.authenticator.authenticate(ctx.req.headers.authorization, policy);
    return result instanceof Promise ? result.then(decide) : decide(result);
  };
}
