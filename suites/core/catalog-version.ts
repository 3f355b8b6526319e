// The version of the catalog a run drew from: a hash of the profile's requirements and cases,
// so that two reports can be told to come from the same checks (or not), whatever the tool's
// version says (a vendor may add case files without a release).
import { createHash } from 'node:crypto';
import type { CatalogVersion, LoadedCase, Requirement } from './types.js';

/** Hex digits of the hash kept: enough to tell catalogs apart, short enough to read out. */
const HEX_KEPT = 16;

export function catalogVersion(requirements: readonly Requirement[], cases: readonly LoadedCase[]): CatalogVersion {
  const hash = createHash('sha256').update(JSON.stringify({ requirements, cases })).digest('hex');
  return { version: `sha256:${hash.slice(0, HEX_KEPT)}`, requirements: requirements.length, cases: cases.length };
}
