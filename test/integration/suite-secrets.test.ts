// The suite as a vendor runs it with real credentials, against servers on 127.0.0.1 that
// record what they get: the credentials go only to the origin the user gave (and the ones
// --allow-origin names), never over plain HTTP; a URL's user:password@ logs in and is printed
// nowhere; and a server that echoes every credential it gets back gets none of them into any
// report (console, report.json, junit.xml, index.html).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { run, type RunArgs } from '../../bin/commands/run.js';
import { runSuite } from '../../suites/core/runner.js';
import { taxii2Predraft } from '../../suites/taxii2-predraft/profile.js';
import type { RunReport } from '../../suites/core/types.js';
import { startRecordingServer, type RecordingServer } from '../helpers/recording-server.js';
import { hasDnsmasq, NO_DNSMASQ_MESSAGE, startDnsmasq, type RunningDnsmasq } from '../helpers/dnsmasq.js';

const AREAS = ['discovery', 'api-base', 'auth'];
let dir: string;
const servers: RecordingServer[] = [];

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'taxii-conform-secrets-'));
});
afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function server(o: Parameters<typeof startRecordingServer>[0] = {}): Promise<RecordingServer> {
  const s = await startRecordingServer(o);
  servers.push(s);
  return s;
}

/**
 * Requests that carried the run's credentials or anything made from them: Basic as the run's
 * user (its password, or the wrong-password case's), any Bearer but the garbage one. The
 * secret-free modes (an unknown user, `Bearer not-a-token`, another scheme) may go anywhere.
 */
const withAuth = (s: RecordingServer): string[] =>
  s.requests
    .filter((r) => {
      const a = r.authorization ?? '';
      const basic = /^Basic (\S+)$/.exec(a)?.[1];
      if (basic) return Buffer.from(basic, 'base64').toString('utf8').startsWith('alice:');
      return /^Bearer /.test(a) && a !== 'Bearer not-a-token';
    })
    .map((r) => `${r.method} ${r.path}: ${r.authorization}`);

/** A CLI run writing every report; returns the exit code, the console output and each report file's text. */
async function cliRun(args: Partial<RunArgs> & { url: string }): Promise<{ code: number; console: string; files: Record<string, string>; report: RunReport }> {
  const reportDir = fs.mkdtempSync(path.join(dir, 'run-'));
  let out = '';
  const code = await run(
    {
      profile: 'taxii2-predraft',
      insecure: true,
      area: AREAS,
      gate: 'must',
      'report-dir': reportDir,
      format: 'console,json,junit,html',
      concurrency: 8,
      timeout: 5000,
      'read-only': false,
      verbose: true,
      progress: false,
      ...args,
    },
    (s) => (out += s),
  );
  const files = Object.fromEntries(['report.json', 'junit.xml', 'index.html'].map((f) => [f, fs.readFileSync(path.join(reportDir, f), 'utf8')]));
  return { code, console: out, files, report: JSON.parse(files['report.json']!) as RunReport };
}

describe('credentials go only to the origin given and to --allow-origin, never over plain HTTP', () => {
  async function setupServers(): Promise<{ target: RecordingServer; other: RecordingServer; plain: RecordingServer }> {
    const plain = await server({ plain: true, nothing: true });
    const other = await server();
    // The Discovery lists a plain-HTTP API Base first, then one on another origin.
    const target = await server({ apiBases: () => [`${plain.origin}/api1/`, `${other.origin}/api1/`] });
    return { target, other, plain };
  }
  const runAgainst = (target: RecordingServer, allowOrigins?: string[]) =>
    runSuite({
      profile: taxii2Predraft,
      target: target.url,
      creds: { user: 'alice', password: 'alice-pw-1' },
      ...(allowOrigins ? { allowOrigins } : {}),
      insecure: true,
      areas: AREAS,
      gate: 'must',
      concurrency: 8,
      timeoutMs: 5000,
      readOnly: false,
    });

  it('a Discovery that lists API Bases elsewhere gets its verdicts without the credentials being sent there', async () => {
    const { target, other, plain } = await setupServers();
    const { report } = await runAgainst(target);
    expect(withAuth(target).length).toBeGreaterThan(0);
    // A plain-HTTP API Base is not tested at all (discovery.api-bases-https fails on it).
    expect(plain.requests).toEqual([]);
    expect(other.requests.length).toBeGreaterThan(3);
    expect(withAuth(other)).toEqual([]);
    // Not even the token request: its credential is its point, so it is not sent at all.
    expect(other.requests.filter((r) => r.path.endsWith('/token/'))).toEqual([]);
    // The report says what was not sent where, once per origin.
    const notes = report.notes ?? [];
    expect(notes.filter((n) => n.startsWith(`credentials not sent to ${other.origin}:`))).toHaveLength(1);
    expect(notes.filter((n) => n.startsWith(`API Bases of the Discovery message not tested: "${plain.origin}/api1/" is plain HTTP`))).toHaveLength(1);
    // A case whose credential is its point skips, saying why; one in the default mode says its request went without.
    const byId = new Map(report.cases.map((c) => [c.id, c]));
    expect(byId.get('auth.basic-accepted')?.verdict).toBe('skip');
    expect(byId.get('auth.basic-accepted')?.message).toMatch(`--allow-origin ${other.origin}`);
    expect(byId.get('auth.wrong-password')?.verdict).toBe('skip');
    expect(byId.get('auth.bearer-alg-none')?.verdict).toBe('skip');
    expect(byId.get('api-base.get')?.message).toMatch(`credentials not sent to ${other.origin}`);
    // Secret-free modes still reach it.
    expect(byId.get('auth.unknown-user')?.verdict).not.toBe('skip');
  });

  it('--allow-origin lets them go to that origin too, and still never over plain HTTP', async () => {
    const { target, other, plain } = await setupServers();
    const { report } = await runAgainst(target, [other.origin]);
    expect(withAuth(other).length).toBeGreaterThan(3);
    expect(other.requests.some((r) => r.method === 'POST' && r.path === '/api1/token/' && /^Basic /.test(r.authorization ?? ''))).toBe(true);
    expect(withAuth(plain)).toEqual([]);
    expect(report.notes?.some((n) => n.includes(other.origin))).toBe(false);
    expect(report.cases.find((c) => c.id === 'auth.basic-accepted')?.verdict).toBe('pass');
  });
});

