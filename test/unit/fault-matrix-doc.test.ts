// docs/fault-matrix.md is the fault catalog as a table: each fault and the cases it breaks,
// and each case and the faults that break it. This test keeps it current; to rewrite it:
//   UPDATE_DOCS=1 npx vitest run test/unit/fault-matrix-doc.test.ts
import fs from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { listFaults } from '../../mock-server/index.js';
import { taxii2Predraft } from '../../suites/taxii2-predraft/profile.js';

const file = path.resolve(import.meta.dirname, '../../docs/fault-matrix.md');

function render(): string {
  const faults = listFaults();
  const cases = taxii2Predraft.cases();
  const lines = [
    '# Fault matrix',
    '',
    'Every case of the taxii2-predraft profile can fail: the reference mock passes it, and each',
    'fault below makes the cases it names fail (a failed MUST) or warn (a failed SHOULD).',
    '`test/integration/fault-matrix.test.ts` runs the whole matrix. Generated from',
    '`mock-server/faults.ts` by `test/unit/fault-matrix-doc.test.ts`.',
    '',
    '## Faults and the cases they break',
    '',
    '| Fault | Cases it breaks |',
    '|---|---|',
    ...faults.map((f) => `| \`${f.name}\` | ${f.breaks.length ? f.breaks.map((b) => `\`${b}\``).join(', ') : '(none: see its description in mock-server.md)'} |`),
    '',
    '## Cases and the faults that break them',
    '',
    '| Case | Level | Broken by |',
    '|---|---|---|',
    ...cases.map((c) => {
      const by = faults.filter((f) => f.breaks.includes(c.id)).map((f) => `\`${f.name}\``);
      const none = c.info ? '(an observation: never fails)' : '(none here: this OpenSSL cannot offer its suites, so it skips)';
      return `| \`${c.id}\` | ${c.level} | ${by.length ? by.join(', ') : none} |`;
    }),
    '',
  ];
  return lines.join('\n');
}

it('docs/fault-matrix.md matches the fault catalog', () => {
  const want = render();
  if (process.env.UPDATE_DOCS) fs.writeFileSync(file, want);
  const have = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  expect(have, 'docs/fault-matrix.md is stale: UPDATE_DOCS=1 npx vitest run test/unit/fault-matrix-doc.test.ts').toBe(want);
});
