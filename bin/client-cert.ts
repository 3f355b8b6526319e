// `run --client-cert <pem> --client-key <pem>` (or env TAXII_CLIENT_CERT / TAXII_CLIENT_KEY,
// the key's passphrase from --client-key-passphrase or env TAXII_CLIENT_KEY_PASSPHRASE): the
// user's TLS client certificate, read and proven usable before anything is sent. Every
// mistake is one line and exit 2: one of the pair alone, a file that cannot be read or holds
// no PEM, an encrypted key without its passphrase or with a wrong one, a key that is not the
// certificate's.
import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import { createSecureContext } from 'node:tls';
import { readFileSync } from 'node:fs';
import type { ClientIdentity } from '../suites/core/types.js';
import { UsageError } from './cli-errors.js';

export interface ClientCertArgs {
  'client-cert'?: string;
  'client-key'?: string;
  'client-key-passphrase'?: string;
}

/** The user's client certificate from the options (the environment's as fallback), or undefined when neither file is named. */
export function clientIdentity(args: ClientCertArgs, env: NodeJS.ProcessEnv = process.env): ClientIdentity | undefined {
  const certPath = args['client-cert'] ?? nonEmpty(env.TAXII_CLIENT_CERT);
  const keyPath = args['client-key'] ?? nonEmpty(env.TAXII_CLIENT_KEY);
  const passphrase = args['client-key-passphrase'] ?? env.TAXII_CLIENT_KEY_PASSPHRASE;
  if (certPath === undefined && keyPath === undefined) {
    if (args['client-key-passphrase'] !== undefined) throw new UsageError('--client-key-passphrase is the passphrase of --client-key: give --client-cert and --client-key');
    return undefined;
  }
  if (keyPath === undefined) throw new UsageError('--client-cert needs --client-key (or env TAXII_CLIENT_KEY): the private key of the certificate');
  if (certPath === undefined) throw new UsageError('--client-key needs --client-cert (or env TAXII_CLIENT_CERT): the certificate of the key');
  const certText = readText('--client-cert', certPath);
  const keyText = readText('--client-key', keyPath);
  const cert = certificate(certPath, certText);
  const key = privateKey(keyPath, keyText, passphrase);
  if (!cert.checkPrivateKey(key)) throw new UsageError(`--client-key ${keyPath} is not the private key of the certificate in --client-cert ${certPath}`);
  try {
    // What the TLS connections will be given: the same as OpenSSL reads it there.
    createSecureContext({ cert: certText, key: keyText, ...(passphrase !== undefined ? { passphrase } : {}) });
  } catch (e) {
    throw new UsageError(`--client-cert ${certPath} with --client-key ${keyPath} cannot be used for TLS: ${firstLine(e)}`);
  }
  return {
    cert: certText,
    key: keyText,
    ...(passphrase !== undefined && encrypted(keyText) ? { passphrase } : {}),
    describe: `${cert.subject.split('\n').join(', ')} (SHA-256 ${cert.fingerprint256})`,
    certPath,
    keyPath,
  };
}

function nonEmpty(v: string | undefined): string | undefined {
  return v === undefined || v.trim() === '' ? undefined : v;
}

function readText(option: string, path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read ${option} ${path}: ${(e as NodeJS.ErrnoException).code ?? firstLine(e)}`);
  }
}

function certificate(path: string, text: string): X509Certificate {
  if (!text.includes('-----BEGIN CERTIFICATE-----')) throw new UsageError(`--client-cert ${path} holds no PEM certificate (-----BEGIN CERTIFICATE-----)`);
  try {
    return new X509Certificate(text);
  } catch (e) {
    throw new UsageError(`--client-cert ${path}: the PEM certificate cannot be read: ${firstLine(e)}`);
  }
}

/** PKCS#8 `ENCRYPTED PRIVATE KEY`, or a traditional PEM key with `Proc-Type: 4,ENCRYPTED`. */
function encrypted(text: string): boolean {
  return text.includes('-----BEGIN ENCRYPTED PRIVATE KEY-----') || /^Proc-Type:\s*4,ENCRYPTED/m.test(text);
}

function privateKey(path: string, text: string, passphrase: string | undefined): KeyObject {
  if (!/-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----/.test(text)) throw new UsageError(`--client-key ${path} holds no PEM private key (-----BEGIN PRIVATE KEY-----)`);
  const locked = encrypted(text);
  if (locked && passphrase === undefined) {
    throw new UsageError(`--client-key ${path} is encrypted: give its passphrase with env TAXII_CLIENT_KEY_PASSPHRASE (or --client-key-passphrase)`);
  }
  try {
    // Never a prompt: a passphrase, even an empty one, is always given to OpenSSL.
    return createPrivateKey({ key: text, format: 'pem', passphrase: locked ? passphrase : '' });
  } catch (e) {
    if (locked) throw new UsageError(`--client-key ${path}: the passphrase does not decrypt the key (wrong passphrase?)`);
    throw new UsageError(`--client-key ${path}: the PEM private key cannot be read: ${firstLine(e)}`);
  }
}

function firstLine(e: unknown): string {
  return ((e as Error)?.message ?? String(e)).split('\n')[0] ?? '';
}
