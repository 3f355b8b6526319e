// docs/fault-matrix.md is the fault catalog as a table: each fault and the cases it breaks,
// and each case and the faults that break it. This test keeps it current; to rewrite it:
//   UPDATE_DOCS=1 npx vitest run test/unit/fault-matrix-doc.test.ts
import fs from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { listFaults } from '../../mock-server/index.js';
import { getProfile, PROFILE_IDS } from '../../suites/profiles.js';
import { TEST_SERVER_BREAKS } from '../helpers/legacy-tls-server.js';

const file = path.resolve(import.meta.dirname, '../../docs/fault-matrix.md');

function render(): string {
  const faults = listFaults();
  const lines = [
    '# Fault matrix',
    '',
    'Every case can fail: the reference mock passes it, and each fault makes the cases it names',
    'fail (a failed MUST) or warn (a failed SHOULD). `test/integration/fault-matrix.test.ts`',
    '(taxii2-predraft) and `test/integration/taxii1-suite.test.ts` (taxii1, in each binding) run',
    'the matrix. Generated from `mock-server/faults.ts` by `test/unit/fault-matrix-doc.test.ts`.',
    'A few TLS cases offer what no mock on this OpenSSL can accept (3DES, RC4, export suites,',
    'SSL 3.0): the fault-matrix test breaks each against `test/helpers/legacy-tls-server.ts`,',
    'which answers a ServerHello choosing such a suite itself.',
  ];
  for (const id of PROFILE_IDS) {
    const cases = getProfile(id)!.cases();
    const ids = new Set(cases.map((c) => c.id));
    const mine = faults.filter((f) => f.breaks.some((b) => ids.has(b)));
    lines.push(
      '',
      `## ${id}: faults and the cases they break`,
      '',
      '| Fault | Cases it breaks |',
      '|---|---|',
      ...mine.map((f) => `| \`${f.name}\` | ${f.breaks.map((b) => `\`${b}\``).join(', ')} |`),
      '',
      `## ${id}: cases and the faults that break them`,
      '',
      '| Case | Level | Broken by |',
      '|---|---|---|',
      ...cases.map((c) => {
        const by = mine.filter((f) => f.breaks.includes(c.id)).map((f) => `\`${f.name}\``);
        const server = TEST_SERVER_BREAKS[c.id];
        const none = c.info
          ? '(an observation: never fails)'
          : server
            ? `(no mock can accept its suites: the legacy test server accepting \`${server}\`, test/helpers/legacy-tls-server.ts)`
            : '(none)';
        return `| \`${c.id}\` | ${c.level} | ${by.length ? by.join(', ') : none} |`;
      }),
    );
  }
  const unused = faults.filter((f) => f.breaks.length === 0).map((f) => `\`${f.name}\``);
  if (unused.length) lines.push('', `Faults that name no case (see their descriptions in mock-server.md): ${unused.join(', ')}.`);
  return `${lines.join('\n')}\n`;
}

it('docs/fault-matrix.md matches the fault catalog', () => {
  const want = render();
  if (process.env.UPDATE_DOCS) fs.writeFileSync(file, want);
  const have = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  expect(have, 'docs/fault-matrix.md is stale: UPDATE_DOCS=1 npx vitest run test/unit/fault-matrix-doc.test.ts').toBe(want);
});
