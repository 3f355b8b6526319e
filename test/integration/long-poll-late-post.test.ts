// A POST that reaches the server late, as on a loaded machine (the demo runs the mock in the
// suite's own process: a busy event loop sends the POST after the mock's wait has ended). The
// transport holds the first sending of each message body for a while, over real HTTPS to the
// mock. A waiting GET that ended (204) before the late POST was acknowledged shows nothing:
// the attempt is inconclusive and tried again, and the case passes. With a long wait the GET
// is still open when the late POST is acknowledged: the wake-up is measured from that
// acknowledgement, not from the GET's start. A server that does not wake still fails.
import { afterAll, describe, expect, it } from 'vitest';
import { startMock, type RunningMock } from '../../mock-server/index.js';
import { executeCase, type CaseEnv } from '../../suites/core/case-executor.js';
import { CredentialScope } from '../../suites/core/credentials.js';
import { Scrubber } from '../../suites/core/evidence.js';
import { HttpTransport, type HttpRequest } from '../../suites/probes/http.js';
import { taxii2Predraft } from '../../suites/taxii2-predraft/profile.js';
import type { CaseResult, HttpEvidence } from '../../suites/core/types.js';

const WOKEN = ['long-poll.wakes-on-post', 'long-poll.every-subscriber', 'long-poll.exactly-once'];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const transports: HttpTransport[] = [];
const mocks: RunningMock[] = [];
afterAll(async () => {
  await Promise.all([...mocks.map((m) => m.close()), ...transports.map((t) => t.close())]);
});

/** Runs one case against a fresh mock whose POSTs of channel content reach it `holdMs` late the first time. */
async function runLate(caseId: string, longPollMs: number, holdMs: number, faults: string[] = []): Promise<CaseResult> {
  const mock = await startMock({ port: 0, longPollMs, faults });
  mocks.push(mock);
  const origin = `https://127.0.0.1:${mock.port}`;
  const real = new HttpTransport({ verify: false, maxBodyBytes: 1 << 20 });
  transports.push(real);
  const held = new Set<string>();
  const transport = {
    send: async (req: HttpRequest) => {
      // Channel content (a taxii-data POST), the first time each body is sent.
      if (req.method === 'POST' && req.body?.includes('"taxii-data"') && !held.has(req.body)) {
        held.add(req.body);
        await sleep(holdMs);
      }
      return real.send(req);
    },
  } as unknown as HttpTransport;
  const runId = Math.random().toString(16).slice(2, 10);
  const env: CaseEnv = {
    profile: taxii2Predraft,
    transport,
    scrubber: new Scrubber(),
    creds: mock.credentials,
    scope: new CredentialScope([origin]),
    insecure: true,
    runId,
    vars: new Map([
      ['apiBase', `${origin}/trustgroup1/`],
      ['runId', runId],
      ['prefix', `tc-${runId}`],
    ]),
    readOnly: false,
    timeoutMs: 15_000,
    signal: new AbortController().signal,
    track: () => undefined,
  };
  return executeCase(taxii2Predraft.cases().find((c) => c.id === caseId)!, env);
}

const show = (r: CaseResult): string => `${r.id}: ${r.verdict} — ${r.message}`;

describe.concurrent('a POST that reaches the server after the waiting GET has ended', () => {
  for (const longPollMs of [200, 600]) {
    for (const id of WOKEN) {
      it(`${id}, wait ${longPollMs} ms: the first attempt is inconclusive, the case passes`, async () => {
        const r = await runLate(id, longPollMs, longPollMs + 300);
        expect(r.verdict, show(r)).toBe('pass');
        expect(r.message).toMatch(/attempt 1 of 3 inconclusive: the GET's wait ended \(204\) before the POST was acknowledged/);
      });
    }
  }
});

describe.concurrent('a POST that reaches the server late, while the GET still waits', () => {
  for (const id of WOKEN) {
    it(`${id}, wait 3000 ms, POST 1500 ms late: the GET woken at once after the acknowledgement passes`, async () => {
      const r = await runLate(id, 3000, 1500);
      expect(r.verdict, show(r)).toBe('pass');
      expect(r.message).not.toMatch(/inconclusive/);
      // The woken GET took longer than a second from its own start: a bound from there would have failed it.
      const waited = r.evidence.filter((e): e is HttpEvidence => e.kind === 'http' && e.request.method === 'GET' && e.response?.status === 200);
      expect(Math.max(...waited.map((e) => e.durationMs))).toBeGreaterThanOrEqual(1500);
    });
  }
});

describe.concurrent('a server that does not wake, with the POST late', () => {
  it('long-poll-stale-204 (wait 600 ms): inconclusive first, then the 204 after the acknowledgement warns', async () => {
    const r = await runLate('long-poll.wakes-on-post', 600, 900, ['long-poll-stale-204']);
    expect(r.verdict, show(r)).toBe('warn');
    expect(r.message).toMatch(/expected status 200; got status 204/);
  });

  it('long-poll-late (wait 3000 ms): the news comes at the end of the wait, long after the acknowledgement: warns', async () => {
    const r = await runLate('long-poll.wakes-on-post', 3000, 1500, ['long-poll-late']);
    expect(r.verdict, show(r)).toBe('warn');
    expect(r.message).toMatch(/within 1000 ms of "post"'s answer; got answered \d+ ms after "post" was answered \(status 200\)/);
  });
});
