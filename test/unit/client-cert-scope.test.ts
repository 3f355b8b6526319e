// Which requests present the user's client certificate (suites/core/credentials.ts): those
// carrying the run's credentials, to the origins the scope allows; what curl and openssl
// lines say instead of the key.
import { describe, expect, it } from 'vitest';
import { authorize, certificateFor, CredentialScope, curlCertificate, sClientCertificate } from '../../suites/core/credentials.js';
import { curlFor } from '../../suites/core/evidence.js';
import type { AuthMode, ClientIdentity } from '../../suites/core/types.js';

const mine: ClientIdentity = { cert: 'CERT-PEM', key: 'KEY-PEM', describe: 'CN=alice', certPath: '/k/alice.pem', keyPath: '/k/alice key.pem' };
const here = 'https://taxii.example.com/taxii2/';
const elsewhere = 'https://other.example.com/taxii2/';

async function presented(mode: AuthMode, url: string, creds: object = { clientCert: mine }, bearer?: string) {
  const scope = new CredentialScope([here]);
  const a = await authorize(mode, url, { creds: { ...creds }, runId: 'r', scope }, bearer);
  return { a, notes: scope.notes() };
}

describe('the client certificate goes where the credentials go', () => {
  it.each(['default', 'basic', 'bearer'] as const)('%s: presented to the target origin', async (mode) => {
    const { a } = await presented(mode, here, { user: 'u', password: 'p', token: 't', clientCert: mine });
    expect(a.clientCert).toBe(`--cert '/k/alice.pem' --key '/k/alice key.pem'`);
  });

  it('a bearer token handed out during a case: presented with it', async () => {
    expect((await presented('none', here, { clientCert: mine }, 'short')).a.clientCert).toBeDefined();
  });

  it.each(['none', 'wrong-password', 'unknown-user', 'bearer-garbage', 'bearer-bad-signature', 'bearer-alg-none'] as const)('%s: never (the request is meant to lack valid credentials)', async (mode) => {
    const { a, notes } = await presented(mode, here, { user: 'u', password: 'p', clientCert: mine });
    expect(a.clientCert).toBeUndefined();
    expect(notes).toEqual([]);
  });

  it('the certificate alone: a default-mode request presents it with no Authorization header; another origin gets neither, and the scope notes it', async () => {
    expect((await presented('default', here)).a).toEqual({ clientCert: `--cert '/k/alice.pem' --key '/k/alice key.pem'` });
    const { a, notes } = await presented('default', elsewhere);
    expect(a.clientCert).toBeUndefined();
    expect(a.value).toBeUndefined();
    expect(a.withheld).toMatch(/^credentials not sent to https:\/\/other\.example\.com: not the origin of the target given/);
    expect(notes).toHaveLength(1);
  });

  it('a secret-free mode keeps its header on another origin (nothing of the user in it)', async () => {
    const { a } = await presented('unknown-user', elsewhere);
    expect(a.value).toMatch(/^Basic /);
    expect(a.withheld).toBeUndefined();
  });

  it('TLS probes: to the scope only', () => {
    const scope = new CredentialScope([here]);
    expect(certificateFor(here, { clientCert: mine }, scope)).toBe(mine);
    expect(certificateFor(elsewhere, { clientCert: mine }, scope)).toBeUndefined();
    expect(scope.notes()).toHaveLength(1);
    expect(certificateFor(here, {}, scope)).toBeUndefined();
  });

  it('curl and openssl lines name the files, never the PEM; an encrypted key\'s passphrase comes from the environment', () => {
    const line = curlFor({ method: 'GET', url: here, headers: {}, clientCert: curlCertificate(mine) }, false);
    expect(line).toBe(`curl -sS -i --path-as-is --cert '/k/alice.pem' --key '/k/alice key.pem' '${here}'`);
    expect(line).not.toContain('PEM');
    const locked = { ...mine, passphrase: 'secret-pass' };
    expect(curlCertificate(locked)).toBe(`--cert '/k/alice.pem' --key '/k/alice key.pem' --pass "$TAXII_CLIENT_KEY_PASSPHRASE"`);
    expect(sClientCertificate(locked)).toBe(`-cert '/k/alice.pem' -key '/k/alice key.pem' -pass env:TAXII_CLIENT_KEY_PASSPHRASE`);
    expect(curlCertificate({ cert: 'C', key: 'K', describe: 'd' })).toBe(`--cert 'client-cert.pem' --key 'client-key.pem'`);
  });
});