describe('a URL with user:password@', () => {
  it('logs in with them and prints the URL without them in the console and every report', async () => {
    const target = await server();
    const url = target.url.replace('https://', 'https://bob:pa%24%24-w0rd@');
    const r = await cliRun({ url });
    expect(r.code).toBe(1); // the minimal server fails cases; what matters is what it got and what is printed
    expect(target.requests[0]?.authorization).toBe(`Basic ${Buffer.from('bob:pa$$-w0rd').toString('base64')}`);
    expect(r.report.target).toBe(target.url);
    for (const [name, text] of Object.entries({ console: r.console, ...r.files })) {
      for (const leak of ['pa%24%24-w0rd', 'pa$$-w0rd', 'bob:', 'bob%3A']) expect(text.includes(leak), `${name} holds ${leak}`).toBe(false);
    }
    expect(r.files['junit.xml']).toContain(`<property name="target" value="${target.url}"/>`);
    expect(r.files['index.html']).toMatch(new RegExp(`<title>[^<]*${target.url.replace(/[./]/g, '\\$&')}</title>`));
  });

  it('is refused by the library too, where it would reach every report', async () => {
    await expect(
      runSuite({ profile: taxii2Predraft, target: 'https://bob:pw@127.0.0.1:1/taxii/', creds: {}, insecure: true, gate: 'must', concurrency: 1, timeoutMs: 1000, readOnly: true }),
    ).rejects.toThrow(/carries user:password@/);
  });

  it('refuses credentials given twice, and a password without a user', async () => {
    await expect(cliRun({ url: 'https://bob:pw@127.0.0.1:1/taxii/', user: 'alice' })).rejects.toThrow(/user is given twice/);
    await expect(cliRun({ url: 'https://bob:pw@127.0.0.1:1/taxii/', password: 'x' })).rejects.toThrow(/password is given twice/);
    await expect(cliRun({ url: 'https://:pw@127.0.0.1:1/taxii/' })).rejects.toThrow(/password without a user/);
  });

  it('--allow-origin over plain HTTP is a usage error', async () => {
    await expect(cliRun({ url: 'https://127.0.0.1:1/taxii/', 'allow-origin': ['http://127.0.0.1:2'] })).rejects.toThrow(/never go over plain HTTP/);
  });
});

