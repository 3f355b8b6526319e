// The pre-draft's conformant variants: ways of meeting the pre-draft that the reference mock
// does not take, each with the sentence (or the silence) that allows it. The whole suite
// passes under each (test/integration/variant-matrix.test.ts).
import { defineVariants, type VariantEntry, type VariantSet } from '../variants.js';

/** Why the srv cases skip under discovery-elsewhere. */
const SRV_SKIP = 'the server publishes no SRV record (optional: "if desired"), so a run has no domain to give --srv; an SRV record would lead to /taxii/, where this Discovery is not';

const TABLE = {
  'long-poll-wait-4s': {
    description: 'A channel GET with nothing new waits 4 s for news (whatever --long-poll-ms says) before answering 204.',
    freedom: 'Long Polling: "TAXII does long polling. Need to specify things related to long polling here." The pre-draft sets no wait: a server picks its own.',
  },
  'public-discovery': {
    description: 'The Discovery URL answers without credentials (credentials sent are still checked); API Bases still require them.',
    freedom: 'Authentication: "a mandatory to implement authentication method of HTTP Basic with JSON Web Tokens (JWT)" (mandatory to implement, not to demand everywhere); Discovery: clients use it "if implemented"; "Different API Bases MAY have different authentication requirements."',
    skips: { 'auth.none-discovery': 'the Discovery URL is public: there is no refusal of a request without credentials to check' },
  },
  'api-bases-deeper': {
    description: 'Three API Bases at deeper paths (/v2/groups/<name>/); the first listed (archive) refuses the main user (403), so the one to test is not the first.',
    freedom: 'API Base: "A single TAXII Server MAY host as many instances of the TAXII API as desired, with each instance located at a unique API Base." The example https://subdomain.example.com:12345/trustgroup1/ fixes no depth, and the Discovery message\'s api-bases is "An array of string values" in no order.',
  },
  'discovery-elsewhere': {
    description: 'The Discovery URL is /disco/v2/ (GET /taxii/ answers 404), and the DNS responder advertises no _taxii._tcp record for it.',
    freedom: 'Discovery API: "a single Discovery API URL that clients can use, if implemented"; only "When this Discovery API is used with a DNS SRV record" is its URL constructed as "https:// + hostname + : + port + /taxii/", and the SRV record is "optional", published "if desired". A server that publishes none puts its Discovery where it likes.',
    skips: {
      'srv.record-exists': SRV_SKIP,
      'srv.record-usable': SRV_SKIP,
      'srv.targets-resolve': SRV_SKIP,
      'srv.discovery-answers': SRV_SKIP,
      'srv.every-target-serves': SRV_SKIP,
    },
  },
  'listings-reversed': {
    description: 'Listings in reverse insertion order: the Discovery message\'s api-bases, the channel listing and the repository listing.',
    freedom: 'Section 4: api-bases is "An array of string values", channels "A list of channel information objects": the pre-draft sets no order for any listing.',
  },
  'channels-without-mode': {
    description: 'Channel listings and channel details carry no `mode` (our extension); a channel\'s modes show only in can-read and can-write.',
    freedom: 'Channel Information object: type, name, url, description, subscribers, can-read, can-write. The pre-draft defines no `mode` field.',
  },
  'collections-key-channels': {
    description: 'The repository-listing message names its array `channels`, as the pre-draft writes it, instead of `collections`.',
    freedom: 'Repository Listing: "channels | A list of Repository Information objects | array". The pre-draft itself names the array `channels`.',
  },
  'collection-post-201': {
    description: 'A POST of objects to a collection answers 201 (they are stored at once) instead of 202.',
    freedom: 'URL table: "[API-Base]/collections/<collection-name>/ POST Object Create <tbd>": the response is left open.',
  },
  'msg-age-large': {
    description: 'Channels hold messages for msg-age "315360000000" seconds (ten thousand years), seeded and created alike.',
    freedom: '"msg-age" = string how long in seconds does the server hold messages for clients before purging them: no upper bound.',
  },
  'seed-names-edge': {
    description: 'The seed data has a channel named "c" (1 character) and a collection whose name has 128 characters, each listed first and readable and writable by the main user.',
    freedom: 'Channel and Collection Names "MUST have a length from 1 to 128 characters": both ends are valid names a server may use.',
  },
  'content-small': {
    description: 'Each seeded collection holds a single object.',
    freedom: 'Collections: "the TAXII Server fulfills the request with information available to the TAXII Server": how much is the server\'s.',
    conflicts: ['content-large'],
  },
  'content-large': {
    description: 'Each seeded collection holds 1500 objects (about 1 MB of TAXII data for the indicators).',
    freedom: 'Collections: "the TAXII Server fulfills the request with information available to the TAXII Server": how much is the server\'s; X-Max-Size: "There is no maximum allowable value."',
  },
  'content-newest-first': {
    description: 'A collection GET returns its objects newest first (reverse insertion order).',
    freedom: '[API-Base]/collections/<collection-name>/: "This section hasn\'t really been fleshed out yet": the pre-draft sets no order for a collection\'s objects.',
  },
  'error-extra-fields': {
    description: 'Error messages carry more fields: a request id, the method and path, and a documentation URL.',
    freedom: 'The pre-draft defines no error message ("for the sake of brevity, error related messages flows are not described"): an error body\'s fields are the server\'s.',
  },
  'lowercase-headers': {
    description: 'Response header names the server writes in lower case, in another order (Content-Type first, the others reversed), on every answer (errors and empty answers too); those node\'s HTTP layer adds (Date, Connection) keep their spelling.',
    freedom: 'The pre-draft "leverages native HTTP semantics": header field names are case-insensitive and their order is not significant (RFC 7230 3.2, 3.2.2).',
  },
  'chunked-bodies': {
    description: 'Every response body (errors too) is sent with Transfer-Encoding: chunked, in 1 KiB chunks, without Content-Length.',
    freedom: 'The pre-draft "use[s] the HTTP protocol for all communications" [RFC7230]: chunked transfer coding is HTTP/1.1\'s own (RFC 7230 4.1).',
  },
  'token-rs256': {
    description: 'Bearer tokens are signed RS256 (an RSA key pair per start) with more claims (jti, nbf, scope) and a default lifetime of 600 s.',
    freedom: 'Authentication: "HTTP Basic with JSON Web Tokens (JWT)": the pre-draft names no signing algorithm, claims or lifetime.',
    conflicts: ['token-es256'],
  },
  'token-es256': {
    description: 'Bearer tokens are signed ES256 (a P-256 key pair per start) with more claims (jti, nbf, scope) and a default lifetime of 600 s.',
    freedom: 'Authentication: "HTTP Basic with JSON Web Tokens (JWT)": the pre-draft names no signing algorithm, claims or lifetime.',
  },
} as const satisfies Record<string, VariantEntry>;

