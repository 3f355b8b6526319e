// Before any case runs: find out what the target is (Discovery or API Base URL), which
// API Base to test, what channels and collections it has, and get a bearer token.
import type { SetupContext, SetupResult } from '../core/profile.js';
import { describeMessageUrl, listed as listedLines, sortMessageUrls, type MessageUrl } from '../core/message-url.js';
import { jsonObject, noAnswer, withSlash, type JsonObject } from '../core/setup-read.js';

type Json = JsonObject;
const json = jsonObject;

// Setup only picks resources to test; a right sent with the wrong JSON type ("yes") is still
// read as meant here, so that the schema and listing cases get to report the type.
const yes = (v: unknown): boolean => v === true || (typeof v === 'string' && /^(true|yes)$/i.test(v));
const no = (v: unknown): boolean => v === false || (typeof v === 'string' && /^(false|no)$/i.test(v));

/** The variables setup reads from the API Base it tests. */
const FROM_API_BASE = ['apiOrigin', 'token', 'channel', 'readOnlyChannel', 'writeOnlyChannel', 'forbiddenChannel', 'collection', 'forbiddenCollection', 'listingKey'] as const;

/** How many advertised API Bases setup tries before giving up. */
const MAX_API_BASES_TRIED = 8;

/**
 * Why an entry of the Discovery message's api-bases is not tested, naming the case whose
 * verdict it gets: not a URL (discovery.api-bases-urls), not https (discovery.api-bases-https).
 * A relative reference is resolved against the Discovery URL (RFC 3986) and tested; that case
 * warns on it (docs/interpretation.md, "URLs in a server's messages").
 */
function apiBaseRule(r: MessageUrl): string | undefined {
  if (r.kind === 'malformed') return `${r.why} (discovery.api-bases-urls fails on it)`;
  if (r.scheme === 'http') return `${describeMessageUrl(r)} is plain HTTP: the TAXII Protocol is "HTTPS only" (discovery.api-bases-https fails on it)`;
  if (r.scheme !== 'https') return `${describeMessageUrl(r)} is a ${r.scheme}: URL, not an https one (discovery.api-bases-https fails on it)`;
  return undefined;
}

