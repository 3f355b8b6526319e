// DNS SRV discovery as a user runs it: `taxii-conform discover <domain> --dns-server` and
// `taxii-conform run --srv <domain> --dns-server`, in-process, against the mock's own DNS
// responder and against dnsmasq (a real DNS server) pointing at the mock.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run, type RunArgs } from '../../bin/commands/run.js';
import { discoverUrls } from '../../bin/commands/discover.js';
import { startMock, type RunningMock } from '../../mock-server/index.js';
import type { RunReport } from '../../suites/core/types.js';
import { hasDnsmasq, NO_DNSMASQ_MESSAGE, startDnsmasq, type RunningDnsmasq } from '../helpers/dnsmasq.js';

let dir: string;
let mock: RunningMock;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'taxii-conform-srv-'));
  mock = await startMock({ port: 0, longPollMs: 600, dnsPort: 0 });
});
afterAll(async () => {
  await mock?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

async function discoverOut(domain: string, dnsServer: string): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await discoverUrls({ domain, 'dns-server': dnsServer, timeout: 2000, format: 'text' }, (s) => (out += s), (s) => (err += s));
  return { code, out, err };
}

async function runSrv(domain: string, dnsServer: string, extra: Partial<RunArgs> = {}): Promise<{ code: number; report: RunReport }> {
  const reportDir = fs.mkdtempSync(path.join(dir, 'run-'));
  const code = await run(
    {
      srv: domain,
      'dns-server': dnsServer,
      profile: 'taxii2-predraft',
      user: mock.credentials.user,
      password: mock.credentials.password,
      // The mock's Discovery lists its API Bases at https://127.0.0.1:<port>/, another origin
      // than the SRV target's name: the credentials go there only when allowed.
      'allow-origin': [new URL(mock.url).origin],
      insecure: true,
      gate: 'must',
      'report-dir': reportDir,
      format: 'json',
      concurrency: 8,
      // Generous: under a loaded machine a 10 s case limit ended cases in error (no time is asserted here).
      timeout: 30000,
      'read-only': false,
      verbose: false,
      ...extra,
    },
    () => undefined,
  );
  return { code, report: JSON.parse(fs.readFileSync(path.join(reportDir, 'report.json'), 'utf8')) as RunReport };
}

describe('against the mock\'s DNS responder', () => {
  it('discover prints the Discovery URL built from the SRV record', async () => {
    const r = await discoverOut(mock.dns!.domain, `127.0.0.1:${mock.dns!.port}`);
    expect(r.code).toBe(0);
    expect(r.out).toBe(`https://${mock.dns!.target}:${mock.port}/taxii/\n`);
  });

  it('run --srv runs the whole suite through the discovered URL', async () => {
    const { code, report } = await runSrv(mock.dns!.domain, `127.0.0.1:${mock.dns!.port}`);
    expect(report.target).toBe(`https://${mock.dns!.target}:${mock.port}/taxii/`);
    const bad = report.cases.filter((c) => c.verdict !== 'pass' && c.verdict !== 'info');
    expect(bad.map((c) => `${c.id}: ${c.verdict} ${c.message}`)).toEqual([]);
    expect(report.cases.filter((c) => c.area === 'srv' && c.verdict === 'pass')).toHaveLength(5);
    expect(code).toBe(0);
  });

  it('discover says so when there is no record, and when DNS does not answer', async () => {
    const none = await discoverOut('other.test', `127.0.0.1:${mock.dns!.port}`);
    expect(none.code).toBe(1);
    expect(none.err).toMatch(/NXDOMAIN|no such/i);
    const silent = await discoverOut('example.test', '127.0.0.1:9'); // discard port: nothing answers
    expect(silent.code).toBe(3);
    await expect(discoverOut('bad_name..test', '127.0.0.1:53')).rejects.toThrow(/invalid domain name/); // the CLI: exit 2
  });

  it('run --srv with no record and no URL is "target unreachable" (exit 3)', async () => {
    const { code, report } = await runSrv('other.test', `127.0.0.1:${mock.dns!.port}`);
    expect(code).toBe(3);
    expect(report.cases.length).toBeGreaterThan(0);
    expect(report.cases.every((c) => c.verdict === 'error' && /not run: DNS SRV discovery/.test(c.message))).toBe(true);
  });
});

describe.skipIf(!hasDnsmasq)(hasDnsmasq ? 'against dnsmasq' : NO_DNSMASQ_MESSAGE, () => {
  let dnsmasq: RunningDnsmasq;
  beforeAll(async () => {
    dnsmasq = await startDnsmasq({
      srv: [
        { name: '_taxii._tcp.one.test', target: 'taxii.one.test', port: mock.port, priority: 0, weight: 5 },
        { name: '_taxii._tcp.several.test', target: 'backup.several.test', port: mock.port, priority: 20, weight: 1 },
        { name: '_taxii._tcp.several.test', target: 'main.several.test', port: mock.port, priority: 10, weight: 1 },
        { name: '_taxii._tcp.several.test', target: 'dead.several.test', port: 9, priority: 30, weight: 1 },
        { name: '_taxii._tcp.none.test' },
      ],
      hosts: ['taxii.one.test', 'main.several.test', 'backup.several.test', 'dead.several.test'].map((name) => ({ name, address: '127.0.0.1' })),
      local: ['one.test', 'several.test', 'none.test'],
    });
  });
  afterAll(async () => {
    await dnsmasq?.stop();
  });
  const server = (): string => `127.0.0.1:${dnsmasq.port}`;

  it('discover prints one URL for one record', async () => {
    expect(await discoverOut('one.test', server())).toEqual({ code: 0, out: `https://taxii.one.test:${mock.port}/taxii/\n`, err: '' });
  });

  it('discover orders several records by priority', async () => {
    const r = await discoverOut('several.test', server());
    expect(r.code).toBe(0);
    expect(r.out.trim().split('\n')).toEqual([
      `https://main.several.test:${mock.port}/taxii/`,
      `https://backup.several.test:${mock.port}/taxii/`,
      'https://dead.several.test:9/taxii/',
    ]);
  });

  it('discover reports a "." record as no service (exit 1)', async () => {
    const r = await discoverOut('none.test', server());
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/not available|no service|"\."/i);
  });

  it('run --srv with one record: the srv and discovery areas pass', async () => {
    const { code, report } = await runSrv('one.test', server(), { area: ['srv', 'discovery'] });
    expect(report.cases.map((c) => `${c.id}: ${c.verdict}`).filter((l) => !l.endsWith('pass'))).toEqual([]);
    expect(code).toBe(0);
  });

  it('run --srv with a record at a dead port: every-target-serves fails, the first target still serves', async () => {
    const { code, report } = await runSrv('several.test', server(), { area: ['srv'] });
    const byId = new Map(report.cases.map((c) => [c.id, c]));
    expect(byId.get('srv.every-target-serves')?.verdict).toBe('warn');
    expect(byId.get('srv.every-target-serves')?.message).toMatch(/dead\.several\.test:9/);
    expect(byId.get('srv.discovery-answers')?.verdict).toBe('pass');
    expect(code).toBe(0); // SHOULD-level: a warning under --gate must
  });
});
