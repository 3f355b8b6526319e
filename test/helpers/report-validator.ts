// The published JSON Schema of report.json (schemas/report.schema.json), compiled as CI
// tooling would compile it (ajv, JSON Schema 2020-12, strict, with formats).
import fs from 'node:fs';
import path from 'node:path';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsImport from 'ajv-formats';

const addFormats = ((addFormatsImport as unknown as { default?: unknown }).default ?? addFormatsImport) as (a: Ajv2020) => void;

/** A validator of report.json against the schema the package publishes. */
export function reportValidator(): ValidateFunction {
  const schema = JSON.parse(fs.readFileSync(path.resolve(import.meta.dirname, '../../schemas/report.schema.json'), 'utf8')) as object;
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  addFormats(ajv);
  return ajv.compile(schema);
}
