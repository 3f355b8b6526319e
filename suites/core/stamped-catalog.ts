// The catalog stamped at build time (dist/catalog.json, written by `npm run build`): what
// `list` and `explain` print of each profile, so that they start without loading a profile's
// modules (its steps' and assertions' formats, the mock's half, jose). A profile's entry is
// used only while its data files (requirements.json and cases/*.json) are the very texts it
// was made from (`fingerprint`): a vendor's added or changed case file misses it, and the
// profile is loaded as before. Only node built-ins are imported here.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from './paths.js';
import type { Requirement } from './types.js';
import { stampKey } from './validated-stamps.js';

/** What `list` shows of a case. */
export interface ListedCase {
  id: string;
  area: string;
  level: string;
  title: string;
  section: string;
  requirements: string[];
}

/** One profile's catalog as `list` and `explain` print it. */
export interface ProfileCatalog {
  id: string;
  title: string;
  areas: string[];
  cases: ListedCase[];
  requirements: Requirement[];
  /** `explain`'s text of each case, by case id. */
  explained: Record<string, string>;
}

export interface StampedCatalog {
  /** Every profile id, the default first (the registry's order). */
  profileIds: string[];
  profiles: (ProfileCatalog & { fingerprint: string })[];
}

/** Where the build writes it. */
export function stampedCatalogPath(): string {
  return join(packageRoot(), 'dist', 'catalog.json');
}

/** A hash of a profile's data files: their names and texts. Undefined when they cannot be read. */
export function catalogFingerprint(profileId: string, root = packageRoot()): string | undefined {
  const dir = join(root, 'suites', profileId);
  try {
    const files = readdirSync(join(dir, 'cases')).filter((f) => f.endsWith('.json')).sort();
    return stampKey([readFileSync(join(dir, 'requirements.json'), 'utf8'), ...files.flatMap((f) => [f, readFileSync(join(dir, 'cases', f), 'utf8')])]);
  } catch {
    return undefined;
  }
}

let read: StampedCatalog | null | undefined;

/** The stamped catalog, or undefined when there is none (a build that did not write it) or it cannot be read. */
export function stampedCatalog(): StampedCatalog | undefined {
  if (read === undefined) {
    try {
      read = JSON.parse(readFileSync(stampedCatalogPath(), 'utf8')) as StampedCatalog;
    } catch {
      read = null;
    }
  }
  return read ?? undefined;
}

/** A profile's stamped catalog while its data files are those it was made from, else undefined. */
export function freshProfileCatalog(profileId: string): ProfileCatalog | undefined {
  const entry = stampedCatalog()?.profiles.find((p) => p.id === profileId);
  if (!entry) return undefined;
  return entry.fingerprint === catalogFingerprint(profileId) ? entry : undefined;
}
