// Certificate inspection: connect once (rejectUnauthorized: false, any version, any suite at
// @SECLEVEL=0, so that even a weak server shows its certificate), read the chain the server
// sent, and describe the leaf with @peculiar/x509. Judging it (expired, wrong name, small
// key) is the cases' job; this only reports.
import type * as X509 from '@peculiar/x509';
import { x509 } from '../core/heavy-deps.js';
import { X509Certificate as NodeX509 } from 'node:crypto';
import net from 'node:net';
import tls from 'node:tls';
import type { TlsTarget } from './tls.js';

export interface CertificateReport {
  /** RFC 4514 string of the subject, e.g. "CN=localhost, O=Example". */
  subject: string;
  issuer: string;
  /** Issuer = subject and the signature verifies with the certificate's own key. */
  selfSigned: boolean;
  /** Subject alternative names, prefixed by type: "DNS:localhost", "IP:127.0.0.1", "URI:…", "email:…". */
  sans: string[];
  /** ISO 8601. */
  notBefore: string;
  notAfter: string;
  expired: boolean;
  notYetValid: boolean;
  keyType: 'RSA' | 'EC' | 'Ed25519' | string;
  /** RSA modulus length, EC curve size (256, 384, 521), 256 for Ed25519. */
  keyBits?: number;
  /** OpenSSL-style name, e.g. sha256WithRSAEncryption, ecdsa-with-SHA256. */
  signatureAlgorithm: string;
  /** The name checked (servername, else host) matches a SAN (the CN only when there is no SAN). */
  nameMatches: boolean;
  /** Certificates the server sent (leaf first), as node:tls reports the peer chain. */
  chainLength: number;
  /** The leaf, PEM. */
  pem: string;
  /** The name nameMatches was computed for. */
  checkedName: string;
  /** The negotiated protocol of the connection the certificate was read on. */
  protocol?: string;
}

// ---------------------------------------------------------------------------------------
// Names

function normalizeIp(ip: string): string | undefined {
  const v = net.isIP(ip);
  if (v === 4) return ip.split('.').map((o) => String(Number(o))).join('.');
  if (v === 6) {
    // Expand to eight groups for comparison.
    const [head = '', tail = ''] = ip.toLowerCase().split('::');
    const h = head === '' ? [] : head.split(':');
    const t = ip.includes('::') ? (tail === '' ? [] : tail.split(':')) : [];
    const groups = ip.includes('::') ? [...h, ...Array(8 - h.length - t.length).fill('0'), ...t] : h;
    return groups.map((g) => parseInt(g, 16).toString(16)).join(':');
  }
  return undefined;
}

/** RFC 6125 DNS-ID matching: case-insensitive, a wildcard only as the whole leftmost label. */
export function dnsNameMatches(pattern: string, host: string): boolean {
  const p = pattern.toLowerCase().replace(/\.$/, '');
  const h = host.toLowerCase().replace(/\.$/, '');
  if (!p.startsWith('*.')) return p === h;
  const rest = p.slice(2);
  if (rest.split('.').length < 2) return false; // no "*.com"
  const dot = h.indexOf('.');
  return dot > 0 && h.slice(dot + 1) === rest;
}

/** Whether `host` (DNS name or IP address) matches the SANs, or the CNs when there is no SAN. */
export function hostMatches(host: string, sans: string[], commonNames: string[]): boolean {
  const ip = normalizeIp(host);
  if (sans.length > 0) {
    if (ip !== undefined) return sans.some((s) => s.startsWith('IP:') && normalizeIp(s.slice(3)) === ip);
    return sans.some((s) => s.startsWith('DNS:') && dnsNameMatches(s.slice(4), host));
  }
  if (ip !== undefined) return commonNames.some((cn) => normalizeIp(cn) === ip);
  return commonNames.some((cn) => dnsNameMatches(cn, host));
}

// ---------------------------------------------------------------------------------------
// Algorithms

const HASH_SHORT: Record<string, string> = { 'SHA-1': 'sha1', 'SHA-224': 'sha224', 'SHA-256': 'sha256', 'SHA-384': 'sha384', 'SHA-512': 'sha512', MD5: 'md5' };

function hashName(h: unknown): string | undefined {
  if (typeof h === 'string') return h;
  if (h && typeof h === 'object' && typeof (h as { name?: unknown }).name === 'string') return (h as { name: string }).name;
  return undefined;
}

