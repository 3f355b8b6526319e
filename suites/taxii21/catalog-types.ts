// The shape of the taxii21 requirements data (suites/taxii21/requirements.json and
// client-requirements.json): the shared Requirement plus what the TAXII 2.1 facts sheet
// (docs/spec/taxii-2.1-facts.md, §10) records of each statement. The profile's plug-in
// imports the areas from here; docs/taxii21.md explains every field.
import type { Requirement } from '../core/types.js';

/** The taxii21 areas, in the order reports list them. */
export const TAXII21_AREAS = [
  'tls', 'srv', 'discovery', 'api-root', 'collections', 'objects', 'filtering', 'pagination',
  'manifest', 'versions', 'add-objects', 'status', 'delete', 'errors', 'media-types', 'headers',
  'auth', 'resources',
] as const;
export type Taxii21Area = (typeof TAXII21_AREAS)[number];

/**
 * The sheet's testability codes (§0): B black-box read-only; B-D needs suitable data in a
 * readable collection; B-W needs a writable collection; B-P needs a permission set-up; T a TLS
 * probe; D a DNS probe; I informative (record, never fail); N not black-box testable; M client
 * side, the mock observes it; meta a conformance clause over the other requirements.
 */
export const TESTABILITY_CODES = ['B', 'B-D', 'B-W', 'B-P', 'T', 'D', 'I', 'N', 'M', 'meta'] as const;
export type Testability = (typeof TESTABILITY_CODES)[number];

/** One statement of the sheet's catalog. */
export interface Taxii21Requirement extends Requirement {
  /** The sheet's level when it is not one BCP 14 keyword (`rule`, `table`, `MUST, MUST NOT`…). */
  sheetLevel?: string;
  /** The sheet's testability code. */
  testability: Testability;
  /** The sheet's testability cell when it qualifies the code, e.g. `B-W (partial)`. */
  sheetTestability?: string;
  /** The sheet's ambiguities (§12) that bear on it; docs/taxii21.md gives the product's reading. */
  ambiguities?: string[];
}
