// `run --client-cert/--client-key[/--client-key-passphrase]` (bin/client-cert.ts): the user's
// TLS client certificate read and proven usable before anything is sent, every mistake one
// line (a UsageError: exit 2). Certificates and keys made here, at test time.
import { createPrivateKey, generateKeyPairSync, webcrypto } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { clientIdentity, type ClientCertArgs } from '../../bin/client-cert.js';
import { UsageError } from '../../bin/cli-errors.js';
import { issueClientCertificate } from '../../suites/probes/client-certificate.js';

let dir: string;
let cert: string;
let key: string;
let otherKey: string;
let encryptedKey: string;
let encryptedRsaKey: string;
let rsaCert: string;
let junkPem: string;
const PASS = 'correct horse battery';

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tc-client-cert-'));
  const write = (name: string, text: string): string => {
    const p = path.join(dir, name);
    fs.writeFileSync(p, text, { mode: 0o600 });
    return p;
  };
  const issued = await issueClientCertificate({ caName: 'CN=test client CA', subject: 'CN=alice, O=taxii-conform test', validDays: 1 });
  cert = write('alice.pem', issued.cert);
  key = write('alice-key.pem', issued.key);
  otherKey = write('other-key.pem', (await issueClientCertificate({ caName: 'CN=x', subject: 'CN=x', validDays: 1 })).key);
  encryptedKey = write('alice-key.enc.pem', createPrivateKey(issued.key).export({ format: 'pem', type: 'pkcs8', cipher: 'aes-256-cbc', passphrase: PASS }) as string);
  // A traditional (PKCS#1) RSA key with Proc-Type: 4,ENCRYPTED, and a certificate for it.
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
  encryptedRsaKey = write('rsa-key.enc.pem', rsa.privateKey.export({ format: 'pem', type: 'pkcs1', cipher: 'aes-128-cbc', passphrase: PASS }) as string);
  rsaCert = write('rsa.pem', await selfSigned(rsa.privateKey.export({ format: 'der', type: 'pkcs8' }) as Buffer, rsa.publicKey.export({ format: 'der', type: 'spki' }) as Buffer));
  junkPem = write('junk.pem', '-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n');
});

async function selfSigned(pkcs8: Buffer, spki: Buffer): Promise<string> {
  const x509 = await import('@peculiar/x509');
  const alg = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
  const privateKey = await webcrypto.subtle.importKey('pkcs8', pkcs8, alg, true, ['sign']);
  const publicKey = await webcrypto.subtle.importKey('spki', spki, alg, true, ['verify']);
  const c = await x509.X509CertificateGenerator.createSelfSigned({ name: 'CN=bob', keys: { privateKey, publicKey } as CryptoKeyPair, signingAlgorithm: alg, notBefore: new Date(Date.now() - 3600_000), notAfter: new Date(Date.now() + 86_400_000) });
  return c.toString('pem');
}

/** The usage error's message, or a failure when there is none. */
function refusal(args: ClientCertArgs, env: NodeJS.ProcessEnv = {}): string {
  try {
    clientIdentity(args, env);
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    const m = (e as Error).message;
    expect(m).not.toContain('\n');
    return m;
  }
  throw new Error('no usage error');
}

