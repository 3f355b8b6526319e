// The areas of the taxii21 requirements data (suites/taxii21/requirements.json and
// client-requirements.json). Its rows are the one Requirement of the case format
// (suites/core/case-format.ts), whose optional fields hold what the TAXII 2.1 facts sheet
// (docs/spec/taxii-2.1-facts.md, §10) records of each statement: sheetLevel, testability,
// sheetTestability, ambiguities. The profile's plug-in imports the areas from here;
// docs/taxii21.md explains every field.

/** The taxii21 areas, in the order reports list them. */
export const TAXII21_AREAS = [
  'tls', 'srv', 'discovery', 'api-root', 'collections', 'objects', 'filtering', 'pagination',
  'manifest', 'versions', 'add-objects', 'status', 'delete', 'errors', 'media-types', 'headers',
  'auth', 'resources',
] as const;
export type Taxii21Area = (typeof TAXII21_AREAS)[number];
