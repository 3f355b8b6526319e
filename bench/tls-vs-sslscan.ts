// Benchmark: the TLS probes against sslscan on the same local OpenSSL s_server.
//   tsc -p . && node dist/bench/tls-vs-sslscan.js [--runs 3] [--concurrency 8]
// Two servers: the reference (TLS 1.2–1.3, ECDHE-RSA-AES256-SHA384, 256-bit AEAD, TLS 1.3
// 256-bit suites) and the same plus AES128-SHA. For each: the whole `tls` area as a user runs
// it (its wall time and how many handshakes it made), every OFFER_CLASSES handshake by raw
// ClientHello and by node:tls, the accepted-suite listing (raw by elimination; node:tls by
// elimination and one suite at a time), then sslscan (full, and ciphers only), with wall
// times (median of the runs), handshake counts, and whether the accepted-suite sets agree.
import fs from 'node:fs';
import { enumerateSuites } from '../suites/probes/tls-enumerate.js';
import { probeMany, type HandshakeResult } from '../suites/probes/tls.js';
import { pool } from '../suites/core/concurrency.js';
import { OFFER_CLASSES, offerableSuites, rawOfferOf } from '../suites/probes/tls-offers.js';
import { rawHandshake } from '../suites/probes/tls-raw/probe.js';
import { runSuite } from '../suites/core/runner.js';
import { closingLine } from '../suites/core/summary.js';
import { taxii2Predraft } from '../suites/taxii2-predraft/profile.js';
import { parseArgs } from './args.js';
import { hasCommand, makeBenchCert, runSslscan, startBenchServer, type BenchServer } from './s-server.js';

const USAGE = `Usage: node dist/bench/tls-vs-sslscan.js [options]

The TLS probes against sslscan on the same local OpenSSL s_server (two servers: the
reference, and the same plus AES128-SHA). For each: the whole tls area as a user runs it,
every offer class's handshake by raw ClientHello and by node:tls, the accepted-suite listing
(raw and node:tls), then sslscan (full, and ciphers only). Prints a table of wall times
(median of the runs), handshake counts, and whether the accepted-suite sets agree. Needs
openssl; sslscan rows are left out when sslscan is not installed.`;

const { runs: RUNS, concurrency: CONCURRENCY } = parseArgs(USAGE, {
  runs: { kind: 'count', default: 3, max: 100, help: 'runs of each measurement' },
  concurrency: { kind: 'count', default: 8, max: 256, help: 'handshakes at once' },
});
const TIMEOUT = 5000;
const REF_12 = 'ECDHE-RSA-AES256-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-CHACHA20-POLY1305';
const REF_13 = 'TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256';
const SSLSCAN_CIPHERS_ONLY = ['--no-check-certificate', '--no-compression', '--no-fallback', '--no-groups', '--no-heartbleed', '--no-renegotiation'];

interface Row {
  server: string;
  what: string;
  ms: number;
  handshakes: string;
  accepted: string;
  agrees: string;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

async function timed<T>(f: () => Promise<T>): Promise<{ ms: number; value: T }[]> {
  const out: { ms: number; value: T }[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    const value = await f();
    out.push({ ms: performance.now() - t0, value });
  }
  return out;
}

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}

