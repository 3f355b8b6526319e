// Bodies of a given size for cases that need bulk content (X-Max-Size). Deterministic for a
// run id, valid against the taxii-data schema, and built without holding copies.

const DESCRIPTION_LENGTH = 4000;

/** A taxii-data message of at least `bytes` octets of indicator objects. */
export function generateTaxiiData(bytes: number, runId: string): string {
  const pad = 'x'.repeat(DESCRIPTION_LENGTH);
  const hex = runId.replace(/[^0-9a-f]/g, '0').padEnd(8, '0').slice(0, 8);
  const parts: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const obj = JSON.stringify({
      type: 'indicator',
      id: `indicator--${hex}-0000-4000-8000-${i.toString(16).padStart(12, '0')}`,
      created: '2026-01-01T00:00:00.000Z',
      name: `taxii-conform bulk object ${i}`,
      description: pad,
    });
    parts.push(obj);
    size += obj.length + 1;
  }
  return `{"type":"taxii-data","objects":[${parts.join(',')}]}`;
}
