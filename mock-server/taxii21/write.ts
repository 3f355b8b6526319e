// Add Objects (§5.5) with its status (§4.3), and Delete an Object (§5.7). A POST is measured
// against the API Root's max_content_length in octets, whatever its framing (413 past it,
// A-20); invalid JSON is 400 and a body that is no envelope 422 (A-21); each object is then
// stored or reported under `failures` (an unsupported spec version, not a STIX object); a
// duplicate of a stored version is a success (§5.5). DELETE without match[version] removes
// every version (A-19).
import { readBody } from '../body.js';
import { HttpError } from '../http-errors.js';
import { parseJsonBody } from '../json-body.js';
import { sendEmpty, sendMessage } from '../send.js';
import { collectionFor } from './access.js';
import { isJsonContentType, isTaxiiContentType, TAXII21 } from './media.js';
import { parseQuery, select } from './query.js';
import { queryOf } from './read.js';
import type { Target } from './resolve.js';
import type { Taxii21Context } from './state.js';
import type { Detail, StatusRecord } from './status.js';
import { entryOf, specVersionOf, type StixObject } from './store.js';
import { taxiiTimestamp } from './time.js';

const SUPPORTED_SPEC_VERSIONS = ['2.0', '2.1'];
const STIX_ID = /^([a-z0-9][a-z0-9-]+)--[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function postObjects(ctx: Taxii21Context, t: Target, user: string): Promise<void> {
  const { faults, variants, config, statuses, clock } = ctx.mock;
  const collection = collectionFor(ctx, t, user, 'write');
  const type = ctx.req.headers['content-type'];
  const typeOk = faults.has('taxii21-content-type-exact') ? type === TAXII21 : isTaxiiContentType(type) || (variants.has('taxii21-process-json') && isJsonContentType(type));
  if (!typeOk) throw new HttpError('UNSUPPORTED_MEDIA_TYPE', `send the envelope as Content-Type: ${TAXII21}${type ? ` (got ${JSON.stringify(type)})` : ''}`);
  const max = t.root!.maxContentLength;
  const limit = faults.has('taxii21-no-413') ? config.maxRequestBytes : faults.has('taxii21-max-content-kib') ? Math.floor(max / 4096) : max;
  const read = await readBody(ctx.req, limit);
  if (!read.ok) {
    if (read.tooLarge) throw new HttpError('REQUEST_TOO_LARGE', `the request body is larger than this API Root's max_content_length (${max} octets)`, { headers: { Connection: 'close' } });
    throw new HttpError('BAD_JSON', `the request body could not be read: ${read.error}`);
  }
  const requestedAt = clock.now();
  const parsed = parseJsonBody(read.body, config.maxJsonDepth);
  const malformed = faults.has('taxii21-malformed-202');
  if (!parsed.ok) {
    if (malformed) return sendStatus(ctx, 202, statuses.create(requestedAt, 0, [], []));
    throw new HttpError(variants.has('taxii21-bad-body-422') ? 'UNPROCESSABLE' : 'BAD_JSON', parsed.why);
  }
  const objects = envelopeObjects(parsed.value);
  if (typeof objects === 'string') {
    if (malformed) return sendStatus(ctx, 202, statuses.create(requestedAt, 0, [], []));
    throw new HttpError(variants.has('taxii21-bad-body-400') ? 'INVALID_MESSAGE' : 'UNPROCESSABLE', objects);
  }
  if (variants.has('taxii21-unsupported-spec-422')) {
    const odd = objects.find((o) => isStix(o) && !SUPPORTED_SPEC_VERSIONS.includes(specVersionOf(o)));
    if (odd) throw new HttpError('UNPROCESSABLE', `spec_version ${JSON.stringify(odd['spec_version'])} of ${String(odd['id'])} is not supported (2.0 and 2.1 are)`);
  }
  if (variants.has('taxii21-custom-property-422')) {
    const custom = objects.find((o) => Object.keys(o).some((k) => k.startsWith('x_')));
    if (custom) throw new HttpError('UNPROCESSABLE', `${String(custom['id'])} has a custom property this server does not take (§7.1.1)`);
  }
  const successes: Detail[] = [];
  const failures: Detail[] = [];
  for (const o of objects) {
    if (!isStix(o)) {
      failures.push({ id: typeof o['id'] === 'string' ? o['id'] : '(no id)', version: '(none)', message: 'not a STIX object: needs a string type and an id <type>--<uuid>' });
      continue;
    }
    const at = clock.now();
    const probe = entryOf(o, at, collection.firstAdded(o.id) ?? at);
    if (!SUPPORTED_SPEC_VERSIONS.includes(probe.specVersion) && !faults.has('taxii21-any-spec-version-stored')) {
      failures.push({ id: o.id, version: probe.version, message: `spec_version ${probe.specVersion} is not supported (2.0 and 2.1 are)` });
      continue;
    }
    if (collection.find(o.id, probe.versionAt, probe.specVersion)) {
      if (faults.has('taxii21-duplicate-failure')) failures.push({ id: o.id, version: probe.version, message: 'already exists' });
      else successes.push({ id: o.id, version: probe.version, message: 'already stored (a duplicate)' });
      continue;
    }
    const entry = collection.add(o, at);
    ctx.mock.deleted.get(collection.id)?.delete(o.id);
    successes.push({ id: o.id, version: entry.version });
  }
  sendStatus(ctx, faults.has('taxii21-post-200') ? 200 : 202, statuses.create(requestedAt, objects.length, successes, failures));
}

/** The objects of an envelope, or why the body is none. */
function envelopeObjects(body: unknown): Record<string, unknown>[] | string {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return 'the request body is not an envelope (a JSON object with `objects`)';
  const objects = (body as Record<string, unknown>)['objects'];
  if (!Array.isArray(objects) || objects.length === 0) return 'the envelope has no `objects` (a list of one or more STIX objects; an empty list is not allowed, §2)';
  if (objects.some((o) => typeof o !== 'object' || o === null || Array.isArray(o))) return 'every item of `objects` must be a JSON object';
  return objects as Record<string, unknown>[];
}

function isStix(o: Record<string, unknown>): o is StixObject {
  const m = typeof o['id'] === 'string' ? STIX_ID.exec(o['id']) : null;
  return typeof o['type'] === 'string' && m !== null && m[1] === o['type'];
}

function sendStatus(ctx: Taxii21Context, code: number, r: StatusRecord): void {
  const { variants, statuses } = ctx.mock;
  const complete = statuses.isComplete(r);
  const lists = !variants.has('taxii21-status-counts-only');
  const done = complete ? r.successes : [];
  const pending = complete ? [] : r.successes;
  sendMessage(ctx, code, 'status', {
    id: r.id,
    status: complete ? 'complete' : 'pending',
    ...(variants.has('taxii21-no-request-timestamp') ? {} : { request_timestamp: taxiiTimestamp(r.requestedAt) }),
    total_count: r.total,
    success_count: done.length,
    ...(lists && done.length > 0 ? { successes: done } : {}),
    failure_count: r.failures.length,
    ...(lists && r.failures.length > 0 ? { failures: r.failures } : {}),
    pending_count: pending.length,
    ...(lists && pending.length > 0 ? { pendings: pending } : {}),
  });
}

export function getStatus(ctx: Taxii21Context, t: Target): void {
  const { faults, variants, statuses } = ctx.mock;
  const id = t.status!;
  if (!UUID.test(id)) {
    if (variants.has('taxii21-status-bad-id-400')) throw new HttpError('INVALID_PARAMETER', `${JSON.stringify(id)} is not a status id (a UUID)`);
    throw new HttpError('NOT_FOUND', `no status ${JSON.stringify(id)}`);
  }
  const r = statuses.get(id);
  if (!r) {
    if (faults.has('taxii21-unknown-status-200')) return sendStatus(ctx, 200, { ...statuses.create(0, 0, [], []), id: id.toLowerCase() });
    throw new HttpError('NOT_FOUND', `no status ${JSON.stringify(id)} (unknown, or no longer kept)`);
  }
  if (statuses.isComplete(r)) {
    if (r.readComplete && faults.has('taxii21-status-forgotten')) {
      statuses.forget(r.id);
      throw new HttpError('NOT_FOUND', `no status ${JSON.stringify(id)} (unknown, or no longer kept)`);
    }
    r.readComplete = true;
  }
  sendStatus(ctx, 200, r);
  statuses.polled(r);
}

export function deleteObject(ctx: Taxii21Context, t: Target, user: string): void {
  const { faults, variants } = ctx.mock;
  const collection = collectionFor(ctx, t, user, 'delete');
  const q = queryOf(ctx, 'delete');
  const id = t.object!;
  const done = () => (faults.has('taxii21-delete-204') ? sendEmpty(ctx, 204) : sendEmpty(ctx, 200, { 'Content-Type': ctx.mock.messages.contentType }));
  if (!collection.holds(id)) {
    if (faults.has('taxii21-delete-unknown-200')) return done();
    throw new HttpError('NOT_FOUND', `no object ${JSON.stringify(id)} in this collection`);
  }
  const versions = faults.has('taxii21-delete-every-version') || q.versions === undefined ? [{ kind: variants.has('taxii21-delete-latest-only') && q.versions === undefined ? ('last' as const) : ('all' as const) }] : q.versions;
  const gone = select(collection.entries, { ids: [id], versions, ...(q.specVersions ? { specVersions: q.specVersions } : {}) }, { everySpecVersion: true });
  if (gone.length === 0) throw new HttpError('NOT_FOUND', `no version of ${JSON.stringify(id)} matches the filters`);
  if (!faults.has('taxii21-delete-ignored')) {
    collection.remove(gone);
    if (variants.has('taxii21-delete-everywhere')) {
      const same = new Set(gone.map((e) => `${e.versionAt} ${e.specVersion}`));
      for (const other of t.root!.collections) if (other !== collection) other.remove(other.entries.filter((e) => e.id === id && same.has(`${e.versionAt} ${e.specVersion}`)));
    }
    if (!collection.holds(id)) {
      const set = ctx.mock.deleted.get(collection.id) ?? new Set<string>();
      set.add(id);
      ctx.mock.deleted.set(collection.id, set);
    }
  }
  done();
}
