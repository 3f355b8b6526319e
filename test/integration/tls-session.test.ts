// The TLS cases node:tls alone cannot answer, against OpenSSL's s_server: 0-RTT (the
// max_early_data_size of the session tickets, tls.no-early-data) and client certificates
// (a CertificateRequest read from the server's flight, in clear at TLS 1.2 and decrypted at
// TLS 1.3; what the server does with a certificate no one trusts, tls.client-certificate).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run, type RunArgs } from '../../bin/commands/run.js';
import type { RunReport } from '../../suites/core/types.js';
import { runTlsStep } from '../../suites/core/steps/tls.js';
import { evaluateAs } from '../../suites/core/assertions.js';
import type { AssertionEnv } from '../../suites/core/assertions/kind.js';
import { sessionMaxEarlyData } from '../../suites/probes/tls-session.js';
import { hasOpenssl, makeCert, startSServer, stopAllSServers, type TestCert } from '../helpers/s-server.js';

let dir: string;
let server: TestCert;
let ca: TestCert;

beforeAll(async () => {
  if (!hasOpenssl) return;
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'taxii-conform-tls-session-'));
  server = await makeCert(dir, 'server');
  ca = await makeCert(dir, 'ca', { ca: true, commonName: 'taxii-conform test CA' });
});

afterAll(async () => {
  await stopAllSServers();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const env = { vars: {}, validate: () => ({ valid: true, errors: [] }) } as unknown as AssertionEnv;
const opts = { timeoutMs: 5000, rerun: 'taxii-conform run …' };

/** Runs the taxii21 case `id` against `url` the way a user does, and returns its result. */
async function runCase(url: string, id: string): Promise<RunReport['cases'][number]> {
  const reportDir = fs.mkdtempSync(path.join(dir, 'run-'));
  const args: RunArgs = { url, profile: 'taxii21', insecure: true, case: [id], gate: 'should', 'report-dir': reportDir, format: 'json', concurrency: 2, timeout: 5000, 'read-only': true, verbose: false };
  await run(args, () => undefined);
  const report = JSON.parse(fs.readFileSync(path.join(reportDir, 'report.json'), 'utf8')) as RunReport;
  return report.cases.find((c) => c.id === id)!;
}

describe.skipIf(!hasOpenssl)('tls.no-early-data against openssl s_server', () => {
  it('fails a server whose tickets allow early data (s_server -early_data)', async () => {
    const s = await startSServer({ cert: server.cert, key: server.key, www: false, extraArgs: ['-early_data'] });
    const c = await runCase(`https://127.0.0.1:${s.port}/`, 'tls.no-early-data');
    expect(c.verdict, c.message).toBe('fail');
    expect(c.message).toMatch(/max_early_data_size 16384/);
    await s.stop();
  });

  it('passes the same server without -early_data: its tickets carry no early_data extension', async () => {
    const s = await startSServer({ cert: server.cert, key: server.key, www: false });
    const c = await runCase(`https://127.0.0.1:${s.port}/`, 'tls.no-early-data');
    expect(c.verdict, c.message).toBe('pass');
    expect(c.message).toMatch(/TLS 1\.3, \d session ticket\(s\), max_early_data_size 0/);
    await s.stop();
  });

  it('judges nothing when the server refuses the connection (a client certificate required, none given): no pass', async () => {
    for (const flags of [[], ['-tls1_2']]) {
      const s = await startSServer({ cert: server.cert, key: server.key, www: false, flags, extraArgs: ['-Verify', '1', '-verify_return_error', '-CAfile', ca.cert] });
      const { outcome } = await runTlsStep({ earlyData: true }, `https://127.0.0.1:${s.port}/`, opts);
      await s.stop();
      expect(outcome.kind, JSON.stringify(outcome)).toBe('failed');
      expect(outcome.kind === 'failed' ? outcome.message : '').toMatch(/refused the connection .*no session ticket to judge/);
      if (flags.length === 0) expect(outcome.kind === 'failed' ? outcome.message : '').toMatch(/requires a TLS client certificate \(--client-cert and --client-key\)/);
    }
  });

  it('passes a TLS 1.2-only server (no TLS 1.3, no 0-RTT), saying so', async () => {
    const s = await startSServer({ cert: server.cert, key: server.key, flags: ['-tls1_2'] });
    const c = await runCase(`https://127.0.0.1:${s.port}/`, 'tls.no-early-data');
    expect(c.verdict, c.message).toBe('pass');
    expect(c.message).toMatch(/TLSv1\.2: no TLS 1\.3/);
    await s.stop();
  });
});

describe('sessionMaxEarlyData', () => {
  it('reads nothing from octets that are no SSL_SESSION, without throwing', () => {
    expect(sessionMaxEarlyData(Buffer.from([0x30, 0x84, 0xff, 0xff, 0xff, 0xff]))).toBeUndefined();
    expect(sessionMaxEarlyData(Buffer.from('not der'))).toBeUndefined();
    expect(sessionMaxEarlyData(Buffer.alloc(0))).toBeUndefined();
  });
});

describe.skipIf(!hasOpenssl)('tls.client-certificate probe against openssl s_server', () => {
  async function probe(args: string[], flags: string[] = []) {
    const s = await startSServer({ cert: server.cert, key: server.key, extraArgs: args, flags });
    const url = `https://127.0.0.1:${s.port}/collections/`;
    const { outcome } = await runTlsStep({ clientCertificate: true }, url, opts);
    await s.stop();
    if (outcome.kind !== 'client-certificate') throw new Error(`no client-certificate outcome: ${JSON.stringify(outcome)}`);
    const requested = evaluateAs({ clientCertificate: 'requested' }, 'tls', outcome, env);
    const refused = evaluateAs({ clientCertificate: 'untrusted-refused' }, 'tls', outcome, env);
    return { report: outcome.report, requested, refused };
  }

  it('sees no CertificateRequest from a server that asks for none (TLS 1.3 flight decrypted): the case skips', async () => {
    const r = await probe([]);
    expect(r.requested.ok).toBe(false);
    expect(r.report.requestSeen).toMatch(/no CertificateRequest in the server's TLS 1\.3 flight/);
  });

  it('sees the CertificateRequest at TLS 1.3 and TLS 1.2, and passes a PKIX server that refuses the untrusted certificate', async () => {
    for (const flags of [[], ['-tls1_2']]) {
      const r = await probe(['-Verify', '1', '-verify_return_error', '-CAfile', ca.cert], flags);
      expect(r.requested.ok, r.report.requestSeen).toBe(true);
      expect(r.report.requestSeen).toMatch(flags.length ? /TLS 1\.2 flight, in clear/ : /TLS 1\.3 flight, decrypted/);
      expect(r.refused.ok, r.refused.actual).toBe(true);
      expect(r.refused.actual).toMatch(/refused: .*unknown ca/);
    }
  });

  it('fails a server that requires a certificate and takes the untrusted one (verify errors ignored)', async () => {
    const r = await probe(['-Verify', '1', '-CAfile', ca.cert]);
    expect(r.requested.ok).toBe(true);
    expect(r.refused.ok, r.refused.actual).toBe(false);
    expect(r.refused.actual).toMatch(/answered 200, without a certificate refused .*: the certificate was taken as credentials/);
  });

  it('passes a server that asks, takes the certificate, and gives it nothing anonymous access lacks', async () => {
    const r = await probe(['-verify', '1']);
    expect(r.requested.ok).toBe(true);
    expect(r.refused.ok, r.refused.actual).toBe(true);
    expect(r.refused.actual).toMatch(/answered 200 with it and without it: it changed nothing/);
  });
});
