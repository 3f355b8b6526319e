// Who is calling, and what they may do. Discovery is open (credentials, when sent, are
// checked); an API Root takes HTTP Basic, and the public root serves a caller without
// credentials as the anonymous user. A failed authentication is 401 with a Basic challenge
// (§5: 401 or 404; a variant answers 404). Then a collection is looked up for the caller:
// one it can neither read nor write is not visible (404); can_read or can_write false on the
// endpoint it needs is 403 (A-07; 404 under a variant); DELETE follows the §5.7 table.
import type { TLSSocket } from 'node:tls';
import { Authenticator, challenge, type Scheme } from '../auth.js';
import { HttpError } from '../http-errors.js';
import { ANONYMOUS } from './seed-data.js';
import { rootOrigin } from './roots.js';
import type { Target } from './resolve.js';
import type { Taxii21Context } from './state.js';
import type { Collection } from './store.js';

const COLLECTION_ENDPOINTS = new Set(['collections', 'collection', 'manifest', 'objects', 'object', 'versions']);

/** The caller's user name ("" for anonymous), or a refusal. */
export async function authenticate(ctx: Taxii21Context, t: Target, auth: Authenticator): Promise<string> {
  const { faults, variants } = ctx.mock;
  const header = ctx.req.headers.authorization;
  const sent = header !== undefined && header.trim() !== '';
  if (!sent && t.endpoint !== 'discovery') {
    const byCertificate = certificateUser(ctx);
    if (byCertificate !== undefined) return byCertificate;
  }
  if (t.endpoint === 'discovery') {
    if (!sent && faults.has('taxii21-discovery-anonymous-400')) throw new HttpError('MISSING_PARAMETER', 'no Authorization header');
    if (!sent && !variants.has('taxii21-discovery-authenticated')) return ANONYMOUS;
  } else if (!sent && (t.root?.anonymous || (faults.has('taxii21-api-root-anonymous') && (t.endpoint === 'api-root' || t.endpoint === 'status')))) {
    return ANONYMOUS;
  }
  const { schemes, audiences } = policyOf(ctx, t);
  if (faults.has('taxii21-wrong-password-accepted') && sent) {
    const user = basicUser(header);
    if (user !== undefined && ctx.mock.accounts.some((a) => a.user === user)) return user;
  }
  const result = await auth.authenticate(header, { schemes, audiences });
  if (result.ok) return result.identity.user;
  const why = `authentication failed: ${result.reason}`;
  if (COLLECTION_ENDPOINTS.has(t.endpoint)) {
    if (faults.has('taxii21-auth-failure-403')) throw new HttpError('FORBIDDEN', why);
    if (variants.has('taxii21-auth-404')) throw new HttpError('NOT_FOUND', `nothing is served at ${ctx.rawPath} for this caller`);
  }
  const headers: Record<string, string> = faults.has('taxii21-no-www-authenticate') ? {} : { 'WWW-Authenticate': challenge(schemes, result) };
  throw new HttpError('UNAUTHORIZED', why, { headers });
}

/**
 * The user a client certificate authenticates: under taxii21-client-certificates one the
 * host verified against its client CA (PKIX), naming an account in its CN; under the fault
 * any certificate at all, as the main user.
 */
function certificateUser(ctx: Taxii21Context): string | undefined {
  const { faults, variants, accounts } = ctx.mock;
  if (!faults.has('taxii21-client-certificate-any') && !variants.has('taxii21-client-certificates')) return undefined;
  const socket = ctx.req.socket as TLSSocket;
  if (typeof socket.getPeerCertificate !== 'function') return undefined;
  const peer = socket.getPeerCertificate();
  if (!peer || Object.keys(peer).length === 0) return undefined;
  if (faults.has('taxii21-client-certificate-any')) return accounts[0]?.user;
  if (!socket.authorized) return undefined;
  const cn = Array.isArray(peer.subject?.CN) ? peer.subject.CN[0] : peer.subject?.CN;
  return accounts.some((a) => a.user === cn) ? cn : undefined;
}

/** The schemes a request may use, and the token audiences valid for it (a root's URL). */
function policyOf(ctx: Taxii21Context, t: Target): { schemes: Scheme[]; audiences: string[] } {
  const { roots, faults } = ctx.mock;
  const origin = rootOrigin(ctx.mock);
  if (t.endpoint === 'token') return { schemes: ['Basic'], audiences: [] };
  const taken: Scheme[] = t.root ? [...t.root.schemes] : ['Basic', 'Bearer'];
  const audiences = (t.root ? [t.root] : roots).map((r) => `${origin}${r.path}`);
  // no-basic: Basic refused; a bearer token is still a way in.
  return { schemes: faults.has('taxii21-no-basic') ? ['Bearer'] : taken, audiences };
}

function basicUser(header: string | undefined): string | undefined {
  const m = /^\s*basic\s+([A-Za-z0-9+/]+={0,2})\s*$/i.exec(header ?? '');
  if (!m) return undefined;
  const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? undefined : decoded.slice(0, colon);
}

/** A collection of the target's root by id (any case) or alias (unless a variant refuses aliases). */
export function findCollection(ctx: Taxii21Context, t: Target): Collection | undefined {
  const key = t.collection ?? '';
  const all = t.root?.collections ?? [];
  return all.find((c) => c.id === key.toLowerCase()) ?? (ctx.mock.variants.has('taxii21-alias-404') ? undefined : all.find((c) => c.alias !== undefined && c.alias === key));
}

export type Need = 'see' | 'read' | 'write' | 'delete';

/** The collection the caller may use for `need`, or the refusal (404 for unknown or invisible ones). */
export function collectionFor(ctx: Taxii21Context, t: Target, user: string, need: Need): Collection {
  const { faults, variants } = ctx.mock;
  const c = findCollection(ctx, t);
  const unknown = new HttpError('NOT_FOUND', `no collection ${JSON.stringify(t.collection)} at ${t.root?.path ?? ''} for this caller`);
  if (!c) throw unknown;
  const r = c.rightsOf(user);
  if (need === 'delete') {
    // §5.7: both false 404, one false 403.
    if (!r.read && !r.write) throw faults.has('taxii21-delete-403-for-404') ? new HttpError('FORBIDDEN', 'this caller may not delete from this collection') : unknown;
    if (!r.read || !r.write) {
      if (faults.has('taxii21-delete-404-for-403')) throw unknown;
      throw new HttpError('FORBIDDEN', `deleting needs can_read and can_write; this caller has can_read ${r.read}, can_write ${r.write}`);
    }
    return c;
  }
  if (!r.read && !r.write) throw unknown;
  const denied = (what: string) => (variants.has('taxii21-denied-404') ? unknown : new HttpError('FORBIDDEN', `this caller may not ${what} this collection (can_${what === 'read' ? 'read' : 'write'} is false)`));
  if (need === 'read' && !r.read && !faults.has('taxii21-read-not-checked')) throw denied('read');
  if (need === 'write' && !r.write && !faults.has('taxii21-write-not-checked')) throw denied('write to');
  return c;
}
