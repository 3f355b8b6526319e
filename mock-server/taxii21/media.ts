// TAXII 2.1 media types (§1.6.8, §3.1): every answer is application/taxii+json;version=2.1.
// An Accept is served when it names a TAXII range with q > 0 whose version is absent (the
// latest: 2.1, A-01) or 2.1, in any spelling RFC 7231 allows; a request with no TAXII
// range (`*/*`, application/json, none at all) gets 406 (A-02; a variant serves it). A POST's
// Content-Type is the TAXII type, version absent or 2.1; another type gets 415.
import { parseMediaType } from '../media.js';

export const TAXII21 = 'application/taxii+json;version=2.1';
export const STIX21 = 'application/stix+json;version=2.1';
/** The deprecated alias name of the IANA appendix, taken as the TAXII type. */
const SUBTYPES = ['taxii+json', 'vnd.oasis.taxii+json'];

export interface Negotiation {
  /** Serve an Accept with no TAXII range (a variant; A-02). */
  serveNonTaxii?: boolean;
  /** Fault: only the exact string application/taxii+json;version=2.1 is served. */
  exactOnly?: boolean;
  /** Fault: the bare type (no version) is refused. */
  refuseBare?: boolean;
  /** Fault: the version parameter is not looked at (version=2.0 is served as 2.1). */
  ignoreVersion?: boolean;
  /** Fault: a range with any parameter but `version` (a q-value) is no TAXII range. */
  versionParamOnly?: boolean;
}

function isTaxii(type: string, subtype: string): boolean {
  return type === 'application' && SUBTYPES.includes(subtype);
}

/** Why this Accept cannot be served, or undefined when it can. */
export function acceptProblem(header: string | undefined, o: Negotiation = {}): string | undefined {
  if (o.exactOnly) return header === TAXII21 ? undefined : `only ${TAXII21}, written exactly so, is served here`;
  const ranges = (header ?? '').split(',').map((r) => r.trim()).filter((r) => r !== '');
  let sawTaxii = false;
  for (const r of ranges) {
    const mt = parseMediaType(r);
    if (!mt || !isTaxii(mt.type, mt.subtype)) continue;
    sawTaxii = true;
    if (o.versionParamOnly && Object.keys(mt.params).some((k) => k !== 'version')) continue;
    const q = mt.params['q'];
    if (q !== undefined && !(/^(0(\.\d{0,3})?|1(\.0{0,3})?)$/.test(q) && Number(q) > 0)) continue;
    const version = mt.params['version'];
    if (version === undefined) {
      if (o.refuseBare) continue;
      return undefined;
    }
    if (version === '2.1' || o.ignoreVersion) return undefined;
  }
  if (!sawTaxii && o.serveNonTaxii) return undefined;
  if (header === undefined || header.trim() === '') return `no Accept header: ask for ${TAXII21} (§3.1)`;
  return sawTaxii ? `this server speaks TAXII 2.1 only: ask for ${TAXII21}` : `the Accept header names no TAXII media type: ask for ${TAXII21} (§3.1)`;
}

/** Is this request Content-Type the TAXII 2.1 type (version absent or 2.1, any spelling)? */
export function isTaxiiContentType(header: string | undefined): boolean {
  const mt = header === undefined ? undefined : parseMediaType(header);
  if (!mt || !isTaxii(mt.type, mt.subtype)) return false;
  const version = mt.params['version'];
  return version === undefined || version === '2.1';
}

/** Is it plain JSON (processed as an envelope under a variant, §3.1 MAY)? */
export function isJsonContentType(header: string | undefined): boolean {
  const mt = header === undefined ? undefined : parseMediaType(header);
  return mt !== undefined && mt.type === 'application' && mt.subtype === 'json';
}