function signatureName(alg: { name: string; hash?: unknown }): string {
  const hash = hashName(alg.hash);
  const short = hash ? (HASH_SHORT[hash.toUpperCase()] ?? hash.toLowerCase()) : undefined;
  switch (alg.name.toUpperCase()) {
    case 'RSASSA-PKCS1-V1_5':
      return short ? `${short}WithRSAEncryption` : 'rsaEncryption';
    case 'RSA-PSS':
      return short ? `rsassaPss(${short})` : 'rsassaPss';
    case 'ECDSA':
      return short ? `ecdsa-with-${short.toUpperCase()}` : 'ecdsa';
    case 'ED25519':
      return 'ED25519';
    case 'ED448':
      return 'ED448';
    case 'EDDSA':
      return 'EdDSA';
    default:
      return short ? `${alg.name}/${short}` : alg.name;
  }
}

const CURVE_BITS: Record<string, number> = { 'P-256': 256, 'P-384': 384, 'P-521': 521, K_256: 256, 'K-256': 256 };

function keyOf(cert: X509.X509Certificate, der: Buffer): { keyType: string; keyBits?: number } {
  let name = '';
  let alg: Record<string, unknown> = {};
  try {
    alg = cert.publicKey.algorithm as unknown as Record<string, unknown>;
    name = String(alg.name ?? '');
  } catch {
    // An algorithm @peculiar/x509 does not know: fall back on node's parser below.
  }
  const upper = name.toUpperCase();
  if (upper.startsWith('RSA')) {
    const bits = typeof alg.modulusLength === 'number' ? alg.modulusLength : undefined;
    return { keyType: 'RSA', ...(bits !== undefined ? { keyBits: bits } : nodeKeyBits(der)) };
  }
  if (upper === 'ECDSA' || upper === 'ECDH') {
    const curve = String(alg.namedCurve ?? '');
    const bits = CURVE_BITS[curve];
    return { keyType: 'EC', ...(bits !== undefined ? { keyBits: bits } : {}) };
  }
  if (upper === 'ED25519' || (upper === 'EDDSA' && String(alg.namedCurve ?? '').toUpperCase() === 'ED25519')) return { keyType: 'Ed25519', keyBits: 256 };
  if (upper === 'ED448' || (upper === 'EDDSA' && String(alg.namedCurve ?? '').toUpperCase() === 'ED448')) return { keyType: 'Ed448', keyBits: 456 };
  // node:crypto as a second opinion.
  try {
    const k = new NodeX509(der).publicKey;
    const t = k.asymmetricKeyType ?? name;
    const d = k.asymmetricKeyDetails;
    if (t === 'rsa' || t === 'rsa-pss') return { keyType: 'RSA', ...(d?.modulusLength ? { keyBits: d.modulusLength } : {}) };
    if (t === 'ec') return { keyType: 'EC', ...(d?.namedCurve === 'prime256v1' ? { keyBits: 256 } : d?.namedCurve === 'secp384r1' ? { keyBits: 384 } : d?.namedCurve === 'secp521r1' ? { keyBits: 521 } : {}) };
    if (t === 'ed25519') return { keyType: 'Ed25519', keyBits: 256 };
    return { keyType: t || 'unknown' };
  } catch {
    return { keyType: name || 'unknown' };
  }
}

function nodeKeyBits(der: Buffer): { keyBits?: number } {
  try {
    const bits = new NodeX509(der).publicKey.asymmetricKeyDetails?.modulusLength;
    return bits !== undefined ? { keyBits: bits } : {};
  } catch {
    return {};
  }
}

function sanStrings(cert: X509.X509Certificate): string[] {
  const ext = cert.getExtension(x509().SubjectAlternativeNameExtension);
  if (!ext) return [];
  const prefix: Record<string, string> = { dns: 'DNS', ip: 'IP', url: 'URI', email: 'email', upn: 'UPN', guid: 'GUID', id: 'RID' };
  return ext.names.toJSON().map((n) => `${prefix[n.type] ?? n.type}:${n.value}`);
}

// ---------------------------------------------------------------------------------------
// Describe a certificate

