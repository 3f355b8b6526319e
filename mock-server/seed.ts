// Seeded content: content objects generated with json-schema-faker from the profile's own
// content-object schema, with a fixed seed, so the same seed always gives the same data.
import { createGeneratorSync } from 'json-schema-faker';

/** A generated content object (a JSON object with a type and an id). */
export type ContentObject = Record<string, unknown>;

export interface ContentSpec {
  /** A self-contained JSON Schema of one content object (no external $ref). */
  schema: Record<string, unknown>;
  /** Options to hand json-schema-faker (e.g. a maxLength that keeps text short). */
  generatorOptions?: Record<string, unknown>;
  /** Checks a generated object against the real schema; a failure is a bug of the schemas. */
  validate(object: unknown): { valid: boolean; errors: string[] };
}

const UUID_TAIL = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * `count` objects of STIX type `type` (the generated type and id prefix are replaced, the
 * generated UUID kept). `seed` and `stream` together pick the random sequence, so each
 * collection gets its own, reproducible content.
 */
export function generateContent(spec: ContentSpec, type: string, count: number, seed: number, stream: number): ContentObject[] {
  // Seeds far apart per stream: jsf's generator increments the seed per call.
  const gen = createGeneratorSync({ ...spec.generatorOptions, seed: seed * 1000 + stream * 100 + 1 });
  const out: ContentObject[] = [];
  for (let i = 0; i < count; i++) {
    const raw = gen.generate(spec.schema as never) as ContentObject;
    const uuid = typeof raw.id === 'string' ? UUID_TAIL.exec(raw.id)?.[0] : undefined;
    if (uuid === undefined) throw new Error(`seed: generated object has no UUID in its id: ${JSON.stringify(raw)}`);
    const object: ContentObject = { ...raw, type, id: `${type}--${uuid}` };
    const check = spec.validate(object);
    if (!check.valid) throw new Error(`seed: generated ${type} fails its schema: ${check.errors.join('; ')}`);
    out.push(object);
  }
  return out;
}
