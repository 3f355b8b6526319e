// The JSON Schemas of a profile's messages, loaded and compiled once (ajv, draft 2020-12).
// Both sides use this module: the suite validates what a server sends, the mock validates
// what it receives and what it is about to send, and seeds content by generating instances.
//
// Layout: schemas/<profile>/<message-type>.json (one per message, file name = the `type`
// value) and schemas/<profile>/defs.json (shared pieces, referenced as
// "defs.json#/$defs/<name>"; message schemas may also reference each other by file name,
// e.g. channel-listing items -> "channel-information.json").
//
// Generating instances (json-schema-faker 0.6): jsf does not resolve relative cross-file
// $refs on its own, so hand it a self-contained schema:
//
//   import { generateSync } from 'json-schema-faker';
//   const set = loadSchemaSet('taxii2-predraft');
//   const msg = generateSync(set.generationSchema('channel-listing'),
//                            { seed: 42, ...GENERATION_OPTIONS });
//   set.validate('channel-listing', msg).valid === true
//
// - bundled(name): the schema with every $ref rewritten to "#/$defs/<key>" and the targets
//   copied into its own $defs. Accepts exactly what schema(name) accepts.
// - generationSchema(name): bundled(name) narrowed to what we send: properties marked
//   `deprecated: true` (accepted on input, never sent, e.g. repository-listing `channels`)
//   are removed, and objects open to undeclared properties (content objects) are closed.
//   Everything valid against it is valid against schema(name). Use this for jsf.

import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import type { Ajv2020 as Ajv2020Type } from 'ajv/dist/2020.js';
import type { ErrorObject, ValidateFunction } from 'ajv';
import type { ProfileId } from '../suites/core/types.js';
import { packageRoot } from '../suites/core/paths.js';

/** A JSON Schema document (or sub-schema) as plain JSON data. */
export type JsonSchemaDoc = { [key: string]: unknown };

export interface ValidationOutcome {
  valid: boolean;
  /** One line per problem: `<JSON pointer or "/"> <message>`, e.g.
   *  `/channels/0/name must match pattern "^[A-Za-z0-9-]{1,128}$"`. Empty when valid. */
  errors: string[];
}

export interface SchemaSet {
  profile: ProfileId;
  /** Message types that have a schema, sorted. */
  names: string[];
  has(name: string): boolean;
  /** Validates `data` as a message of type `name`. Throws on an unknown name. */
  validate(name: string, data: unknown): ValidationOutcome;
  /** The raw schema as stored (a copy; relative $refs left as they are). */
  schema(name: string): JsonSchemaDoc;
  /** defs.json (a copy; `{}` when the profile has none). */
  defs(): JsonSchemaDoc;
  /** Self-contained schema (no external $ref), accepting exactly what schema(name) accepts. */
  bundled(name: string): JsonSchemaDoc;
  /** Self-contained schema of what a conforming sender produces: give this to json-schema-faker. */
  generationSchema(name: string): JsonSchemaDoc;
}

/**
 * Options for json-schema-faker that keep generated messages small and readable: free-text
 * fields whose schema allows up to 4096 characters would otherwise come out thousands of
 * characters long. Still valid: no schema of ours has a minLength above this.
 */
export const GENERATION_OPTIONS = { maxLength: 64 } as const;

const DEFS_FILE = 'defs.json';

// ajv and ajv-formats (both CommonJS) are loaded with the first schema set, not at start:
// commands that validate nothing never pay for them. ajv-formats has `exports.default`.
type FormatsPlugin = (ajv: Ajv2020Type) => Ajv2020Type;
function loadAjv(): { Ajv2020: typeof Ajv2020Type; addFormats: FormatsPlugin } {
  const require = createRequire(import.meta.url);
  const formats = require('ajv-formats') as { default?: FormatsPlugin } & FormatsPlugin;
  return { Ajv2020: (require('ajv/dist/2020.js') as typeof import('ajv/dist/2020.js')).Ajv2020, addFormats: formats.default ?? formats };
}

/** Absolute directory of a profile's schemas (it need not exist). */
export function schemasDir(profile: ProfileId): string {
  if (typeof profile !== 'string' || !/^[a-z0-9][a-z0-9-]*$/.test(profile)) {
    throw new Error(`schemas: invalid profile id ${JSON.stringify(profile)}`);
  }
  return path.join(packageRoot(), 'schemas', profile);
}

const cache = new Map<ProfileId, SchemaSet>();

/** Loads and compiles every schema of a profile (once; later calls return the same set). */
export function loadSchemaSet(profile: ProfileId): SchemaSet {
  const hit = cache.get(profile);
  if (hit) return hit;
  const set = buildSet(profile);
  cache.set(profile, set);
  return set;
}

