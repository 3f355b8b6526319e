// Options shared by commands, and the checks that turn a bad value into a one-line error.
import { readFileSync } from 'node:fs';
import type { Argv, Options } from 'yargs';
import { UsageError } from './cli-errors.js';
import { selectCases } from '../suites/core/select.js';

// No profile is loaded here (list and explain start from the stamped catalog): the registry's
// profileOption and resolveProfile are in profiles.ts.

/** The --profile option over these profile ids (the first is the default). */
export function profileOptionFor(ids: readonly string[]): Options {
  return { type: 'string', default: ids[0], describe: `Which specification to test against: ${ids.join(', ')}` };
}

/** An unknown --profile: the usage error naming the known ones. */
export function unknownProfile(id: string, ids: readonly string[]): UsageError {
  return new UsageError(`unknown profile "${id}" (known: ${ids.join(', ')})`);
}

/** Options yargs adds itself. */
const YARGS_OWN = new Set(['help', 'version', '$0', '_']);

/**
 * The checks every option that takes a value gets, applied to a command's options as declared
 * (call it last in the builder): a missing value (`--user` at the end, or before another
 * option) or an empty one (`--format ""`) is a usage error, never a silent default; a list
 * option (`array: true`) adds up over repeats (`--area tls --area srv`); a single-value option
 * given twice is a usage error. A `type: 'number'` option is shown as a number in --help but
 * read as the text typed, so that a bad value is quoted back (intOption checks it).
 * `positionals` are left alone (yargs lists them among the string options).
 */
export function valueOptions<T>(y: Argv<T>, positionals: readonly string[] = []): Argv<T> {
  // getOptions is yargs' (18) own; @types/yargs (17) does not declare it.
  const o = (y as unknown as { getOptions(): { string: string[]; number: string[]; array: string[] } }).getOptions();
  const skip = new Set([...YARGS_OWN, ...positionals]);
  const valued = [...o.string, ...o.number].filter((k) => !skip.has(k));
  for (const k of o.number) if (!skip.has(k)) y.string(k);
  if (valued.length) y.requiresArg(valued);
  const lists = new Set(o.array);
  return y.check((argv) => {
    for (const k of valued) {
      const v = (argv as Record<string, unknown>)[k];
      if (v === undefined) continue;
      if (lists.has(k)) {
        if (list(v).length === 0) return `--${k} needs a value`;
      } else if (Array.isArray(v)) {
        return `--${k} is given ${v.length} times (${v.map(String).join(', ')}): give it once`;
      } else if (String(v).trim() === '') {
        return `--${k} needs a value`;
      }
    }
    return true;
  });
}

/** What --area and --case select of a profile; an unknown area or case id is a usage error. */
export function selection<C extends { id: string; area: string }>(
  profile: { areas: readonly string[]; cases(): readonly C[] },
  area: unknown,
  caseArg: unknown,
): { areas: string[]; caseIds: string[]; cases: C[] } {
  const all = profile.cases();
  const areas = list(area);
  for (const a of areas) if (!profile.areas.includes(a)) throw new UsageError(`unknown area "${a}" (areas: ${profile.areas.join(', ')})`);
  const caseIds = list(caseArg);
  const ids = new Set(all.map((c) => c.id));
  for (const id of caseIds) if (!ids.has(id)) throw new UsageError(`unknown case id "${id}" (see \`taxii-conform list\`)`);
  return { areas, caseIds, cases: selectCases(all, areas, caseIds) };
}

/** Splits "a,b" and repeated options into a clean list. */
export function list(v: unknown): string[] {
  const items = (Array.isArray(v) ? v : v === undefined ? [] : [v]).flatMap((x) => String(x).split(','));
  return [...new Set(items.map((s) => s.trim()).filter(Boolean))];
}

/** Variables every run sets itself: a --var may not stand over them. */
const RUN_OWN_VARS = new Set(['runId', 'prefix']);

/** `--var name=value` (repeatable): the variables a user names for the cases, e.g. `collection=<id>`. */
export function parseVars(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of (Array.isArray(v) ? v : v === undefined ? [] : [v]).map(String)) {
    const m = /^([A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*)=(.+)$/s.exec(item);
    if (!m) throw new UsageError(`--var takes name=value (a name of letters, digits and inner dashes; a value not empty), not "${item}"`);
    // `api-root` names the variable `apiRoot`: the spelling cases use in their {templates}.
    const name = m[1]!.replace(/-([A-Za-z0-9])/g, (_x, c: string) => c.toUpperCase());
    const value = m[2]!;
    if (RUN_OWN_VARS.has(name)) throw new UsageError(`--var ${name}: the run sets ${name} itself`);
    if (name in out) throw new UsageError(`--var ${name} is given twice: give it once`);
    out[name] = value;
  }
  return out;
}

export function intOption(name: string, v: unknown, min: number, max: number): number {
  const n = typeof v === 'number' ? v : /^\s*-?\d+\s*$/.test(String(v)) ? Number(v) : NaN;
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`--${name} must be an integer from ${min} to ${max} (got ${String(v)})`);
  return n;
}

/** A URL as typed, with any `user:password@` cut out: safe to print. */
export function withoutUserinfo(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#]*@/i, '$1');
}

/**
 * An http(s) URL and the credentials written into it (`https://user:password@host/…`,
 * percent-decoded). The URL comes back without them, for printing and for requests.
 */
export function httpUrlWithCredentials(name: string, v: unknown): { url: string; user?: string; password?: string } {
  let u: URL;
  try {
    u = new URL(String(v));
  } catch {
    throw new UsageError(`${name} is not a URL: ${withoutUserinfo(String(v))}`);
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new UsageError(`${name} must be an https:// URL (got ${u.protocol}//)`);
  const decode = (s: string): string => {
    try {
      return decodeURIComponent(s);
    } catch {
      throw new UsageError(`${name}: the user or password in the URL is not valid percent-encoding`);
    }
  };
  const user = u.username === '' ? undefined : decode(u.username);
  const password = u.password === '' ? undefined : decode(u.password);
  u.username = '';
  u.password = '';
  return { url: u.toString(), ...(user !== undefined ? { user } : {}), ...(password !== undefined ? { password } : {}) };
}

/** An --allow-origin value: `https://host[:port]`, nothing else (credentials never go over plain HTTP). */
export function httpsOrigin(v: unknown): string {
  const text = String(v);
  let u: URL;
  try {
    u = new URL(text);
  } catch {
    throw new UsageError(`--allow-origin: not a URL: ${withoutUserinfo(text)} (expected https://host:port)`);
  }
  if (u.protocol !== 'https:') throw new UsageError(`--allow-origin: credentials never go over plain HTTP; give an https:// origin (got ${u.protocol}//)`);
  if (u.username !== '' || u.password !== '') throw new UsageError('--allow-origin: an origin carries no user or password');
  if ((u.pathname !== '/' && u.pathname !== '') || u.search !== '' || u.hash !== '') {
    throw new UsageError(`--allow-origin: give an origin (https://host:port), not a URL with a path or query (got ${text})`);
  }
  return u.origin;
}

export function readPem(path: string): string {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read --ca ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  if (!text.includes('-----BEGIN CERTIFICATE-----')) throw new UsageError(`--ca ${path} holds no PEM certificate`);
  return text;
}
