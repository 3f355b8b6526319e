// Content negotiation for one media type (the profile's, e.g. application/taxii+json).
// Pure functions: the pipeline turns their answers into 406 and 415.

import { parseMediaType as parseOne } from '../suites/core/media-type.js';

export type AcceptMode = 'standard' | 'strict' | 'ignore';

interface MediaRange {
  type: string;
  subtype: string;
  q: number;
}

/** Splits "type/subtype; a=b" into lower-cased parts, or undefined when it is no media type (suites/core/media-type.ts parses). */
export function parseMediaType(value: string): { type: string; subtype: string; params: Record<string, string> } | undefined {
  const m = parseOne(value);
  if (!m) return undefined;
  const [type = '', subtype = ''] = m.type.split('/');
  return { type, subtype, params: m.params };
}

function parseAccept(header: string): MediaRange[] {
  const ranges: MediaRange[] = [];
  for (const part of header.split(',')) {
    if (part.trim() === '') continue;
    const mt = parseMediaType(part);
    if (!mt) continue; // an unreadable entry allows nothing
    const qRaw = mt.params['q'];
    let q = 1;
    if (qRaw !== undefined) {
      q = /^(0(\.\d{0,3})?|1(\.0{0,3})?)$/.test(qRaw) ? Number(qRaw) : 0;
    }
    ranges.push({ type: mt.type, subtype: mt.subtype, q });
  }
  return ranges;
}

/**
 * Does this Accept header allow `mediaType`? The most specific matching range decides
 * (RFC 9110 12.5.1): exact type beats `type/*` beats `*\/*`; q=0 refuses. No header (or an
 * empty one) allows anything. Parameters of the range (e.g. version=2.0) are ignored.
 */
export function acceptAllows(header: string | undefined, mediaType: string, mode: AcceptMode = 'standard'): boolean {
  if (mode === 'ignore') return true;
  if (mode === 'strict') return header !== undefined && header.trim().toLowerCase() === mediaType.toLowerCase();
  if (header === undefined || header.trim() === '') return true;
  const want = parseMediaType(mediaType);
  if (!want) throw new Error(`not a media type: ${mediaType}`);
  let best: { specificity: number; q: number } | undefined;
  for (const r of parseAccept(header)) {
    let specificity: number;
    if (r.type === want.type && r.subtype === want.subtype) specificity = 3;
    else if (r.type === want.type && r.subtype === '*') specificity = 2;
    else if (r.type === '*' && r.subtype === '*') specificity = 1;
    else continue;
    if (!best || specificity > best.specificity || (specificity === best.specificity && r.q > best.q)) {
      best = { specificity, q: r.q };
    }
  }
  return best !== undefined && best.q > 0;
}

/** Is this Content-Type header the media type (any parameters allowed)? */
export function contentTypeIs(header: string | undefined, mediaType: string): boolean {
  if (header === undefined) return false;
  const got = parseMediaType(header);
  const want = parseMediaType(mediaType);
  return got !== undefined && want !== undefined && got.type === want.type && got.subtype === want.subtype;
}
