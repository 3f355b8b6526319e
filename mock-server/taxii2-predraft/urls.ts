// The pre-draft's URL map, in one place: every URL the mock puts in a message or header.
import { PREDRAFT_SRV } from '../../suites/taxii2-predraft/profile.js';

/** The Discovery path's one segment: the path the suite's profile names (/taxii/). */
export const DISCOVERY_SEGMENT = PREDRAFT_SRV.path.slice(1, -1);

export function discoveryUrl(origin: string): string {
  return `${origin}/${DISCOVERY_SEGMENT}/`;
}

export function apiBaseUrl(origin: string, apiBase: string): string {
  return `${origin}/${apiBase}/`;
}

export function channelUrl(origin: string, apiBase: string, channel: string): string {
  return `${apiBaseUrl(origin, apiBase)}channels/${encodeURIComponent(channel)}/`;
}

export function collectionUrl(origin: string, apiBase: string, collection: string): string {
  return `${apiBaseUrl(origin, apiBase)}collections/${encodeURIComponent(collection)}/`;
}