export async function setupPredraft(ctx: SetupContext): Promise<SetupResult> {
  const vars = new Map<string, string>();
  const notes: string[] = [];
  const problems: string[] = [];
  // Why a variable has no value in this run, where setup knows (the cases that need it say so).
  const missing = new Map<string, string>();
  const target = withSlash(ctx.target);

  const first = await ctx.send({ method: 'GET', url: target });
  const gone = noAnswer(target, first);
  if (gone) return 'unreachable' in gone ? { vars, notes, problems, unreachable: gone.unreachable } : { vars, notes, problems: [...problems, gone.problem] };
  if (!first.response) return { vars, notes, problems };
  const status = first.response.status;
  const body = json(first);
  const answered = `${target} answered ${status}`;
  if (status === 401 || status === 403) {
    problems.push(
      ctx.hasCredentials
        ? `${target} refused the run's credentials (status ${status}); cases that need access will fail or skip`
        : `${target} requires authentication (status ${status}): give --user/--password, --token or --client-cert`,
    );
  }

  if (body?.type === 'discovery' || Array.isArray(body?.['api-bases'])) {
    vars.set('discovery', target);
    const listed: unknown[] = Array.isArray(body?.['api-bases']) ? body['api-bases'] : [];
    const sorted = sortMessageUrls(listed, target, apiBaseRule);
    const bases = sorted.usable;
    if (sorted.resolved.length) notes.push(`the Discovery message lists API Bases as relative references, resolved against ${target} (RFC 3986): ${listedLines(sorted.resolved)}`);
    if (sorted.refused.length) notes.push(`API Bases of the Discovery message not tested: ${listedLines(sorted.refused)}`);
    for (const base of bases.slice(0, MAX_API_BASES_TRIED)) {
      const x = await ctx.send({ method: 'GET', url: withSlash(base) });
      const b = json(x);
      if (x.response?.status === 200 && b?.type === 'api-status') {
        vars.set('apiBase', withSlash(base));
        break;
      }
    }
    if (!vars.has('apiBase') && bases[0]) {
      // Test the first advertised API Base anyway: its cases then fail with what it answers.
      vars.set('apiBase', withSlash(bases[0]));
      problems.push(`no API Base advertised by the Discovery message answered GET with an api-status message; testing ${bases[0]}`);
    } else if (!vars.has('apiBase') && status === 200 && listed.length === 0) {
      problems.push('the Discovery message advertises no API Base');
    }
    if (!vars.has('apiBase')) {
      missing.set(
        'apiBase',
        listed.length === 0
          ? `the Discovery message at ${target} advertises no API Base`
          : `the Discovery message at ${target} lists no API Base the run can test: ${listedLines(sorted.refused)}`,
      );
    }
  } else if (body?.type === 'api-status') {
    vars.set('apiBase', target);
    notes.push('the target is an API Base URL: Discovery cases are skipped');
  } else if (status === 401 || status === 403) {
    const why = `${answered} to ${ctx.hasCredentials ? "the run's credentials" : 'a request without credentials'}: neither its Discovery nor its API Base message could be read`;
    missing.set('discovery', why);
    missing.set('apiBase', why);
  } else {
    const where = first.response.headers.location ? ` (Location: ${first.response.headers.location})` : '';
    const why = first.response.truncated ? `; its body was cut at ${first.response.body.length} octets` : '';
    const what = `${answered}${where} with neither a discovery nor an api-status message${why}`;
    problems.push(what);
    missing.set('discovery', what);
    missing.set('apiBase', what);
  }
  // Without an API Base, nothing read from one has a value: each says why there is none.
  if (!vars.has('apiBase')) for (const v of FROM_API_BASE) missing.set(v, missing.get('apiBase') ?? 'no API Base to test');

  const apiBase = vars.get('apiBase');
  let issuedToken: string | undefined;
  if (apiBase) {
    vars.set('apiOrigin', new URL(apiBase).origin);
    const tok = await ctx.send({ method: 'POST', url: `${apiBase}token/`, auth: 'basic' });
    const tb = json(tok);
    if (tok.response?.status === 200 && typeof tb?.['access-token'] === 'string') {
      issuedToken = tb['access-token'];
    } else {
      const why = `no bearer token from ${apiBase}token/ (${tok.error ?? `status ${tok.response?.status}`})`;
      notes.push(`${why}: bearer cases are skipped`);
      missing.set('token', why);
    }

    const chx = await ctx.send({ method: 'GET', url: `${apiBase}channels/` });
    const ch = json(chx);
    if (chx.response?.status !== 200) {
      const why = `GET ${apiBase}channels/ answered ${chx.response ? `status ${chx.response.status}` : chx.error}, so no channel was listed`;
      for (const v of ['channel', 'readOnlyChannel', 'writeOnlyChannel', 'forbiddenChannel']) missing.set(v, why);
    }
    const channels = (Array.isArray(ch?.channels) ? ch.channels : []) as Json[];
    const pick = (name: string, test: (c: Json) => boolean): void => {
      const c = channels.find((x) => typeof x.name === 'string' && test(x));
      if (c) vars.set(name, c.name as string);
    };
    const mode = (c: Json): unknown => c.mode;
    // "A channel you can read and write": the caller's rights say so (can-read and can-write),
    // whatever the channel's mode; a listing without `mode` says it by the rights alone.
    pick('channel', (c) => yes(c['can-read']) && yes(c['can-write']) && (mode(c) === undefined || mode(c) === 'read-write'));
    pick('readOnlyChannel', (c) => mode(c) === 'read-only' || (mode(c) === undefined && yes(c['can-read']) && no(c['can-write'])));
    pick('writeOnlyChannel', (c) => mode(c) === 'write-only' || (mode(c) === undefined && no(c['can-read']) && yes(c['can-write'])));
    pick('forbiddenChannel', (c) => no(c['can-read']) && no(c['can-write']) && (mode(c) === undefined || mode(c) === 'read-write'));

    const cox = await ctx.send({ method: 'GET', url: `${apiBase}collections/` });
    const co = json(cox);
    if (cox.response?.status !== 200) {
      const why = `GET ${apiBase}collections/ answered ${cox.response ? `status ${cox.response.status}` : cox.error}, so no collection was listed`;
      for (const v of ['collection', 'forbiddenCollection']) missing.set(v, why);
    }
    let cols = co?.collections;
    // The cases read the listing's array under the key the server uses ({listingKey}).
    vars.set('listingKey', 'collections');
    if (!Array.isArray(cols) && Array.isArray(co?.channels)) {
      cols = co.channels;
      vars.set('listingKey', 'channels');
      notes.push('the repository-listing names its array "channels" (the pre-draft\'s slip for "collections"): accepted');
    }
    const collections = (Array.isArray(cols) ? cols : []) as Json[];
    const readable = collections.find((c) => typeof c.name === 'string' && !no(c['can-read']));
    if (readable) vars.set('collection', readable.name as string);
    const forbidden = collections.find((c) => typeof c.name === 'string' && no(c['can-read']));
    if (forbidden) vars.set('forbiddenCollection', forbidden.name as string);
  }
  for (const [name, why] of missing) if (vars.has(name)) missing.delete(name);
  return { vars, notes, problems, missing, ...(issuedToken ? { issuedToken } : {}) };
}