async function main(): Promise<void> {
  if (!hasCommand('openssl', 'version')) throw new Error('openssl is not installed');
  const sslscan = hasCommand('sslscan');
  const { dir, cert, key } = makeBenchCert();
  const servers: { name: string; srv: BenchServer }[] = [];
  const rows: Row[] = [];
  try {
    servers.push({ name: 'reference', srv: await startBenchServer(cert, key, ['-cipher', REF_12, '-ciphersuites', REF_13, '-min_protocol', 'TLSv1.2']) });
    servers.push({ name: '+AES128-SHA', srv: await startBenchServer(cert, key, ['-cipher', `${REF_12}:AES128-SHA`, '-ciphersuites', REF_13, '-min_protocol', 'TLSv1.2']) });
    offerableSuites('TLSv1.2'); // warm the availability cache outside the timings

    for (const { name, srv } of servers) {
      const target = { host: '127.0.0.1', port: srv.port };

      const area = await timed(async () => {
        const { report } = await runSuite({ profile: taxii2Predraft, target: `https://127.0.0.1:${srv.port}/`, areas: ['tls'], probeHttpPort: 80, creds: {}, insecure: true, gate: 'must', concurrency: CONCURRENCY, timeoutMs: TIMEOUT, readOnly: false });
        return report;
      });
      const lastReport = area[area.length - 1]!.value;
      const tlsHandshakes = lastReport.cases.reduce((n, c) => n + c.evidence.filter((e) => e.kind === 'tls').length, 0);
      rows.push({
        server: name,
        what: `tls area (${lastReport.cases.length} cases)`,
        ms: median(area.map((r) => r.ms)),
        handshakes: String(tlsHandshakes),
        accepted: closingLine(lastReport.summary),
        agrees: '',
      });

      const classes = await timed(() => pool(OFFER_CLASSES, CONCURRENCY, (c) => rawHandshake(target, rawOfferOf(c), TIMEOUT)));
      const lastRaw: HandshakeResult[] = classes[classes.length - 1]?.value ?? [];
      const acceptedRaw = OFFER_CLASSES.filter((_, i) => lastRaw[i]?.outcome === 'accepted').map((c) => c.id);
      rows.push({ server: name, what: `OFFER_CLASSES raw (${OFFER_CLASSES.length})`, ms: median(classes.map((c) => c.ms)), handshakes: String(OFFER_CLASSES.length), accepted: acceptedRaw.join(','), agrees: '' });

      const viaNode = await timed(() => probeMany(target, OFFER_CLASSES.map((c) => c.offer), { concurrency: CONCURRENCY, timeoutMs: TIMEOUT }));
      const last = viaNode[viaNode.length - 1]?.value ?? [];
      const connected = last.filter((r) => r.bytesSent !== undefined).length;
      const acceptedNode = OFFER_CLASSES.filter((_, i) => last[i]?.outcome === 'accepted').map((c) => c.id);
      rows.push({
        server: name,
        what: `OFFER_CLASSES node:tls (${OFFER_CLASSES.length})`,
        ms: median(viaNode.map((c) => c.ms)),
        handshakes: `${connected} (+${OFFER_CLASSES.length - connected} cannot-offer)`,
        accepted: acceptedNode.join(','),
        agrees: acceptedNode.join(',') === acceptedRaw.join(',') ? 'same as raw' : 'DIFFERS from raw',
      });

      const one = await timed(() => enumerateSuites(target, { engine: 'node', concurrency: CONCURRENCY, timeoutMs: TIMEOUT }));
      const oneSet = (one[0]?.value.accepted ?? []).map((a) => `${a.protocol} ${a.name}`).sort();
      rows.push({ server: name, what: 'accepted node one-by-one', ms: median(one.map((r) => r.ms)), handshakes: String(one[0]?.value.handshakes), accepted: `${oneSet.length} suites`, agrees: '' });

      for (const engine of ['node', 'raw'] as const) {
        const elim = await timed(() => enumerateSuites(target, { engine, concurrency: CONCURRENCY, timeoutMs: TIMEOUT, strategy: 'elimination' }));
        const elimSet = (elim[0]?.value.accepted ?? []).map((a) => `${a.protocol} ${a.name}`).sort();
        rows.push({
          server: name,
          what: `accepted ${engine} elimination`,
          ms: median(elim.map((r) => r.ms)),
          handshakes: String(elim[0]?.value.handshakes),
          accepted: `${elimSet.length} suites`,
          agrees: JSON.stringify(elimSet) === JSON.stringify(oneSet) ? 'same as one-by-one' : 'DIFFERS',
        });
      }

      if (sslscan) {
        for (const [label, extra] of [
          ['sslscan (full)', []],
          ['sslscan (ciphers only)', SSLSCAN_CIPHERS_ONLY],
        ] as const) {
          const runs = await timed(() => runSslscan(srv.port, [...extra]));
          const theirs = runs[0]?.value.pairs ?? [];
          const same = JSON.stringify(theirs) === JSON.stringify(oneSet);
          rows.push({
            server: name,
            what: label,
            ms: median(runs.map((r) => r.value.ms)),
            handshakes: '?',
            accepted: `${theirs.length} suites`,
            agrees: same ? 'same set as ours' : `DIFFERS: ours-only ${oneSet.filter((p) => !theirs.includes(p)).join(', ')}; sslscan-only ${theirs.filter((p) => !oneSet.includes(p)).join(', ')}`,
          });
        }
      }
      console.log(`${name}: accepted ${oneSet.join(', ')}`);
    }
  } finally {
    await Promise.all(servers.map((s) => s.srv.stop()));
    fs.rmSync(dir, { recursive: true, force: true });
  }

  console.log(`\nNode ${process.versions.node}, OpenSSL ${process.versions.openssl}; concurrency ${CONCURRENCY}; median of ${RUNS} run(s)${sslscan ? '' : '; sslscan not installed'}\n`);
  const head: Row = { server: 'server', what: 'run', ms: NaN, handshakes: 'handshakes', accepted: 'accepted', agrees: 'agreement' };
  const w = { server: 12, what: 30, ms: 8, handshakes: 22, agrees: 20 };
  for (const r of [head, ...rows]) {
    const ms = Number.isNaN(r.ms) ? 'wall ms' : r.ms.toFixed(0);
    console.log(
      [pad(r.server, w.server), pad(r.what, w.what), pad(ms, w.ms), pad(r.handshakes, w.handshakes), pad(r.agrees, w.agrees), r.accepted].join(' | '),
    );
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
