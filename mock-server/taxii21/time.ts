// TAXII 2.1 time: `date_added` and the other TAXII timestamps are kept as whole microseconds
// since the epoch (a number: exact below 2^53) and written with exactly six fractional digits
// and Z (§2). STIX timestamps (versions) keep their own spelling and compare as instants.

/** A TAXII timestamp: YYYY-MM-DDTHH:MM:SS.ssssssZ. */
export function taxiiTimestamp(micros: number): string {
  const ms = Math.floor(micros / 1000);
  const iso = new Date(ms).toISOString(); // ...SS.mmmZ
  const sub = String(micros % 1000).padStart(3, '0');
  return `${iso.slice(0, 23)}${sub}Z`;
}

/** Microseconds now, never equal to or before the last value handed out (distinct date_added). */
export class Clock {
  private last = 0;
  now(): number {
    this.last = Math.max(Date.now() * 1000, this.last + 1);
    return this.last;
  }
}

const RFC3339_UTC = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?Z$/;

/**
 * An RFC 3339 UTC instant (0 to 9 fractional digits, `Z`; A-14: the mock accepts more than the
 * six digits a client must send) in microseconds, or undefined when it is none (a real
 * calendar date is required). Digits past the sixth are cut (instants compare at microseconds).
 */
export function parseInstant(value: string): number | undefined {
  const m = RFC3339_UTC.exec(value);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, frac = ''] = m;
  const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  const back = new Date(ms);
  if (Number.isNaN(ms) || back.getUTCDate() !== Number(d) || back.getUTCMonth() !== Number(mo) - 1 || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return undefined;
  return ms * 1000 + Number(frac.padEnd(6, '0').slice(0, 6));
}

/** A STIX timestamp as written in `created`/`modified` (millisecond precision). */
export function stixTimestamp(ms: number): string {
  return new Date(ms).toISOString();
}