describe('a server that echoes every credential it gets', () => {
  const forms = (user: string, password: string): string[] => {
    const pair = Buffer.from(`${user}:${password}`);
    return [password, encodeURIComponent(password), pair.toString('base64'), pair.toString('base64').replace(/=+$/, ''), pair.toString('base64url')];
  };
  const leaks = (r: { console: string; files: Record<string, string> }, secrets: string[]): string[] =>
    Object.entries({ console: r.console, ...r.files }).flatMap(([name, text]) => secrets.filter((s) => text.includes(s)).map((s) => `${name}: ${s}`));

  it('gets no form of the password or of the issued token into any report', async () => {
    const issued = 'iss-T0ken.abc_DEF-123';
    const target = await server({ echo: true, token: issued });
    const password = 'S3cr3t p@ss+w0rd';
    const r = await cliRun({ url: target.url, user: 'alice', password });
    // The server did get them (and echoed them: the test is not vacuous).
    expect(target.requests.some((q) => q.authorization === `Bearer ${issued}`)).toBe(true);
    expect(r.report.cases.flatMap((c) => c.evidence).some((e) => e.response?.headers['x-echo-authorization'] === 'Basic [redacted]')).toBe(true);
    expect(leaks(r, [...forms('alice', password), issued, encodeURIComponent(issued)])).toEqual([]);
  });

  it('gets none into the notes either, where setup quotes what the server answered', async () => {
    const target = await server({ echo: true, nothing: true });
    const password = 'N0tes-pw:x';
    const r = await cliRun({ url: target.url, user: 'alice', password });
    const setupNote = r.report.notes?.find((n) => n.includes('Location: https://login.invalid/'));
    expect(setupNote).toMatch(/auth=Basic%20\[redacted\]&pw=\[redacted\]/);
    expect(leaks(r, forms('alice', password).concat(encodeURIComponent(Buffer.from(`alice:${password}`).toString('base64'))))).toEqual([]);
  });

  it('gets no form of a --token into any report', async () => {
    const token = 'cli-t0ken-Zx9_Q';
    const target = await server({ echo: true });
    const r = await cliRun({ url: target.url, token });
    expect(target.requests.some((q) => q.authorization === `Bearer ${token}`)).toBe(true);
    expect(leaks(r, [token, encodeURIComponent(token), Buffer.from(token).toString('base64')])).toEqual([]);
  });

  it('redacts a common-word password as a whole token: application/taxii+json stays whole', async () => {
    for (const password of ['json', 'application']) {
      const target = await server({ echo: true });
      const r = await cliRun({ url: target.url, user: 'alice', password });
      const json = r.files['report.json']!;
      expect(leaks(r, forms('alice', password).slice(2))).toEqual([]);
      expect(json).toContain('application/taxii+json');
      expect(json).not.toMatch(/\[redacted\]\+json|application\/\[redacted\]|\[redacted\]\/taxii/);
      // The echoed password itself is gone: it stood alone between quotes.
      expect(json).toContain('\\"password\\":\\"[redacted]\\"');
    }
  });
});

describe.skipIf(!hasDnsmasq)(hasDnsmasq ? '--srv: an SRV target outside the queried domain' : NO_DNSMASQ_MESSAGE, () => {
  let dnsmasq: RunningDnsmasq | undefined;
  afterEach(async () => {
    await dnsmasq?.stop();
    dnsmasq = undefined;
  });

  it('is warned about (stderr and a note) before anything is sent there, and gets no credentials; one inside the domain does', async () => {
    const events: string[] = [];
    const outside = await server({ onRequest: (r) => events.push(`request ${r.method} ${r.path}`) });
    const inside = await server();
    dnsmasq = await startDnsmasq({
      srv: [
        { name: '_taxii._tcp.vendor.test', target: 'taxii.elsewhere.test', port: outside.port },
        { name: '_taxii._tcp.own.test', target: 'taxii.own.test', port: inside.port },
      ],
      hosts: ['taxii.elsewhere.test', 'taxii.own.test'].map((name) => ({ name, address: '127.0.0.1' })),
      local: ['vendor.test', 'own.test', 'elsewhere.test'],
    });
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => {
      events.push(`stderr ${String(s)}`);
      return true;
    });
    try {
      const base = { profile: taxii2Predraft, dnsServer: dnsmasq.server, creds: { user: 'alice', password: 'alice-pw-2' }, insecure: true, areas: ['discovery', 'auth'], gate: 'must' as const, concurrency: 4, timeoutMs: 5000, readOnly: false };
      const away = await runSuite({ ...base, srv: { domain: 'vendor.test' }, onWarning: (w) => process.stderr.write(`taxii-conform: warning: ${w}\n`) });
      expect(outside.requests.length).toBeGreaterThan(0);
      expect(withAuth(outside)).toEqual([]);
      expect(events[0]).toMatch(/^stderr taxii-conform: warning: the SRV record of _taxii\._tcp\.vendor\.test names taxii\.elsewhere\.test, outside vendor\.test: credentials are not sent there/);
      expect(away.report.notes?.some((n) => /names taxii\.elsewhere\.test, outside vendor\.test/.test(n))).toBe(true);

      const home = await runSuite({ ...base, srv: { domain: 'own.test' } });
      expect(withAuth(inside).length).toBeGreaterThan(0);
      expect(home.report.notes?.some((n) => /outside/.test(n))).toBe(false);
    } finally {
      stderr.mockRestore();
    }
  });
});