function readJson(file: string): JsonSchemaDoc {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new Error(`schemas: cannot read ${file}: ${(e as Error).message}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new Error(`schemas: ${file} is not valid JSON: ${(e as Error).message}`);
  }
  if (!isObject(value)) throw new Error(`schemas: ${file} is not a JSON object`);
  return value;
}

function buildSet(profile: ProfileId): SchemaSet {
  const dir = schemasDir(profile);
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
    throw new Error(
      `schemas: profile "${profile}" has no JSON Schemas yet (no directory ${dir})`,
    );
  }
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort();
  const messageFiles = files.filter((f) => f !== DEFS_FILE);
  if (messageFiles.length === 0) {
    throw new Error(`schemas: profile "${profile}" has no message schemas in ${dir}`);
  }

  /** file name (e.g. "defs.json", "discovery.json") -> raw schema */
  const raw = new Map<string, JsonSchemaDoc>();
  for (const f of files) raw.set(f, readJson(path.join(dir, f)));

  // Strict, so that a typo in a schema (an unknown keyword, a keyword on the wrong type) is
  // a load error; strictRequired is off because `oneOf: [{required: [...]}]` names
  // properties declared one level up (repository-listing).
  const { Ajv2020, addFormats } = loadAjv();
  const ajv = new Ajv2020({
    strictSchema: true,
    strictNumbers: true,
    strictTypes: true,
    strictTuples: true,
    strictRequired: false,
    allErrors: true,
    verbose: true, // errors carry the offending value (shown for format/pattern/type)
  });
  addFormats(ajv);
  for (const [f, s] of raw) {
    if (typeof s.$id !== 'string') throw new Error(`schemas: ${path.join(dir, f)} has no $id`);
    try {
      ajv.addSchema(s);
    } catch (e) {
      throw new Error(`schemas: ${path.join(dir, f)}: ${(e as Error).message}`);
    }
  }
  const validators = new Map<string, ValidateFunction>();
  for (const f of messageFiles) {
    const s = raw.get(f)!;
    let v: ValidateFunction | undefined;
    try {
      v = ajv.getSchema(s.$id as string);
    } catch (e) {
      throw new Error(`schemas: ${path.join(dir, f)} does not compile: ${(e as Error).message}`);
    }
    if (!v) throw new Error(`schemas: ${path.join(dir, f)} does not compile`);
    validators.set(f.slice(0, -'.json'.length), v);
  }
  const names = [...validators.keys()];

  const need = (name: string): void => {
    if (!validators.has(name)) {
      throw new Error(
        `schemas: profile "${profile}" has no schema for message type ${JSON.stringify(name)} ` +
          `(known: ${names.join(', ')})`,
      );
    }
  };

  return {
    profile,
    names,
    has: (name) => validators.has(name),
    validate(name, data) {
      need(name);
      const v = validators.get(name)!;
      const valid = v(data) as boolean;
      return { valid, errors: valid ? [] : formatErrors(v.errors ?? []) };
    },
    schema(name) {
      need(name);
      return structuredClone(raw.get(`${name}.json`)!);
    },
    defs() {
      return structuredClone(raw.get(DEFS_FILE) ?? {});
    },
    bundled(name) {
      need(name);
      return bundle(`${name}.json`, raw);
    },
    generationSchema(name) {
      need(name);
      const b = bundle(`${name}.json`, raw);
      narrowForGeneration(b);
      return b;
    },
  };
}

// ---------------------------------------------------------------------------------------
// Error text

function formatErrors(errors: ErrorObject[]): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const e of errors) {
    const where = e.instancePath === '' ? '/' : e.instancePath;
    let text = `${where} ${e.message ?? `fails ${e.keyword}`}`;
    const p = e.params as Record<string, unknown>;
    switch (e.keyword) {
      case 'additionalProperties':
        text += ` (${JSON.stringify(p.additionalProperty)})`;
        break;
      case 'enum':
        text += `: ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
        break;
      case 'const':
        text += ` ${JSON.stringify(p.allowedValue)}`;
        break;
      case 'format':
        text += ` (got ${preview(e.data)})`;
        break;
      case 'type':
      case 'pattern':
        if (typeof e.data === 'string' || typeof e.data === 'number' || typeof e.data === 'boolean') {
          text += ` (got ${preview(e.data)})`;
        }
        break;
    }
    if (!seen.has(text)) {
      seen.add(text);
      out.push(text);
    }
  }
  return out;
}