describe('--client-cert / --client-key', () => {
  it('neither given: no certificate', () => {
    expect(clientIdentity({}, {})).toBeUndefined();
  });

  it('reads a pair: whose it is, by subject and fingerprint, and the files', () => {
    const id = clientIdentity({ 'client-cert': cert, 'client-key': key }, {})!;
    expect(id.describe).toMatch(/^CN=alice, O=taxii-conform test \(SHA-256 ([0-9A-F]{2}:){31}[0-9A-F]{2}\)$/);
    expect(id).toMatchObject({ certPath: cert, keyPath: key });
    expect(id.key).toContain('PRIVATE KEY');
    expect(id.passphrase).toBeUndefined();
  });

  it('takes the pair from env TAXII_CLIENT_CERT / TAXII_CLIENT_KEY; an option stands over its variable', () => {
    expect(clientIdentity({}, { TAXII_CLIENT_CERT: cert, TAXII_CLIENT_KEY: key })?.certPath).toBe(cert);
    expect(refusal({ 'client-key': otherKey }, { TAXII_CLIENT_CERT: cert, TAXII_CLIENT_KEY: key })).toMatch(/is not the private key of the certificate/);
  });

  it.each([
    [{ 'client-cert': 'C' }, /^--client-cert needs --client-key \(or env TAXII_CLIENT_KEY\)/],
    [{ 'client-key': 'K' }, /^--client-key needs --client-cert \(or env TAXII_CLIENT_CERT\)/],
    [{ 'client-key-passphrase': 'p' }, /^--client-key-passphrase is the passphrase of --client-key/],
  ])('one of the pair alone: %j', (args, message) => {
    expect(refusal(args as ClientCertArgs)).toMatch(message);
  });

  it('a file that cannot be read', () => {
    expect(refusal({ 'client-cert': path.join(dir, 'none.pem'), 'client-key': key })).toBe(`cannot read --client-cert ${path.join(dir, 'none.pem')}: ENOENT`);
    expect(refusal({ 'client-cert': cert, 'client-key': dir })).toBe(`cannot read --client-key ${dir}: EISDIR`);
  });

  it('a file that is not PEM, or PEM that is no certificate', () => {
    expect(refusal({ 'client-cert': key, 'client-key': key })).toMatch(/^--client-cert .*alice-key\.pem holds no PEM certificate/);
    expect(refusal({ 'client-cert': cert, 'client-key': cert })).toMatch(/^--client-key .*alice\.pem holds no PEM private key/);
    expect(refusal({ 'client-cert': junkPem, 'client-key': key })).toMatch(/^--client-cert .*junk\.pem: the PEM certificate cannot be read: /);
  });

  it('a key that is not the certificate\'s', () => {
    expect(refusal({ 'client-cert': cert, 'client-key': otherKey })).toBe(`--client-key ${otherKey} is not the private key of the certificate in --client-cert ${cert}`);
  });

  it('an encrypted key: its passphrase needed, a wrong one refused, the right one kept for TLS', () => {
    expect(refusal({ 'client-cert': cert, 'client-key': encryptedKey })).toMatch(/is encrypted: give its passphrase with env TAXII_CLIENT_KEY_PASSPHRASE \(or --client-key-passphrase\)$/);
    expect(refusal({ 'client-cert': cert, 'client-key': encryptedKey, 'client-key-passphrase': 'wrong' })).toMatch(/the passphrase does not decrypt the key \(wrong passphrase\?\)$/);
    expect(refusal({ 'client-cert': cert, 'client-key': encryptedKey }, { TAXII_CLIENT_KEY_PASSPHRASE: 'wrong' })).toMatch(/wrong passphrase/);
    expect(clientIdentity({ 'client-cert': cert, 'client-key': encryptedKey, 'client-key-passphrase': PASS }, {})?.passphrase).toBe(PASS);
    expect(clientIdentity({ 'client-cert': cert, 'client-key': encryptedKey }, { TAXII_CLIENT_KEY_PASSPHRASE: PASS })?.passphrase).toBe(PASS);
  });

  it('a traditional encrypted RSA key (Proc-Type: 4,ENCRYPTED)', () => {
    expect(refusal({ 'client-cert': rsaCert, 'client-key': encryptedRsaKey })).toMatch(/is encrypted/);
    expect(refusal({ 'client-cert': rsaCert, 'client-key': encryptedRsaKey, 'client-key-passphrase': 'nope' })).toMatch(/wrong passphrase/);
    expect(clientIdentity({ 'client-cert': rsaCert, 'client-key': encryptedRsaKey, 'client-key-passphrase': PASS }, {})?.describe).toMatch(/^CN=bob \(SHA-256 /);
  });

  it('a passphrase given for a key that is not encrypted is not kept (nothing to decrypt)', () => {
    expect(clientIdentity({ 'client-cert': cert, 'client-key': key }, { TAXII_CLIENT_KEY_PASSPHRASE: PASS })?.passphrase).toBeUndefined();
  });
});
