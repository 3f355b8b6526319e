// A whole run of the taxii2-predraft suite against a fresh mock (with faults), in-process:
// the report a report writer or a browser test starts from.
import { startMock } from '../../mock-server/index.js';
import { runSuite } from '../../suites/core/runner.js';
import { taxii2Predraft } from '../../suites/taxii2-predraft/profile.js';
import type { RunReport } from '../../suites/core/types.js';

export async function reportAgainstMock(o: { faults?: string[]; readOnly?: boolean } = {}): Promise<RunReport> {
  const mock = await startMock({ port: 0, longPollMs: 600, faults: o.faults ?? [] });
  try {
    const { report } = await runSuite({
      profile: taxii2Predraft,
      target: mock.url,
      creds: { user: mock.credentials.user, password: mock.credentials.password },
      insecure: true,
      gate: 'must',
      concurrency: 8,
      timeoutMs: 15_000,
      readOnly: o.readOnly ?? false,
    });
    return report;
  } finally {
    await mock.close();
  }
}
