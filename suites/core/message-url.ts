// A URL a server puts in a message (a Discovery message's API Bases, a service's address), read
// as RFC 3986 reads it: not a URI reference at all (malformed), a relative reference (resolved
// against the URL of the message that carries it, RFC 3986 section 5), or an absolute URL. The
// profile decides what its spec makes of each kind; this module only tells them apart and says
// so in words a report can carry.
import { clip, preview, VALUE_CHARS } from './bounds.js';

export type MessageUrl =
  /** Not a string, or a string no URI reference can be (RFC 3986 section 4.1). */
  | { kind: 'malformed'; raw: unknown; why: string }
  /** A URI reference; `url` is it resolved against the message's URL (itself when absolute). */
  | {
      kind: 'url';
      raw: string;
      url: string;
      /** It is a relative reference (RFC 3986 section 4.2): `url` was resolved. */
      relative: boolean;
      /** The scheme, lower case, without the colon (`https`). */
      scheme: string;
      /** `https://host:port` (default port left out); undefined for a scheme without one. */
      origin: string | undefined;
      /** It names the same origin as the message's URL. */
      sameOrigin: boolean;
    };

/** Characters a URI reference may hold (RFC 3986 section 2: unreserved, reserved, `%`). */
const URI_CHARS = /^[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%]*$/;
const BAD_PERCENT = /%(?![0-9A-Fa-f]{2})/;
const SCHEME = /^([A-Za-z][A-Za-z0-9+.-]*):/;

/** Reads `raw`, a URL in a message fetched from `messageUrl` (an absolute URL). */
export function readMessageUrl(raw: unknown, messageUrl: string): MessageUrl {
  if (typeof raw !== 'string') return { kind: 'malformed', raw, why: `${preview(raw)} is not a string` };
  const shown = preview(raw);
  if (raw === '') return { kind: 'malformed', raw, why: 'an empty string is no URL' };
  if (!URI_CHARS.test(raw)) {
    const bad = [...raw].find((ch) => !URI_CHARS.test(ch)) ?? '';
    return { kind: 'malformed', raw, why: `${shown} is not a URL: it holds ${JSON.stringify(bad)}, which RFC 3986 does not allow unencoded` };
  }
  if (BAD_PERCENT.test(raw)) return { kind: 'malformed', raw, why: `${shown} is not a URL: a % not followed by two hex digits` };
  const scheme = SCHEME.exec(raw)?.[1]?.toLowerCase();
  // http(s) URIs have an authority (RFC 7230 section 2.7): "https:/x" is no https URL.
  if ((scheme === 'http' || scheme === 'https') && !/^[A-Za-z]+:\/\/[^/?#]/.test(raw)) {
    return { kind: 'malformed', raw, why: `${shown} is not a URL: an ${scheme} URL needs //host after "${scheme}:"` };
  }
  let u: URL;
  try {
    u = new URL(raw, messageUrl);
  } catch {
    return { kind: 'malformed', raw, why: `${shown} is not a URL: it does not parse${scheme ? '' : ` (not even relative to ${messageUrl})`}` };
  }
  const origin = u.protocol === 'https:' || u.protocol === 'http:' ? u.origin : undefined;
  return {
    kind: 'url',
    raw,
    url: u.href,
    relative: scheme === undefined,
    scheme: u.protocol.slice(0, -1),
    origin,
    sameOrigin: origin !== undefined && origin === new URL(messageUrl).origin,
  };
}

/** One line saying what `r` is, for a note or a skip reason: `"/api1/" (relative: https://h/api1/)`. */
export function describeMessageUrl(r: MessageUrl): string {
  if (r.kind === 'malformed') return r.why;
  const shown = preview(r.raw);
  return r.relative ? `${shown} (a relative reference, resolved to ${clip(r.url, VALUE_CHARS)})` : shown;
}

/** The URLs of a message setup may test, and a line for each one it may not. */
export interface UrlSort {
  /** Absolute https URLs, in the message's order (relative references resolved). */
  usable: string[];
  /** Why each other entry is not tested: what it is, and the case whose verdict it gets. */
  refused: string[];
  /** The relative references among `usable`, as read (`"/a/" (a relative reference, resolved to …)`). */
  resolved: string[];
}

/**
 * Sorts the URLs a message lists: `rule` says why the profile's spec keeps one from being
 * tested (naming the case that governs it), or undefined. Malformed entries and non-https
 * schemes are refused whatever `rule` says: nothing can be tested there over HTTPS. An https
 * URL on another origin is usable: the run's credentials never go there unless --allow-origin
 * names it (CredentialScope), and its cases say so.
 */
export function sortMessageUrls(entries: readonly unknown[], messageUrl: string, rule: (r: MessageUrl) => string | undefined): UrlSort {
  const out: UrlSort = { usable: [], refused: [], resolved: [] };
  for (const entry of entries) {
    const r = readMessageUrl(entry, messageUrl);
    const why = rule(r) ?? (r.kind === 'malformed' ? r.why : r.scheme !== 'https' ? `${describeMessageUrl(r)} is not an https URL` : undefined);
    if (why !== undefined || r.kind === 'malformed') {
      out.refused.push(why ?? describeMessageUrl(r));
      continue;
    }
    if (r.relative) out.resolved.push(describeMessageUrl(r));
    out.usable.push(r.url);
  }
  return out;
}

/** `lines` joined for a note or a skip reason: the first three, then how many more. */
export function listed(lines: readonly string[]): string {
  const more = lines.length > 3 ? `; and ${lines.length - 3} more` : '';
  return lines.slice(0, 3).join('; ') + more;
}
