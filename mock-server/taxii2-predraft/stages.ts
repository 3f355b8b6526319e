// The pre-draft's checks of a request, in its order:
//   route/method (404/405) -> name syntax (400) -> authentication (401) -> authorisation
//   (403/404/501) -> Accept (406) -> X-Max-Size (400) -> Content-Type (415) -> body (413;
//   400 for bad UTF-8, bad JSON, too deep, or a schema failure) -> handler (507 when the store is full).
// Authentication comes before any lookup, so an unauthenticated caller learns nothing about
// which channels or collections exist. Each stage is a reusable part (mock-server/stages/);
// what its faults make of a stage is decided here, once, when the profile is mounted.
import type { Scheme } from '../auth.js';
import { HttpError } from '../http-errors.js';
import type { Stage } from '../profile.js';
import { accept } from '../stages/accept.js';
import { authenticate } from '../stages/authenticate.js';
import { jsonBody } from '../stages/json-body.js';
import { maxSize } from '../stages/max-size.js';
import { checkNames } from '../stages/names.js';
import { authorizeOperation, handleOperation, route } from '../stages/route.js';
import { scoped } from '../stages/scoped.js';
import { routeUrlKind } from '../router.js';
import type { PredraftFaults } from './faults.js';
import { sendMessage } from '../send.js';
import { StoreRefusal } from '../storage-quota.js';
import { apiBaseIn } from './access.js';
import { MEDIA_TYPE } from './messages.js';
import { nameModeOf, nameProblem } from './names.js';
import { API_BASE_ROUTE, ROUTES } from './routes.js';
import { getDiscovery } from './discovery.js';
import type { PredraftContext, PredraftState } from './state.js';
import { apiBaseUrl } from './urls.js';
import { checkRequest } from './wire.js';

/** Schemes accepted outside any API Base (the Discovery URL). */
const ROOT_SCHEMES: readonly Scheme[] = ['Basic', 'Bearer'];

export function predraftStages(state: PredraftState): Stage<PredraftState>[] {
  const f = state.faults;
  return [
    route({
      routes: ROUTES,
      isApiBase: (ctx, segment) => ctx.mock.store.apiBases.has(segment),
      unknownMethod: f.has('no-405') ? 'not-found' : 'method-not-allowed',
      unmatched: unknownApiBase,
    }),
    // The rest as the request's URL kind sees the faults (a fault may be scoped to one: faults.ts).
    scoped(f, (view) => checks(state, view)),
  ];
}

/** The stages after routing, made from the faults as one URL kind sees them. */
function checks(state: PredraftState, f: PredraftFaults): Stage<PredraftState>[] {
  const names = nameModeOf(f);
  return [
    checkNames({ problem: (name) => nameProblem(name, names), badEncoding: f.has('lax-names') ? 'not-found' : 'invalid-name' }),
    authenticate({
      authenticator: state.auth,
      policy: authPolicy,
      disabled: f.has('auth-disabled'),
      failure403: f.has('auth-failure-403'),
      challenge: !f.has('no-www-authenticate'),
      // public-discovery: the Discovery URL answers without credentials.
      isPublic: (ctx) => ctx.mock.variants.has('public-discovery') && ctx.operation === getDiscovery,
    }),
    authorizeOperation,
    accept(MEDIA_TYPE, f.has('ignore-accept') ? 'ignore' : f.has('strict-accept') ? 'strict' : 'standard'),
    maxSize(f.has('ignore-max-size') ? 'ignore' : f.has('lax-max-size') ? 'lax' : f.has('max-size-bounds-wrong') ? 'bounds-wrong' : 'standard'),
    jsonBody({
      mediaType: MEDIA_TYPE,
      contentType: f.has('strict-content-type') ? 'strict' : f.has('ignore-content-type') ? 'ignore' : 'standard',
      malformed: f.has('bad-json-500') ? 'internal-error' : 'bad-request',
      check: (type, body) => checkRequest(type, body, f),
    }),
    handle,
  ];
}

/** Who may call: an API Base's schemes (a route's own, e.g. the token endpoint's), and its tokens only. */
function authPolicy(ctx: PredraftContext) {
  const { faults, store, origin } = ctx.mock;
  const base = apiBaseIn(ctx);
  const own = ctx.operation?.schemes;
  const schemes = own ?? base?.schemes ?? ROOT_SCHEMES;
  return {
    // no-basic: an API Base's own endpoints refuse Basic; the token endpoint (own schemes) still takes it.
    schemes: faults.has('no-basic') && base && !own ? schemes.filter((s) => s !== 'Basic') : schemes,
    // At an API Base only its own tokens count; outside one (Discovery) any of ours does.
    audiences: base ? [apiBaseUrl(origin, base.name)] : [...store.apiBases.keys()].map((b) => apiBaseUrl(origin, b)),
  };
}

/** unknown-is-200 (on everywhere, or at GET [API-Base]): an unknown API Base is served as if it existed. */
function unknownApiBase(ctx: PredraftContext, segments: readonly string[]): boolean {
  if (!(ctx.method === 'GET' && segments.length === 1)) return false;
  if (!ctx.mock.faults.at(routeUrlKind(API_BASE_ROUTE, ctx.method)).has('unknown-is-200')) return false;
  sendMessage(ctx, 200, 'api-status', { type: 'api-status', description: 'an API Base that does not exist' });
  return true;
}

/** The handler; content the store would not keep is answered 400 (cannot be served back), 413 (never fits) or 507 (not now). */
function handle(ctx: PredraftContext): Promise<void> | void {
  let r: Promise<void> | void;
  try {
    r = handleOperation(ctx);
  } catch (e) {
    throw refusalAnswer(e);
  }
  // A promise is followed, not awaited (no suspended frame per waiting long poll).
  return r instanceof Promise ? r.catch((e: unknown) => Promise.reject(refusalAnswer(e))) : r;
}

/** A StoreRefusal as the error it is answered with; anything else as it was. */
function refusalAnswer(e: unknown): unknown {
  if (!(e instanceof StoreRefusal)) return e;
  if (e.reason === 'unservable') return new HttpError('INVALID_MESSAGE', e.message);
  return new HttpError(e.reason === 'too-large' ? 'REQUEST_TOO_LARGE' : 'STORAGE_FULL', e.message);
}
