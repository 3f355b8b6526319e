// X-Max-Size: the largest response body (octets) the client can take. The pre-draft's minimum
// is 9437184; our reading refuses smaller or non-decimal values with 400.

export const MIN_MAX_SIZE = 9_437_184;

export type MaxSizeMode = 'standard' | 'lax' | 'ignore' | 'bounds-wrong';

/** The upper bound the bounds-wrong fault invents (the pre-draft has none). */
const INVENTED_MAXIMUM = 4_294_967_296;

export type MaxSize =
  /** No usable limit: the header is absent (or ignored, or unreadable under `lax`). */
  | { ok: true; limit: undefined }
  | { ok: true; limit: number }
  | { ok: false; reason: string };

/**
 * Reads the X-Max-Size header value. `standard`: decimal digits only and >= 9437184, else an
 * error. `lax`: any decimal value is honoured and anything else is ignored. `ignore`: no limit.
 */
export function parseMaxSize(header: string | string[] | undefined, mode: MaxSizeMode = 'standard'): MaxSize {
  if (header === undefined || mode === 'ignore') return { ok: true, limit: undefined };
  if (Array.isArray(header)) {
    if (mode === 'lax') return { ok: true, limit: undefined };
    return { ok: false, reason: `X-Max-Size was sent ${header.length} times; send it once` };
  }
  const value = header.trim();
  if (!/^[0-9]+$/.test(value)) {
    if (mode === 'lax') return { ok: true, limit: undefined };
    return { ok: false, reason: `X-Max-Size must be a decimal number of octets, got "${header}"` };
  }
  const n = Number(value);
  if (mode === 'lax') return { ok: true, limit: n };
  if (mode === 'bounds-wrong' && (n <= MIN_MAX_SIZE || n > INVENTED_MAXIMUM)) {
    return { ok: false, reason: `X-Max-Size must be above ${MIN_MAX_SIZE} and at most ${INVENTED_MAXIMUM} octets, got ${value}` };
  }
  if (n < MIN_MAX_SIZE) {
    return { ok: false, reason: `X-Max-Size must be at least ${MIN_MAX_SIZE} octets, got ${value}` };
  }
  return { ok: true, limit: n };
}
