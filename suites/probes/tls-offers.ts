// The catalogue of TLS offers a `tls` area can try: classes of cipher suites, each asking
// one question of a server ("does it accept ANY suite with this weakness?"), at pinned
// protocol versions, built from the suite table (tls-suites.ts). A class offers every suite
// it names, as a raw ClientHello (tls-raw/); `offerableSuites()` says which of them THIS
// process's OpenSSL could put in a ClientHello of node:tls.
//
// What a server is expected to do with each class is not the probe's business: each profile
// grades the classes by its own spec (its TLS policy, Profile.tlsPolicy). docs/tls.md has the
// class table and the reasoning behind each class.
import tls from 'node:tls';
import type { TlsOffer } from './tls.js';
import type { RawOffer } from './tls-raw/client-hello.js';
import { SUITES, suiteInfo, suiteUsableAt, versionsBetween, type SuiteInfo, type TlsVersion } from './tls-suites.js';

// ---------------------------------------------------------------------------------------
// What this OpenSSL can offer

const libraryHas = new Map<string, boolean>();

/**
 * Whether this process's OpenSSL accepts the suite in a cipher list at @SECLEVEL=0.
 * OpenSSL drops, before any list is parsed, the suites it was built without (RC4 and 3DES
 * under no-weak-ssl-ciphers, export and single DES since 1.1.0) and those whose cipher no
 * loaded provider implements (SEED, IDEA without the legacy provider): such a name is not
 * matched and SSL_CTX_set_cipher_list (or set_ciphersuites) fails with "no cipher match".
 */
export function opensslHasSuite(name: string): boolean {
  const known = libraryHas.get(name);
  if (known !== undefined) return known;
  let ok: boolean;
  try {
    const s = suiteInfo(name);
    const is13 = s ? s.minVersion === 'TLSv1.3' : name.startsWith('TLS_');
    tls.createSecureContext({ ciphers: is13 ? name : `${name}:@SECLEVEL=0` });
    ok = true;
  } catch {
    ok = false;
  }
  libraryHas.set(name, ok);
  return ok;
}

/**
 * The suites (OpenSSL names, in OpenSSL's preference order) THIS Node/OpenSSL can put in a
 * ClientHello at @SECLEVEL=0 when the handshake is pinned to `version`.
 *
 * How: the suite table above (every suite OpenSSL defines or defined, with the lowest
 * protocol each is defined for), kept to those usable at `version` (OpenSSL's client leaves
 * a suite out of the ClientHello when its lowest version is above the pinned maximum: the
 * SHA-256/384, GCM, CCM and ChaCha20 suites exist from TLS 1.2 on) and to those this OpenSSL
 * has (opensslHasSuite: a one-suite cipher list at @SECLEVEL=0 through
 * tls.createSecureContext). PSK and SRP suites are not in the table. The integration test
 * (test/integration/tls-probe.test.ts) checks the result against the ClientHello Node really
 * sends, captured by a loopback server (test/helpers/client-hello-capture.ts).
 */
export function offerableSuites(version: TlsVersion): string[] {
  if (version === 'SSLv3') return []; // OpenSSL 3 has no SSLv3 at all
  return SUITES.filter((s) => suiteUsableAt(s, version) && opensslHasSuite(s.name)).map((s) => s.name);
}

// ---------------------------------------------------------------------------------------
// The classes

export interface OfferClass {
  /** Stable id, e.g. `tls10`, `rsa-kx`, `baseline`. */
  id: string;
  title: string;
  offer: TlsOffer;
  /** The OpenSSL names offered (≤ TLS 1.2 and TLS 1.3 names alike). */
  suites: string[];
}

/** TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384, the one suite of the `baseline` class. */
export const CBC_SHA384_SUITE = 'ECDHE-RSA-AES256-SHA384';

const SECLEVEL0 = '@SECLEVEL=0';

const legacy12 = SUITES.filter((s) => s.minVersion !== 'TLSv1.3');
const encrypted = (s: SuiteInfo): boolean => s.enc !== 'None';
const names = (pred: (s: SuiteInfo) => boolean, from: readonly SuiteInfo[] = legacy12): string[] =>
  from.filter(pred).map((s) => s.name);

/** An offer of ≤ TLS 1.2 suites, pinned to [min, max], at @SECLEVEL=0. */
function offer12(suites: string[], minVersion: TlsVersion, maxVersion: TlsVersion = minVersion): TlsOffer {
  return { minVersion, maxVersion, ciphers: [...suites, SECLEVEL0].join(':') };
}

