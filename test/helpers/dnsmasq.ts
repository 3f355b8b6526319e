// A real DNS server for the tests: Debian's dnsmasq, serving only what the test gives it
// (--no-resolv --no-hosts --conf-file=/dev/null), on 127.0.0.1 and a free port, UDP and TCP.
//
// What dnsmasq 2.90 answers (seen, and asserted in test/integration/dns-srv.test.ts):
// - a configured --srv-host: NOERROR, AA, the records, TTL = --local-ttl (0 by default);
// - --srv-host=<name> without a target: one record "0 0 1 ." (port 1, target ".");
// - a name it does not know, with --no-resolv and no upstream: REFUSED (EDE "not ready"),
//   not NXDOMAIN: it is a forwarder with nowhere to forward;
// - the same under a --local=/<domain>/: NXDOMAIN for an unknown name, NOERROR without
//   answer for a known name asked another type (e.g. AAAA of an IPv4-only --host-record);
// - a class other than IN: NOERROR without answer under --local, REFUSED otherwise.
// Running as root needs no --user: dnsmasq drops to "nobody" by itself.
import { spawn, type ChildProcess } from 'node:child_process';
import dgram from 'node:dgram';
import fs from 'node:fs';
import { freePort } from '../../mock-server/free-port.js';
import { exchange, DnsError, type DnsServer } from '../../suites/probes/dns.js';

export const DNSMASQ = '/usr/sbin/dnsmasq';

/** Whether dnsmasq is installed (tests use `it.skipIf(!hasDnsmasq)`). */
export const hasDnsmasq: boolean = (() => {
  try {
    fs.accessSync(DNSMASQ, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
})();

export const NO_DNSMASQ_MESSAGE = `${DNSMASQ} is not installed (Debian package "dnsmasq"): the DNS SRV tests against a real DNS server are skipped`;

export interface DnsmasqSrv {
  /** e.g. _taxii._tcp.example.test */
  name: string;
  /** The target host; omitted or "." = "no service" (dnsmasq serves "0 0 1 ."). */
  target?: string;
  port?: number;
  priority?: number;
  weight?: number;
}

export interface DnsmasqHost {
  name: string;
  /** IPv4 and/or IPv6 addresses. */
  address: string | string[];
}

export interface DnsmasqOptions {
  srv?: DnsmasqSrv[];
  hosts?: DnsmasqHost[];
  /** Domains dnsmasq answers for from its own data only (--local=/d/): NXDOMAIN and
   * NODATA instead of REFUSED. */
  local?: string[];
  /** TTL of the configured records (--local-ttl). Default: dnsmasq's, 0. */
  localTtl?: number;
  /** More dnsmasq arguments (e.g. --txt-record=...). */
  extraArgs?: string[];
}

export interface RunningDnsmasq {
  port: number;
  pid: number;
  server: DnsServer;
  /** dnsmasq's own log (--log-queries=extra), bounded. */
  log(): string;
  stop(): Promise<void>;
}

const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const c of running) if (c.pid !== undefined && c.exitCode === null) c.kill('SIGKILL');
});

/** A port free for both UDP and TCP on 127.0.0.1 (at the time of asking). */
export async function freeUdpTcpPort(): Promise<number> {
  for (let i = 0; i < 20; i++) {
    const port = await freePort();
    const udpFree = await new Promise<boolean>((resolve) => {
      const u = dgram.createSocket('udp4');
      u.once('error', () => resolve(false));
      u.bind(port, '127.0.0.1', () => u.close(() => resolve(true)));
    });
    if (udpFree) return port;
  }
  throw new Error('no free UDP+TCP port on 127.0.0.1');
}

function argsFor(o: DnsmasqOptions, port: number): string[] {
  const args = [
    '--keep-in-foreground',
    '--no-resolv',
    '--no-hosts',
    '--no-poll',
    '--conf-file=/dev/null',
    '--pid-file=',
    '--listen-address=127.0.0.1',
    '--bind-interfaces',
    `--port=${port}`,
    '--log-queries=extra',
    '--log-facility=-',
  ];
  if (o.localTtl !== undefined) args.push(`--local-ttl=${o.localTtl}`);
  for (const d of o.local ?? []) args.push(`--local=/${d}/`);
  for (const s of o.srv ?? []) {
    if (s.target === undefined || s.target === '.') {
      args.push(`--srv-host=${s.name}`);
    } else {
      args.push(`--srv-host=${[s.name, s.target, s.port ?? 443, s.priority ?? 0, s.weight ?? 0].join(',')}`);
    }
  }
  for (const h of o.hosts ?? []) {
    const addrs = Array.isArray(h.address) ? h.address : [h.address];
    args.push(`--host-record=${[h.name, ...addrs].join(',')}`);
  }
  args.push(...(o.extraArgs ?? []));
  return args;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Starts dnsmasq with the records given, on a free port, and waits until it answers a
 * query (any rcode). Stop it with stop(); it is also killed (by pid) when the process exits.
 */
export async function startDnsmasq(o: DnsmasqOptions): Promise<RunningDnsmasq> {
  if (!hasDnsmasq) throw new Error(NO_DNSMASQ_MESSAGE);
  let lastLog = '';
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = await freeUdpTcpPort();
    const child = spawn(DNSMASQ, argsFor(o, port), { stdio: ['ignore', 'pipe', 'pipe'] });
    running.add(child);
    let log = '';
    const keep = (b: Buffer): void => {
      if (log.length < 256 * 1024) log += b.toString('utf8');
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.once('exit', () => running.delete(child));
    child.once('error', (e) => keep(Buffer.from(`spawn error: ${e.message}\n`)));

    const server: DnsServer = { host: '127.0.0.1', port };
    const stop = async (): Promise<void> => {
      if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
        process.kill(child.pid, 'SIGTERM');
        const done = await Promise.race([exited.then(() => true), sleep(2000).then(() => false)]);
        if (!done && child.exitCode === null && child.signalCode === null) {
          process.kill(child.pid, 'SIGKILL');
          await exited;
        }
      }
      running.delete(child);
    };

    const deadline = Date.now() + 5000;
    let ready = false;
    while (Date.now() < deadline && child.exitCode === null && child.signalCode === null) {
      try {
        await exchange('dnsmasq-ready.invalid', 'A', { server, timeoutMs: 250, tries: 1 });
        ready = true;
        break;
      } catch (e) {
        if (!(e instanceof DnsError)) throw e;
        await sleep(50);
      }
    }
    if (ready && child.pid !== undefined) {
      return { port, pid: child.pid, server, log: () => log, stop };
    }
    await stop();
    lastLog = log;
    // Another process took the port between the check and dnsmasq's bind: try another.
    if (!/address already in use/i.test(log)) break;
  }
  throw new Error(`dnsmasq did not start:\n${lastLog}`);
}