/** Describes a DER or PEM certificate (the chain length and protocol are the caller's). */
export async function describeCertificate(
  raw: Buffer | string,
  checkedName: string,
  now: Date = new Date(),
): Promise<Omit<CertificateReport, 'chainLength' | 'protocol'>> {
  const cert = new (x509().X509Certificate)(typeof raw === 'string' ? raw : new Uint8Array(raw));
  const der = Buffer.from(cert.rawData);
  const sans = sanStrings(cert);
  const commonNames = cert.subjectName.getField('CN');
  let selfSigned = cert.subject === cert.issuer;
  if (selfSigned) {
    try {
      selfSigned = await cert.isSelfSigned();
    } catch {
      // A signature WebCrypto cannot check (MD5, a 512-bit key…): go by the names.
    }
  }
  let signatureAlgorithm: string;
  try {
    signatureAlgorithm = signatureName(cert.signatureAlgorithm as unknown as { name: string; hash?: unknown });
  } catch {
    signatureAlgorithm = 'unknown';
  }
  return {
    subject: cert.subject,
    issuer: cert.issuer,
    selfSigned,
    sans,
    notBefore: cert.notBefore.toISOString(),
    notAfter: cert.notAfter.toISOString(),
    expired: now.getTime() > cert.notAfter.getTime(),
    notYetValid: now.getTime() < cert.notBefore.getTime(),
    ...keyOf(cert, der),
    signatureAlgorithm,
    nameMatches: hostMatches(checkedName, sans, commonNames),
    pem: cert.toString('pem') + '\n',
    checkedName,
  };
}

/** The peer chain node:tls reports, leaf first, each certificate once. */
function peerChain(sock: tls.TLSSocket): Buffer[] {
  const chain: Buffer[] = [];
  const seen = new Set<string>();
  let c: tls.DetailedPeerCertificate | undefined = sock.getPeerCertificate(true);
  while (c && c.raw && c.raw.length > 0) {
    const key = c.fingerprint256 ?? c.raw.toString('base64');
    if (seen.has(key)) break;
    seen.add(key);
    chain.push(c.raw);
    c = c.issuerCertificate;
  }
  return chain;
}

/**
 * Connects to the target (rejectUnauthorized: false; TLS 1.0–1.3, any suite at @SECLEVEL=0)
 * and describes the certificate it presents. The name matched is `servername`, else `host`.
 * The secure context trusts no CA (`ca: []`), so the chain is what the server sent, never
 * completed from a local trust store. Rejects on timeout or a failed handshake. `client`: the
 * user's client certificate, for a server that asks every connection for one.
 */
export function inspectCertificate(target: TlsTarget, timeoutMs: number, signal?: AbortSignal, client?: { cert: string; key: string; passphrase?: string }): Promise<CertificateReport> {
  const checkedName = target.servername ?? target.host;
  const sni = net.isIP(checkedName) === 0 ? checkedName : undefined;
  return new Promise<CertificateReport>((resolve, reject) => {
    let settled = false;
    const sock = tls.connect({
      host: target.host,
      port: target.port,
      rejectUnauthorized: false,
      ca: [],
      minVersion: 'TLSv1',
      maxVersion: 'TLSv1.3',
      ciphers: 'ALL:COMPLEMENTOFALL:!aNULL:@SECLEVEL=0',
      ...(sni !== undefined ? { servername: sni } : {}),
      ...(client ? { cert: client.cert, key: client.key, ...(client.passphrase !== undefined ? { passphrase: client.passphrase } : {}) } : {}),
    });
    const done = (err: Error | undefined, report?: CertificateReport): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      sock.destroy();
      if (err) reject(err);
      else resolve(report as CertificateReport);
    };
    const timer = setTimeout(() => done(new Error(`certificate inspection of ${target.host}:${target.port}: timeout after ${timeoutMs} ms`)), timeoutMs);
    const onAbort = (): void => done(new Error(`certificate inspection of ${target.host}:${target.port}: stopped`));
    if (signal?.aborted) onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    let handshakeDone = false;
    sock.once('secureConnect', () => {
      handshakeDone = true;
      const chain = peerChain(sock);
      const leaf = chain[0];
      const protocol = sock.getProtocol() ?? undefined;
      sock.destroy();
      if (!leaf) {
        done(new Error(`certificate inspection of ${target.host}:${target.port}: the server sent no certificate`));
        return;
      }
      describeCertificate(leaf, checkedName).then(
        (d) => done(undefined, { ...d, chainLength: chain.length, ...(protocol !== undefined ? { protocol } : {}) }),
        (e: Error) => done(new Error(`certificate inspection of ${target.host}:${target.port}: cannot parse the certificate: ${e.message}`)),
      );
    });
    sock.once('error', (e: Error) => done(new Error(`certificate inspection of ${target.host}:${target.port}: ${e.message.split('\n')[0]}`)));
    sock.once('close', () => handshakeDone || done(new Error(`certificate inspection of ${target.host}:${target.port}: connection closed before the handshake completed`)));
  });
}
