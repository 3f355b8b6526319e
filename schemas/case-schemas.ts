// The text of schemas/case.schema.json and schemas/requirements.schema.json: the case and
// requirement formats of suites/core/case-format.ts, written out for editors and vendors.
// `npm run schemas` writes them (write-case-schemas.ts); a test checks they are current.
import { CASE_FILE_SCHEMA, REQUIREMENTS_FILE_SCHEMA } from '../suites/core/case-format.js';

/** Keys in the order a person reads a schema: what it is, then its shape, then its parts. */
const KEY_ORDER = ['$schema', '$id', '$ref', 'title', 'description', 'type', 'const', 'enum', 'pattern', 'minLength', 'minimum', 'maximum', 'minItems', 'uniqueItems', 'minProperties', 'properties', 'required', 'additionalProperties', 'items', 'oneOf', 'anyOf', '$defs'];

/** Maps of names to schemas: their names keep the order they were written in. */
const NAME_MAPS = new Set(['properties', '$defs']);

function ordered(v: unknown, names = false): unknown {
  if (Array.isArray(v)) return v.map((x) => ordered(x));
  if (typeof v !== 'object' || v === null) return v;
  const o = v as Record<string, unknown>;
  if (names) return Object.fromEntries(Object.keys(o).map((k) => [k, ordered(o[k])]));
  const rank = (k: string): number => (KEY_ORDER.includes(k) ? KEY_ORDER.indexOf(k) : KEY_ORDER.length);
  const keys = Object.keys(o).sort((a, b) => rank(a) - rank(b));
  return Object.fromEntries(keys.map((k) => [k, ordered(o[k], NAME_MAPS.has(k))]));
}

/** The schema files, path (from the package root) and text. */
export function caseSchemaFiles(): { path: string; text: string }[] {
  return [
    { path: 'schemas/case.schema.json', text: `${JSON.stringify(ordered(CASE_FILE_SCHEMA), null, 2)}\n` },
    { path: 'schemas/requirements.schema.json', text: `${JSON.stringify(ordered(REQUIREMENTS_FILE_SCHEMA), null, 2)}\n` },
  ];
}
