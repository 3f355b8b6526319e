// Probes that tell a right implementation from its nearest wrong one, where the difference
// only shows on a server that chose differently from the reference mock. Real HTTPS over
// loopback against the mock, under a conformant variant with a fault.
import { describe, expect, it } from 'vitest';
import { getPlugin } from '../../suites/registry.js';
import { runAgainst, show, startFor } from '../helpers/matrix-run.js';

const plugin = getPlugin('taxii2-predraft')!;

async function verdictOf(caseId: string, variants: string[], faults: string[]): Promise<string> {
  const mock = await startFor(plugin, { variants, faults });
  try {
    const report = await runAgainst(mock, plugin.suite, [caseId]);
    return show(report.cases[0]!);
  } finally {
    await mock.close();
  }
}

describe('probes that can tell', () => {
  for (const alg of ['rs256', 'es256']) {
    it(`a forged token keeps the ${alg.toUpperCase()} server's header: a server checking only the algorithm fails`, async () => {
      // A token re-signed HS256 would be refused for its algorithm, and the signature check never tested.
      expect(await verdictOf('auth.bearer-bad-signature', [`token-${alg}`], ['jwt-algorithm-only'])).toMatch(/^auth\.bearer-bad-signature: fail/);
      expect(await verdictOf('auth.bearer-bad-signature', [`token-${alg}`], [])).toMatch(/^auth\.bearer-bad-signature: pass/);
    });
  }
});
