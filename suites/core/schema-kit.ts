// Small TypeBox builders the case format is written with, so the published JSON Schema reads
// like one written by hand (`enum`, `additionalProperties`) while TypeScript still derives the types.
import { Type, type SchemaOptions, type TUnsafe } from '@sinclair/typebox';

/** One of these strings; the type is their union. */
export function stringEnum<const T extends readonly string[]>(values: T, options: SchemaOptions = {}): TUnsafe<T[number]> {
  return Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...options });
}

/** An object of string values under any names (headers, captures). */
export function stringMap(options: SchemaOptions = {}): TUnsafe<Record<string, string>> {
  return Type.Unsafe<Record<string, string>>({ type: 'object', additionalProperties: { type: 'string' }, ...options });
}

/** A string that may hold `{var}` templates (suites/core/template.ts). */
export function template(description: string, options: SchemaOptions = {}): ReturnType<typeof Type.String> {
  return Type.String({ description, ...options });
}

/** A reference into the `$defs` of the schema file, typed as T. */
export function ref<T>(name: string): TUnsafe<T> {
  return Type.Unsafe<T>({ $ref: `#/$defs/${name}` });
}
