// The pre-draft's URL map, in one place: every URL the mock puts in a message or header.
import { PREDRAFT_SRV } from '../../suites/taxii2-predraft/profile.js';
import type { PredraftVariants } from './variants.js';

/** The Discovery path's segments: the path an SRV record leads to, which the suite's profile names (/taxii/). */
export const DISCOVERY_SEGMENTS: readonly string[] = PREDRAFT_SRV.path.slice(1, -1).split('/');
/** The Discovery path's segments under the discovery-elsewhere variant (/disco/v2/). */
export const DISCOVERY_ELSEWHERE_SEGMENTS: readonly string[] = ['disco', 'v2'];

export function discoveryUrl(origin: string, variants: PredraftVariants): string {
  const segments = variants.has('discovery-elsewhere') ? DISCOVERY_ELSEWHERE_SEGMENTS : DISCOVERY_SEGMENTS;
  return `${origin}/${segments.join('/')}/`;
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
