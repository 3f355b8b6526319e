// `srvUsable` (DNS steps): the records are usable: not the "." no-service answer, valid targets and ports.
import { Type } from '@sinclair/typebox';
import { defineAssertion } from './kind.js';

export const srvUsable = defineAssertion({
  key: 'srvUsable',
  subject: 'dns',
  schema: Type.Literal(true, { description: 'DNS steps: the records are usable (not the "." no-service answer; valid targets and ports).' }),
  evaluate(_want, o) {
    const badPort = o.targets.find((t) => t.record.port < 1 || t.record.port > 65535);
    const why = o.unusable ?? o.absent ?? (badPort ? `port ${badPort.record.port} of ${badPort.record.target}` : undefined);
    return { ok: why === undefined, expected: `usable SRV records for ${o.name} (a host name and a port, not ".")`, actual: why ?? `${o.targets.length} usable record(s)` };
  },
  describe: () => 'usable SRV records (host and port, not ".")',
});
