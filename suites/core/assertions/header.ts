// `header`: a response header is present (or absent), equals a value or matches a pattern.
import { Type } from '@sinclair/typebox';
import { expand } from '../template.js';
import { badPattern, defineAssertion } from './kind.js';
import { template } from '../schema-kit.js';

export const header = defineAssertion({
  key: 'header',
  subject: 'http',
  schema: Type.Object(
    {
      name: Type.String({ description: 'The header name (any case).' }),
      present: Type.Optional(Type.Boolean({ description: '`false`: the header is absent.' })),
      equals: Type.Optional(template('The header has exactly this value.')),
      matches: Type.Optional(Type.String({ description: 'The header matches this regular expression (case-insensitive).' })),
    },
    { additionalProperties: false, description: 'A header is present (or absent, with present: false), equals or matches.' },
  ),
  evaluate(want, { res }, env) {
    const name = want.name.toLowerCase();
    const value = res.headers[name];
    if (want.present === false) {
      return { ok: value === undefined, expected: `no ${want.name} header`, actual: value === undefined ? 'absent' : `${want.name}: ${value}` };
    }
    if (want.equals !== undefined) {
      const wanted = expand(want.equals, env.vars);
      return { ok: value === wanted, expected: `${want.name}: ${wanted}`, actual: value === undefined ? `no ${want.name} header` : `${want.name}: ${value}` };
    }
    if (want.matches !== undefined) {
      const re = new RegExp(want.matches, 'i');
      return { ok: value !== undefined && re.test(value), expected: `${want.name} matching /${want.matches}/`, actual: value === undefined ? `no ${want.name} header` : `${want.name}: ${value}` };
    }
    return { ok: value !== undefined, expected: `a ${want.name} header`, actual: value === undefined ? 'absent' : `${want.name}: ${value}` };
  },
  describe: (h) => `header ${h.name}${h.present === false ? ' absent' : h.equals ? ` = ${h.equals}` : h.matches ? ` ~ /${h.matches}/` : ' present'}`,
  check: (h) => (h.matches === undefined ? undefined : badPattern(h.matches, 'i')),
});
