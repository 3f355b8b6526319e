// Checks on a bundled schema (SchemaSet.bundled): that it stands alone, and a validator built
// from it alone, by a fresh ajv that knows nothing of the profile's other files.
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ValidateFunction } from 'ajv';
import addFormatsImport from 'ajv-formats';

const addFormats = ((addFormatsImport as unknown as { default?: unknown }).default ?? addFormatsImport) as (a: Ajv2020) => void;

/** True when some `$ref` in the schema points outside it. */
export function hasExternalRef(node: unknown): boolean {
  if (Array.isArray(node)) return node.some(hasExternalRef);
  if (typeof node !== 'object' || node === null) return false;
  return Object.entries(node).some(([k, v]) => (k === '$ref' ? !String(v).startsWith('#') : hasExternalRef(v)));
}

/** Compiles a self-contained schema with a fresh, lenient ajv (formats on). */
export function compileStandalone(schema: object): ValidateFunction {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  return ajv.compile(schema);
}
