// `srvRecords` (DNS steps): the SRV lookup found at least this many records.
import { Type } from '@sinclair/typebox';
import { defineAssertion } from './kind.js';

export const srvRecords = defineAssertion({
  key: 'srvRecords',
  subject: 'dns',
  schema: Type.Object(
    { min: Type.Integer({ minimum: 0, description: 'The fewest records that pass.' }) },
    { additionalProperties: false, description: 'DNS steps: the SRV lookup found at least this many records.' },
  ),
  evaluate(want, o) {
    const count = o.targets.length;
    const actual = o.absent ?? o.unusable ?? `${count} record(s): ${o.targets.map((t) => `${t.record.priority} ${t.record.weight} ${t.record.port} ${t.record.target}`).join('; ')}`;
    return { ok: count >= want.min || (o.unusable !== undefined && want.min <= 1), expected: `at least ${want.min} SRV record(s) for ${o.name}`, actual };
  },
  describe: (want) => `at least ${want.min} SRV record(s)`,
});
