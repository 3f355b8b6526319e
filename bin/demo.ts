// `npm run demo`: the whole suite against the embedded mock, reports written to demo-report/.
import { startMock } from '../mock-server/index.js';
import { run } from './commands/run.js';
import { reportError } from './cli-errors.js';

async function demo(): Promise<number> {
  const mock = await startMock({ port: 0, longPollMs: 500 });
  process.stdout.write(`mock server at ${mock.url} (user ${mock.credentials.user})\n`);
  try {
    return await run({
      url: mock.url,
      profile: 'taxii2-predraft',
      user: mock.credentials.user,
      password: mock.credentials.password,
      insecure: true,
      gate: 'must',
      'report-dir': 'demo-report',
      format: 'console,json,junit,html',
      concurrency: 8,
      timeout: 15000,
      'read-only': false,
      verbose: false,
    });
  } finally {
    await mock.close();
  }
}

demo().then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.exitCode = reportError(e);
  },
);
