// The TAXII 1.x services' URL map, in one place. Every service answers every binding; the
// Feed Management service has two names, and the Discovery Response advertises the one of
// the binding it answers in (TAXII 1.1 calls it Collection Management).
import type { Binding } from '../../suites/taxii1/bindings/index.js';
import type { Taxii1MessageType } from '../../suites/taxii1/model.js';

export const TAXII1_PREFIX = '/taxii1/';

export type Taxii1Service = 'discovery' | 'feed-management' | 'poll' | 'inbox';

/** Path (without the /taxii1/ prefix and any trailing slash) → service. */
export const SERVICE_PATHS: Readonly<Record<string, Taxii1Service>> = {
  discovery: 'discovery',
  'collection-management': 'feed-management',
  'feed-management': 'feed-management',
  poll: 'poll',
  inbox: 'inbox',
};

/** The request messages each service takes. */
export const SERVICE_MESSAGES: Readonly<Record<Taxii1Service, readonly Taxii1MessageType[]>> = {
  discovery: ['discovery-request'],
  'feed-management': ['feed-information-request', 'manage-feed-subscription-request'],
  poll: ['poll-request', 'poll-fulfillment'],
  inbox: ['stix-message'],
};

export function serviceOfPath(rawPath: string): Taxii1Service | undefined {
  if (!rawPath.startsWith(TAXII1_PREFIX)) return undefined;
  let rest = rawPath.slice(TAXII1_PREFIX.length);
  if (rest.endsWith('/')) rest = rest.slice(0, -1);
  return Object.hasOwn(SERVICE_PATHS, rest) ? SERVICE_PATHS[rest] : undefined;
}

/** The Discovery service's URL: the profile's entry URL. */
export function discoveryUrl(origin: string): string {
  return `${origin}${TAXII1_PREFIX}discovery`;
}

/** The address of a service as advertised to a client speaking `binding`. */
export function serviceUrl(origin: string, service: Taxii1Service, binding: Binding): string {
  const seg = service === 'feed-management' && binding.id === 'xml-1.1' ? 'collection-management' : service;
  return `${origin}${TAXII1_PREFIX}${seg}`;
}