function preview(v: unknown): string {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

// ---------------------------------------------------------------------------------------
// Bundling and the generation view

function isObject(v: unknown): v is JsonSchemaDoc {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Copies `rootFile`'s schema and every schema it references (in defs.json or in sibling
 * message files) into one document, with refs rewritten to "#/$defs/<key>": a defs.json
 * entry keeps its name, a whole message file is keyed by its message type.
 */
function bundle(rootFile: string, raw: Map<string, JsonSchemaDoc>): JsonSchemaDoc {
  const root = structuredClone(raw.get(rootFile)!);
  const { $id: _id, $defs: ownDefs, ...rootBody } = root;
  const defs: Record<string, unknown> = {};
  const origin = new Map<string, string>(); // key -> "file#fragment", to catch clashes

  const claim = (key: string, from: string): boolean => {
    const had = origin.get(key);
    if (had === undefined) {
      origin.set(key, from);
      return true;
    }
    if (had !== from) {
      throw new Error(`schemas: bundling ${rootFile}: $defs key "${key}" used by ${had} and ${from}`);
    }
    return false;
  };

  const rewrite = (node: unknown, file: string): void => {
    if (Array.isArray(node)) {
      for (const item of node) rewrite(item, file);
      return;
    }
    if (!isObject(node)) return;
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' && typeof v === 'string') {
        node.$ref = target(v, file);
      } else if (k !== 'const' && k !== 'enum' && k !== 'examples' && k !== 'default') {
        rewrite(v, file);
      }
    }
  };

  const target = (ref: string, file: string): string => {
    const hash = ref.indexOf('#');
    const refFile = hash === -1 ? ref : ref.slice(0, hash);
    const fragment = hash === -1 ? '' : ref.slice(hash + 1);
    const targetFile = refFile === '' ? file : path.posix.basename(refFile);
    if (refFile !== '' && (refFile.includes('/') || !raw.has(targetFile))) {
      throw new Error(`schemas: bundling ${rootFile}: cannot resolve $ref "${ref}" in ${file}`);
    }
    if (targetFile === rootFile && fragment === '') return '#';
    if (fragment === '') {
      const key = targetFile.slice(0, -'.json'.length);
      if (claim(key, `${targetFile}#`)) {
        const { $id: _i, $schema: _s, ...body } = structuredClone(raw.get(targetFile)!);
        defs[key] = body;
        rewrite(body, targetFile);
      }
      return `#/$defs/${key}`;
    }
    const m = /^\/\$defs\/([^/]+)$/.exec(fragment);
    if (!m) {
      throw new Error(`schemas: bundling ${rootFile}: unsupported $ref "${ref}" in ${file}`);
    }
    const key = m[1]!;
    if (targetFile === rootFile) return `#/$defs/${key}`; // the root's own $defs, kept below
    if (claim(key, `${targetFile}#${fragment}`)) {
      const src = raw.get(targetFile)!.$defs;
      if (!isObject(src) || !(key in src)) {
        throw new Error(`schemas: bundling ${rootFile}: "${ref}" in ${file} names no definition`);
      }
      const body = structuredClone(src[key]);
      defs[key] = body;
      rewrite(body, targetFile);
    }
    return `#/$defs/${key}`;
  };

  if (isObject(ownDefs)) {
    for (const [k, v] of Object.entries(ownDefs)) {
      claim(k, `${rootFile}#/$defs/${k}`);
      defs[k] = v;
      rewrite(v, rootFile);
    }
  }
  rewrite(rootBody, rootFile);
  const out: JsonSchemaDoc = { ...rootBody };
  if (Object.keys(defs).length > 0) out.$defs = defs;
  return out;
}

/**
 * Narrows a bundled schema, in place, to what a conforming sender produces:
 * - drops properties marked `deprecated: true` (and their `required` entries; a `oneOf`
 *   whose branches are bare `required` lists loses the branches naming them, and a single
 *   remaining branch becomes plain `required`);
 * - turns `additionalProperties: true` into `false` (generate declared properties only).
 */
function narrowForGeneration(node: unknown): void {
  if (Array.isArray(node)) {
    for (const item of node) narrowForGeneration(item);
    return;
  }
  if (!isObject(node)) return;
  if (isObject(node.properties)) {
    const props = node.properties;
    const dropped = Object.keys(props).filter((k) => isObject(props[k]) && props[k].deprecated === true);
    for (const k of dropped) delete props[k];
    if (dropped.length > 0) {
      const names = (v: unknown): string[] => (Array.isArray(v) ? (v as string[]) : []);
      node.required = names(node.required).filter((k) => !dropped.includes(k));
      if (Array.isArray(node.oneOf) && node.oneOf.every(isBareRequired)) {
        const left = (node.oneOf as JsonSchemaDoc[]).filter(
          (b) => !names(b.required).some((k) => dropped.includes(k)),
        );
        if (left.length === 1) {
          node.required = [...new Set([...names(node.required), ...names(left[0]!.required)])];
          delete node.oneOf;
        } else {
          node.oneOf = left;
        }
      }
    }
  }
  if (node.additionalProperties === true) node.additionalProperties = false;
  for (const [k, v] of Object.entries(node)) {
    if (k !== 'const' && k !== 'enum' && k !== 'examples' && k !== 'default') narrowForGeneration(v);
  }
}

function isBareRequired(v: unknown): boolean {
  return isObject(v) && Object.keys(v).length === 1 && Array.isArray(v.required);
}
