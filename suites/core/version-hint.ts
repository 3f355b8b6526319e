// "This server speaks another TAXII version": when a run's setup found no answer of its own
// profile, every other profile is asked whether the answers setup got are of its version
// (Profile.recognize), and then whether its own Discovery path on the same origin answers as
// it does (a /taxii2/ that answers where /taxii/ does not). One line naming the profile to
// run. Generic: no profile is named here; the caller passes the profiles it knows.
import type { HttpExchange } from '../probes/http.js';
import type { Profile } from './profile.js';

/** What setup saw, and a way to send one more GET (with the run's credentials where they may go). */
export interface HintContext {
  target: string;
  /** The exchanges of setup, in order. */
  seen: readonly HttpExchange[];
  get(url: string, accept: string): Promise<HttpExchange>;
}

/** The first other profile that recognises an answer, and what gave it away. */
export async function recognizeVersion(profiles: readonly Profile[], ctx: HintContext): Promise<{ profile: Profile; why: string } | undefined> {
  for (const p of profiles) {
    for (const x of ctx.seen) {
      const why = x.response && p.recognize?.(x.response);
      if (why) return { profile: p, why: `${x.request.url} ${why}` };
    }
  }
  // A target that left a request unanswered (stalled, reset, cut) is asked nothing more.
  if (ctx.seen.some((x) => !x.response)) return undefined;
  const asked = new Set(ctx.seen.map((x) => x.request.url));
  for (const p of profiles) {
    if (!p.srv || !p.recognize) continue;
    const url = new URL(p.srv.path, ctx.target).href;
    if (asked.has(url)) continue;
    asked.add(url);
    const x = await ctx.get(url, p.mediaType);
    const why = x.response && p.recognize(x.response);
    if (why) return { profile: p, why: `${url} ${why}` };
  }
  return undefined;
}

/**
 * The line a run of `profile` reports when the target speaks another version, or undefined:
 * asked only when none of setup's answers is the profile's own.
 */
export async function versionHint(profile: Profile, others: readonly Profile[], ctx: HintContext): Promise<string | undefined> {
  if (ctx.seen.some((x) => x.response && profile.recognize?.(x.response))) return undefined;
  const found = await recognizeVersion(others.filter((p) => p.id !== profile.id), ctx);
  if (!found) return undefined;
  return `the server speaks ${found.profile.title}, not ${profile.title} (${found.why}): run it with --profile ${found.profile.id}`;
}

/**
 * `--profile auto`: the profile whose answers the target gives. The target is asked once in
 * each profile's media type, then each profile's Discovery path on its origin; the first
 * profile (in the order given) that recognises an answer is the one.
 */
export async function detectProfile(profiles: readonly Profile[], target: string, get: HintContext['get']): Promise<{ profile: Profile; why: string } | undefined> {
  const seen: HttpExchange[] = [];
  for (const p of profiles) {
    if (!p.recognize) continue;
    const x = await get(target, p.mediaType);
    seen.push(x);
    // Nothing answers at all: no use asking in the other types.
    if (!x.response && !x.partial) break;
  }
  return recognizeVersion(profiles, { target, seen, get });
}
