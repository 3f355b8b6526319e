// Options shared by commands, and the checks that turn a bad value into a one-line error.
import { readFileSync } from 'node:fs';
import type { Options } from 'yargs';
import { UsageError } from './cli-errors.js';
import { DEFAULT_PROFILE, PROFILE_IDS, getProfile } from '../suites/registry.js';
import type { Profile } from '../suites/core/profile.js';

export const profileOption: Options = {
  type: 'string',
  default: DEFAULT_PROFILE,
  describe: `Which specification to test against: ${PROFILE_IDS.join(', ')}`,
};

export function resolveProfile(id: string): Profile {
  const p = getProfile(id);
  if (!p) throw new UsageError(`unknown profile "${id}" (known: ${PROFILE_IDS.join(', ')})`);
  return p;
}

/** Splits "a,b" and repeated options into a clean list. */
export function list(v: unknown): string[] {
  const items = (Array.isArray(v) ? v : v === undefined ? [] : [v]).flatMap((x) => String(x).split(','));
  return [...new Set(items.map((s) => s.trim()).filter(Boolean))];
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
