// --read-only is enforced in the transport: against a server on 127.0.0.1 that records every
// request, a whole --read-only run sends only GET and HEAD, and the one write-free POST of the
// pre-draft (the token request). A case that writes without saying so is refused unsent and
// skips; TAXII 1.x (where every message is a POST) sends only its read messages.
import { afterEach, describe, expect, it } from 'vitest';
import { runSuite, type RunOptions } from '../../suites/core/runner.js';
import { taxii2Predraft, isTokenRequest } from '../../suites/taxii2-predraft/profile.js';
import { taxii1, isReadRequest } from '../../suites/taxii1/profile.js';
import { READ_ONLY_REFUSAL } from '../../suites/probes/http.js';
import type { LoadedCase } from '../../suites/core/types.js';
import { startMock } from '../../mock-server/index.js';
import { startRecordingServer, type RecordingServer } from '../helpers/recording-server.js';

const servers: RecordingServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function recording(): Promise<RecordingServer> {
  const s = await startRecordingServer();
  servers.push(s);
  return s;
}

const base = (target: string, readOnly: boolean): RunOptions => ({
  profile: taxii2Predraft,
  target,
  creds: { user: 'alice', password: 'alice-pw-3' },
  insecure: true,
  gate: 'must',
  concurrency: 8,
  timeoutMs: 5000,
  readOnly,
});

const writes = (s: RecordingServer): string[] =>
  s.requests.filter((r) => r.method !== 'GET' && r.method !== 'HEAD' && !isTokenRequest({ method: r.method, url: `${s.origin}${r.path}` })).map((r) => `${r.method} ${r.path}`);

describe('taxii2-predraft', () => {
  it('a whole --read-only run sends only GET, HEAD and the token POST; without --read-only the same server sees the writes', async () => {
    const ro = await recording();
    const { report } = await runSuite(base(ro.url, true));
    expect(report.cases.length).toBe(taxii2Predraft.cases().length);
    expect(ro.requests.length).toBeGreaterThan(50);
    expect(writes(ro)).toEqual([]);
    expect(ro.requests.some((r) => r.method === 'POST' && r.path === '/api1/token/')).toBe(true);
    const byId = new Map(report.cases.map((c) => [c.id, c]));
    expect(byId.get('status-codes.405-method-not-allowed')?.message).toBe(READ_ONLY_REFUSAL);
    expect(byId.get('auth.token-issued')?.verdict).not.toBe('skip');

    // The control: the recording server does see writes when the run may write.
    const rw = await recording();
    await runSuite({ ...base(rw.url, false), areas: ['status-codes'] });
    expect(writes(rw).some((w) => /^PATCH \/api1\/channels\/tc-[0-9a-f]{8}-s405\/$/.test(w))).toBe(true);
    // Never a destructive verb on what the run did not create: every write but a create names a tc-<run id>- resource.
    expect(writes(rw).filter((w) => !/^POST \/api1\/(channels|collections)\/$/.test(w) && !/tc-[0-9a-f]{8}-/.test(w))).toEqual([]);
  });

  it('a case that writes without being marked so is refused unsent by the transport and skips, saying why', async () => {
    const unmarked: LoadedCase = {
      id: 'status-codes.unmarked-delete',
      area: 'status-codes',
      title: 'a DELETE not marked as writing',
      section: 'test',
      level: 'SHOULD',
      requirements: ['T2-STATUS-405'],
      steps: [{ request: { method: 'DELETE', url: '{apiBase}' }, expect: [{ level: 'SHOULD', requirement: 'T2-STATUS-405', status: 405 }] }],
    };
    const profile = { ...taxii2Predraft, cases: () => [unmarked] };
    const ro = await recording();
    const { report } = await runSuite({ ...base(ro.url, true), profile });
    expect(report.cases[0]?.verdict).toBe('skip');
    expect(report.cases[0]?.message).toBe(READ_ONLY_REFUSAL);
    expect(report.cases[0]?.evidence).toEqual([]);
    expect(ro.requests.filter((r) => r.method === 'DELETE')).toEqual([]);

    const rw = await recording();
    await runSuite({ ...base(rw.url, false), profile });
    expect(rw.requests.filter((r) => r.method === 'DELETE').map((r) => r.path)).toEqual(['/api1/']);
  });
});

describe('taxii1', () => {
  it('a --read-only run sends only read messages (malformed ones included) and its read cases still pass', async () => {
    const mock = await startMock({ port: 0 });
    try {
      const { report } = await runSuite({
        profile: taxii1,
        target: `${mock.url.replace(/\/taxii\/?$/, '')}/taxii1/discovery`,
        creds: { user: mock.credentials.user, password: mock.credentials.password },
        insecure: true,
        gate: 'must',
        concurrency: 8,
        timeoutMs: 15_000,
        readOnly: true,
      });
      const sent = report.cases.flatMap((c) => c.evidence.map((e) => ({ id: c.id, method: e.request.method, body: e.request.body ?? '' })));
      expect(sent.length).toBeGreaterThan(30);
      expect(sent.filter((s) => s.method !== 'GET' && s.method !== 'HEAD' && !isReadRequest(s)).map((s) => `${s.id}: ${s.method} ${s.body.slice(0, 80)}`)).toEqual([]);
      const byId = new Map(report.cases.map((c) => [c.id, c]));
      for (const id of ['errors.bad-message-malformed', 'errors.bad-message-dtd', 'headers.error-headers', 'poll.open-range']) expect(byId.get(id)?.verdict, id).toBe('pass');
      for (const id of ['errors.bad-message-no-subscription-id', 'errors.unrecognized-action', 'feed-management.subscribe', 'inbox.unsolicited']) {
        expect(byId.get(id)?.message, id).toBe(READ_ONLY_REFUSAL);
      }
    } finally {
      await mock.close();
    }
  });
});
