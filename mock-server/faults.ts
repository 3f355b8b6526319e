// The catalog of faults the mock can be switched into. Each is a named, documented deviation
// from the reference behaviour; `breaks` lists the suite cases it makes fail and is filled in
// by the suite's author (the fault-matrix test checks it).
import type { Fault } from '../suites/core/types.js';

const CATALOG = {
  'discovery-wrong-type': { description: 'The discovery message has `type` "discovery-v2".', breaks: [] },
  'discovery-no-api-bases': { description: 'The discovery message lists no API Bases (`api-bases` is []).', breaks: [] },
  'api-status-wrong-type': { description: 'The api-status message has `type` "status".', breaks: [] },
  'wrong-media-type': { description: 'Every response has Content-Type application/json instead of application/taxii+json.', breaks: [] },
  'ignore-accept': { description: 'Never answers 406: serves JSON whatever the Accept header says.', breaks: [] },
  'strict-accept': { description: 'Answers 406 unless Accept is exactly application/taxii+json (absent, */* and parameters fail).', breaks: [] },
  'ignore-content-type': { description: 'Never answers 415: any request body is parsed as JSON whatever its Content-Type.', breaks: [] },
  'no-405': { description: 'A method not allowed on a known URL gets 404 instead of 405.', breaks: [] },
  'lax-names': { description: 'No name validation anywhere: invalid names in paths get 404 (or are served), creates with invalid names succeed.', breaks: [] },
  'strict-names': { description: 'Names of exactly 1 character, of exactly 128 characters or made only of digits are refused with 400 (in paths and in creates).', breaks: [] },
  'ignore-max-size': { description: 'X-Max-Size is ignored: the whole body is sent however large.', breaks: [] },
  'lax-max-size': { description: 'X-Max-Size values below 9437184 or not a decimal number are accepted (no 400).', breaks: [] },
  'auth-disabled': { description: 'No authentication at all: every request is served as the main user, with or without credentials.', breaks: [] },
  'no-www-authenticate': { description: '401 answers carry no WWW-Authenticate header.', breaks: [] },
  'auth-failure-403': { description: 'Failed authentication gets 403 instead of 401.', breaks: [] },
  'jwt-no-signature-check': { description: 'Bearer tokens are decoded without verifying their signature (alg none is still refused).', breaks: [] },
  'jwt-alg-none': { description: 'Unsigned bearer tokens (alg none) are accepted.', breaks: [] },
  'jwt-ignore-exp': { description: 'Expired bearer tokens are accepted.', breaks: [] },
  'no-token-endpoint': { description: 'The token endpoint [API-Base]token/ answers 404.', breaks: [] },
  'no-bearer': { description: 'Bearer tokens are never accepted (401), although the token endpoint issues them.', breaks: [] },
  'no-authorization': { description: 'Every authenticated user may do anything anywhere: 403 is never sent and restricted resources are served.', breaks: [] },
  'created-200': { description: 'Creates (channels, collections) answer 200 instead of 201.', breaks: [] },
  'accepted-200': { description: 'POSTs of TAXII data to channels and collections answer 200 instead of 202.', breaks: [] },
  'no-204': { description: 'A channel GET with nothing new answers 200 with an empty taxii-data message at once (no long poll, no 204).', breaks: [] },
  'bad-json-500': { description: 'Malformed JSON request bodies get 500 instead of 400.', breaks: [] },
  'schema-lax': { description: 'Request bodies are not validated against their schema: wrong types are accepted with 201/202.', breaks: [] },
  'read-only-writable': { description: 'The read-only channel accepts POSTs (202) and the write-only channel serves GETs: no 501.', breaks: [] },
  'name-filter-ignored': { description: 'The `name` query parameter of the channel listing is ignored: every channel is listed.', breaks: [] },
  'delete-ignored': { description: 'DELETE of a channel or collection answers 200 but the resource stays.', breaks: [] },
  'put-ignored': { description: 'PUT of a channel answers 200 but changes (or creates) nothing.', breaks: [] },
  'lose-messages': { description: 'POSTs answer 202 but every second object received is silently dropped (channels and collections).', breaks: [] },
  'no-channel-details': { description: '[API-Base]channels/<name>/details/ answers 404.', breaks: [] },
  'collection-filter-ignored': { description: 'The collection query parameters `type`, `id` and `added-after` are ignored (`limit` still applies).', breaks: [] },
  'unknown-is-200': { description: 'A GET of an unknown (validly named) channel, channel details or collection answers 200 with empty content instead of 404.', breaks: [] },
  'extra-properties': { description: 'Every JSON message sent carries an undeclared extra property "x-mock-extra": true.', breaks: [] },
  'invalid-field-types': { description: 'Message fields have wrong JSON types: booleans as "yes"/"no", msg-age as a number, http-status, counts and expires-in as strings, api-bases and subscribers as one string.', breaks: [] },
  'plain-error-bodies': { description: 'Error responses are text/plain prose instead of `error` messages.', breaks: [] },
  'plain-http': { description: 'The server also answers plain HTTP (no TLS) on the same port, serving TAXII messages in the clear.', breaks: [] },
  'collections-key-channels': { description: 'The repository-listing message names its array `channels` (the pre-draft\'s wording) instead of `collections`. The suite notes this but accepts it.', breaks: [] },
} satisfies Record<string, Omit<Fault, 'name'>>;

/** The name of a fault of the catalog (typos in `faults.has(...)` fail to compile). */
export type FaultName = keyof typeof CATALOG;

export const FAULTS: Fault[] = Object.entries(CATALOG).map(([name, f]) => ({
  name,
  description: f.description,
  breaks: [...f.breaks],
}));

const NAMES = new Set(FAULTS.map((f) => f.name));

export function isFaultName(name: string): boolean {
  return NAMES.has(name);
}

/** Throws an Error naming every unknown fault and listing the valid ones. */
export function checkFaultNames(names: readonly string[]): void {
  const unknown = names.filter((n) => !NAMES.has(n));
  if (unknown.length > 0) {
    throw new Error(
      `unknown fault${unknown.length > 1 ? 's' : ''} ${unknown.map((n) => `"${n}"`).join(', ')}; ` +
        `valid faults: ${[...NAMES].join(', ')}`,
    );
  }
}

/** The faults a running mock has switched on. */
export class FaultSet {
  private readonly on: ReadonlySet<string>;
  constructor(names: readonly string[]) {
    checkFaultNames(names);
    this.on = new Set(names);
  }
  has(name: FaultName): boolean {
    return this.on.has(name);
  }
  get names(): string[] {
    return [...this.on];
  }
}
