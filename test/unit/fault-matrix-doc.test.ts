// docs/fault-matrix.md is the fault catalog as a table: each fault and the cases it breaks,
// and each case and the faults that break it. This test keeps it current; to rewrite it:
//   UPDATE_DOCS=1 npx vitest run test/unit/fault-matrix-doc.test.ts
import fs from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { isHostFault } from '../../mock-server/host-faults.js';
import { PLUGINS } from '../../suites/registry.js';
import { configName, configurations, S_SERVER_BREAKS, TEST_SERVER_ONLY } from '../helpers/profile-matrix.js';
import { scopedName, scopedRuns } from '../helpers/scoped-faults.js';

const file = path.resolve(import.meta.dirname, '../../docs/fault-matrix.md');

function render(): string {
  const lines = [
    '# Fault matrix',
    '',
    'Every case can fail: the reference mock passes it, and each fault makes the cases it names',
    'fail (a failed MUST) or warn (a failed SHOULD). Each fault belongs to one profile (a host fault to each that claims it) and names',
    'cases of that profile only; `test/integration/fault-matrix.test.ts` runs the matrix for every',
    'profile of the registry (`suites/registry.ts`), in each configuration of its run options.',
    'Generated from the profiles\' fault tables (`mock-server/<profile>/faults.ts`) by',
    '`test/unit/fault-matrix-doc.test.ts`. A fault marked *(host)* changes the listener or the DNS',
    'responder (`mock-server/host-faults.ts`); each profile whose cases it breaks claims it.',
    'A few TLS cases offer what no mock on this OpenSSL can accept (3DES, RC4, export suites,',
    'SSL 3.0): the fault-matrix test breaks each against `test/helpers/legacy-tls-server.ts`,',
    'which answers a ServerHello choosing such a suite itself. What node:tls cannot serve at all',
    '(TLS 1.3 session tickets allowing 0-RTT) it breaks against OpenSSL\'s `s_server`.',
    'A fault that governs requirements of the coverage spec (docs/coverage-matrix.md) can be',
    'switched on for one URL kind alone (`mock --fault NAME@KIND`);',
    '`test/integration/fault-matrix-scoped.test.ts` runs each such fault on each URL kind: the cases',
    'checking its requirements there that it names must not pass, those checking them only on the',
    'other URL kinds must pass.',
  ];
  for (const plugin of PLUGINS) {
    const cases = plugin.suite.cases();
    const mine = plugin.faults;
    const server = TEST_SERVER_ONLY[plugin.id] ?? {};
    const sServer = S_SERVER_BREAKS[plugin.id] ?? {};
    const configs = configurations(plugin.suite).map(configName);
    lines.push(
      '',
      `## ${plugin.id}: faults and the cases they break`,
      '',
      ...(configs.length > 1 ? [`Run in each configuration: ${configs.map((c) => `\`${c}\``).join(', ')}.`, ''] : []),
      '| Fault | Cases it breaks |',
      '|---|---|',
      ...mine.map((f) => `| \`${f.name}\`${isHostFault(f.name) ? ' *(host)*' : ''} | ${f.breaks.length ? f.breaks.map((b) => `\`${b}\``).join(', ') : '(none: see its description in mock-server.md)'} |`),
      '',
      `## ${plugin.id}: cases and the faults that break them`,
      '',
      '| Case | Level | Broken by |',
      '|---|---|---|',
      ...cases.map((c) => {
        const by = mine.filter((f) => f.breaks.includes(c.id)).map((f) => `\`${f.name}\``);
        const legacy = server[c.id];
        const openssl = sServer[c.id];
        const none = c.info
          ? '(an observation: never fails)'
          : openssl
            ? `(no mock can: ${openssl.why}, test/integration/fault-matrix.test.ts)`
            : legacy
            ? `(no mock can accept its suites: the legacy test server accepting \`${legacy}\`, test/helpers/legacy-tls-server.ts)`
            : '(none)';
        return `| \`${c.id}\` | ${c.level} | ${by.length ? by.join(', ') : none} |`;
      }),
    );
    const { runs, idle } = scopedRuns(plugin);
    if (runs.length === 0) continue;
    lines.push(
      '',
      `## ${plugin.id}: faults scoped to one URL kind`,
      '',
      '| Fault scoped | URL | Must not pass (its cases there) | Must pass (the other URL kinds\' cases) |',
      '|---|---|---|---|',
      ...runs.map((r) => `| \`${scopedName(r)}\` | \`${r.kindName}\` | ${r.mustNotPass.map((id) => `\`${id}\``).join(', ')} | ${r.mustPass.length} cases of ${r.fault.governs!.join(', ')} |`),
      ...(idle.length ? ['', 'Scopes with nothing to show:', '', ...idle.map((i) => `- \`${i.fault}@${i.scope}\`: ${i.why}.`)] : []),
    );
  }
  return `${lines.join('\n')}\n`;
}

it('docs/fault-matrix.md matches the fault catalog', () => {
  const want = render();
  if (process.env.UPDATE_DOCS) fs.writeFileSync(file, want);
  const have = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  expect(have, 'docs/fault-matrix.md is stale: UPDATE_DOCS=1 npx vitest run test/unit/fault-matrix-doc.test.ts').toBe(want);
});
