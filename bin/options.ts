// Options shared by commands, and the checks that turn a bad value into a one-line error.
import { readFileSync } from 'node:fs';
import type { Options } from 'yargs';
import { UsageError } from './cli-errors.js';
import { DEFAULT_PROFILE, PROFILE_IDS, getProfile } from '../suites/profiles.js';
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

export function httpUrl(name: string, v: unknown): string {
  let u: URL;
  try {
    u = new URL(String(v));
  } catch {
    throw new UsageError(`${name} is not a URL: ${String(v)}`);
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new UsageError(`${name} must be an https:// URL (got ${u.protocol}//)`);
  return u.toString();
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
