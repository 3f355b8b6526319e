// A minimal `openssl s_server -www` launcher and sslscan runner for the benchmarks (bench/
// is compiled by tsc and cannot import test/helpers). Node built-ins only; the certificate is
// made with `openssl req -x509`.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../mock-server/free-port.js';

export interface BenchServer {
  port: number;
  pid: number;
  stop(): Promise<void>;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** A self-signed RSA-2048 certificate for localhost/127.0.0.1 in a fresh temp dir. */
export function makeBenchCert(): { dir: string; cert: string; key: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'taxii-conform-bench-'));
  const cert = path.join(dir, 'cert.pem');
  const key = path.join(dir, 'key.pem');
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '2', '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1'],
    { stdio: 'ignore' },
  );
  return { dir, cert, key };
}

/** Starts s_server on 127.0.0.1 with these extra arguments; resolves once it prints ACCEPT. */
export async function startBenchServer(cert: string, key: string, args: string[]): Promise<BenchServer> {
  const port = await freePort();
  const child = spawn('openssl', ['s_server', '-accept', `127.0.0.1:${port}`, '-www', '-cert', cert, '-key', key, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout.on('data', (d: Buffer) => (log = (log + d.toString('utf8')).slice(-16384)));
  child.stderr.on('data', (d: Buffer) => (log = (log + d.toString('utf8')).slice(-16384)));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const deadline = Date.now() + 10_000;
  while (!/^ACCEPT$/m.test(log)) {
    if (child.exitCode !== null || Date.now() > deadline) {
      if (child.exitCode === null) child.kill('SIGKILL');
      throw new Error(`s_server did not start: ${log}`);
    }
    await sleep(10);
  }
  const pid = child.pid as number;
  return {
    port,
    pid,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        process.kill(pid, 'SIGTERM');
        await Promise.race([exited, sleep(2000)]);
        if (child.exitCode === null && child.signalCode === null) process.kill(pid, 'SIGKILL');
      }
    },
  };
}

export function hasCommand(cmd: string, arg = '--version'): boolean {
  try {
    execFileSync(cmd, [arg], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Runs sslscan with these options on 127.0.0.1:port; its accepted "version suite" pairs. */
export function runSslscan(port: number, extra: string[] = []): Promise<{ pairs: string[]; ms: number }> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn('sslscan', ['--no-colour', '--xml=-', ...extra, `127.0.0.1:${port}`], { stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code !== 0) return reject(new Error(`sslscan exited ${code}`));
      const pairs: string[] = [];
      for (const m of out.matchAll(/<cipher\s([^>]*)\/?>/g)) {
        const attrs = new Map([...(m[1] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((a) => [a[1] as string, a[2] as string]));
        const status = attrs.get('status');
        if (status !== 'accepted' && status !== 'preferred') continue;
        const v = attrs.get('sslversion') ?? '';
        pairs.push(`${v === 'TLSv1.0' ? 'TLSv1' : v} ${attrs.get('cipher') ?? ''}`);
      }
      resolve({ pairs: pairs.sort(), ms: performance.now() - t0 });
    });
  });
}
