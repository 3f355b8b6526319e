// The pre-draft's TLS policy: what a server must do with each offer class of the tls area
// (suites/probes/tls-offers.ts), and why. Reading (DESIGN.md, "Reading the pre-draft", TLS):
// a server MUST complete a TLS 1.2 handshake offering only
// TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384, and MUST refuse every offer weaker than it: TLS
// 1.0/1.1, non-forward-secret key exchange, 128-bit or weaker ciphers, SHA-1 MACs,
// 3DES/RC4/export. AEAD 256-bit suites and TLS 1.3 with 256-bit suites are not weaker. NULL
// suites are allowed by local policy: reported, not failed. docs/tls.md has the reasoning.
import type { TlsPolicy } from '../core/profile.js';
import { CBC_SHA384_SUITE } from '../probes/tls-offers.js';
import type { SuiteInfo } from '../probes/tls-suites.js';

/** The pre-draft's mandatory suite (TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384). */
export const BASELINE_SUITE = CBC_SHA384_SUITE;

/**
 * Not weaker than the baseline, as DESIGN.md reads the pre-draft: the baseline itself
 * (ECDHE-RSA-AES256-SHA384), an authenticated forward-secret key exchange with a 256-bit
 * AEAD cipher at TLS 1.2, and TLS 1.3 with a 256-bit suite.
 */
export function notWeakerThanBaseline(s: SuiteInfo): boolean {
  if (s.name === BASELINE_SUITE) return true;
  if (s.minVersion === 'TLSv1.3') return s.bits >= 256;
  return (s.kx === 'ECDHE' || s.kx === 'DHE') && s.au !== 'None' && s.mac === 'AEAD' && s.bits >= 256;
}

export const PREDRAFT_TLS_POLICY: TlsPolicy = {
  ssl3: { expect: 'refused', why: 'Older than TLS 1.0, which DESIGN says MUST be refused. Pinned to SSLv3; only a raw ClientHello can offer it (OpenSSL 3 has no SSLv3).' },
  tls10: { expect: 'refused', why: 'DESIGN: MUST refuse TLS 1.0/1.1. Pinned min = max = TLSv1; NULL suites left out (they are local policy).' },
  tls11: { expect: 'refused', why: 'DESIGN: MUST refuse TLS 1.0/1.1. Pinned min = max = TLSv1.1.' },
  'rsa-kx': { expect: 'refused', why: 'DESIGN: non-forward-secret key exchange is weaker. Every static-RSA, static-DH and static-ECDH suite, whatever its cipher.' },
  'aes128-cbc': { expect: 'refused', why: 'DESIGN: 128-bit or weaker ciphers are weaker.' },
  'aes128-gcm': { expect: 'refused', why: 'DESIGN: 128-bit or weaker ciphers are weaker, AEAD or not.' },
  'sha1-mac': { expect: 'refused', why: 'DESIGN: SHA-1 MACs are weaker. Every encrypted suite with an HMAC-SHA1 record MAC.' },
  '3des': { expect: 'refused', why: 'DESIGN: 3DES is weaker.' },
  rc4: { expect: 'refused', why: 'DESIGN: RC4 is weaker.' },
  export: { expect: 'refused', why: 'DESIGN: export is weaker. Export suites are defined up to TLS 1.0 only, so the offer spans TLS 1.0–1.2.' },
  'legacy-128': { expect: 'refused', why: 'DESIGN: 128-bit or weaker ciphers are weaker.' },
  anon: {
    expect: 'refused',
    why: 'Not in DESIGN.md\'s list by name: an unauthenticated key exchange is weaker than ECDHE_RSA in every reading (a man in the middle needs no key). Graded like the others; see docs/tls.md.',
  },
  null: {
    expect: 'info',
    why: 'DESIGN: NULL suites are allowed by local policy: reported, not failed. The pre-draft\'s TLS_ECDHE_RSA_WITH_NULL_SHA384 has no code point; the nearest real suite is ECDHE-RSA-NULL-SHA.',
  },
  'aead-256': { expect: 'info', why: 'DESIGN: AEAD 256-bit suites are not weaker: reported.' },
  'other-256': { expect: 'info', why: 'Forward secret, 256-bit, SHA-2 or AEAD: not in DESIGN.md\'s list of weaker offers, so reported, not graded.' },
  baseline: { expect: 'accepted', why: 'DESIGN: the server MUST complete a TLS 1.2 handshake offering only TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384.' },
  'modern-default': { expect: 'info', why: 'What an ordinary client gets: reported.' },
  'tls12-modern': { expect: 'info', why: 'What an ordinary TLS 1.2 client gets (forward-secret AEAD suites, 128-bit among them): reported; the 128-bit ones are graded by aes128-gcm.' },
  tls13: { expect: 'info', why: 'DESIGN: TLS 1.3 with 256-bit suites is not weaker: reported.' },
  'tls13-aes128': {
    expect: 'refused',
    why: 'DESIGN: 128-bit or weaker ciphers are weaker, and only TLS 1.3 with 256-bit suites is "not weaker". Note RFC 8446 makes TLS_AES_128_GCM_SHA256 mandatory to implement.',
  },
};
