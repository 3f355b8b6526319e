// Discovery by SRV against a record set of hundreds of targets (issue 11, item 8): the
// address lookups run a bounded number at a time, a lookup that fails because this process
// is out of descriptors says so (TC_DNS_RESOURCE, EMFILE) instead of "has no address", and
// no listener warning is printed. The DNS server is test/helpers/srv-flood-dns.ts on
// 127.0.0.1; the descriptor limit is lowered on this test process itself with prlimit(1).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discover, DISCOVER_TARGETS_AT_ONCE, type DiscoveredTarget } from '../../suites/probes/dns.js';
import { discoverUrls } from '../../bin/commands/discover.js';
import { startFloodDns, type FloodDns } from '../helpers/srv-flood-dns.js';
import { PREDRAFT_SRV } from '../../suites/taxii2-predraft/profile.js';

const DOMAIN = 'flood.test';
const TARGETS = 600;

let dns: FloodDns;

beforeAll(async () => {
  dns = await startFloodDns({ domain: DOMAIN, targets: TARGETS, delayMs: 20 });
});

afterAll(async () => {
  await dns?.close();
});

const server = (): { host: string; port: number } => ({ host: '127.0.0.1', port: dns.port });

/** Descriptors this process has open now. */
const openFds = (): number => fs.readdirSync('/proc/self/fd').length;

/** The soft and hard RLIMIT_NOFILE of this process. */
function nofile(): [number, number] {
  const r = spawnSync('prlimit', ['--pid', String(process.pid), '--nofile', '--output', 'SOFT,HARD', '--noheadings'], { encoding: 'utf8' });
  const [soft, hard] = r.stdout.trim().split(/\s+/).map(Number);
  return [soft!, hard!];
}

/** Runs `work` with at most `free` more descriptors than are open now; the limit is put back after. */
async function withFreeDescriptors<T>(free: number, work: () => Promise<T>): Promise<T> {
  const [soft, hard] = nofile();
  // Started before the limit is lowered (spawning takes descriptors of its own): it puts the
  // limit back when told to on its stdin, a pipe already open.
  const restorer = spawn('sh', ['-c', `read _; exec prlimit --pid ${process.pid} --nofile=${soft}:${hard}`], { stdio: ['pipe', 'ignore', 'ignore'] });
  const restored = new Promise<number | null>((resolve) => restorer.once('exit', resolve));
  try {
    const r = spawnSync('prlimit', ['--pid', String(process.pid), `--nofile=${openFds() + free}:${hard}`]);
    expect(r.status, 'prlimit lowers the limit').toBe(0);
    return await work();
  } finally {
    restorer.stdin!.end('\n');
    expect(await restored, 'prlimit puts the limit back').toBe(0);
    expect(nofile()[0]).toBe(soft);
  }
}

/** Every MaxListenersExceededWarning the process emits while `work` runs. */
async function listenerWarnings<T>(work: () => Promise<T>): Promise<{ value: T; warnings: string[] }> {
  const warnings: string[] = [];
  const onWarning = (w: Error): void => {
    if (w.name === 'MaxListenersExceededWarning') warnings.push(w.message);
  };
  process.on('warning', onWarning);
  try {
    const value = await work();
    // Warnings are emitted on the next tick.
    await new Promise((r) => setImmediate(r));
    return { value, warnings };
  } finally {
    process.off('warning', onWarning);
  }
}

const addressed = (found: DiscoveredTarget[]): number => found.filter((t) => t.addresses.join() === '127.0.0.1').length;

describe(`discover() of ${TARGETS} SRV targets`, () => {
  it(`looks their addresses up ${DISCOVER_TARGETS_AT_ONCE} targets at a time (2 questions each), all found, no listener warning`, async () => {
    const before = dns.addressQueries();
    const { value: found, warnings } = await listenerWarnings(() => discover(PREDRAFT_SRV, DOMAIN, { server: server(), signal: new AbortController().signal }));
    expect(found).toHaveLength(TARGETS);
    expect(addressed(found)).toBe(TARGETS);
    expect(found.every((t) => t.addressErrors === undefined)).toBe(true);
    expect(dns.addressQueries() - before).toBe(2 * TARGETS);
    expect(dns.maxInFlight()).toBeLessThanOrEqual(2 * DISCOVER_TARGETS_AT_ONCE);
    expect(warnings).toEqual([]);
  });

  it('under a tight descriptor limit (40 free) every target is still found: the lookups fit in it', async () => {
    const found = await withFreeDescriptors(40, () => discover(PREDRAFT_SRV, DOMAIN, { server: server() }));
    expect(addressed(found)).toBe(TARGETS);
    expect(found.flatMap((t) => t.addressErrors ?? [])).toEqual([]);
  });

  it('out of descriptors (10 free): the failed lookups say EMFILE (TC_DNS_RESOURCE), and discover prints no "has no address"', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await withFreeDescriptors(10, () =>
      discoverUrls({ domain: DOMAIN, 'dns-server': `127.0.0.1:${dns.port}`, timeout: '5000', format: 'text' }, (s) => void out.push(s), (s) => void err.push(s)),
    );
    expect(code).toBe(0);
    expect(out.join('').trim().split('\n')).toHaveLength(TARGETS);
    const warnings = err.join('').trim().split('\n').filter((l) => l !== '');
    expect(warnings.length).toBeGreaterThan(0); // some lookups did run out
    for (const w of warnings) {
      expect(w).toMatch(/^taxii-conform: warning: address lookup of t\d{4}\.flood\.test failed: could not ask DNS server 127\.0\.0\.1:\d+ for t\d{4}\.flood\.test A over (UDP|TCP): EMFILE \(too many open files in this process\)/);
    }
    expect(err.join('')).not.toMatch(/has no address/);
  });

  it('the same through the library: TC_DNS_RESOURCE on the targets that ran out, never TC_DNS_TIMEOUT', async () => {
    const found = await withFreeDescriptors(10, () => discover(PREDRAFT_SRV, DOMAIN, { server: server() }));
    const codes = new Set(found.flatMap((t) => t.addressErrors ?? []).map((e) => e.code));
    expect([...codes]).toEqual(['TC_DNS_RESOURCE']);
    expect(addressed(found)).toBeGreaterThan(0);
  });
});
