// TAXII 1.x timestamp labels (xs:dateTime with a zone, up to six fraction digits) as
// microseconds since the epoch, so that ranges compare exactly.

const LABEL = /^(-?\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,6}))?(Z|[+-]\d{2}:\d{2})$/;

/** Microseconds since 1970 of a timestamp label, or undefined when it is not one. */
export function toMicros(label: string): number | undefined {
  const m = LABEL.exec(label.trim());
  if (!m) return undefined;
  const ms = Date.parse(`${m[1]}${m[3] === 'Z' ? 'Z' : m[3]}`);
  if (Number.isNaN(ms)) return undefined;
  return ms * 1000 + Number((m[2] ?? '').padEnd(6, '0'));
}

/** The label of an instant in microseconds: UTC, six fraction digits. */
export function fromMicros(us: number): string {
  const seconds = Math.floor(us / 1_000_000);
  const frac = us - seconds * 1_000_000;
  return `${new Date(seconds * 1000).toISOString().slice(0, 19)}.${String(frac).padStart(6, '0')}Z`;
}

/** Now, in microseconds (millisecond resolution). */
export function nowMicros(): number {
  return Date.now() * 1000;
}
