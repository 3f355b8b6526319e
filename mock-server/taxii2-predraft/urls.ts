// The pre-draft's URL map, in one place: every URL the mock puts in a message or header.

export const DISCOVERY_SEGMENT = 'taxii';

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
