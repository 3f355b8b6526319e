// "Possible EventTarget memory leak detected" (issue 11, item 13): with more than 10
// requests in flight, one 'abort' listener per request on one shared signal (the mock's
// `closing`, the caller's signal in the suite's HTTP probe) made Node print that warning,
// though nothing leaked. Suite and mock run in this one process, so the warnings of both
// reach this process's 'warning' event (what node prints on stderr).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMock, type RunningMock } from '../../mock-server/index.js';
import { runSuite } from '../../suites/core/runner.js';
import { getProfile } from '../../suites/registry.js';
import { HttpTransport } from '../../suites/probes/http.js';

let mock: RunningMock;

beforeAll(async () => {
  mock = await startMock({ port: 0, longPollMs: 1000 });
});

afterAll(async () => {
  await mock?.close();
});

/** Where each profile starts on the mock. */
const targets: Record<string, (m: RunningMock) => string> = {
  'taxii2-predraft': (m) => m.url,
  taxii1: (m) => `${m.url.replace(/\/taxii\/?$/, '')}/taxii1/discovery`,
};

/** The MaxListenersExceededWarnings emitted while `work` runs. */
async function listenerWarnings(work: () => Promise<void>): Promise<string[]> {
  const warnings: string[] = [];
  const onWarning = (w: Error): void => {
    if (w.name === 'MaxListenersExceededWarning') warnings.push(w.message);
  };
  process.on('warning', onWarning);
  try {
    await work();
    await new Promise((r) => setImmediate(r)); // warnings are emitted on the next tick
  } finally {
    process.off('warning', onWarning);
  }
  return warnings;
}

it('16 requests in flight at once, one caller signal: every one answered, no warning from the probe or the mock', async () => {
  const transport = new HttpTransport({ verify: false, maxBodyBytes: 1024 * 1024 });
  const auth = `Basic ${Buffer.from(`${mock.credentials.user}:${mock.credentials.password}`).toString('base64')}`;
  const headers = { accept: 'application/taxii+json', authorization: auth };
  const channels = `${mock.url.replace(/\/taxii\/?$/, '')}/trustgroup1/channels/`;
  const made = await transport.send({ method: 'POST', url: channels, headers: { ...headers, 'content-type': 'application/taxii+json' }, body: JSON.stringify({ type: 'channel-create', name: 'listeners' }) });
  expect(made.response?.status).toBe(201);
  const signal = new AbortController().signal;
  let statuses: (number | string | undefined)[] = [];
  const warnings = await listenerWarnings(async () => {
    // Channel GETs with nothing new wait (longPollMs) before their 204: all 16 are held at once.
    const xs = await Promise.all(Array.from({ length: 16 }, (_, i) => transport.send({ method: 'GET', url: `${channels}listeners/?match[type]=t${i}`, headers, signal })));
    statuses = xs.map((x) => x.response?.status ?? x.error);
  });
  await transport.close();
  expect(statuses).toEqual(Array.from({ length: 16 }, () => 204));
  expect(warnings).toEqual([]);
});

describe('a run at --concurrency 16', () => {
  for (const [id, targetOf] of Object.entries(targets)) {
    it(`${id}: no MaxListenersExceededWarning from the suite or the mock, and the run passes`, async () => {
      const warnings = await listenerWarnings(async () => {
        const { report } = await runSuite({
          profile: getProfile(id)!,
          target: targetOf(mock),
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
      });
      expect(warnings).toEqual([]);
    });
  }
});
