// `statusClass`: the response status is in a class such as `4xx`.
import { Type } from '@sinclair/typebox';
import { defineAssertion } from './kind.js';

/** A status against a number, or a class such as `2xx`. */
export function statusMatches(status: number, want: number | string): boolean {
  if (typeof want === 'number') return status === want;
  const m = /^([1-5])xx$/i.exec(want);
  return m ? Math.floor(status / 100) === Number(m[1]) : String(status) === want;
}

export const statusClass = defineAssertion({
  key: 'statusClass',
  subject: 'http',
  schema: Type.String({ pattern: '^[1-5]xx$', description: 'The status is in this class, e.g. `2xx`, `4xx`.' }),
  evaluate: (want, { res }) => ({ ok: statusMatches(res.status, want), expected: `status ${want}`, actual: `status ${res.status}` }),
  describe: (want) => `status ${want}`,
});
