// How the TAXII 2.1 resources leave the mock: validated against schemas/taxii21/ (outgoing
// validation on, unless a fault sends what the schemas refuse on purpose), then bent by the
// resource-level faults, with the Content-Type application/taxii+json;version=2.1. Errors
// are `error` resources with `http_status` as a string (§3.6.1).
import { randomUUID } from 'node:crypto';
import type { MockConfig } from '../config.js';
import type { HttpError, ErrorAnswer } from '../http-errors.js';
import { baseHeaders, lowerCaseReordered, renderFor, validateFor, type JsonMessages } from '../send.js';
import { loadSchemaSet } from '../../schemas/validator.js';
import type { Taxii21Faults } from './faults.js';
import { TAXII21 } from './media.js';
import type { Taxii21State } from './state.js';
import type { Taxii21Variants } from './variants.js';

const schemas = () => loadSchemaSet('taxii21');

/** Faults whose resources the schemas refuse on purpose: no outgoing validation under them. */
const UNVALIDATED: readonly Parameters<Taxii21Faults['has']>[0][] = [
  'taxii21-discovery-no-title',
  'taxii21-api-roots-http',
  'taxii21-api-roots-path-relative',
  'taxii21-api-root-no-21',
  'taxii21-quoted-booleans',
  'taxii21-bundle-not-envelope',
  'taxii21-empty-lists',
  'taxii21-status-counts-strings',
  'taxii21-error-no-title',
  'taxii21-http-status-integer',
  'taxii21-date-added-millis',
  'taxii21-bad-custom-property',
  'taxii21-empty-collections-list',
];

export function jsonMessages(config: MockConfig, faults: Taxii21Faults, variants: Taxii21Variants): JsonMessages {
  const validates = config.validateResponses && !UNVALIDATED.some((f) => faults.has(f));
  return {
    contentType: faults.has('taxii21-wrong-media-type') ? 'application/json' : faults.has('taxii21-no-version-parameter') ? 'application/taxii+json' : TAXII21,
    ...(validates ? { validate: (type: string, message: unknown) => schemas().validate(type, message) } : {}),
    mutate: (type, message) => mutate(type, message, faults, variants),
    honourMaxSize: true,
    // No fault on: the same message is the same text every time (kept per content, send.ts).
    stable: faults.names.length === 0,
    ...(variants.has('taxii21-lowercase-headers') ? { shapeHeaders: lowerCaseReordered } : {}),
    ...(variants.has('taxii21-chunked-bodies') ? { chunkBytes: 1024 } : {}),
  };
}

/** The resource-level faults and variants, applied after validation. */
function mutate(type: string, message: Record<string, unknown>, faults: Taxii21Faults, variants: Taxii21Variants): Record<string, unknown> {
  let m: Record<string, unknown> = { ...message };
  if (type === 'discovery' && faults.has('taxii21-discovery-no-title')) delete m['title'];
  if (type === 'collections' && faults.has('taxii21-quoted-booleans') && Array.isArray(m['collections'])) {
    m['collections'] = (m['collections'] as Record<string, unknown>[]).map((c) => ({ ...c, can_read: String(c['can_read']), can_write: String(c['can_write']) }));
  }
  if (type === 'collection' && faults.has('taxii21-quoted-booleans')) m = { ...m, can_read: String(m['can_read']), can_write: String(m['can_write']) };
  if (type === 'envelope' && faults.has('taxii21-bundle-not-envelope') && m['objects'] !== undefined) {
    m = { type: 'bundle', id: `bundle--${randomUUID()}`, objects: m['objects'] };
  }
  if (type === 'status' && faults.has('taxii21-status-counts-strings')) {
    for (const k of ['total_count', 'success_count', 'failure_count', 'pending_count']) m[k] = String(m[k]);
  }
  if (faults.has('taxii21-empty-lists')) {
    const key = { envelope: 'objects', manifest: 'objects', versions: 'versions', collections: 'collections' }[type];
    if (key !== undefined && m[key] === undefined) m[key] = [];
  }
  if (faults.has('taxii21-date-added-millis')) m = millis(m) as Record<string, unknown>;
  if (type !== 'stix' && faults.has('taxii21-bad-custom-property')) m['X-Mock'] = true;
  if (variants.has('taxii21-custom-properties')) m['x_taxii_conform_note'] = 'a custom property (§7.1.1)';
  return m;
}

/** TAXII timestamps (six digits) cut to three, everywhere in a resource (date_added, request_timestamp). */
export function millis(value: unknown): unknown {
  if (typeof value === 'string') return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/.test(value) ? `${value.slice(0, 23)}Z` : value;
  if (Array.isArray(value)) return value.map(millis);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, k === 'objects' && Array.isArray(v) && v.some((o) => o?.type) ? v : millis(v)]));
}

/** An error as an `error` resource (none, or a minimal one, under a variant). */
export function errorAnswer(state: Taxii21State, err: HttpError): ErrorAnswer {
  const { faults, variants } = state;
  const headers = { ...baseHeaders(), ...(err.options.headers ?? {}) };
  const contentType = state.messages.contentType;
  if (variants.has('taxii21-error-no-body')) return { status: err.status, headers: { ...headers, 'Content-Type': contentType }, body: Buffer.alloc(0) };
  let message: Record<string, unknown> = variants.has('taxii21-error-minimal')
    ? { title: err.title }
    : {
        title: err.title,
        description: err.description,
        error_code: err.code,
        http_status: String(err.status),
        ...(err.options.details?.length ? { details: { problems: err.options.details } } : {}),
      };
  validateFor(state, 'error', message);
  if (faults.has('taxii21-error-no-title')) delete message['title'];
  if (faults.has('taxii21-http-status-integer')) message = { ...message, http_status: 400 };
  const r = renderFor(state, 'error', message);
  return { status: err.status, headers: { ...headers, 'Content-Type': r.contentType }, body: r.body };
}
