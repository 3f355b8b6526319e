// Before any case runs: find out what the target is (Discovery or API Base URL), which
// API Base to test, what channels and collections it has, and get a bearer token.
import type { SetupContext, SetupResult } from '../core/profile.js';
import { isAbsoluteHttpUrl } from '../probes/http.js';
import { preview } from '../core/bounds.js';
import { jsonObject, noAnswer, withSlash, type JsonObject } from '../core/setup-read.js';

type Json = JsonObject;
const json = jsonObject;

// Setup only picks resources to test; a right sent with the wrong JSON type ("yes") is still
// read as meant here, so that the schema and listing cases get to report the type.
const yes = (v: unknown): boolean => v === true || (typeof v === 'string' && /^(true|yes)$/i.test(v));
const no = (v: unknown): boolean => v === false || (typeof v === 'string' && /^(false|no)$/i.test(v));

/** How many advertised API Bases setup tries before giving up. */
const MAX_API_BASES_TRIED = 8;

/** The api-bases a run can test, and a problem naming those it cannot (relative paths, not URLs, not strings). */
function apiBases(listed: unknown[]): { bases: string[]; problem?: string } {
  const bases = listed.filter((b): b is string => typeof b === 'string' && isAbsoluteHttpUrl(b));
  const bad = listed.filter((b) => typeof b !== 'string' || !isAbsoluteHttpUrl(b));
  if (bad.length === 0) return { bases };
  const shown = bad.slice(0, 3).map((b) => preview(b)).join(', ');
  const more = bad.length > 3 ? ` and ${bad.length - 3} more` : '';
  return { bases, problem: `the Discovery message's api-bases holds ${shown}${more}: not an absolute http(s) URL, so not tested` };
}

export async function setupPredraft(ctx: SetupContext): Promise<SetupResult> {
  const vars = new Map<string, string>();
  const notes: string[] = [];
  const problems: string[] = [];
  const target = withSlash(ctx.target);

  const first = await ctx.send({ method: 'GET', url: target });
  const gone = noAnswer(target, first);
  if (gone) return 'unreachable' in gone ? { vars, notes, problems, unreachable: gone.unreachable } : { vars, notes, problems: [...problems, gone.problem] };
  if (!first.response) return { vars, notes, problems };
  const status = first.response.status;
  const body = json(first);
  if (status === 401 || status === 403) {
    problems.push(
      ctx.hasCredentials
        ? `${target} refused the run's credentials (status ${status}); cases that need access will fail or skip`
        : `${target} requires authentication (status ${status}): give --user/--password or --token`,
    );
  }

  if (body?.type === 'discovery' || Array.isArray(body?.['api-bases'])) {
    vars.set('discovery', target);
    const listed: unknown[] = Array.isArray(body?.['api-bases']) ? body['api-bases'] : [];
    const { bases, problem } = apiBases(listed);
    if (problem) problems.push(problem);
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
  } else if (body?.type === 'api-status') {
    vars.set('apiBase', target);
    notes.push('the target is an API Base URL: Discovery cases are skipped');
  } else if (status !== 401 && status !== 403) {
    const where = first.response.headers.location ? ` (Location: ${first.response.headers.location})` : '';
    const why = first.response.truncated ? `; its body was cut at ${first.response.body.length} octets` : '';
    problems.push(`${target} answered ${status}${where} with neither a discovery nor an api-status message${why}`);
  }

  const apiBase = vars.get('apiBase');
  let issuedToken: string | undefined;
  if (apiBase) {
    vars.set('apiOrigin', new URL(apiBase).origin);
    const tok = await ctx.send({ method: 'POST', url: `${apiBase}token/`, auth: 'basic' });
    const tb = json(tok);
    if (tok.response?.status === 200 && typeof tb?.['access-token'] === 'string') {
      issuedToken = tb['access-token'];
    } else {
      notes.push(`no bearer token from ${apiBase}token/ (${tok.error ?? `status ${tok.response?.status}`}): bearer cases are skipped`);
    }

    const ch = json(await ctx.send({ method: 'GET', url: `${apiBase}channels/` }));
    const channels = (Array.isArray(ch?.channels) ? ch.channels : []) as Json[];
    const pick = (name: string, test: (c: Json) => boolean): void => {
      const c = channels.find((x) => typeof x.name === 'string' && test(x));
      if (c) vars.set(name, c.name as string);
    };
    const mode = (c: Json): unknown => c.mode;
    pick('channel', (c) => yes(c['can-read']) && (mode(c) === undefined || mode(c) === 'read-write'));
    pick('readOnlyChannel', (c) => mode(c) === 'read-only' || (mode(c) === undefined && yes(c['can-read']) && no(c['can-write'])));
    pick('writeOnlyChannel', (c) => mode(c) === 'write-only' || (mode(c) === undefined && no(c['can-read']) && yes(c['can-write'])));
    pick('forbiddenChannel', (c) => no(c['can-read']) && no(c['can-write']) && (mode(c) === undefined || mode(c) === 'read-write'));

    const co = json(await ctx.send({ method: 'GET', url: `${apiBase}collections/` }));
    let cols = co?.collections;
    if (!Array.isArray(cols) && Array.isArray(co?.channels)) {
      cols = co.channels;
      notes.push('the repository-listing names its array "channels" (the pre-draft\'s slip for "collections"): accepted');
    }
    const collections = (Array.isArray(cols) ? cols : []) as Json[];
    const readable = collections.find((c) => typeof c.name === 'string' && !no(c['can-read']));
    if (readable) vars.set('collection', readable.name as string);
    const forbidden = collections.find((c) => typeof c.name === 'string' && no(c['can-read']));
    if (forbidden) vars.set('forbiddenCollection', forbidden.name as string);
  }
  return { vars, notes, problems, ...(issuedToken ? { issuedToken } : {}) };
}
