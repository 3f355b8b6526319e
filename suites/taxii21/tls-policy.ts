// TAXII 2.1's own TLS policy (§8.2.2, the facts sheet §9.3 and docs/taxii21.md, A-30): a
// server MUST accept TLS 1.2 (T21-SEC-02), SHOULD accept TLS 1.3 (T21-SEC-03), and SHOULD NOT
// accept TLS 1.2 with a suite of RFC 7540 Appendix A (T21-SEC-05). Nothing in 2.1 grades TLS
// 1.0/1.1, SSL 3.0 or 128-bit AEAD: those are advisory (info). The pre-draft's CBC mandate
// (ECDHE-RSA-AES256-SHA384 MUST be accepted) is not 2.1's: that suite is on the blacklist.
import type { TlsPolicy } from '../core/profile.js';

const BLACKLIST = 'RFC 7540 App. A lists it; 2.1 §8.2.2: a server SHOULD NOT accept TLS 1.2 with such a suite (T21-SEC-05, a warn).';

export const TAXII21_TLS_POLICY: TlsPolicy = {
  ssl3: { expect: 'info', why: 'TAXII 2.1 states nothing on SSL 3.0 (A-30: BCP 195 is not cited): advisory, reported.' },
  tls10: { expect: 'info', why: 'TAXII 2.1 states nothing on TLS 1.0 (A-30: BCP 195 is not cited): advisory, reported.' },
  tls11: { expect: 'info', why: 'TAXII 2.1 states nothing on TLS 1.1 (A-30: BCP 195 is not cited): advisory, reported.' },
  'rsa-kx': { expect: 'refused', why: `Static key exchange: ${BLACKLIST}` },
  'aes128-cbc': { expect: 'refused', why: `CBC: ${BLACKLIST}` },
  'aes128-gcm': { expect: 'info', why: 'Forward-secret 128-bit AEAD (ECDHE/DHE with GCM, CCM): not on the RFC 7540 blacklist, not graded by 2.1.' },
  'sha1-mac': { expect: 'refused', why: `SHA-1 CBC suites: ${BLACKLIST}` },
  '3des': { expect: 'refused', why: `3DES: ${BLACKLIST}` },
  rc4: { expect: 'refused', why: `RC4: ${BLACKLIST}` },
  export: { expect: 'info', why: 'Export suites are defined up to TLS 1.0 only (the offer spans TLS 1.0–1.2): advisory under A-30, reported.' },
  'legacy-128': { expect: 'refused', why: `CBC and legacy ciphers (Camellia, SEED, IDEA): ${BLACKLIST}` },
  anon: { expect: 'info', why: 'Anonymous key exchange: the blacklist names the ADH/AECDH CBC suites, yet the class mixes GCM ones; reported.' },
  null: { expect: 'refused', why: `NULL encryption: ${BLACKLIST}` },
  'aead-256': { expect: 'info', why: 'Forward-secret 256-bit AEAD at TLS 1.2: what 2.1 expects a server to offer; reported (tls12-modern grades acceptance).' },
  'other-256': { expect: 'info', why: 'Mixes blacklisted CBC-SHA256/384 suites with DHE-AES256-GCM: reported, the single-weakness classes grade.' },
  baseline: { expect: 'refused', why: `ECDHE-RSA-AES256-SHA384 (the pre-draft's mandate) is a CBC suite: ${BLACKLIST}` },
  'modern-default': { expect: 'info', why: 'What an ordinary client gets (TLS 1.2–1.3): reported.' },
  'tls12-modern': { expect: 'accepted', why: '2.1 §8.2.2: a server MUST accept TLS 1.2 (T21-SEC-02); offered with the forward-secret AEAD suites any current client sends.' },
  tls13: { expect: 'accepted', why: '2.1 §8.2.2: a server SHOULD accept TLS 1.3 (T21-SEC-03, a warn).' },
  'tls13-aes128': { expect: 'info', why: 'TLS 1.3 with 128-bit suites only: RFC 8446 makes TLS_AES_128_GCM_SHA256 mandatory; reported.' },
};
