// Anonymous access, in every binding (real HTTPS on loopback): a run without credentials
// against a server whose Discovery service is public runs the cases that need no
// credentials and passes on what they checked; against a server that demands credentials
// everywhere it does not pass having checked nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningMock } from '../../mock-server/index.js';
import { runSuite } from '../../suites/core/runner.js';
import { getPlugin } from '../../suites/registry.js';
import { BINDING_IDS } from '../../suites/taxii1/bindings/index.js';
import { show, startFor } from '../helpers/matrix-run.js';

const plugin = getPlugin('taxii1')!;

const anonymousRun = (mock: RunningMock, binding: string) =>
  runSuite({ profile: plugin.suite.configure!({ binding }), target: mock.url, creds: {}, insecure: true, gate: 'must', concurrency: 8, timeoutMs: 15_000, readOnly: false });

describe('taxii1: a run without credentials', () => {
  let open: RunningMock;
  let closed: RunningMock;
  beforeAll(async () => {
    [open, closed] = await Promise.all([startFor(plugin, { variants: ['taxii1-public-discovery'] }), startFor(plugin)]);
  });
  afterAll(async () => {
    await Promise.all([open?.close(), closed?.close()]);
  });

  for (const b of BINDING_IDS) {
    it(`${b}: a public Discovery service: the anonymous cases run and pass, the rest skip saying why`, async () => {
      const { report } = await anonymousRun(open, b);
      const by = new Map(report.cases.map((r) => [r.id, r]));
      for (const id of ['discovery.request', 'discovery.service-records', 'headers.response-headers', 'messages.in-response-to', 'errors.bad-message-malformed']) {
        expect(by.get(id)?.verdict, show(by.get(id)!)).toBe('pass');
      }
      expect(report.cases.filter((r) => !['pass', 'skip'].includes(r.verdict)).map(show)).toEqual([]);
      expect(by.get('errors.unauthorized')?.message).toMatch(/needs credentials/);
      expect(report.summary.passed).toBeGreaterThanOrEqual(10);
      expect(report.summary.gate).toBe('passed');
      expect(report.notes.join('\n')).toMatch(/answered a Feed Information Request with an error \(UNAUTHORIZED/);
    });

    it(`${b}: a server demanding credentials everywhere: the gate fails with the reason`, async () => {
      const { report } = await anonymousRun(closed, b);
      // Only what a server answers before it authenticates (the HTTP binding's headers, the method) can pass.
      const beforeAuth = ['errors.unsupported-protocol', 'errors.unknown-protocol', 'errors.unsupported-message-binding', 'errors.unsupported-accept', 'headers.post-only', 'headers.content-type-not-xml'];
      expect(report.cases.filter((r) => r.verdict === 'pass' && !beforeAuth.includes(r.id)).map(show)).toEqual([]);
      expect(report.summary.gate).toBe('failed');
      expect(report.notes.join('\n')).toMatch(/requires authentication .*give --user\/--password/);
    });
  }
});

describe('taxii1: --var names what setup would guess', () => {
  let mock: RunningMock;
  beforeAll(async () => {
    mock = await startFor(plugin);
  });
  afterAll(async () => {
    await mock?.close();
  });

  it('the named feed is used, the report says what setup had chosen', async () => {
    const { report } = await runSuite({
      profile: plugin.suite,
      target: mock.url,
      creds: { user: mock.credentials.user, password: mock.credentials.password },
      insecure: true,
      caseIds: ['poll.open-range'],
      vars: { feed: 'malware' },
      gate: 'must',
      concurrency: 1,
      timeoutMs: 15_000,
      readOnly: true,
    });
    expect(report.cases[0]!.verdict, show(report.cases[0]!)).toBe('pass');
    expect(JSON.stringify(report.cases[0]!.evidence)).toContain('malware');
    expect(report.notes).toContain('--var feed=malware (setup had chosen indicators)');
    expect(report.run.options.var).toEqual(['feed=malware']);
  });
});
