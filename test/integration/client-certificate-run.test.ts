// The user's TLS client certificate (`run --client-cert/--client-key`), against real peers:
// the mock asking for one (taxii21-client-certificates: a verified one authenticates its CN's
// user), the mock's API Roots on another origin (the certificate goes there only with
// --allow-origin), two HTTPS listeners that record what each connection presented, and
// `openssl s_server -Verify 1` (a certificate required on every connection).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import type { TLSSocket } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningMock } from '../../mock-server/index.js';
import { runSuite, type RunOptions } from '../../suites/core/runner.js';
import { getPlugin, PLUGINS } from '../../suites/registry.js';
import { detectTargetProfile } from '../../suites/core/detect-profile.js';
import { authorize, CredentialScope } from '../../suites/core/credentials.js';
import { HttpTransport } from '../../suites/probes/http.js';
import { issueClientCertificate } from '../../suites/probes/client-certificate.js';
import type { AuthMode, ClientIdentity, RunReport } from '../../suites/core/types.js';
import { show, startFor } from '../helpers/matrix-run.js';
import { hasOpenssl, makeCert, startSServer, stopAllSServers } from '../helpers/s-server.js';
import { freePort } from '../../mock-server/free-port.js';

const taxii21 = getPlugin('taxii21')!;
const bad = (r: RunReport): string[] => r.cases.filter((c) => ['fail', 'warn', 'error'].includes(c.verdict)).map(show);
const verdictOf = (r: RunReport, id: string): string => `${r.cases.find((c) => c.id === id)?.verdict}: ${r.cases.find((c) => c.id === id)?.message ?? ''}`;
/** The base64 body of a PEM block: what a leak of it would show. */
const pemBody = (pem: string): string => pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '').slice(0, 64);

async function run(mock: RunningMock, o: Partial<RunOptions>): Promise<RunReport> {
  const { report, unreachable } = await runSuite({
    profile: taxii21.suite,
    target: mock.url,
    probeHttpPort: mock.port,
    creds: {},
    insecure: true,
    gate: 'must',
    concurrency: 8,
    timeoutMs: 15_000,
    readOnly: false,
    ...o,
  });
  expect(unreachable).toBeUndefined();
  return report;
}

// Cases that need the main user's access: the mock grants it to its certificate alone.
const NEEDS_ACCESS = ['add-objects.post', 'versions.get', 'delete.object'];
const AREAS = ['discovery', 'api-root', 'collections', 'objects', 'add-objects', 'auth', 'versions', 'delete'];

describe('the mock asking for client certificates (taxii21-client-certificates)', () => {
  let mock: RunningMock;
  let mine: ClientIdentity;
  beforeAll(async () => {
    mock = await startFor(taxii21, { variants: ['taxii21-client-certificates'] });
    const own = mock.clientCertificates!;
    mine = { cert: own.cert, key: own.key, describe: 'the mock main user', certPath: '/keys/me.pem', keyPath: '/keys/me-key.pem' };
  });
  afterAll(async () => {
    await mock?.close();
  });

  it('a run with the certificate alone presents it: the mock authenticates the main user by it, no case fails, and nothing of it but its name and paths reaches the report', async () => {
    const report = await run(mock, { creds: { clientCert: mine } });
    expect(bad(report)).toEqual([]);
    for (const id of NEEDS_ACCESS) expect(verdictOf(report, id)).toMatch(/^pass/);
    // The cases whose point is a request without valid credentials present no certificate: the mock refuses them.
    expect(verdictOf(report, 'auth.without-credentials')).toMatch(/^pass/);
    expect(report.run.options).toMatchObject({ credentials: 'client certificate', 'client-certificate': 'the mock main user' });
    // tls.client-certificate keeps its meaning: its own untrusted certificate, and a connection without any; never the user's.
    expect(verdictOf(report, 'tls.client-certificate')).toMatch(/^pass/);
    const probe = report.cases.find((c) => c.id === 'tls.client-certificate')!.evidence.flatMap((e) => (e.kind === 'tls' ? [e.reproduce ?? ''] : []));
    expect(probe.join('\n')).toContain('-cert untrusted.pem');
    expect(probe.join('\n')).not.toContain('/keys/me.pem');
    const text = JSON.stringify(report);
    expect(text).not.toContain(pemBody(mine.key));
    expect(text).not.toContain(pemBody(mine.cert));
    // Curl lines replay it from the user's files; the requests without credentials show none.
    const curls = report.cases.flatMap((c) => c.evidence).flatMap((e) => (e.kind === 'http' ? [e.curl] : []));
    expect(curls.some((l) => l.includes("--cert '/keys/me.pem' --key '/keys/me-key.pem'"))).toBe(true);
    const anonymous = report.cases.find((c) => c.id === 'auth.without-credentials')!.evidence.flatMap((e) => (e.kind === 'http' ? [e.curl] : []));
    expect(anonymous.length).toBeGreaterThan(0);
    for (const l of anonymous) expect(l).not.toContain('--cert');
  }, 180_000);

  it('without it the same cases skip for want of credentials (the certificate made the difference)', async () => {
    const report = await run(mock, { caseIds: NEEDS_ACCESS });
    // Setup found nothing it could read and write, nor an object with versions: the public root is all a caller without credentials sees.
    for (const id of NEEDS_ACCESS) expect(verdictOf(report, id)).toMatch(/^skip: /);
  }, 60_000);
});

