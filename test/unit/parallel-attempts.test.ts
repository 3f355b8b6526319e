// A parallel group with attempts: an attempt whose overlap did not happen (a member's
// precondition did not hold) is inconclusive: its checks are dropped, the `beforeRetry` steps
// run again and the group runs again; every attempt inconclusive skips the case; a probe that
// fails is an error at once. A scripted transport (no sockets) answers in a set order.
import { describe, expect, it } from 'vitest';
import { executeCase, type CaseEnv } from '../../suites/core/case-executor.js';
import { CredentialScope } from '../../suites/core/credentials.js';
import { Scrubber } from '../../suites/core/evidence.js';
import { taxii2Predraft } from '../../suites/taxii2-predraft/profile.js';
import type { HttpExchange, HttpRequest, HttpTransport } from '../../suites/probes/http.js';
import type { LoadedCase } from '../../suites/core/types.js';

const URL = 'https://127.0.0.1:1/api/channels/c/';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const theCase: LoadedCase = {
  id: 'long-poll.scripted',
  area: 'long-poll',
  title: 'scripted',
  section: 's',
  level: 'SHOULD',
  requirements: ['R'],
  steps: [
    { name: 'subscribe', request: { method: 'GET', url: URL }, require: [{ reason: 'no subscription', status: [200, 204] }] },
    {
      name: 'wake',
      attempts: 3,
      beforeRetry: ['subscribe'],
      parallel: [
        {
          name: 'wait',
          request: { method: 'GET', url: URL },
          require: [{ reason: 'no overlap', answeredAfter: { step: 'post', ifStatus: [204] } }],
          expect: [
            { level: 'SHOULD', requirement: 'R', status: 200 },
            { level: 'SHOULD', requirement: 'R', answeredWithin: { step: 'post', ms: 1000 } },
          ],
        },
        { name: 'post', delayMs: 40, request: { method: 'POST', url: URL, json: {} }, require: [{ reason: 'not accepted', statusClass: '2xx' }] },
      ],
    },
  ],
};

/** How the scripted server answers: the waiting GET of each attempt, and the POST. */
interface Script {
  /** The n-th waiting GET (1-based): 204 at once, or 200 or 204 once the POST of its attempt was answered. */
  wait(n: number): 'early-204' | 'woken-200' | 'late-204' | 'woken-late-200';
  post?: 'refused-connection';
}

function run(script: Script) {
  const sent = { subscribe: 0, wait: 0, post: 0 };
  let posted: () => void = () => undefined;
  let answeredPost = new Promise<void>((r) => (posted = r));
  let waiting = false;
  const answer = (req: HttpRequest, status: number, started: number): HttpExchange => ({
    request: req,
    response: { status, headers: {}, body: Buffer.alloc(0), bodyBytes: 0, truncated: false },
    durationMs: Math.round(performance.now() - started),
    headersAt: performance.now(),
  });
  const transport = {
    send: async (req: HttpRequest): Promise<HttpExchange> => {
      const started = performance.now();
      if (req.method === 'POST') {
        sent.post++;
        await sleep(5);
        if (script.post === 'refused-connection') return { request: req, error: 'connection refused', durationMs: 5 };
        const x = answer(req, 202, started);
        posted();
        return x;
      }
      // The first GET of the case, and each GET of `beforeRetry`, come while no wait is under way.
      if (!waiting) {
        waiting = true;
        sent.subscribe++;
        await sleep(2);
        return answer(req, 204, started);
      }
      const n = ++sent.wait;
      const how = script.wait(n);
      if (how === 'early-204') await sleep(10);
      else await answeredPost.then(() => sleep(how === 'woken-late-200' ? 1200 : 5));
      // The next attempt starts with a subscribing GET, then a wait, then a POST.
      waiting = false;
      answeredPost = new Promise<void>((r) => (posted = r));
      return answer(req, how === 'late-204' || how === 'early-204' ? 204 : 200, started);
    },
  } as unknown as HttpTransport;
  const env: CaseEnv = {
    profile: taxii2Predraft,
    transport,
    scrubber: new Scrubber(),
    creds: { user: 'u', password: 'p' },
    scope: new CredentialScope(['https://127.0.0.1:1/']),
    insecure: true,
    runId: '0badf00d',
    vars: new Map(),
    readOnly: false,
    timeoutMs: 10_000,
    signal: new AbortController().signal,
    track: () => undefined,
  };
  return executeCase(theCase, env).then((r) => ({ r, sent }));
}

describe('a parallel group with attempts', () => {
  it('retries an inconclusive attempt (the GET ended 204 before the POST was answered): the next one decides', async () => {
    const { r, sent } = await run({ wait: (n) => (n === 1 ? 'early-204' : 'woken-200') });
    expect(r.verdict, r.message).toBe('pass');
    expect(r.message).toMatch(
      /^2 check\(s\) held — attempt 1 of 3 inconclusive: no overlap \(expected an answer after "post" was answered \(when the status is 204\); got answered \d+ ms before "post" was answered \(status 204\)\)$/,
    );
    // The checks of the inconclusive attempt are gone; the subscribing GET ran again before the second.
    expect(r.checks).toHaveLength(2);
    expect(sent).toEqual({ subscribe: 2, wait: 2, post: 2 });
  });

  it('skips, saying so, when every attempt was inconclusive', async () => {
    const { r, sent } = await run({ wait: () => 'early-204' });
    expect(r.verdict).toBe('skip');
    expect(r.message).toMatch(/^inconclusive in 3 attempts: no overlap \(expected an answer after "post" was answered/);
    expect(r.checks).toEqual([]);
    expect(sent).toEqual({ subscribe: 3, wait: 3, post: 3 });
  });

  it('does not retry a conclusive attempt: a 204 after the POST was answered fails its check', async () => {
    const { r, sent } = await run({ wait: () => 'late-204' });
    expect(r.verdict).toBe('warn');
    expect(r.message).toMatch(/^R \(SHOULD\): expected status 200; got status 204/);
    expect(sent).toEqual({ subscribe: 1, wait: 1, post: 1 });
  });

  it('retries an attempt whose only miss is a bound on time (answered 200, but late): the best attempt decides', async () => {
    const { r, sent } = await run({ wait: (n) => (n === 1 ? 'woken-late-200' : 'woken-200') });
    expect(r.verdict, r.message).toBe('pass');
    expect(r.message).toMatch(/attempt 1 of 3 late, tried again \(a bound on time stands on the best attempt\): R: got answered 1\d{3} ms after "post" was answered/);
    expect(r.checks).toHaveLength(2);
    expect(sent).toEqual({ subscribe: 2, wait: 2, post: 2 });
  });

  it('a server late on every attempt fails the bound on time', async () => {
    const { r, sent } = await run({ wait: () => 'woken-late-200' });
    expect(r.verdict).toBe('warn');
    expect(r.message).toMatch(/^R \(SHOULD\): expected an answer within 1000 ms of "post"'s answer; got answered 1\d{3} ms after "post"/);
    expect(r.checks.filter((c) => !c.ok)).toHaveLength(1);
    expect(sent).toEqual({ subscribe: 3, wait: 3, post: 3 });
  });

  it('does not retry a probe that could not run: the case is an error', async () => {
    const { r, sent } = await run({ wait: () => 'early-204', post: 'refused-connection' });
    expect(r.verdict).toBe('error');
    expect(r.message).toMatch(/connection refused/);
    expect(sent.post).toBe(1);
  });
});
