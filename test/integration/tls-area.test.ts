// The tls area of the suite, run the way a user runs it (`taxii-conform run <url> --area tls
// --insecure`, in-process), against OpenSSL's s_server configured as a reference server and
// as servers that break one rule each. s_server serves no TAXII at all: the tls area needs none.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseResult } from '../../suites/core/types.js';
import { runTlsArea, type TlsAreaRun } from '../helpers/tls-area-run.js';
import { hasOpenssl, makeCert, startSServer, stopAllSServers, type RunningSServer, type SServerOptions } from '../helpers/s-server.js';

const REF_12 = 'ECDHE-RSA-AES256-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-CHACHA20-POLY1305';
const REF_13 = 'TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256';

const CONFIGS: Record<string, Omit<SServerOptions, 'cert' | 'key'> & { certName?: string }> = {
  reference: { ciphers: REF_12, ciphersuites: REF_13, minProtocol: 'TLSv1.2' },
  aes128sha: { ciphers: `${REF_12}:AES128-SHA`, ciphersuites: REF_13, minProtocol: 'TLSv1.2' },
  tls10: { ciphers: `${REF_12}:ECDHE-RSA-AES256-SHA:@SECLEVEL=0`, ciphersuites: REF_13, minProtocol: 'TLSv1' },
  nullSuite: { ciphers: 'ECDHE-RSA-AES256-SHA384:ECDHE-RSA-NULL-SHA:@SECLEVEL=0', flags: ['-tls1_2'] },
  noBaseline: { ciphers: 'ECDHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-CHACHA20-POLY1305', ciphersuites: REF_13, minProtocol: 'TLSv1.2' },
  expiredCert: { ciphers: REF_12, ciphersuites: REF_13, minProtocol: 'TLSv1.2', certName: 'expired' },
};

let dir: string;
const servers = new Map<string, RunningSServer>();

beforeAll(async () => {
  if (!hasOpenssl) return;
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'taxii-conform-tls-area-'));
  const day = 86_400_000;
  const certs = {
    valid: await makeCert(dir, 'valid'),
    expired: await makeCert(dir, 'expired', { notBefore: new Date(Date.now() - 30 * day), notAfter: new Date(Date.now() - day) }),
  };
  await Promise.all(
    Object.entries(CONFIGS).map(async ([name, { certName, ...o }]) => {
      const c = certs[(certName ?? 'valid') as keyof typeof certs];
      servers.set(name, await startSServer({ cert: c.cert, key: c.key, ...o }));
    }),
  );
});

afterAll(async () => {
  await stopAllSServers();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

function runTls(config: string, gate = 'must'): Promise<TlsAreaRun> {
  return runTlsArea(`https://127.0.0.1:${servers.get(config)!.port}/`, dir, config, { gate });
}

const verdict = (m: Map<string, CaseResult>, id: string): string => `${m.get(id)?.verdict}: ${m.get(id)?.message}`;

describe.skipIf(!hasOpenssl)('the tls area against openssl s_server', () => {
  it('passes the reference configuration (exit 0), no case skipped', async () => {
    const { code, report } = await runTls('reference');
    expect(code).toBe(0);
    const bad = report.cases.filter((c) => c.verdict !== 'pass' && c.verdict !== 'info');
    expect(bad.map((c) => `${c.id}: ${c.verdict} ${c.message}`)).toEqual([]);
    expect(report.notes ?? []).not.toContain(expect.stringMatching(/setup problem/));
  });

  it('fails a server that accepts AES128-SHA (exit 1), naming the suite', async () => {
    const { code, byId } = await runTls('aes128sha');
    expect(code).toBe(1);
    for (const id of ['tls.refuses-rsa-kx', 'tls.refuses-aes128-cbc', 'tls.refuses-sha1-mac']) {
      expect(byId.get(id)?.verdict, verdict(byId, id)).toBe('fail');
      expect(byId.get(id)?.message).toContain('AES128-SHA');
    }
    expect(byId.get('tls.baseline-suite')?.verdict).toBe('pass');
    expect(verdict(byId, 'tls.accepted-suites')).toMatch(/^info: accepted: .*TLSv1\.2 AES128-SHA/);
  });

  it('fails a server that accepts TLS 1.0 and 1.1', async () => {
    const { code, byId } = await runTls('tls10');
    expect(code).toBe(1);
    expect(verdict(byId, 'tls.refuses-tls10')).toMatch(/^fail: .*accepted: ECDHE-RSA-AES256-SHA \(0xC014\) at TLSv1\b/);
    expect(verdict(byId, 'tls.refuses-tls11')).toMatch(/^fail: .*TLSv1\.1/);
  });

  it('reports NULL suites without failing them', async () => {
    const { code, byId } = await runTls('nullSuite');
    expect(code).toBe(0);
    expect(verdict(byId, 'tls.null-suites')).toMatch(/^info: .*accepted ECDHE-RSA-NULL-SHA \(0xC010\) at TLSv1\.2/);
  });

  it('fails a server without the baseline suite', async () => {
    const { code, byId } = await runTls('noBaseline');
    expect(code).toBe(1);
    expect(verdict(byId, 'tls.baseline-suite')).toMatch(/^fail: .*refused/);
  });

  it('warns about an expired certificate (policy): exit 0 at gate must, 1 at gate should', async () => {
    const must = await runTls('expiredCert');
    expect(verdict(must.byId, 'tls.certificate-current')).toMatch(/^warn: .*expired/);
    expect(must.code).toBe(0);
    expect((await runTls('expiredCert', 'should')).code).toBe(1);
  });
});
