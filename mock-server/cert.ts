// The mock's TLS certificate: RSA-2048, self-signed, for 127.0.0.1 and localhost. Generated
// once and cached as PEM so that clients can pin or trust it across restarts.
import { x509 as loadX509 } from '../suites/core/heavy-deps.js';
import { createPrivateKey, webcrypto, X509Certificate } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { HostFaultName } from './host-faults.js';
import { issueClientCertificate } from '../suites/probes/client-certificate.js';

export interface CertPair {
  cert: string;
  key: string;
  /** Where the PEM files are (the cache or the user's own). */
  certFile?: string;
  keyFile?: string;
}

const CERT_NAME = 'cert.pem';
const KEY_NAME = 'key.pem';
const VALID_DAYS = 825; // the longest validity macOS accepts for a TLS server certificate

/** Reads the user's certificate and key, or the cached pair, or makes and caches a new one. */
export async function loadCertificate(opts: { certFile?: string; keyFile?: string; certCacheDir: string }): Promise<CertPair> {
  if (opts.certFile !== undefined && opts.keyFile !== undefined) {
    const [cert, key] = await Promise.all([fs.readFile(opts.certFile, 'utf8'), fs.readFile(opts.keyFile, 'utf8')]);
    return { cert, key, certFile: opts.certFile, keyFile: opts.keyFile };
  }
  const certFile = path.join(opts.certCacheDir, CERT_NAME);
  const keyFile = path.join(opts.certCacheDir, KEY_NAME);
  const cached = await readCached(certFile, keyFile);
  if (cached) return { ...cached, certFile, keyFile };
  const fresh = await generateCertificate();
  await storePair(opts.certCacheDir, fresh);
  // Another process may have won the race to the cache: use what is there if it is good.
  const stored = await readCached(certFile, keyFile);
  return { ...(stored ?? fresh), certFile, keyFile };
}

/**
 * Writes the pair into a fresh directory and renames it to `dir` in one step, so parallel
 * starts never pair one start's key with another's certificate. When `dir` already exists
 * (another start won, or the user made it), the files are written into it directly.
 */
async function storePair(dir: string, pair: { cert: string; key: string }): Promise<void> {
  const parent = path.dirname(path.resolve(dir));
  await fs.mkdir(parent, { recursive: true });
  const tmp = await fs.mkdtemp(path.join(parent, `.${path.basename(dir)}-`));
  await fs.chmod(tmp, 0o700);
  await fs.writeFile(path.join(tmp, KEY_NAME), pair.key, { mode: 0o600 });
  await fs.writeFile(path.join(tmp, CERT_NAME), pair.cert, { mode: 0o644 });
  try {
    await fs.rename(tmp, dir);
    return;
  } catch {
    await fs.rm(tmp, { recursive: true, force: true });
  }
  if (await readCached(path.join(dir, CERT_NAME), path.join(dir, KEY_NAME))) return;
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  await fs.writeFile(path.join(dir, KEY_NAME), pair.key, { mode: 0o600 });
  await fs.writeFile(path.join(dir, CERT_NAME), pair.cert, { mode: 0o644 });
}

/** A cached pair still valid for at least a day, else undefined. */
async function readCached(certFile: string, keyFile: string): Promise<{ cert: string; key: string } | undefined> {
  try {
    const [cert, key] = await Promise.all([fs.readFile(certFile, 'utf8'), fs.readFile(keyFile, 'utf8')]);
    const parsed = new X509Certificate(cert);
    if (Date.parse(parsed.validTo) < Date.now() + 86_400_000) return undefined;
    if (!parsed.checkPrivateKey(createPrivateKey(key))) return undefined;
    return { cert, key };
  } catch {
    return undefined;
  }
}

/** What a generated certificate is like; the defaults are the reference certificate. */
export interface CertificateShape {
  /** Subject alternative names; default 127.0.0.1, localhost, ::1 (and the DNS target when given). */
  names?: { type: 'ip' | 'dns'; value: string }[];
  cn?: string;
  notBefore?: Date;
  notAfter?: Date;
  key?: 'rsa-2048' | 'rsa-1024' | 'ecdsa-p256';
}

export const REFERENCE_NAMES: { type: 'ip' | 'dns'; value: string }[] = [
  { type: 'ip', value: '127.0.0.1' },
  { type: 'dns', value: 'localhost' },
  { type: 'ip', value: '::1' },
];

export async function generateCertificate(shape: CertificateShape = {}): Promise<{ cert: string; key: string }> {
  const alg =
    shape.key === 'ecdsa-p256'
      ? { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' }
      : { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', publicExponent: new Uint8Array([1, 0, 1]), modulusLength: shape.key === 'rsa-1024' ? 1024 : 2048 };
  const x509 = loadX509();
  const keys = (await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify'])) as unknown as CryptoKeyPair;
  const notBefore = shape.notBefore ?? new Date(Date.now() - 3600_000); // tolerate clients with a slow clock
  const notAfter = shape.notAfter ?? new Date(notBefore.getTime() + VALID_DAYS * 86_400_000);
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: Buffer.from(webcrypto.getRandomValues(new Uint8Array(16))).toString('hex').replace(/^[89a-f]/, '1'),
    name: `CN=${shape.cn ?? '127.0.0.1'}, O=taxii-conform mock`,
    notBefore,
    notAfter,
    signingAlgorithm: alg,
    keys,
    extensions: [
      new x509.SubjectAlternativeNameExtension(shape.names ?? REFERENCE_NAMES),
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(
        shape.key === 'ecdsa-p256' ? x509.KeyUsageFlags.digitalSignature : x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment,
        true,
      ),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
    ],
  });
  const pkcs8 = await webcrypto.subtle.exportKey('pkcs8', keys.privateKey as unknown as webcrypto.CryptoKey);
  return { cert: cert.toString('pem'), key: x509.PemConverter.encode(pkcs8, 'PRIVATE KEY') };
}

/** The certificate a TLS fault calls for, or undefined for the reference (cached) one. */
export async function faultyCertificate(has: (fault: HostFaultName) => boolean): Promise<{ cert: string; key: string } | undefined> {
  const day = 86_400_000;
  if (has('tls-expired-cert')) return generateCertificate({ notBefore: new Date(Date.now() - 30 * day), notAfter: new Date(Date.now() - day) });
  if (has('tls-wrong-name')) return generateCertificate({ cn: 'wrong-host.invalid', names: [{ type: 'dns', value: 'wrong-host.invalid' }] });
  if (has('tls-ecdsa-cert')) return generateCertificate({ key: 'ecdsa-p256' });
  if (has('tls-rsa-1024')) return generateCertificate({ key: 'rsa-1024' });
  return undefined;
}

/** A client CA made at start and a client certificate it issued for `user` (CN=user): what a client presents to the mock asking for certificates. */
export interface ClientIdentities {
  /** The CA (PEM) the mock verifies client certificates against. */
  ca: string;
  /** A certificate for the main account, and its key (PEM). */
  cert: string;
  key: string;
}

export function generateClientIdentities(user: string): Promise<ClientIdentities> {
  return issueClientCertificate({
    caName: 'CN=taxii-conform mock client CA, O=taxii-conform mock',
    subject: `CN=${user.replace(/[,+="\\<>;#]/g, '_')}, O=taxii-conform mock client`,
    validDays: VALID_DAYS,
  });
}
