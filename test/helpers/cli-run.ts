// The arguments `taxii-conform run` gets against a mock, as the CLI parses them: what the
// in-process runs of the tests (bin/commands/run.ts run()) start from.
import type { RunArgs } from '../../bin/commands/run.js';
import type { RunningMock } from '../../mock-server/index.js';

export function runArgsFor(mock: RunningMock, reportDir: string, over: Partial<RunArgs> = {}): RunArgs {
  return {
    url: mock.url,
    profile: 'taxii2-predraft',
    user: mock.credentials.user,
    password: mock.credentials.password,
    insecure: true,
    gate: 'must',
    'report-dir': reportDir,
    format: 'console,json',
    concurrency: 4,
    timeout: 10_000,
    'read-only': false,
    verbose: false,
    progress: false,
    ...over,
  };
}