function klass(id: string, title: string, suites: string[], offer: TlsOffer): OfferClass {
  return { id, title, suites, offer };
}

const ssl3Suites = names((s) => encrypted(s) && suiteUsableAt(s, 'SSLv3'));
const tls10Suites = names((s) => encrypted(s) && suiteUsableAt(s, 'TLSv1'));
const tls11Suites = names((s) => encrypted(s) && suiteUsableAt(s, 'TLSv1.1'));
const aead256 = names((s) => s.kx === 'ECDHE' && s.au !== 'None' && (s.enc === 'AESGCM' || s.enc === 'CHACHA20') && s.bits >= 256);
// Forward secret, authenticated, 256-bit, with an AEAD or SHA-2 MAC; the two classes above left out.
const other256 = names(
  (s) => (s.kx === 'ECDHE' || s.kx === 'DHE') && s.au !== 'None' && s.bits >= 256 && (s.mac === 'AEAD' || s.mac === 'SHA256' || s.mac === 'SHA384'),
).filter((n) => n !== CBC_SHA384_SUITE && !aead256.includes(n));
const MODERN_12 = [
  'ECDHE-ECDSA-AES128-GCM-SHA256',
  'ECDHE-RSA-AES128-GCM-SHA256',
  'ECDHE-ECDSA-AES256-GCM-SHA384',
  'ECDHE-RSA-AES256-GCM-SHA384',
  'ECDHE-ECDSA-CHACHA20-POLY1305',
  'ECDHE-RSA-CHACHA20-POLY1305',
  'DHE-RSA-AES128-GCM-SHA256',
  'DHE-RSA-AES256-GCM-SHA384',
  'DHE-RSA-CHACHA20-POLY1305',
];
const MODERN_13 = ['TLS_AES_128_GCM_SHA256', 'TLS_AES_256_GCM_SHA384', 'TLS_CHACHA20_POLY1305_SHA256'];
const TLS13_ALL = ['TLS_AES_256_GCM_SHA384', 'TLS_CHACHA20_POLY1305_SHA256', 'TLS_AES_128_GCM_SHA256', 'TLS_AES_128_CCM_SHA256', 'TLS_AES_128_CCM_8_SHA256'];
const TLS13_128 = TLS13_ALL.filter((n) => (suiteInfo(n)?.bits ?? 0) < 256);

const staticKx = names((s) => encrypted(s) && (s.kx === 'RSA' || s.kx === 'DH' || s.kx === 'ECDH'));
const aes128Cbc = names((s) => s.enc === 'AES' && s.bits === 128);
const aes128Aead = names((s) => (s.enc === 'AESGCM' || s.enc === 'AESCCM' || s.enc === 'AESCCM8') && s.bits === 128);
const sha1Mac = names((s) => encrypted(s) && s.mac === 'SHA1');
const des3 = names((s) => s.enc === '3DES');
const rc4 = names((s) => s.enc === 'RC4' && s.bits > 40);
const exportDes = names((s) => encrypted(s) && s.bits <= 56);
const legacy128 = names((s) => ['Camellia', 'ARIAGCM', 'SEED', 'IDEA'].includes(s.enc) && s.bits === 128);
const anon = names((s) => encrypted(s) && s.au === 'None');
const nullSuites = names((s) => !encrypted(s));

/**
 * The classes of offers the `tls` area tries. Classes overlap on purpose: each asks one
 * question ("does the server accept ANY suite with this weakness?"), so every suite with the
 * weakness is in the class, whatever its other properties. The weakness classes are pinned
 * to TLS 1.2 (min = max): weaknesses of older protocols are the tls10/tls11 classes' job.
 */
