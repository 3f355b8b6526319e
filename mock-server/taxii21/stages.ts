// The TAXII 2.1 profile's checks of a request, in its order:
//   path and method (404/405) -> User-Agent (only under a fault) -> authentication (401) ->
//   Accept (406) -> the endpoint: the caller's rights (403/404), its parameters (400),
//   a POST's Content-Type (415), size (413) and body (400/422), then the answer.
// Authentication comes before any collection is looked up, so that a caller without
// credentials learns nothing about what exists.
import { Authenticator } from '../auth.js';
import { HttpError } from '../http-errors.js';
import type { Stage } from '../profile.js';
import { authenticate } from './access.js';
import { acceptProblem } from './media.js';
import { getObject, getObjects, getManifest, getVersions } from './read.js';
import { resolve, type Target } from './resolve.js';
import { getApiRoot, getCollection, getCollections, getDiscovery, unknownRoot } from './roots.js';
import type { Taxii21Context, Taxii21State } from './state.js';
import { deleteObject, getStatus, postObjects } from './write.js';
import { postToken } from './token.js';

export function taxii21Stages(state: Taxii21State): Stage<Taxii21State>[] {
  const auth = new Authenticator(state.accounts);
  const found = new WeakMap<Taxii21Context, Target>();
  const user = new WeakMap<Taxii21Context, string>();
  const { faults, variants } = state;
  return [
    (ctx) => {
      if (unknownRoot(ctx)) return 'answered';
      const t = resolve(ctx);
      if (!t) return 'answered';
      found.set(ctx, t);
      return undefined;
    },
    (ctx) => {
      const t = found.get(ctx)!;
      const noParams = ['discovery', 'api-root', 'status', 'collections', 'collection'].includes(t.endpoint);
      if (variants.has('taxii21-root-params-400') && noParams && ctx.rawQuery !== '') throw new HttpError('INVALID_PARAMETER', `${ctx.rawPath} takes no query parameters`);
      const oneObject = t.endpoint === 'object';
      if (variants.has('taxii21-object-match-400') && oneObject && (ctx.query.has('match[id]') || ctx.query.has('match[type]'))) {
        throw new HttpError('INVALID_PARAMETER', 'match[id] and match[type] are not parameters of this endpoint (§5.6, §5.7): the path names the object');
      }
      if (faults.has('taxii21-user-agent-required') && !ctx.req.headers['user-agent']) throw new HttpError('MISSING_PARAMETER', 'no User-Agent header');
    },
    async (ctx) => {
      try {
        user.set(ctx, await authenticate(ctx, found.get(ctx)!, auth));
      } catch (e) {
        // auth-silent: no answer at all to a request that fails authentication (§8.2.2).
        if (!(variants.has('taxii21-auth-silent') && e instanceof HttpError && e.status === 401)) throw e;
        ctx.res.destroy();
        return 'answered';
      }
      return undefined;
    },
    (ctx) => {
      if (found.get(ctx)!.endpoint === 'token') return undefined; // plain JSON, not TAXII
      const why = acceptProblem(ctx.req.headers.accept, {
        serveNonTaxii: variants.has('taxii21-serve-any-accept'),
        exactOnly: faults.has('taxii21-accept-exact'),
        refuseBare: faults.has('taxii21-bare-accept-406'),
        versionParamOnly: faults.has('taxii21-accept-q-refused'),
      });
      if (why !== undefined) throw new HttpError('NOT_ACCEPTABLE', why);
    },
    async (ctx) => {
      const t = found.get(ctx)!;
      const who = user.get(ctx)!;
      switch (t.endpoint) {
        case 'discovery':
          return getDiscovery(ctx, who);
        case 'api-root':
          return getApiRoot(ctx, t);
        case 'status':
          return getStatus(ctx, t);
        case 'collections':
          return getCollections(ctx, t, who);
        case 'collection':
          return getCollection(ctx, t, who);
        case 'manifest':
          return getManifest(ctx, t, who);
        case 'objects':
          return ctx.method === 'POST' ? postObjects(ctx, t, who) : getObjects(ctx, t, who);
        case 'object':
          return ctx.method === 'DELETE' ? deleteObject(ctx, t, who) : getObject(ctx, t, who);
        case 'versions':
          return getVersions(ctx, t, who);
        case 'token':
          return postToken(ctx, t, who, auth);
      }
    },
  ];
}
