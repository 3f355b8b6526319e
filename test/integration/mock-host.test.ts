// The mock as a host that mounts profiles, over real HTTPS and DNS on loopback: which
// profiles it mounts, where, what each one's entry URL is, what it answers where nothing is
// mounted, and which faults it takes.
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Agent } from 'undici';
import { startMock, type MockOptions, type RunningMock } from '../../mock-server/index.js';
import { discover, DnsError } from '../../suites/probes/dns.js';
import { PREDRAFT_SRV } from '../../suites/taxii2-predraft/profile.js';

const certCacheDir = path.join(os.tmpdir(), 'taxii-conform-mock-cert-test');
const agent = new Agent({ connect: { rejectUnauthorized: false } });
const started: RunningMock[] = [];

async function start(o: MockOptions): Promise<RunningMock> {
  const m = await startMock({ port: 0, certCacheDir, log: () => {}, ...o });
  started.push(m);
  return m;
}

async function get(mock: RunningMock, p: string): Promise<{ status: number; type: string; text: string }> {
  const auth = `Basic ${Buffer.from(`${mock.credentials.user}:${mock.credentials.password}`).toString('base64')}`;
  const r = await agent.request({ origin: `https://127.0.0.1:${mock.port}`, path: p, method: 'GET', headers: { authorization: auth, accept: 'application/taxii+json' } });
  return { status: r.statusCode, type: String(r.headers['content-type']), text: await r.body.text() };
}

afterAll(async () => {
  await Promise.all(started.map((m) => m.close()));
  await agent.close();
});

describe('the mock host', () => {
  it('mounts every profile by default, each at its prefix, and returns every entry URL (url: the default profile\'s)', async () => {
    const mock = await start({});
    const origin = `https://127.0.0.1:${mock.port}`;
    expect(mock.mounted).toEqual([
      { profile: 'taxii2-predraft', prefix: '/', url: `${origin}/taxii/` },
      { profile: 'taxii1', prefix: '/taxii1/', url: `${origin}/taxii1/discovery`, previousVersion: 'taxii-1.1' },
      { profile: 'taxii21', prefix: '/taxii2/', url: `${origin}/taxii2/` },
    ]);
    expect(mock.url).toBe(`${origin}/taxii/`);
    expect(mock.certFile).toMatch(/cert\.pem$/);
  });

  it('--profile taxii1 alone: its entry URL is url, nothing answers at the pre-draft\'s paths, and it has no SRV record', async () => {
    const mock = await start({ profiles: ['taxii1'], dnsPort: 0 });
    expect(mock.mounted.map((m) => m.profile)).toEqual(['taxii1']);
    expect(mock.url).toBe(`https://127.0.0.1:${mock.port}/taxii1/discovery`);
    const a = await get(mock, '/taxii/');
    expect(a.status).toBe(404);
    expect(a.type).toMatch(/^text\/plain/);
    expect(a.text).toMatch(/nothing is served at \/taxii\/; profiles are mounted at \/taxii1\//);
    // A 1.x service answers GET with 405 (POST only): it is mounted.
    expect((await get(mock, '/taxii1/discovery')).status).toBe(405);
    const err = await discover(PREDRAFT_SRV, mock.dns!.domain, { server: { host: '127.0.0.1', port: mock.dns!.port }, timeoutMs: 2000 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DnsError);
    expect((err as DnsError).code).toBe('TC_DNS_NXDOMAIN');
  });

  it('the pre-draft alone: its Discovery message names no previous version; its SRV record points at the host', async () => {
    const mock = await start({ profiles: ['taxii2-predraft'], dnsPort: 0 });
    const d = await get(mock, '/taxii/');
    expect(d.status).toBe(200);
    expect(JSON.parse(d.text)).not.toHaveProperty('previous-versions');
    expect((await get(mock, '/taxii1/discovery')).status).toBe(404);
    const found = await discover(PREDRAFT_SRV, mock.dns!.domain, { server: { host: '127.0.0.1', port: mock.dns!.port }, timeoutMs: 2000 });
    expect(found.map((t) => t.url)).toEqual([`https://${mock.dns!.target}:${mock.port}/taxii/`]);
  });

  it('refuses, before listening, an unknown profile, and a profile\'s fault when that profile is not mounted; a host fault applies whatever is mounted', async () => {
    await expect(startMock({ port: 0, certCacheDir, profiles: ['taxii9'] })).rejects.toThrow(/unknown profile "taxii9" \(known: taxii2-predraft, taxii1, taxii21\)/);
    await expect(startMock({ port: 0, certCacheDir, profiles: ['taxii1'], faults: ['no-405'] })).rejects.toThrow(
      /the fault "no-405" is the taxii2-predraft profile's, which is not mounted \(mounted: taxii1\)/,
    );
    await expect(startMock({ port: 0, certCacheDir, faults: ['nope'] })).rejects.toThrow(/unknown fault "nope"/);
    const mock = await start({ profiles: ['taxii1'], faults: ['plain-http'] });
    expect(mock.faults).toEqual(['plain-http']);
  });
});
