// The tls area against what no local server can accept: test/helpers/legacy-tls-server.ts
// answers a ServerHello choosing 3DES, RC4, export, single DES, NULL or anonymous suites (or
// SSL 3.0), and sends everything else to a real TLS server with the mock's reference settings.
// Run the way a user runs it (`taxii-conform run <url> --area tls --insecure`, in-process):
// each accepting configuration fails exactly the cases whose class holds its suite (exit 1,
// naming the suite and its code point); the refusing one passes every case, none skipped.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TlsEvidence } from '../../suites/core/types.js';
import { runTlsArea, type TlsAreaRun } from '../helpers/tls-area-run.js';
import { makeCert } from '../helpers/s-server.js';
import { LEGACY_CONFIGS, startLegacyTlsServer, type LegacyConfig, type LegacyTlsServer } from '../helpers/legacy-tls-server.js';

let dir: string;
let cert: string;
let key: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'taxii-conform-tls-legacy-'));
  const c = await makeCert(dir, 'legacy');
  cert = fs.readFileSync(c.cert, 'utf8');
  key = fs.readFileSync(c.key, 'utf8');
});

afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

interface Outcome extends TlsAreaRun {
  html: string;
  answers: string[];
}

async function runTls(config: LegacyConfig | 'refusing'): Promise<Outcome> {
  const srv: LegacyTlsServer = await startLegacyTlsServer({ cert, key, ...(config === 'refusing' ? {} : { accept: LEGACY_CONFIGS[config] }) });
  try {
    const r = await runTlsArea(srv.url, dir, config, { format: 'json,html' });
    return { ...r, html: fs.readFileSync(path.join(r.reportDir, 'index.html'), 'utf8'), answers: srv.answers };
  } finally {
    await srv.close();
  }
}

/** Cases that neither passed nor observed (an info case reports, it never fails). */
const failing = (o: Outcome): string[] => o.report.cases.filter((c) => c.verdict !== 'pass' && c.verdict !== 'info').map((c) => c.id).sort();

/** Per configuration: the suite named in the failure and the cases whose classes hold it. */
const EXPECTED: Record<Exclude<LegacyConfig, 'null'>, { named: RegExp; fails: string[] }> = {
  '3des': { named: /DES-CBC3-SHA \(0x000A\) at TLSv1\.2/, fails: ['tls.refuses-3des', 'tls.refuses-rsa-kx', 'tls.refuses-sha1-mac'] },
  rc4: { named: /RC4-SHA \(0x0005\) at TLSv1\.2/, fails: ['tls.refuses-rc4', 'tls.refuses-rsa-kx', 'tls.refuses-sha1-mac'] },
  export: { named: /EXP-RC4-MD5 \(0x0003\) at TLSv1\b/, fails: ['tls.refuses-export', 'tls.refuses-tls10'] },
  des: { named: /DES-CBC-SHA \(0x0009\) at TLSv1\.2/, fails: ['tls.refuses-export', 'tls.refuses-rsa-kx', 'tls.refuses-sha1-mac'] },
  anon: { named: /ADH-DES-CBC3-SHA \(0x001B\) at TLSv1\.2/, fails: ['tls.refuses-3des', 'tls.refuses-anon', 'tls.refuses-sha1-mac'] },
  ssl3: { named: /DES-CBC3-SHA \(0x000A\) at SSLv3/, fails: ['tls.refuses-ssl3'] },
};

describe('the tls area against the legacy test server', () => {
  for (const [config, want] of Object.entries(EXPECTED) as [Exclude<LegacyConfig, 'null'>, (typeof EXPECTED)['3des']][]) {
    it(`${config}: exit 1, exactly the cases whose class holds the suite fail, naming it and its code point`, async () => {
      const o = await runTls(config);
      expect(o.code).toBe(1);
      expect(failing(o)).toEqual([...want.fails].sort());
      for (const id of want.fails) {
        const c = o.byId.get(id)!;
        expect(c.verdict, `${id}: ${c.message}`).toBe('fail');
        expect(c.message, id).toMatch(want.named);
        // The evidence: the raw offer in full, the ServerHello's suite, a line that replays it.
        const ev = c.evidence[0] as TlsEvidence;
        expect(ev.kind).toBe('tls');
        expect(ev.client).toBe('raw');
        expect(ev.answer.outcome).toBe('accepted');
        expect(ev.offered.suites.map((s) => s.code)).toContain(ev.answer.suite?.code);
        expect(ev.reproduce).toBe(`taxii-conform run '${o.report.target}' --profile taxii2-predraft --case ${id} --insecure`);
      }
      // The accepted-suite listing names it too, and the HTML shows the answer with its code point.
      expect(o.byId.get('tls.accepted-suites')?.message).toMatch(new RegExp(want.named.source.replace(/ at (TLSv1\\.2|TLSv1\\b|SSLv3)/, '')));
      expect(o.html).toMatch(/ServerHello (TLSv1(\.2)?|SSLv3) [A-Z0-9-]+ 0x00[0-9A-F]{2}/);
    });
  }

  it('null: NULL suites are reported, not failed (exit 0, the suite and its code point named)', async () => {
    const o = await runTls('null');
    expect(o.code).toBe(0);
    expect(failing(o)).toEqual([]);
    expect(o.byId.get('tls.null-suites')?.message).toMatch(/accepted NULL-SHA \(0x0002\) at TLSv1\.2/);
  });

  it('refusing: every case passes, none skipped, and every TLS step carries its evidence and a replay line', async () => {
    const o = await runTls('refusing');
    expect(o.code).toBe(0);
    expect(o.report.cases.filter((c) => c.verdict !== 'pass' && c.verdict !== 'info').map((c) => `${c.id}: ${c.verdict} ${c.message}`)).toEqual([]);
    expect(o.report.summary.skipped).toBe(0);
    for (const c of o.report.cases) {
      expect(c.evidence.length, c.id).toBeGreaterThan(0);
      for (const ev of c.evidence) {
        if (ev.kind === 'http') expect(ev.curl).toMatch(/^curl /);
        else expect(ev.reproduce, c.id).toMatch(/^(openssl s_client -connect 127\.0\.0\.1:\d+ |taxii-conform run )/);
      }
    }
    // The weak offers got alerts from the test server itself; the rest went to the real TLS server.
    expect(o.answers).toContain('alert 40');
    expect(o.answers).toContain('reference');
    expect(o.answers.some((a) => a.startsWith('ServerHello'))).toBe(false);
  });
});
