// The taxii21 profile against the mock over real HTTPS, beyond the fault and variant
// matrices: a public feed read without credentials under --read-only (every read case gives
// a verdict or names the data it lacks; every writing case skips saying so), collections
// named with --var, and a server of another version named in one line (both ways), and
// detected by --profile auto.
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMock, type RunningMock } from '../../mock-server/index.js';
import { runSuite, type RunOptions } from '../../suites/core/runner.js';
import { getProfile, PLUGINS } from '../../suites/registry.js';
import { detectTargetProfile } from '../../suites/core/detect-profile.js';
import type { Profile } from '../../suites/core/profile.js';

const taxii21 = getProfile('taxii21')!;
const predraft = getProfile('taxii2-predraft')!;
const everyProfile = PLUGINS.map((p) => p.suite);
let mock: RunningMock;
let origin: string;

beforeAll(async () => {
  mock = await startMock({ port: 0, certCacheDir: path.join(os.tmpdir(), 'taxii-conform-mock-cert-test'), log: () => {}, longPollMs: 600 });
  origin = new URL(mock.url).origin;
});
afterAll(() => mock?.close());

const run = (profile: Profile, target: string, o: Partial<RunOptions> = {}) =>
  runSuite({
    profile,
    target,
    creds: { user: mock.credentials.user, password: mock.credentials.password },
    insecure: true,
    gate: 'must',
    concurrency: 8,
    timeoutMs: 15_000,
    readOnly: false,
    otherProfiles: everyProfile.filter((p) => p.id !== profile.id),
    ...o,
  });

describe('taxii21: a public feed, read-only and without credentials', () => {
  it('every read case gives a verdict from the feed or names what it lacks; every writing case skips saying so', async () => {
    const { report } = await run(taxii21, `${origin}/taxii2/`, { creds: {}, readOnly: true, areas: taxii21.areas.filter((a) => a !== 'tls' && a !== 'srv') });
    expect(report.notes.join('\n')).toMatch(/collection .*Public feed/);
    const reasons = new Set(Object.values(taxii21.variableReasons));
    const byId = new Map(report.cases.map((c) => [c.id, c]));
    for (const c of taxii21.cases().filter((x) => x.area !== 'tls' && x.area !== 'srv')) {
      const r = byId.get(c.id)!;
      expect(['fail', 'error'], `${c.id}: ${r.message}`).not.toContain(r.verdict);
      if (c.needs?.includes('write')) {
        expect(r.verdict, c.id).toBe('skip');
        expect(r.message, c.id).toMatch(/read-only/);
      } else if (r.verdict === 'skip') {
        // A data case whose data the feed lacks, or the authentication cases on a server with authentication off.
        const why = r.message.replace(/ \(expected .*$/, '');
        expect([...reasons].some((x) => why.startsWith(x)) || /authentication is disabled here|needs credentials/.test(why), `${c.id}: ${r.message}`).toBe(true);
      }
    }
    const verdicts = report.cases.filter((c) => c.verdict !== 'skip').length;
    expect(verdicts).toBeGreaterThan(40);
  });

  it('sends nothing but GET and HEAD', async () => {
    const { report } = await run(taxii21, `${origin}/taxii2/`, { creds: {}, readOnly: true, areas: ['objects', 'add-objects', 'delete'] });
    const methods = new Set(report.cases.flatMap((c) => c.evidence.flatMap((e) => (e.kind === 'http' ? [e.request.method] : []))));
    expect([...methods].every((m) => m === 'GET' || m === 'HEAD')).toBe(true);
  });
});

describe('taxii21: --var names what setup would pick', () => {
  it('a named collection is the one the data cases read', async () => {
    const { report: first } = await run(taxii21, `${origin}/taxii2/`, { caseIds: ['collections.list'] });
    const listing = first.cases[0]!.evidence.find((e) => e.kind === 'http');
    const body = JSON.parse(listing && listing.kind === 'http' ? (listing.response?.body ?? '{}') : '{}') as { collections: { id: string; title: string }[] };
    const feed = body.collections.find((c) => /Feed/.test(c.title))!;
    const { report } = await run(taxii21, `${origin}/taxii2/`, { caseIds: ['objects.get'], vars: { collection: feed.id } });
    expect(report.notes.join('\n')).toContain(`named collection ${feed.id}`);
    expect(report.cases[0]!.evidence.some((e) => e.kind === 'http' && e.request.url.includes(`/collections/${feed.id}/objects/`))).toBe(true);
    expect(report.run.options.var).toEqual([`collection=${feed.id}`]);
  });
});

describe('which version the server speaks', () => {
  it('the pre-draft profile against the 2.1 side says the server speaks TAXII 2.1 and how to run it', async () => {
    const { report, versionHint } = await run(predraft, `${origin}/taxii2/`, { areas: ['discovery'] });
    expect(versionHint).toMatch(/^the server speaks OASIS TAXII 2\.1, not TAXII 2\.0 pre-draft v0\.2 \(.*\): run it with --profile taxii21$/);
    expect(report.notes[0]).toContain('--profile taxii21');
  });

  it('the taxii21 profile against the pre-draft side names the pre-draft', async () => {
    const { versionHint } = await run(taxii21, `${origin}/taxii/`, { areas: ['discovery'] });
    expect(versionHint).toMatch(/speaks TAXII 2\.0 pre-draft v0\.2.*--profile taxii2-predraft$/);
  });

  it('no hint when the server speaks the profile run', async () => {
    const { versionHint } = await run(taxii21, `${origin}/taxii2/`, { areas: ['discovery'] });
    expect(versionHint).toBeUndefined();
  });

  it('--profile auto finds the version of each side', async () => {
    const o = { profiles: everyProfile, creds: { user: mock.credentials.user, password: mock.credentials.password }, insecure: true, timeoutMs: 15_000 };
    expect((await detectTargetProfile({ ...o, target: `${origin}/taxii2/` }))?.profile.id).toBe('taxii21');
    expect((await detectTargetProfile({ ...o, target: `${origin}/taxii/` }))?.profile.id).toBe('taxii2-predraft');
  });
});