describe('API Roots on another origin (taxii21-roots-other-origin), the mock asking for client certificates', () => {
  let mock: RunningMock;
  let mine: ClientIdentity;
  beforeAll(async () => {
    mock = await startFor(taxii21, { variants: ['taxii21-client-certificates', 'taxii21-roots-other-origin'] });
    mine = { ...mock.clientCertificates!, describe: 'the mock main user' };
  });
  afterAll(async () => {
    await mock?.close();
  });

  it('without --allow-origin the other origin gets no certificate: its private parts refuse the run, no case fails, the report says why', async () => {
    const report = await run(mock, { creds: { clientCert: mine }, areas: AREAS });
    expect(bad(report)).toEqual([]);
    for (const id of NEEDS_ACCESS) expect(verdictOf(report, id)).toMatch(/^skip/);
    expect(report.notes?.join('\n')).toContain(`credentials not sent to ${mock.otherOrigin}: not the origin of the target given (allow it with --allow-origin ${mock.otherOrigin})`);
  }, 180_000);

  it('with --allow-origin it goes there too, and authenticates', async () => {
    const report = await run(mock, { creds: { clientCert: mine }, areas: AREAS, allowOrigins: [mock.otherOrigin!] });
    expect(bad(report)).toEqual([]);
    for (const id of NEEDS_ACCESS) expect(verdictOf(report, id)).toMatch(/^pass/);
  }, 180_000);
});

describe('what each TLS connection presents, seen by the server', () => {
  /** An HTTPS listener asking every client for a certificate (not requiring one), recording the subject's CN each connection presented ("" for none). */
  async function recorder(server: { cert: string; key: string }): Promise<{ origin: string; seen: string[]; close(): Promise<void> }> {
    const seen: string[] = [];
    const s = https.createServer({ cert: server.cert, key: server.key, requestCert: true, rejectUnauthorized: false }, (req, res) => {
      res.end('ok');
    });
    s.on('secureConnection', (socket: TLSSocket) => {
      const peer = socket.getPeerCertificate();
      seen.push(peer && Object.keys(peer).length > 0 ? String(peer.subject?.CN ?? '?') : '');
    });
    const port = await freePort();
    await new Promise<void>((resolve) => s.listen(port, '127.0.0.1', resolve));
    return { origin: `https://127.0.0.1:${port}`, seen, close: () => new Promise((resolve) => s.close(() => resolve())) };
  }

  it('the target origin gets it on requests with the run\'s credentials; another origin never; requests whose point is to lack credentials never; --profile auto asks with it', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tc-client-cert-'));
    const serverCert = await makeCert(dir, 'server');
    const server = { cert: serverCert.certPem, key: fs.readFileSync(serverCert.key, 'utf8') };
    const issued = await issueClientCertificate({ caName: 'CN=test CA', subject: 'CN=alice', validDays: 1 });
    const mine: ClientIdentity = { cert: issued.cert, key: issued.key, describe: 'alice' };
    const target = await recorder(server);
    const other = await recorder(server);
    const scope = new CredentialScope([`${target.origin}/taxii2/`]);
    const creds = { user: 'alice', password: 'secret-pw', clientCert: mine };
    const transport = new HttpTransport({ verify: false, maxBodyBytes: 1024, clientCertificate: mine });
    try {
      const send = async (mode: AuthMode, origin: string): Promise<void> => {
        const url = `${origin}/taxii2/`;
        const a = await authorize(mode, url, { creds, runId: 'r1', scope });
        const x = await transport.send({ method: 'GET', url, headers: a.value ? { authorization: a.value } : {}, ...(a.clientCert ? { clientCert: a.clientCert } : {}) });
        expect(x.response?.status, x.error).toBe(200);
      };
      for (const mode of ['none', 'wrong-password', 'unknown-user', 'bearer-garbage'] as const) await send(mode, target.origin);
      await send('default', other.origin);
      await send('basic', other.origin).catch(() => undefined); // withheld: not sent at all by the suite; sent here without
      expect(target.seen.filter((s) => s !== '')).toEqual([]);
      await send('default', target.origin);
      await send('basic', target.origin);
      expect(target.seen).toContain('alice');
      expect(other.seen.every((s) => s === ''), other.seen.join()).toBe(true);
      expect(other.seen.length).toBeGreaterThan(0);
      // --profile auto asks the target with the run's credentials: the certificate too.
      const before = target.seen.length;
      await detectTargetProfile({ target: `${target.origin}/taxii2/`, profiles: PLUGINS.map((p) => p.suite), creds: { clientCert: mine }, insecure: true, timeoutMs: 10_000 });
      expect(target.seen.slice(before)).toContain('alice');
      expect(target.seen.slice(before).every((s) => s === 'alice')).toBe(true);
    } finally {
      await transport.close();
      await target.close();
      await other.close();
    }
  }, 60_000);
});

