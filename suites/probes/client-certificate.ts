// Client certificates: whether a server asks for one (a CertificateRequest in its handshake
// flight, read in clear at TLS 1.2 and decrypted at TLS 1.3: tls-raw/flight.ts), and what it
// does with one no one it trusts issued: a certificate made at run time, signed by a CA made
// at run time and thrown away. PKIX refuses it: by a TLS alert, or by treating the request as
// one without credentials. Taking it as authentication is what a server without PKIX does.
import { webcrypto } from 'node:crypto';
import { x509 } from '../core/heavy-deps.js';
import type { ClientIdentity } from '../core/types.js';
import type { TlsTarget } from './tls.js';
import { HS, readServerFlight } from './tls-raw/flight.js';
import { httpStatusOf, plainGet, tappedConnection, type TapResult } from './tls-tap.js';

export type { ClientIdentity };

let untrusted: Promise<ClientIdentity> | undefined;

/** A client certificate (ECDSA P-256, clientAuth) issued by a CA made here and thrown away: no server can trust it. Made once a process. */
export function untrustedIdentity(): Promise<ClientIdentity> {
  return (untrusted ??= makeUntrusted());
}

async function makeUntrusted(): Promise<ClientIdentity> {
  const tag = Buffer.from(webcrypto.getRandomValues(new Uint8Array(6))).toString('hex');
  const caName = `CN=taxii-conform untrusted CA ${tag}, O=taxii-conform`;
  const subject = `CN=taxii-conform untrusted client ${tag}, O=taxii-conform`;
  const issued = await issueClientCertificate({ caName, subject, validDays: 1 });
  return { cert: issued.cert, key: issued.key, describe: `${subject}, issued by ${caName} (made for this run, trusted by no one)` };
}

/** A CA made here (its key then dropped) and a client certificate it issued (ECDSA P-256, clientAuth): PEM. */
export async function issueClientCertificate(o: { caName: string; subject: string; validDays: number }): Promise<{ ca: string; cert: string; key: string }> {
  const X = x509();
  const alg = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
  const caKeys = (await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify'])) as unknown as CryptoKeyPair;
  const leafKeys = (await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify'])) as unknown as CryptoKeyPair;
  const notBefore = new Date(Date.now() - 3600_000); // tolerate a peer with a slow clock
  const notAfter = new Date(notBefore.getTime() + o.validDays * 86_400_000);
  const serial = (): string => Buffer.from(webcrypto.getRandomValues(new Uint8Array(12))).toString('hex').replace(/^[89a-f]/, '1');
  const ca = await X.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(),
    name: o.caName,
    notBefore,
    notAfter,
    signingAlgorithm: alg,
    keys: caKeys,
    extensions: [new X.BasicConstraintsExtension(true, undefined, true), new X.KeyUsagesExtension(X.KeyUsageFlags.keyCertSign, true)],
  });
  const leaf = await X.X509CertificateGenerator.create({
    serialNumber: serial(),
    subject: o.subject,
    issuer: ca.subject,
    publicKey: leafKeys.publicKey,
    signingKey: caKeys.privateKey,
    signingAlgorithm: alg,
    notBefore,
    notAfter,
    extensions: [
      new X.BasicConstraintsExtension(false, undefined, true),
      new X.KeyUsagesExtension(X.KeyUsageFlags.digitalSignature, true),
      new X.ExtendedKeyUsageExtension([X.ExtendedKeyUsage.clientAuth]),
    ],
  });
  const pkcs8 = await webcrypto.subtle.exportKey('pkcs8', leafKeys.privateKey as unknown as webcrypto.CryptoKey);
  return { ca: ca.toString('pem'), cert: leaf.toString('pem'), key: X.PemConverter.encode(pkcs8, 'PRIVATE KEY') };
}

export interface Connection {
  outcome: TapResult['outcome'];
  protocol?: string;
  /** The HTTP status of the GET sent after the handshake, if one came. */
  status?: number;
  /** The refusal (alert text, or the close). */
  alert?: string;
  detail: string;
  durationMs: number;
}

export interface ClientCertificateReport {
  /** Whether the server's flight held a CertificateRequest; undefined when the flight could not be read. */
  requested?: boolean;
  /** How that was seen, or why it could not be. */
  requestSeen: string;
  /** The connection presenting the untrusted certificate. */
  untrusted: Connection;
  /** The same GET without a certificate (only when the server asks for one). */
  anonymous?: Connection;
  identity: string;
}

function connection(r: TapResult): Connection {
  const status = httpStatusOf(r.firstLine);
  return {
    outcome: r.outcome,
    ...(r.protocol ? { protocol: r.protocol } : {}),
    ...(status !== undefined ? { status } : {}),
    ...(r.alert !== undefined ? { alert: r.alert } : {}),
    detail: r.outcome === 'accepted' ? (r.firstLine !== undefined ? `answered "${r.firstLine}"` : r.detail) : r.detail,
    durationMs: r.durationMs,
  };
}

/** Presents the untrusted certificate on a GET of `url` (no credentials); when the server asks for certificates, the same GET without one. */
export async function probeClientCertificate(target: TlsTarget, url: string, accept: string, timeoutMs: number, signal?: AbortSignal): Promise<ClientCertificateReport> {
  const id = await untrustedIdentity();
  const request = plainGet(url, accept);
  const withCert = await tappedConnection(target, { timeoutMs, request, cert: id.cert, key: id.key, ...(signal ? { signal } : {}) });
  const flight = readServerFlight(withCert.bytes, withCert.keylog);
  const requested = flight.messages.includes(HS.certificateRequest) ? true : flight.unreadable === undefined ? false : undefined;
  const how = flight.version === 0x0304 ? 'TLS 1.3 flight, decrypted with the logged handshake secret' : 'TLS 1.2 flight, in clear';
  const requestSeen =
    requested === undefined
      ? `could not read the server's flight: ${flight.unreadable}`
      : `${requested ? 'a CertificateRequest' : 'no CertificateRequest'} in the server's ${how}`;
  const report: ClientCertificateReport = { requestSeen, untrusted: connection(withCert), identity: id.describe };
  if (requested !== undefined) report.requested = requested;
  if (requested) report.anonymous = connection(await tappedConnection(target, { timeoutMs, request, ...(signal ? { signal } : {}) }));
  return report;
}

/**
 * Whether the untrusted certificate authenticated nothing: refused by TLS, refused by HTTP
 * (401, 403), or answered as the same GET without a certificate is. Another answer with it
 * than without it (a 200, or a 406 past the authentication a 401 stopped) is the certificate
 * taken as credentials.
 */
export function untrustedRefused(r: ClientCertificateReport): { ok: boolean; actual: string } {
  const u = r.untrusted;
  if (u.outcome !== 'accepted') return { ok: u.outcome === 'refused', actual: `the handshake with it was ${u.outcome === 'refused' ? 'refused' : 'not completed'}: ${u.alert ?? u.detail}` };
  const anon = r.anonymous;
  const anonText = anon ? (anon.status !== undefined ? `${anon.status}` : `${anon.outcome} (${anon.alert ?? anon.detail})`) : 'not asked';
  if (u.status === 401 || u.status === 403) return { ok: true, actual: `accepted at TLS, then the GET with it was refused: ${u.status} (without a certificate: ${anonText})` };
  if (anon && anon.status !== undefined && anon.status === u.status) return { ok: true, actual: `accepted at TLS; the GET answered ${u.status} with it and without it: it changed nothing` };
  return { ok: false, actual: `the GET with the untrusted certificate and no other credentials answered ${u.status ?? u.detail}, without a certificate ${anonText}: the certificate was taken as credentials` };
}