/** A variant name of this profile (typos in `variants.has(...)` fail to compile). */
export type PredraftVariantName = keyof typeof TABLE;
export type PredraftVariants = VariantSet<PredraftVariantName>;

export const PREDRAFT_VARIANTS = defineVariants('taxii2-predraft', TABLE);

/** How long a channel GET waits under the variants switched on, or `configured` (ms). */
export function longPollWaitMs(variants: PredraftVariants, configured: number): number {
  return variants.has('long-poll-wait-4s') ? 4000 : configured;
}

/** Listed items in the order the variants switched on list them. */
export function listed<T>(variants: PredraftVariants, items: readonly T[]): T[] {
  return variants.has('listings-reversed') ? [...items].reverse() : [...items];
}

/** msg-age of seeded and created channels: the large one, or `configured`. */
export function msgAgeOf(variants: PredraftVariants, configured: string): string {
  return variants.has('msg-age-large') ? '315360000000' : configured;
}

/** The JWT signing algorithm the variants switched on choose (HS256 by default). */
export function tokenAlgorithm(variants: PredraftVariants): 'HS256' | 'RS256' | 'ES256' {
  return variants.has('token-rs256') ? 'RS256' : variants.has('token-es256') ? 'ES256' : 'HS256';
}

/** The path of an API Base named `name` under the variants switched on. */
export function apiBasePath(variants: PredraftVariants, name: string): string {
  return variants.has('api-bases-deeper') ? `v2/groups/${name}` : name;
}
