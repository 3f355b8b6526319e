// "Possible EventTarget memory leak detected" (issue 11, item 13): with more than 10
// requests in flight, one 'abort' listener per request on one shared signal (the mock's
// `closing`, the run's Ctrl-C signal) made Node print that warning, though nothing leaked.
// A whole run at --concurrency 16, suite and mock in this one process (so the warnings of
// both reach this process's 'warning' event, which is what node prints on stderr).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMock, type RunningMock } from '../../mock-server/index.js';
import { runSuite } from '../../suites/core/runner.js';
import { getProfile } from '../../suites/profiles.js';

let mock: RunningMock;

beforeAll(async () => {
  mock = await startMock({ port: 0, longPollMs: 1000 });
});

afterAll(async () => {
  await mock?.close();
});

describe('a run at --concurrency 16', () => {
  for (const id of ['taxii2-predraft', 'taxii1']) {
    it(`${id}: no MaxListenersExceededWarning from the suite or the mock, and the run passes`, async () => {
      const warnings: string[] = [];
      const onWarning = (w: Error): void => {
        if (w.name === 'MaxListenersExceededWarning') warnings.push(w.message);
      };
      process.on('warning', onWarning);
      try {
        const { report } = await runSuite({
          profile: getProfile(id)!,
          target: mock.url,
          creds: { user: mock.credentials.user, password: mock.credentials.password },
          insecure: true,
          gate: 'must',
          concurrency: 16,
          timeoutMs: 15_000,
          readOnly: false,
          // A signal, as the CLI gives one (Ctrl-C): every case and request hangs off it.
          signal: new AbortController().signal,
        });
        expect(report.summary.gate, JSON.stringify(report.cases.filter((c) => c.verdict === 'fail' || c.verdict === 'error').map((c) => `${c.id}: ${c.message}`))).toBe('passed');
        await new Promise((r) => setImmediate(r)); // warnings are emitted on the next tick
      } finally {
        process.off('warning', onWarning);
      }
      expect(warnings).toEqual([]);
    });
  }
});