export const OFFER_CLASSES: OfferClass[] = [
  klass('ssl3', 'SSL 3.0 offered (every encrypted suite defined for SSL 3.0)', ssl3Suites, offer12(ssl3Suites, 'SSLv3')),
  klass('tls10', 'TLS 1.0 offered (every encrypted suite defined at TLS 1.0)', tls10Suites, offer12(tls10Suites, 'TLSv1')),
  klass('tls11', 'TLS 1.1 offered (every encrypted suite defined at TLS 1.1)', tls11Suites, offer12(tls11Suites, 'TLSv1.1')),
  klass('rsa-kx', 'Key exchange without forward secrecy (static RSA, DH, ECDH), e.g. AES256-SHA256, AES256-GCM-SHA384', staticKx, offer12(staticKx, 'TLSv1.2')),
  klass('aes128-cbc', '128-bit AES-CBC suites, e.g. ECDHE-RSA-AES128-SHA256, AES128-SHA', aes128Cbc, offer12(aes128Cbc, 'TLSv1.2')),
  klass('aes128-gcm', '128-bit AES AEAD suites (GCM, CCM), e.g. ECDHE-RSA-AES128-GCM-SHA256', aes128Aead, offer12(aes128Aead, 'TLSv1.2')),
  klass('sha1-mac', 'SHA-1 MACs, e.g. ECDHE-RSA-AES256-SHA', sha1Mac, offer12(sha1Mac, 'TLSv1.2')),
  klass('3des', '3DES suites (DES-CBC3-SHA, ECDHE-RSA-DES-CBC3-SHA, …)', des3, offer12(des3, 'TLSv1.2')),
  klass('rc4', 'RC4 suites (RC4-SHA, RC4-MD5, ECDHE-RSA-RC4-SHA, …)', rc4, offer12(rc4, 'TLSv1.2')),
  // Export suites are defined up to TLS 1.0 only, so the offer spans TLS 1.0–1.2.
  klass('export', 'Export-grade and single-DES suites (40- and 56-bit), TLS 1.0–1.2', exportDes, offer12(exportDes, 'TLSv1', 'TLSv1.2')),
  klass('legacy-128', '128-bit legacy ciphers: CAMELLIA-128, ARIA-128, SEED, IDEA', legacy128, offer12(legacy128, 'TLSv1.2')),
  klass('anon', 'Anonymous key exchange (ADH, AECDH): no server authentication', anon, offer12(anon, 'TLSv1.2')),
  klass('null', 'NULL suites (no encryption), e.g. ECDHE-RSA-NULL-SHA, NULL-SHA256', nullSuites, offer12(nullSuites, 'TLSv1.2')),
  klass('aead-256', '256-bit AEAD with ECDHE: ECDHE-RSA-AES256-GCM-SHA384, ECDHE-RSA-CHACHA20-POLY1305 (and ECDSA)', aead256, offer12(aead256, 'TLSv1.2')),
  klass('other-256', 'Other 256-bit forward-secret suites (DHE, CAMELLIA-256, ARIA-256, AES-256-CCM, ECDSA)', other256, offer12(other256, 'TLSv1.2')),
  klass('baseline', 'ECDHE-RSA-AES256-SHA384 alone at TLS 1.2', [CBC_SHA384_SUITE], offer12([CBC_SHA384_SUITE], 'TLSv1.2')),
  klass('modern-default', 'A modern default client (TLS 1.2–1.3, Mozilla "intermediate" suites, default security level)', [...MODERN_13, ...MODERN_12],
    { minVersion: 'TLSv1.2', maxVersion: 'TLSv1.3', ciphers: MODERN_12.join(':'), ciphersuites: MODERN_13.join(':') }),
  klass('tls12-modern', 'A modern TLS 1.2 client (TLS 1.2 only, forward-secret AEAD suites, 128- and 256-bit)', MODERN_12, offer12(MODERN_12, 'TLSv1.2')),
  klass('tls13', 'TLS 1.3 offered (all five TLS 1.3 suites)', TLS13_ALL, { minVersion: 'TLSv1.3', maxVersion: 'TLSv1.3', ciphersuites: TLS13_ALL.join(':') }),
  klass('tls13-aes128', 'TLS 1.3 with only 128-bit suites (TLS_AES_128_GCM_SHA256, CCM)', TLS13_128, { minVersion: 'TLSv1.3', maxVersion: 'TLSv1.3', ciphersuites: TLS13_128.join(':') }),
];

/** The class of that id. */
export function offerClass(id: string): OfferClass | undefined {
  return OFFER_CLASSES.find((c) => c.id === id);
}

/** The suites of a class that this OpenSSL can put in the class's ClientHello (node:tls). */
export function offerableInClass(c: OfferClass): string[] {
  const versions = versionsBetween(c.offer.minVersion, c.offer.maxVersion);
  return c.suites.filter((n) => {
    const s = suiteInfo(n);
    if (!s || !opensslHasSuite(n)) return false;
    return versions.some((v) => offerableSuites(v).includes(n));
  });
}

/** The class's offer as a raw ClientHello: every suite it names, by code point, in its order. */
export function rawOfferOf(c: OfferClass): RawOffer {
  return { minVersion: c.offer.minVersion, maxVersion: c.offer.maxVersion, suites: c.suites.map((n) => suiteInfo(n)?.code ?? -1).filter((code) => code >= 0) };
}
