// A real TLS peer for the tests: OpenSSL's `s_server -www` on 127.0.0.1 and a free port,
// configured per test (certificate, cipher lists, protocol versions), plus the certificates
// the tests need, made at test time with @peculiar/x509 and WebCrypto.
//
// s_server notes (OpenSSL 3.0):
// - It serves one connection at a time; concurrent probes wait in the listen backlog.
// - It prints "ACCEPT" on stdout once listening; stdout and stderr are drained (a full pipe
//   would block it), and the last 64 KiB kept for failure messages.
// - TLS 1.0/1.1 and NULL suites need `@SECLEVEL=0` in -cipher (OpenSSL 3.0 refuses TLS < 1.2
//   at security level 1 and above). Debian builds libssl with security level 2 as the
//   compiled-in default, so a 1024-bit RSA key needs it too ("ee key too small" otherwise):
//   -cipher is applied before the certificate is loaded.
// - OPENSSL_CONF points at an empty file, so a distribution's system-wide policy
//   (MinProtocol, CipherString @SECLEVEL=2) cannot change what a test server does.
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../../mock-server/free-port.js';

export const OPENSSL = 'openssl';

export const hasOpenssl: boolean = spawnSync(OPENSSL, ['version'], { stdio: 'ignore' }).status === 0;
export const hasSslscan: boolean = spawnSync('sslscan', ['--version'], { stdio: 'ignore' }).status === 0;

export interface SServerOptions {
  /** PEM paths. */
  cert: string;
  key: string;
  /** -cipher: OpenSSL list for TLS ≤ 1.2 (add `@SECLEVEL=0` for legacy suites). */
  ciphers?: string;
  /** -ciphersuites: TLS 1.3 suites ('' disables TLS 1.3 suites). */
  ciphersuites?: string;
  /** -min_protocol / -max_protocol, e.g. 'TLSv1', 'TLSv1.2'. */
  minProtocol?: string;
  maxProtocol?: string;
  /** Version flags such as ['-tls1_2'] or ['-no_tls1_3']. */
  flags?: string[];
  extraArgs?: string[];
  /** false: no -www (e.g. with -early_data, which s_server refuses with -www); stdin is then kept open, since s_server ends on its EOF. */
  www?: boolean;
}

export interface RunningSServer {
  port: number;
  pid: number;
  /** The s_server command line (for failure messages). */
  args: string[];
  /** s_server's stdout and stderr, bounded. */
  log(): string;
  stop(): Promise<void>;
}

const running = new Map<ChildProcess, () => Promise<void>>();
process.once('exit', () => {
  for (const c of running.keys()) if (c.pid !== undefined && c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});

/** Stops every s_server this module started (for afterAll). */
export async function stopAllSServers(): Promise<void> {
  await Promise.all([...running.values()].map((stop) => stop()));
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

let emptyConf: string | undefined;
function emptyOpensslConf(): string {
  if (emptyConf === undefined) {
    emptyConf = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'taxii-conform-ossl-')), 'openssl.cnf');
    fs.writeFileSync(emptyConf, '# empty: no system-wide TLS policy for test servers\n');
  }
  return emptyConf;
}

function argsFor(o: SServerOptions, port: number): string[] {
  const args = ['s_server', '-accept', `127.0.0.1:${port}`, ...(o.www === false ? [] : ['-www']), '-cert', o.cert, '-key', o.key];
  if (o.ciphers !== undefined) args.push('-cipher', o.ciphers);
  if (o.ciphersuites !== undefined) args.push('-ciphersuites', o.ciphersuites);
  if (o.minProtocol !== undefined) args.push('-min_protocol', o.minProtocol);
  if (o.maxProtocol !== undefined) args.push('-max_protocol', o.maxProtocol);
  args.push(...(o.flags ?? []), ...(o.extraArgs ?? []));
  return args;
}

function tcpAccepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ host: '127.0.0.1', port });
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

/**
 * Starts `openssl s_server -accept 127.0.0.1:<free port> -www …` and waits until it listens
 * ("ACCEPT" on stdout) and accepts a TCP connection. Stop it with stop() (SIGTERM to its pid,
 * SIGKILL after 2 s); stopAllSServers() stops every one left, and they are killed when the
 * process exits.
 */
export async function startSServer(o: SServerOptions): Promise<RunningSServer> {
  if (!hasOpenssl) throw new Error('openssl is not installed');
  let lastLog = '';
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = await freePort();
    const args = argsFor(o, port);
    const child = spawn(OPENSSL, args, {
      stdio: [o.www === false ? 'pipe' : 'ignore', 'pipe', 'pipe'],
      env: { ...process.env, OPENSSL_CONF: emptyOpensslConf() },
    });
    let log = '';
    let listening = false;
    const keep = (b: Buffer): void => {
      log += b.toString('utf8');
      if (!listening && /^ACCEPT$/m.test(log)) listening = true;
      if (log.length > 64 * 1024) log = log.slice(-64 * 1024);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    child.once('error', (e) => keep(Buffer.from(`spawn error: ${e.message}\n`)));
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    const alive = (): boolean => child.exitCode === null && child.signalCode === null;

    const stop = async (): Promise<void> => {
      if (alive() && child.pid !== undefined) {
        process.kill(child.pid, 'SIGTERM');
        const done = await Promise.race([exited.then(() => true), sleep(2000).then(() => false)]);
        if (!done && alive()) {
          process.kill(child.pid, 'SIGKILL');
          await exited;
        }
      }
      running.delete(child);
    };
    running.set(child, stop);

    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline && alive() && !listening) await sleep(10);
    let ready = false;
    while (listening && alive() && Date.now() < deadline) {
      if (await tcpAccepts(port)) {
        ready = true;
        break;
      }
      await sleep(20);
    }
    if (ready && child.pid !== undefined) {
      return { port, pid: child.pid, args, log: () => log, stop };
    }
    await stop();
    lastLog = log;
    if (!/address already in use/i.test(log)) break;
  }
  throw new Error(`openssl s_server did not start:\n${lastLog}`);
}

