// `npm run demo`: the whole suite against the embedded mock, reports written to demo-report/:
// the pre-draft first, then TAXII 2.1 against the mock's /taxii2/ (reports in demo-report/taxii21/).
import { startMock } from '../mock-server/index.js';
import { run } from './commands/run.js';
import { reportError } from './cli-errors.js';

async function demo(): Promise<number> {
  // The mock with its DNS responder, so that the srv area runs too.
  const mock = await startMock({ port: 0, longPollMs: 600, dnsPort: 0 });
  const dns = mock.dns!;
  process.stdout.write(`mock server at ${mock.url} (user ${mock.credentials.user}); DNS at 127.0.0.1:${dns.port} for ${dns.domain}\n`);
  try {
    let taxii21 = 0;
    const common = {
      // Plain HTTP on port 80 of the host must not serve TAXII (nothing listens there: passes).
      'probe-http-port': 80,
      user: mock.credentials.user,
      password: mock.credentials.password,
      insecure: true,
      gate: 'must',
      format: 'console,json,junit,html',
      concurrency: 8,
      timeout: 15000,
      'read-only': false,
      verbose: false,
      progress: true,
    };
    const predraft = await run({ ...common, url: mock.url, srv: dns.domain, 'dns-server': `127.0.0.1:${dns.port}`, profile: 'taxii2-predraft', 'report-dir': 'demo-report' });
    // TAXII 2.1 against a mock mounting it alone: its listener then refuses the pre-draft's CBC suite (RFC 7540's blacklist).
    const mock21 = await startMock({ port: 0, dnsPort: 0, profiles: ['taxii21'] });
    try {
      process.stdout.write(`\nTAXII 2.1 mock at ${mock21.url}; DNS at 127.0.0.1:${mock21.dns!.port} for ${mock21.dns!.domain}\n`);
      taxii21 = await run({ ...common, url: mock21.url, srv: mock21.dns!.domain, 'dns-server': `127.0.0.1:${mock21.dns!.port}`, profile: 'taxii21', 'report-dir': 'demo-report/taxii21' });
    } finally {
      await mock21.close();
    }
    return Math.max(predraft, taxii21);
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