describe.skipIf(!hasOpenssl)('openssl s_server -Verify 1: a client certificate required on every connection', () => {
  let dir: string;
  let ca: Awaited<ReturnType<typeof makeCert>>;
  let server: Awaited<ReturnType<typeof makeCert>>;
  let client: Awaited<ReturnType<typeof makeCert>>;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tc-client-cert-s-server-'));
    ca = await makeCert(dir, 'ca', { commonName: 'taxii-conform test client CA', ca: true });
    server = await makeCert(dir, 'server');
    client = await makeCert(dir, 'client', { commonName: 'mtls-client', issuer: ca, sans: [] });
  });
  afterAll(async () => {
    await stopAllSServers();
  });

  it('without the certificate the TLS connection is refused; with it, accepted (and every probe that connects presents it)', async () => {
    const s = await startSServer({ cert: server.cert, key: server.key, extraArgs: ['-Verify', '1', '-CAfile', ca.cert, '-verify_return_error'] });
    const target = `https://127.0.0.1:${s.port}/taxii2/`;
    const base = { profile: taxii21.suite, target, insecure: true, gate: 'must' as const, concurrency: 1, timeoutMs: 10_000, readOnly: true };
    const without = await runSuite({ ...base, creds: {}, areas: ['discovery'] });
    expect(without.unreachable).toMatch(/the server closed the connection, after a TLS alert: TLS handshake failed: tlsv13 alert certificate required .*: the server requires a TLS client certificate \(--client-cert and --client-key\)/);

    const mine: ClientIdentity = { cert: client.certPem, key: fs.readFileSync(client.key, 'utf8'), describe: 'mtls-client', certPath: client.cert, keyPath: client.key };
    const withIt = await runSuite({ ...base, creds: { clientCert: mine }, caseIds: ['discovery.get', 'tls.no-early-data'] });
    expect(withIt.unreachable, withIt.report.notes?.join('\n')).toBeUndefined();
    // s_server answers its HTML status page, not TAXII: setup read it over a connection s_server accepted.
    expect(withIt.report.notes?.join('\n')).toMatch(/answered 200 \(Content-Type "text\/html"\)/);
    // The session-ticket probe connects for real: it presents the certificate, and its openssl line says so.
    const tickets = withIt.report.cases.find((c) => c.id === 'tls.no-early-data')!;
    expect(tickets.verdict, show(tickets)).toBe('pass');
    const tls = tickets.evidence.find((e) => e.kind === 'tls');
    expect(tls && tls.kind === 'tls' ? tls.reproduce : '').toContain(`-cert '${client.cert}' -key '${client.key}'`);
    expect(s.log()).toMatch(/CN ?= ?mtls-client/);
    expect(JSON.stringify(withIt.report)).not.toContain(pemBody(mine.key));
    await s.stop();
  }, 90_000);

  it('the CLI: without --client-cert/--client-key the target is unreachable, with them it answers; the report names the files and whose certificate it is', async () => {
    const root = path.resolve(import.meta.dirname, '../..');
    spawnSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', root], { stdio: 'ignore' });
    const bin = path.join(root, 'dist/bin/taxii-conform.js');
    const s = await startSServer({ cert: server.cert, key: server.key, extraArgs: ['-Verify', '1', '-CAfile', ca.cert, '-verify_return_error'] });
    const cli = (extra: string[]): { code: number | null; stderr: string; report: RunReport } => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tc-client-cert-cli-'));
      const args = [bin, 'run', `https://127.0.0.1:${s.port}/taxii2/`, '--profile', 'taxii21', '--insecure', '--case', 'discovery.get', '--format', 'json', '--report-dir', dir, '--no-progress', ...extra];
      const r = spawnSync(process.execPath, args, { encoding: 'utf8', timeout: 60_000, env: { ...process.env, NO_COLOR: '1' } });
      return { code: r.status, stderr: r.stderr, report: JSON.parse(fs.readFileSync(path.join(dir, 'report.json'), 'utf8')) as RunReport };
    };
    // Without: the target is unreachable (exit 3), saying what it wants.
    const without = cli([]);
    expect(without.code, without.stderr).toBe(3);
    expect(without.stderr).toMatch(/^taxii-conform: target unreachable: .*tlsv13 alert certificate required.*the server requires a TLS client certificate \(--client-cert and --client-key\)$/m);
    // With: s_server accepts and answers (its HTML page, no TAXII: the gate fails, exit 1).
    const withIt = cli(['--client-cert', client.cert, '--client-key', client.key]);
    expect(withIt.code, withIt.stderr).toBe(1);
    expect(withIt.stderr).not.toContain('unreachable');
    expect(withIt.report.notes?.join('\n')).toMatch(/answered 200 \(Content-Type "text\/html"\)/);
    expect(withIt.report.run.options).toMatchObject({ 'client-cert': client.cert, 'client-key': client.key, credentials: 'client certificate' });
    expect(String(withIt.report.run.options['client-certificate'])).toMatch(/^CN=mtls-client, O=taxii-conform test \(SHA-256 [0-9A-F:]{95}\)$/);
    await s.stop();
  }, 120_000);
});