// ---------------------------------------------------------------------------------------
// Certificates

export interface TestCert {
  /** PEM paths. */
  cert: string;
  key: string;
  certPem: string;
  /** The certificate's subject name (RFC 4514). */
  subject: string;
  /** For signing others (makeCert's `issuer`). */
  keys: CryptoKeyPair;
  algorithm: RsaHashedKeyGenParams | EcKeyGenParams;
}

export interface MakeCertOptions {
  commonName?: string;
  /** e.g. [{ type: 'dns', value: 'localhost' }, { type: 'ip', value: '127.0.0.1' }]; [] = none. */
  sans?: { type: 'dns' | 'ip'; value: string }[];
  notBefore?: Date;
  notAfter?: Date;
  /** RSA modulus length (default 2048), or 'P-256' for an ECDSA key. */
  key?: number | 'P-256';
  /** Signed by this certificate's key (default: self-signed). */
  issuer?: TestCert;
  /** A CA certificate (basicConstraints cA, keyCertSign). */
  ca?: boolean;
}

function pem(label: string, der: ArrayBuffer): string {
  const b64 = Buffer.from(der).toString('base64').replace(/(.{64})/g, '$1\n').replace(/\n$/, '');
  return `-----BEGIN ${label}-----\n${b64}\n-----END ${label}-----\n`;
}

/** A self-signed certificate and its key, written as PEM files into `dir`. */
export async function makeCert(dir: string, name: string, o: MakeCertOptions = {}): Promise<TestCert> {
  const alg =
    o.key === 'P-256'
      ? { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' }
      : { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', publicExponent: new Uint8Array([1, 0, 1]), modulusLength: o.key ?? 2048 };
  const keys = (await crypto.subtle.generateKey(alg, true, ['sign', 'verify'])) as CryptoKeyPair;
  const sans = o.sans ?? [
    { type: 'dns', value: 'localhost' },
    { type: 'ip', value: '127.0.0.1' },
  ];
  const extensions: x509.Extension[] = [new x509.BasicConstraintsExtension(o.ca === true, undefined, true)];
  if (o.ca) extensions.push(new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true));
  if (sans.length > 0 && !o.ca) extensions.push(new x509.SubjectAlternativeNameExtension(sans));
  const subject = `CN=${o.commonName ?? 'localhost'}, O=taxii-conform test`;
  const dates = {
    notBefore: o.notBefore ?? new Date(Date.now() - 3600_000),
    notAfter: o.notAfter ?? new Date(Date.now() + 30 * 86400_000),
  };
  const cert = o.issuer
    ? await x509.X509CertificateGenerator.create({
        subject,
        issuer: o.issuer.subject,
        publicKey: keys.publicKey,
        signingKey: o.issuer.keys.privateKey,
        signingAlgorithm: o.issuer.algorithm,
        ...dates,
        extensions,
      })
    : await x509.X509CertificateGenerator.createSelfSigned({ name: subject, keys, signingAlgorithm: alg, ...dates, extensions });
  const certPem = cert.toString('pem') + '\n';
  const keyPem = pem('PRIVATE KEY', await crypto.subtle.exportKey('pkcs8', keys.privateKey));
  const certPath = path.join(dir, `${name}.crt.pem`);
  const keyPath = path.join(dir, `${name}.key.pem`);
  fs.writeFileSync(certPath, certPem);
  fs.writeFileSync(keyPath, keyPem, { mode: 0o600 });
  return { cert: certPath, key: keyPath, certPem, subject, keys, algorithm: alg };
}

// ---------------------------------------------------------------------------------------
// sslscan

export interface SslscanCipher {
  protocol: string;
  cipher: string;
  status: string;
}

/** Runs `sslscan --no-colour --xml=- host:port` and returns its accepted/preferred ciphers. */
export function sslscanAccepted(port: number, host = '127.0.0.1'): Promise<{ ciphers: SslscanCipher[]; ms: number; xml: string }> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn('sslscan', ['--no-colour', '--xml=-', `${host}:${port}`], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (err += d.toString('utf8')));
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code !== 0) return reject(new Error(`sslscan exited ${code}: ${err}`));
      resolve({ ciphers: parseSslscanXml(out), ms: Date.now() - started, xml: out });
    });
  });
}

/** `<cipher status="accepted|preferred" sslversion="TLSv1.2" cipher="…">` elements. */
export function parseSslscanXml(xml: string): SslscanCipher[] {
  const found: SslscanCipher[] = [];
  for (const m of xml.matchAll(/<cipher\s([^>]*)\/?>/g)) {
    const attrs = new Map([...(m[1] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((a) => [a[1] as string, a[2] as string]));
    const status = attrs.get('status') ?? '';
    if (status !== 'accepted' && status !== 'preferred') continue;
    found.push({ protocol: attrs.get('sslversion') ?? '', cipher: attrs.get('cipher') ?? '', status });
  }
  return found;
}
