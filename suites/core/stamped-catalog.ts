// The catalog stamped at build time (dist/catalog.json, written by `npm run build`): what
// `list` and `explain` print of each profile, so that they start without loading a profile's
// modules (its steps' and assertions' formats, the mock's half, jose). A profile's entry is
// used only while its data files (requirements.json and cases/*.json) are the very texts it
// was made from (`fingerprint`): a vendor's added or changed case file misses it, and the
// profile is loaded as before. A stamp written in another format than this code reads
// (`format`: an older build's, without a field added since) is not used at all: every
// profile is then loaded, until the next build writes it again. Only node built-ins are
// imported here.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from './paths.js';
import type { Requirement, WeakerCheck } from './types.js';
import { stampKey } from './validated-stamps.js';

/** What `list` shows of a case. */
export interface ListedCase {
  id: string;
  area: string;
  level: string;
  title: string;
  section: string;
  requirements: string[];
  /** Its checks graded weaker than their requirement, with why; absent when it has none. */
  weakerChecks?: WeakerCheck[];
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

/**
 * The format of dist/catalog.json this code reads and writes. Raise it whenever what a
 * profile's entry holds changes (a field added to ListedCase or ProfileCatalog, another
 * `explain` text): a stamp of another format is then ignored, never misread.
 * 2: cases carry `weakerChecks`.
 */
export const CATALOG_FORMAT = 2;

export interface StampedCatalog {
  /** The format it is written in: CATALOG_FORMAT. */
  format: number;
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

/** A parsed dist/catalog.json, when it is written in this code's format; else undefined (ignored). */
export function usableStamp(parsed: unknown): StampedCatalog | undefined {
  const c = parsed as Partial<StampedCatalog> | null;
  return c !== null && typeof c === 'object' && c.format === CATALOG_FORMAT && Array.isArray(c.profileIds) && Array.isArray(c.profiles) ? (c as StampedCatalog) : undefined;
}

let read: StampedCatalog | null | undefined;

/** The stamped catalog, or undefined when there is none (a build that did not write it) or it cannot be read. */
export function stampedCatalog(): StampedCatalog | undefined {
  if (read === undefined) {
    try {
      read = usableStamp(JSON.parse(readFileSync(stampedCatalogPath(), 'utf8'))) ?? null;
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
