// The catalogue of TLS offers the `tls` area tries: which classes of cipher suites, at which
// protocol versions, and what the pre-draft (as DESIGN.md reads it) expects of a server for
// each. Also the table of cipher suites the classes are built from, and `offerableSuites()`:
// which of them THIS process's OpenSSL can put in a ClientHello.
//
// Reading (DESIGN.md, "Reading the pre-draft", TLS): a server MUST complete a TLS 1.2
// handshake offering only TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384, and MUST refuse every offer
// weaker than it: TLS 1.0/1.1, non-forward-secret key exchange, 128-bit or weaker ciphers,
// SHA-1 MACs, 3DES/RC4/export. AEAD 256-bit suites and TLS 1.3 with 256-bit suites are not
// weaker. NULL suites are allowed by local policy: reported, not failed.
//
// docs/tls.md has the class table and the reasoning behind each class.
import tls from 'node:tls';
import type { TlsOffer, TlsVersion } from './tls.js';

/** One cipher suite as OpenSSL defines it. */
export interface SuiteInfo {
  /** OpenSSL name (what `ciphers`, getCipher().name and sslscan use). */
  name: string;
  /** IANA / RFC name (getCipher().standardName). */
  iana: string;
  /** 16-bit code point on the wire. */
  code: number;
  /** Lowest protocol version the suite can be negotiated at (SSLv3 suites: TLSv1 here). */
  minVersion: TlsVersion;
  /** Key exchange: ECDHE / DHE (ephemeral, forward secret), RSA (static), any (TLS 1.3). */
  kx: 'ECDHE' | 'DHE' | 'RSA' | 'any';
  /** Authentication; `None` is anonymous. */
  au: 'RSA' | 'ECDSA' | 'DSS' | 'None' | 'any';
  /** Bulk cipher (OpenSSL's family name); `None` is a NULL suite. */
  enc: string;
  /** Strength of the bulk cipher in bits (3DES: 112; NULL: 0). */
  bits: number;
  /** MAC; AEAD for GCM/CCM/ChaCha20-Poly1305. */
  mac: 'AEAD' | 'SHA384' | 'SHA256' | 'SHA1' | 'MD5';
}

type Row = [number, string, string, TlsVersion, SuiteInfo['kx'], SuiteInfo['au'], string, number, SuiteInfo['mac']];

// Rows 1–94: `openssl ciphers -V -stdname -ciphersuites <all five TLS 1.3 suites>
// 'ALL:COMPLEMENTOFALL:@SECLEVEL=0'` of OpenSSL 3.0.19, without the PSK and SRP suites
// (an OpenSSL client offers those only with a PSK/SRP callback, and they cannot authenticate
// a server by certificate). Then the suites OpenSSL 1.1/3.x defines only in builds with
// weak ciphers or the legacy provider, and the export and single-DES suites of 1.0.2.
// Order: OpenSSL's default preference (strongest first).
const ROWS: Row[] = [
  [0x1302, 'TLS_AES_256_GCM_SHA384',        'TLS_AES_256_GCM_SHA384',                        'TLSv1.3', 'any',   'any',   'AESGCM',   256, 'AEAD'],
  [0x1303, 'TLS_CHACHA20_POLY1305_SHA256',  'TLS_CHACHA20_POLY1305_SHA256',                  'TLSv1.3', 'any',   'any',   'CHACHA20', 256, 'AEAD'],
  [0x1301, 'TLS_AES_128_GCM_SHA256',        'TLS_AES_128_GCM_SHA256',                        'TLSv1.3', 'any',   'any',   'AESGCM',   128, 'AEAD'],
  [0x1304, 'TLS_AES_128_CCM_SHA256',        'TLS_AES_128_CCM_SHA256',                        'TLSv1.3', 'any',   'any',   'AESCCM',   128, 'AEAD'],
  [0x1305, 'TLS_AES_128_CCM_8_SHA256',      'TLS_AES_128_CCM_8_SHA256',                      'TLSv1.3', 'any',   'any',   'AESCCM8',  128, 'AEAD'],
  [0xC02C, 'ECDHE-ECDSA-AES256-GCM-SHA384', 'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384',       'TLSv1.2', 'ECDHE', 'ECDSA', 'AESGCM',   256, 'AEAD'],
  [0xC030, 'ECDHE-RSA-AES256-GCM-SHA384',   'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384',         'TLSv1.2', 'ECDHE', 'RSA',   'AESGCM',   256, 'AEAD'],
  [0x00A3, 'DHE-DSS-AES256-GCM-SHA384',     'TLS_DHE_DSS_WITH_AES_256_GCM_SHA384',           'TLSv1.2', 'DHE',   'DSS',   'AESGCM',   256, 'AEAD'],
  [0x009F, 'DHE-RSA-AES256-GCM-SHA384',     'TLS_DHE_RSA_WITH_AES_256_GCM_SHA384',           'TLSv1.2', 'DHE',   'RSA',   'AESGCM',   256, 'AEAD'],
  [0xCCA9, 'ECDHE-ECDSA-CHACHA20-POLY1305', 'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256', 'TLSv1.2', 'ECDHE', 'ECDSA', 'CHACHA20', 256, 'AEAD'],
  [0xCCA8, 'ECDHE-RSA-CHACHA20-POLY1305',   'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256',   'TLSv1.2', 'ECDHE', 'RSA',   'CHACHA20', 256, 'AEAD'],
  [0xCCAA, 'DHE-RSA-CHACHA20-POLY1305',     'TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256',     'TLSv1.2', 'DHE',   'RSA',   'CHACHA20', 256, 'AEAD'],
  [0xC0AF, 'ECDHE-ECDSA-AES256-CCM8',       'TLS_ECDHE_ECDSA_WITH_AES_256_CCM_8',            'TLSv1.2', 'ECDHE', 'ECDSA', 'AESCCM8',  256, 'AEAD'],
  [0xC0AD, 'ECDHE-ECDSA-AES256-CCM',        'TLS_ECDHE_ECDSA_WITH_AES_256_CCM',              'TLSv1.2', 'ECDHE', 'ECDSA', 'AESCCM',   256, 'AEAD'],
  [0xC0A3, 'DHE-RSA-AES256-CCM8',           'TLS_DHE_RSA_WITH_AES_256_CCM_8',                'TLSv1.2', 'DHE',   'RSA',   'AESCCM8',  256, 'AEAD'],
  [0xC09F, 'DHE-RSA-AES256-CCM',            'TLS_DHE_RSA_WITH_AES_256_CCM',                  'TLSv1.2', 'DHE',   'RSA',   'AESCCM',   256, 'AEAD'],
  [0xC05D, 'ECDHE-ECDSA-ARIA256-GCM-SHA384', 'TLS_ECDHE_ECDSA_WITH_ARIA_256_GCM_SHA384',      'TLSv1.2', 'ECDHE', 'ECDSA', 'ARIAGCM',  256, 'AEAD'],
  [0xC061, 'ECDHE-ARIA256-GCM-SHA384',      'TLS_ECDHE_RSA_WITH_ARIA_256_GCM_SHA384',        'TLSv1.2', 'ECDHE', 'RSA',   'ARIAGCM',  256, 'AEAD'],
  [0xC057, 'DHE-DSS-ARIA256-GCM-SHA384',    'TLS_DHE_DSS_WITH_ARIA_256_GCM_SHA384',          'TLSv1.2', 'DHE',   'DSS',   'ARIAGCM',  256, 'AEAD'],
  [0xC053, 'DHE-RSA-ARIA256-GCM-SHA384',    'TLS_DHE_RSA_WITH_ARIA_256_GCM_SHA384',          'TLSv1.2', 'DHE',   'RSA',   'ARIAGCM',  256, 'AEAD'],
  [0x00A7, 'ADH-AES256-GCM-SHA384',         'TLS_DH_anon_WITH_AES_256_GCM_SHA384',           'TLSv1.2', 'DHE',   'None',  'AESGCM',   256, 'AEAD'],
  [0xC02B, 'ECDHE-ECDSA-AES128-GCM-SHA256', 'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256',       'TLSv1.2', 'ECDHE', 'ECDSA', 'AESGCM',   128, 'AEAD'],
  [0xC02F, 'ECDHE-RSA-AES128-GCM-SHA256',   'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256',         'TLSv1.2', 'ECDHE', 'RSA',   'AESGCM',   128, 'AEAD'],
  [0x00A2, 'DHE-DSS-AES128-GCM-SHA256',     'TLS_DHE_DSS_WITH_AES_128_GCM_SHA256',           'TLSv1.2', 'DHE',   'DSS',   'AESGCM',   128, 'AEAD'],
  [0x009E, 'DHE-RSA-AES128-GCM-SHA256',     'TLS_DHE_RSA_WITH_AES_128_GCM_SHA256',           'TLSv1.2', 'DHE',   'RSA',   'AESGCM',   128, 'AEAD'],
  [0xC0AE, 'ECDHE-ECDSA-AES128-CCM8',       'TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8',            'TLSv1.2', 'ECDHE', 'ECDSA', 'AESCCM8',  128, 'AEAD'],
  [0xC0AC, 'ECDHE-ECDSA-AES128-CCM',        'TLS_ECDHE_ECDSA_WITH_AES_128_CCM',              'TLSv1.2', 'ECDHE', 'ECDSA', 'AESCCM',   128, 'AEAD'],
  [0xC0A2, 'DHE-RSA-AES128-CCM8',           'TLS_DHE_RSA_WITH_AES_128_CCM_8',                'TLSv1.2', 'DHE',   'RSA',   'AESCCM8',  128, 'AEAD'],
  [0xC09E, 'DHE-RSA-AES128-CCM',            'TLS_DHE_RSA_WITH_AES_128_CCM',                  'TLSv1.2', 'DHE',   'RSA',   'AESCCM',   128, 'AEAD'],
  [0xC05C, 'ECDHE-ECDSA-ARIA128-GCM-SHA256', 'TLS_ECDHE_ECDSA_WITH_ARIA_128_GCM_SHA256',      'TLSv1.2', 'ECDHE', 'ECDSA', 'ARIAGCM',  128, 'AEAD'],
  [0xC060, 'ECDHE-ARIA128-GCM-SHA256',      'TLS_ECDHE_RSA_WITH_ARIA_128_GCM_SHA256',        'TLSv1.2', 'ECDHE', 'RSA',   'ARIAGCM',  128, 'AEAD'],
  [0xC056, 'DHE-DSS-ARIA128-GCM-SHA256',    'TLS_DHE_DSS_WITH_ARIA_128_GCM_SHA256',          'TLSv1.2', 'DHE',   'DSS',   'ARIAGCM',  128, 'AEAD'],
  [0xC052, 'DHE-RSA-ARIA128-GCM-SHA256',    'TLS_DHE_RSA_WITH_ARIA_128_GCM_SHA256',          'TLSv1.2', 'DHE',   'RSA',   'ARIAGCM',  128, 'AEAD'],
  [0x00A6, 'ADH-AES128-GCM-SHA256',         'TLS_DH_anon_WITH_AES_128_GCM_SHA256',           'TLSv1.2', 'DHE',   'None',  'AESGCM',   128, 'AEAD'],
  [0xC024, 'ECDHE-ECDSA-AES256-SHA384',     'TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384',       'TLSv1.2', 'ECDHE', 'ECDSA', 'AES',      256, 'SHA384'],
  [0xC028, 'ECDHE-RSA-AES256-SHA384',       'TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384',         'TLSv1.2', 'ECDHE', 'RSA',   'AES',      256, 'SHA384'],
  [0x006B, 'DHE-RSA-AES256-SHA256',         'TLS_DHE_RSA_WITH_AES_256_CBC_SHA256',           'TLSv1.2', 'DHE',   'RSA',   'AES',      256, 'SHA256'],
  [0x006A, 'DHE-DSS-AES256-SHA256',         'TLS_DHE_DSS_WITH_AES_256_CBC_SHA256',           'TLSv1.2', 'DHE',   'DSS',   'AES',      256, 'SHA256'],
  [0xC073, 'ECDHE-ECDSA-CAMELLIA256-SHA384', 'TLS_ECDHE_ECDSA_WITH_CAMELLIA_256_CBC_SHA384',  'TLSv1.2', 'ECDHE', 'ECDSA', 'Camellia', 256, 'SHA384'],
  [0xC077, 'ECDHE-RSA-CAMELLIA256-SHA384',  'TLS_ECDHE_RSA_WITH_CAMELLIA_256_CBC_SHA384',    'TLSv1.2', 'ECDHE', 'RSA',   'Camellia', 256, 'SHA384'],
  [0x00C4, 'DHE-RSA-CAMELLIA256-SHA256',    'TLS_DHE_RSA_WITH_CAMELLIA_256_CBC_SHA256',      'TLSv1.2', 'DHE',   'RSA',   'Camellia', 256, 'SHA256'],
  [0x00C3, 'DHE-DSS-CAMELLIA256-SHA256',    'TLS_DHE_DSS_WITH_CAMELLIA_256_CBC_SHA256',      'TLSv1.2', 'DHE',   'DSS',   'Camellia', 256, 'SHA256'],
  [0x006D, 'ADH-AES256-SHA256',             'TLS_DH_anon_WITH_AES_256_CBC_SHA256',           'TLSv1.2', 'DHE',   'None',  'AES',      256, 'SHA256'],
  [0x00C5, 'ADH-CAMELLIA256-SHA256',        'TLS_DH_anon_WITH_CAMELLIA_256_CBC_SHA256',      'TLSv1.2', 'DHE',   'None',  'Camellia', 256, 'SHA256'],
  [0xC023, 'ECDHE-ECDSA-AES128-SHA256',     'TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256',       'TLSv1.2', 'ECDHE', 'ECDSA', 'AES',      128, 'SHA256'],
  [0xC027, 'ECDHE-RSA-AES128-SHA256',       'TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256',         'TLSv1.2', 'ECDHE', 'RSA',   'AES',      128, 'SHA256'],
  [0x0067, 'DHE-RSA-AES128-SHA256',         'TLS_DHE_RSA_WITH_AES_128_CBC_SHA256',           'TLSv1.2', 'DHE',   'RSA',   'AES',      128, 'SHA256'],
  [0x0040, 'DHE-DSS-AES128-SHA256',         'TLS_DHE_DSS_WITH_AES_128_CBC_SHA256',           'TLSv1.2', 'DHE',   'DSS',   'AES',      128, 'SHA256'],
  [0xC072, 'ECDHE-ECDSA-CAMELLIA128-SHA256', 'TLS_ECDHE_ECDSA_WITH_CAMELLIA_128_CBC_SHA256',  'TLSv1.2', 'ECDHE', 'ECDSA', 'Camellia', 128, 'SHA256'],
  [0xC076, 'ECDHE-RSA-CAMELLIA128-SHA256',  'TLS_ECDHE_RSA_WITH_CAMELLIA_128_CBC_SHA256',    'TLSv1.2', 'ECDHE', 'RSA',   'Camellia', 128, 'SHA256'],
  [0x00BE, 'DHE-RSA-CAMELLIA128-SHA256',    'TLS_DHE_RSA_WITH_CAMELLIA_128_CBC_SHA256',      'TLSv1.2', 'DHE',   'RSA',   'Camellia', 128, 'SHA256'],
  [0x00BD, 'DHE-DSS-CAMELLIA128-SHA256',    'TLS_DHE_DSS_WITH_CAMELLIA_128_CBC_SHA256',      'TLSv1.2', 'DHE',   'DSS',   'Camellia', 128, 'SHA256'],
  [0x006C, 'ADH-AES128-SHA256',             'TLS_DH_anon_WITH_AES_128_CBC_SHA256',           'TLSv1.2', 'DHE',   'None',  'AES',      128, 'SHA256'],
  [0x00BF, 'ADH-CAMELLIA128-SHA256',        'TLS_DH_anon_WITH_CAMELLIA_128_CBC_SHA256',      'TLSv1.2', 'DHE',   'None',  'Camellia', 128, 'SHA256'],
  [0xC00A, 'ECDHE-ECDSA-AES256-SHA',        'TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA',          'TLSv1',   'ECDHE', 'ECDSA', 'AES',      256, 'SHA1'],
  [0xC014, 'ECDHE-RSA-AES256-SHA',          'TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA',            'TLSv1',   'ECDHE', 'RSA',   'AES',      256, 'SHA1'],
  [0x0039, 'DHE-RSA-AES256-SHA',            'TLS_DHE_RSA_WITH_AES_256_CBC_SHA',              'TLSv1',   'DHE',   'RSA',   'AES',      256, 'SHA1'],
  [0x0038, 'DHE-DSS-AES256-SHA',            'TLS_DHE_DSS_WITH_AES_256_CBC_SHA',              'TLSv1',   'DHE',   'DSS',   'AES',      256, 'SHA1'],
  [0x0088, 'DHE-RSA-CAMELLIA256-SHA',       'TLS_DHE_RSA_WITH_CAMELLIA_256_CBC_SHA',         'TLSv1',   'DHE',   'RSA',   'Camellia', 256, 'SHA1'],
  [0x0087, 'DHE-DSS-CAMELLIA256-SHA',       'TLS_DHE_DSS_WITH_CAMELLIA_256_CBC_SHA',         'TLSv1',   'DHE',   'DSS',   'Camellia', 256, 'SHA1'],
  [0xC019, 'AECDH-AES256-SHA',              'TLS_ECDH_anon_WITH_AES_256_CBC_SHA',            'TLSv1',   'ECDHE', 'None',  'AES',      256, 'SHA1'],
  [0x003A, 'ADH-AES256-SHA',                'TLS_DH_anon_WITH_AES_256_CBC_SHA',              'TLSv1',   'DHE',   'None',  'AES',      256, 'SHA1'],
  [0x0089, 'ADH-CAMELLIA256-SHA',           'TLS_DH_anon_WITH_CAMELLIA_256_CBC_SHA',         'TLSv1',   'DHE',   'None',  'Camellia', 256, 'SHA1'],
  [0xC009, 'ECDHE-ECDSA-AES128-SHA',        'TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA',          'TLSv1',   'ECDHE', 'ECDSA', 'AES',      128, 'SHA1'],
  [0xC013, 'ECDHE-RSA-AES128-SHA',          'TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA',            'TLSv1',   'ECDHE', 'RSA',   'AES',      128, 'SHA1'],
  [0x0033, 'DHE-RSA-AES128-SHA',            'TLS_DHE_RSA_WITH_AES_128_CBC_SHA',              'TLSv1',   'DHE',   'RSA',   'AES',      128, 'SHA1'],
  [0x0032, 'DHE-DSS-AES128-SHA',            'TLS_DHE_DSS_WITH_AES_128_CBC_SHA',              'TLSv1',   'DHE',   'DSS',   'AES',      128, 'SHA1'],
  [0x0045, 'DHE-RSA-CAMELLIA128-SHA',       'TLS_DHE_RSA_WITH_CAMELLIA_128_CBC_SHA',         'TLSv1',   'DHE',   'RSA',   'Camellia', 128, 'SHA1'],
  [0x0044, 'DHE-DSS-CAMELLIA128-SHA',       'TLS_DHE_DSS_WITH_CAMELLIA_128_CBC_SHA',         'TLSv1',   'DHE',   'DSS',   'Camellia', 128, 'SHA1'],
  [0xC018, 'AECDH-AES128-SHA',              'TLS_ECDH_anon_WITH_AES_128_CBC_SHA',            'TLSv1',   'ECDHE', 'None',  'AES',      128, 'SHA1'],
  [0x0034, 'ADH-AES128-SHA',                'TLS_DH_anon_WITH_AES_128_CBC_SHA',              'TLSv1',   'DHE',   'None',  'AES',      128, 'SHA1'],
  [0x0046, 'ADH-CAMELLIA128-SHA',           'TLS_DH_anon_WITH_CAMELLIA_128_CBC_SHA',         'TLSv1',   'DHE',   'None',  'Camellia', 128, 'SHA1'],
  [0x009D, 'AES256-GCM-SHA384',             'TLS_RSA_WITH_AES_256_GCM_SHA384',               'TLSv1.2', 'RSA',   'RSA',   'AESGCM',   256, 'AEAD'],
  [0xC0A1, 'AES256-CCM8',                   'TLS_RSA_WITH_AES_256_CCM_8',                    'TLSv1.2', 'RSA',   'RSA',   'AESCCM8',  256, 'AEAD'],
  [0xC09D, 'AES256-CCM',                    'TLS_RSA_WITH_AES_256_CCM',                      'TLSv1.2', 'RSA',   'RSA',   'AESCCM',   256, 'AEAD'],
  [0xC051, 'ARIA256-GCM-SHA384',            'TLS_RSA_WITH_ARIA_256_GCM_SHA384',              'TLSv1.2', 'RSA',   'RSA',   'ARIAGCM',  256, 'AEAD'],
  [0x009C, 'AES128-GCM-SHA256',             'TLS_RSA_WITH_AES_128_GCM_SHA256',               'TLSv1.2', 'RSA',   'RSA',   'AESGCM',   128, 'AEAD'],
  [0xC0A0, 'AES128-CCM8',                   'TLS_RSA_WITH_AES_128_CCM_8',                    'TLSv1.2', 'RSA',   'RSA',   'AESCCM8',  128, 'AEAD'],
  [0xC09C, 'AES128-CCM',                    'TLS_RSA_WITH_AES_128_CCM',                      'TLSv1.2', 'RSA',   'RSA',   'AESCCM',   128, 'AEAD'],
  [0xC050, 'ARIA128-GCM-SHA256',            'TLS_RSA_WITH_ARIA_128_GCM_SHA256',              'TLSv1.2', 'RSA',   'RSA',   'ARIAGCM',  128, 'AEAD'],
  [0x003D, 'AES256-SHA256',                 'TLS_RSA_WITH_AES_256_CBC_SHA256',               'TLSv1.2', 'RSA',   'RSA',   'AES',      256, 'SHA256'],
  [0x00C0, 'CAMELLIA256-SHA256',            'TLS_RSA_WITH_CAMELLIA_256_CBC_SHA256',          'TLSv1.2', 'RSA',   'RSA',   'Camellia', 256, 'SHA256'],
  [0x003C, 'AES128-SHA256',                 'TLS_RSA_WITH_AES_128_CBC_SHA256',               'TLSv1.2', 'RSA',   'RSA',   'AES',      128, 'SHA256'],
  [0x00BA, 'CAMELLIA128-SHA256',            'TLS_RSA_WITH_CAMELLIA_128_CBC_SHA256',          'TLSv1.2', 'RSA',   'RSA',   'Camellia', 128, 'SHA256'],
  [0x0035, 'AES256-SHA',                    'TLS_RSA_WITH_AES_256_CBC_SHA',                  'TLSv1',   'RSA',   'RSA',   'AES',      256, 'SHA1'],
  [0x0084, 'CAMELLIA256-SHA',               'TLS_RSA_WITH_CAMELLIA_256_CBC_SHA',             'TLSv1',   'RSA',   'RSA',   'Camellia', 256, 'SHA1'],
  [0x002F, 'AES128-SHA',                    'TLS_RSA_WITH_AES_128_CBC_SHA',                  'TLSv1',   'RSA',   'RSA',   'AES',      128, 'SHA1'],
  [0x0041, 'CAMELLIA128-SHA',               'TLS_RSA_WITH_CAMELLIA_128_CBC_SHA',             'TLSv1',   'RSA',   'RSA',   'Camellia', 128, 'SHA1'],
  [0xC006, 'ECDHE-ECDSA-NULL-SHA',          'TLS_ECDHE_ECDSA_WITH_NULL_SHA',                 'TLSv1',   'ECDHE', 'ECDSA', 'None',       0, 'SHA1'],
  [0xC010, 'ECDHE-RSA-NULL-SHA',            'TLS_ECDHE_RSA_WITH_NULL_SHA',                   'TLSv1',   'ECDHE', 'RSA',   'None',       0, 'SHA1'],
  [0xC015, 'AECDH-NULL-SHA',                'TLS_ECDH_anon_WITH_NULL_SHA',                   'TLSv1',   'ECDHE', 'None',  'None',       0, 'SHA1'],
  [0x003B, 'NULL-SHA256',                   'TLS_RSA_WITH_NULL_SHA256',                      'TLSv1.2', 'RSA',   'RSA',   'None',       0, 'SHA256'],
  [0x0002, 'NULL-SHA',                      'TLS_RSA_WITH_NULL_SHA',                         'TLSv1',   'RSA',   'RSA',   'None',       0, 'SHA1'],
  [0x0001, 'NULL-MD5',                      'TLS_RSA_WITH_NULL_MD5',                         'TLSv1',   'RSA',   'RSA',   'None',       0, 'MD5'],
  // Not offered by Node 20's OpenSSL 3.0 (no-weak-ssl-ciphers, export removed in 1.1.0,
  // single DES removed, SEED/IDEA only with --openssl-legacy-provider). Kept so that a build
  // that has them offers them, and so that a server's answer can be named.
  [0xC012, 'ECDHE-RSA-DES-CBC3-SHA',        'TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA',           'TLSv1',   'ECDHE', 'RSA',   '3DES',     112, 'SHA1'],
  [0xC008, 'ECDHE-ECDSA-DES-CBC3-SHA',      'TLS_ECDHE_ECDSA_WITH_3DES_EDE_CBC_SHA',         'TLSv1',   'ECDHE', 'ECDSA', '3DES',     112, 'SHA1'],
  [0x0016, 'DHE-RSA-DES-CBC3-SHA',          'TLS_DHE_RSA_WITH_3DES_EDE_CBC_SHA',             'TLSv1',   'DHE',   'RSA',   '3DES',     112, 'SHA1'],
  [0x0013, 'DHE-DSS-DES-CBC3-SHA',          'TLS_DHE_DSS_WITH_3DES_EDE_CBC_SHA',             'TLSv1',   'DHE',   'DSS',   '3DES',     112, 'SHA1'],
  [0xC017, 'AECDH-DES-CBC3-SHA',            'TLS_ECDH_anon_WITH_3DES_EDE_CBC_SHA',           'TLSv1',   'ECDHE', 'None',  '3DES',     112, 'SHA1'],
  [0x001B, 'ADH-DES-CBC3-SHA',              'TLS_DH_anon_WITH_3DES_EDE_CBC_SHA',             'TLSv1',   'DHE',   'None',  '3DES',     112, 'SHA1'],
  [0x000A, 'DES-CBC3-SHA',                  'TLS_RSA_WITH_3DES_EDE_CBC_SHA',                 'TLSv1',   'RSA',   'RSA',   '3DES',     112, 'SHA1'],
  [0xC011, 'ECDHE-RSA-RC4-SHA',             'TLS_ECDHE_RSA_WITH_RC4_128_SHA',                'TLSv1',   'ECDHE', 'RSA',   'RC4',      128, 'SHA1'],
  [0xC007, 'ECDHE-ECDSA-RC4-SHA',           'TLS_ECDHE_ECDSA_WITH_RC4_128_SHA',              'TLSv1',   'ECDHE', 'ECDSA', 'RC4',      128, 'SHA1'],
  [0xC016, 'AECDH-RC4-SHA',                 'TLS_ECDH_anon_WITH_RC4_128_SHA',                'TLSv1',   'ECDHE', 'None',  'RC4',      128, 'SHA1'],
  [0x0018, 'ADH-RC4-MD5',                   'TLS_DH_anon_WITH_RC4_128_MD5',                  'TLSv1',   'DHE',   'None',  'RC4',      128, 'MD5'],
  [0x0005, 'RC4-SHA',                       'TLS_RSA_WITH_RC4_128_SHA',                      'TLSv1',   'RSA',   'RSA',   'RC4',      128, 'SHA1'],
  [0x0004, 'RC4-MD5',                       'TLS_RSA_WITH_RC4_128_MD5',                      'TLSv1',   'RSA',   'RSA',   'RC4',      128, 'MD5'],
  [0x0096, 'SEED-SHA',                      'TLS_RSA_WITH_SEED_CBC_SHA',                     'TLSv1',   'RSA',   'RSA',   'SEED',     128, 'SHA1'],
  [0x009A, 'DHE-RSA-SEED-SHA',              'TLS_DHE_RSA_WITH_SEED_CBC_SHA',                 'TLSv1',   'DHE',   'RSA',   'SEED',     128, 'SHA1'],
  [0x0099, 'DHE-DSS-SEED-SHA',              'TLS_DHE_DSS_WITH_SEED_CBC_SHA',                 'TLSv1',   'DHE',   'DSS',   'SEED',     128, 'SHA1'],
  [0x009B, 'ADH-SEED-SHA',                  'TLS_DH_anon_WITH_SEED_CBC_SHA',                 'TLSv1',   'DHE',   'None',  'SEED',     128, 'SHA1'],
  [0x0007, 'IDEA-CBC-SHA',                  'TLS_RSA_WITH_IDEA_CBC_SHA',                     'TLSv1',   'RSA',   'RSA',   'IDEA',     128, 'SHA1'],
  [0x0009, 'DES-CBC-SHA',                   'TLS_RSA_WITH_DES_CBC_SHA',                      'TLSv1',   'RSA',   'RSA',   'DES',       56, 'SHA1'],
  [0x0015, 'EDH-RSA-DES-CBC-SHA',           'TLS_DHE_RSA_WITH_DES_CBC_SHA',                  'TLSv1',   'DHE',   'RSA',   'DES',       56, 'SHA1'],
  [0x0012, 'EDH-DSS-DES-CBC-SHA',           'TLS_DHE_DSS_WITH_DES_CBC_SHA',                  'TLSv1',   'DHE',   'DSS',   'DES',       56, 'SHA1'],
  [0x001A, 'ADH-DES-CBC-SHA',               'TLS_DH_anon_WITH_DES_CBC_SHA',                  'TLSv1',   'DHE',   'None',  'DES',       56, 'SHA1'],
  [0x0003, 'EXP-RC4-MD5',                   'TLS_RSA_EXPORT_WITH_RC4_40_MD5',                'TLSv1',   'RSA',   'RSA',   'RC4',       40, 'MD5'],
  [0x0006, 'EXP-RC2-CBC-MD5',               'TLS_RSA_EXPORT_WITH_RC2_CBC_40_MD5',            'TLSv1',   'RSA',   'RSA',   'RC2',       40, 'MD5'],
  [0x0008, 'EXP-DES-CBC-SHA',               'TLS_RSA_EXPORT_WITH_DES40_CBC_SHA',             'TLSv1',   'RSA',   'RSA',   'DES',       40, 'SHA1'],
  [0x0014, 'EXP-EDH-RSA-DES-CBC-SHA',       'TLS_DHE_RSA_EXPORT_WITH_DES40_CBC_SHA',         'TLSv1',   'DHE',   'RSA',   'DES',       40, 'SHA1'],
  [0x0011, 'EXP-EDH-DSS-DES-CBC-SHA',       'TLS_DHE_DSS_EXPORT_WITH_DES40_CBC_SHA',         'TLSv1',   'DHE',   'DSS',   'DES',       40, 'SHA1'],
  [0x0019, 'EXP-ADH-DES-CBC-SHA',           'TLS_DH_anon_EXPORT_WITH_DES40_CBC_SHA',         'TLSv1',   'DHE',   'None',  'DES',       40, 'SHA1'],
  [0x0017, 'EXP-ADH-RC4-MD5',               'TLS_DH_anon_EXPORT_WITH_RC4_40_MD5',            'TLSv1',   'DHE',   'None',  'RC4',       40, 'MD5'],
];

/** Every suite taxii-conform knows, TLS 1.3 first, then TLS 1.2 and below. */
export const SUITES: readonly SuiteInfo[] = ROWS.map(([code, name, iana, minVersion, kx, au, enc, bits, mac]) => ({
  code,
  name,
  iana,
  minVersion,
  kx,
  au,
  enc,
  bits,
  mac,
}));

const BY_NAME = new Map(SUITES.map((s) => [s.name, s]));
const BY_CODE = new Map(SUITES.map((s) => [s.code, s]));

/** The suite of that OpenSSL name (or TLS 1.3 name), if known. */
export function suiteInfo(name: string): SuiteInfo | undefined {
  return BY_NAME.get(name);
}

/** The suite of that code point, if known. */
export function suiteByCode(code: number): SuiteInfo | undefined {
  return BY_CODE.get(code);
}

export const TLS_VERSIONS: readonly TlsVersion[] = ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'];

/** Orders protocol versions: TLSv1 = 0 … TLSv1.3 = 3. */
export function versionRank(v: TlsVersion): number {
  return TLS_VERSIONS.indexOf(v);
}

/** Whether the suite can be negotiated at that protocol version. */
export function suiteUsableAt(s: SuiteInfo, v: TlsVersion): boolean {
  if (s.minVersion === 'TLSv1.3') return v === 'TLSv1.3';
  return v !== 'TLSv1.3' && versionRank(s.minVersion) <= versionRank(v);
}

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
    const s = BY_NAME.get(name);
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
 * sends, captured by a loopback server (captureClientHello in tls.ts).
 */
export function offerableSuites(version: TlsVersion): string[] {
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
  /**
   * What a conforming server does: `refused` (weaker than the baseline: MUST refuse),
   * `accepted` (the baseline: MUST complete), `info` (reported, not graded).
   */
  expect: 'refused' | 'accepted' | 'info';
  /** Why the class is there, with the DESIGN.md words it rests on. */
  rationale: string;
}

/** The pre-draft's mandatory suite (TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384). */
export const BASELINE_SUITE = 'ECDHE-RSA-AES256-SHA384';

const SECLEVEL0 = '@SECLEVEL=0';

const legacy12 = SUITES.filter((s) => s.minVersion !== 'TLSv1.3');
const encrypted = (s: SuiteInfo): boolean => s.enc !== 'None';
const names = (pred: (s: SuiteInfo) => boolean, from: readonly SuiteInfo[] = legacy12): string[] =>
  from.filter(pred).map((s) => s.name);

/** An offer of ≤ TLS 1.2 suites, pinned to [min, max], at @SECLEVEL=0. */
function offer12(suites: string[], minVersion: TlsVersion, maxVersion: TlsVersion = minVersion): TlsOffer {
  return { minVersion, maxVersion, ciphers: [...suites, SECLEVEL0].join(':') };
}

function klass(
  id: string,
  title: string,
  expect: OfferClass['expect'],
  suites: string[],
  offer: TlsOffer,
  rationale: string,
): OfferClass {
  return { id, title, expect, suites, offer, rationale };
}

const tls10Suites = names((s) => encrypted(s) && suiteUsableAt(s, 'TLSv1'));
const tls11Suites = names((s) => encrypted(s) && suiteUsableAt(s, 'TLSv1.1'));
const aead256 = names((s) => s.kx === 'ECDHE' && s.au !== 'None' && (s.enc === 'AESGCM' || s.enc === 'CHACHA20') && s.bits >= 256);
const other256 = names(
  (s) => notWeakerThanBaseline(s) || ((s.kx === 'ECDHE' || s.kx === 'DHE') && s.au !== 'None' && s.bits >= 256 && (s.mac === 'SHA256' || s.mac === 'SHA384')),
).filter((n) => n !== BASELINE_SUITE && !aead256.includes(n));
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
const TLS13_128 = TLS13_ALL.filter((n) => (BY_NAME.get(n)?.bits ?? 0) < 256);

const rsaKx = names((s) => encrypted(s) && s.kx === 'RSA');
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
  klass('tls10', 'TLS 1.0 offered (every encrypted suite this OpenSSL can offer at TLS 1.0)', 'refused', tls10Suites, offer12(tls10Suites, 'TLSv1'),
    'DESIGN: MUST refuse TLS 1.0/1.1. Pinned min = max = TLSv1; NULL suites left out (they are local policy).'),
  klass('tls11', 'TLS 1.1 offered (every encrypted suite this OpenSSL can offer at TLS 1.1)', 'refused', tls11Suites, offer12(tls11Suites, 'TLSv1.1'),
    'DESIGN: MUST refuse TLS 1.0/1.1. Pinned min = max = TLSv1.1.'),
  klass('rsa-kx', 'RSA key exchange (no forward secrecy), e.g. AES256-SHA256, AES256-GCM-SHA384', 'refused', rsaKx, offer12(rsaKx, 'TLSv1.2'),
    'DESIGN: non-forward-secret key exchange is weaker. Every static-RSA suite, whatever its cipher.'),
  klass('aes128-cbc', '128-bit AES-CBC suites, e.g. ECDHE-RSA-AES128-SHA256, AES128-SHA', 'refused', aes128Cbc, offer12(aes128Cbc, 'TLSv1.2'),
    'DESIGN: 128-bit or weaker ciphers are weaker.'),
  klass('aes128-gcm', '128-bit AES AEAD suites (GCM, CCM), e.g. ECDHE-RSA-AES128-GCM-SHA256', 'refused', aes128Aead, offer12(aes128Aead, 'TLSv1.2'),
    'DESIGN: 128-bit or weaker ciphers are weaker, AEAD or not.'),
  klass('sha1-mac', 'SHA-1 MACs, e.g. ECDHE-RSA-AES256-SHA', 'refused', sha1Mac, offer12(sha1Mac, 'TLSv1.2'),
    'DESIGN: SHA-1 MACs are weaker. Every encrypted suite with an HMAC-SHA1 record MAC.'),
  klass('3des', '3DES suites (DES-CBC3-SHA, ECDHE-RSA-DES-CBC3-SHA, …)', 'refused', des3, offer12(des3, 'TLSv1.2'),
    'DESIGN: 3DES is weaker.'),
  klass('rc4', 'RC4 suites (RC4-SHA, RC4-MD5, ECDHE-RSA-RC4-SHA, …)', 'refused', rc4, offer12(rc4, 'TLSv1.2'),
    'DESIGN: RC4 is weaker.'),
  klass('export', 'Export-grade and single-DES suites (40- and 56-bit), TLS 1.0–1.2', 'refused', exportDes, offer12(exportDes, 'TLSv1', 'TLSv1.2'),
    'DESIGN: export is weaker. Export suites are defined up to TLS 1.0 only, so the offer spans TLS 1.0–1.2.'),
  klass('legacy-128', '128-bit legacy ciphers: CAMELLIA-128, ARIA-128, SEED, IDEA', 'refused', legacy128, offer12(legacy128, 'TLSv1.2'),
    'DESIGN: 128-bit or weaker ciphers are weaker.'),
  klass('anon', 'Anonymous key exchange (ADH, AECDH): no server authentication', 'refused', anon, offer12(anon, 'TLSv1.2'),
    'Not in DESIGN.md\'s list by name: an unauthenticated key exchange is weaker than ECDHE_RSA in every reading (a man in the middle needs no key). Graded like the others; see docs/tls.md.'),
  klass('null', 'NULL suites (no encryption), e.g. ECDHE-RSA-NULL-SHA, NULL-SHA256', 'info', nullSuites, offer12(nullSuites, 'TLSv1.2'),
    'DESIGN: NULL suites are allowed by local policy: reported, not failed. The pre-draft\'s TLS_ECDHE_RSA_WITH_NULL_SHA384 has no code point; the nearest real suite is ECDHE-RSA-NULL-SHA.'),
  klass('aead-256', '256-bit AEAD with ECDHE: ECDHE-RSA-AES256-GCM-SHA384, ECDHE-RSA-CHACHA20-POLY1305 (and ECDSA)', 'info', aead256, offer12(aead256, 'TLSv1.2'),
    'DESIGN: AEAD 256-bit suites are not weaker: reported.'),
  klass('other-256', 'Other 256-bit forward-secret suites (DHE, CAMELLIA-256, ARIA-256, AES-256-CCM, ECDSA)', 'info', other256, offer12(other256, 'TLSv1.2'),
    'Forward secret, 256-bit, SHA-2 or AEAD: not in DESIGN.md\'s list of weaker offers, so reported, not graded.'),
  klass('baseline', 'Baseline: ECDHE-RSA-AES256-SHA384 alone at TLS 1.2', 'accepted', [BASELINE_SUITE], offer12([BASELINE_SUITE], 'TLSv1.2'),
    'DESIGN: the server MUST complete a TLS 1.2 handshake offering only TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384.'),
  klass('modern-default', 'A modern default client (TLS 1.2–1.3, Mozilla "intermediate" suites, default security level)', 'info', [...MODERN_13, ...MODERN_12],
    { minVersion: 'TLSv1.2', maxVersion: 'TLSv1.3', ciphers: MODERN_12.join(':'), ciphersuites: MODERN_13.join(':') },
    'What an ordinary client gets: reported.'),
  klass('tls13', 'TLS 1.3 offered (all five TLS 1.3 suites)', 'info', TLS13_ALL, { minVersion: 'TLSv1.3', maxVersion: 'TLSv1.3', ciphersuites: TLS13_ALL.join(':') },
    'DESIGN: TLS 1.3 with 256-bit suites is not weaker: reported.'),
  klass('tls13-aes128', 'TLS 1.3 with only 128-bit suites (TLS_AES_128_GCM_SHA256, CCM)', 'refused', TLS13_128, { minVersion: 'TLSv1.3', maxVersion: 'TLSv1.3', ciphersuites: TLS13_128.join(':') },
    'DESIGN: 128-bit or weaker ciphers are weaker, and only TLS 1.3 with 256-bit suites is "not weaker". Note RFC 8446 makes TLS_AES_128_GCM_SHA256 mandatory to implement.'),
];

/** The class of that id. */
export function offerClass(id: string): OfferClass | undefined {
  return OFFER_CLASSES.find((c) => c.id === id);
}

/** The suites of a class that this OpenSSL can put in the class's ClientHello. */
export function offerableInClass(c: OfferClass): string[] {
  const lo = versionRank(c.offer.minVersion);
  const hi = versionRank(c.offer.maxVersion);
  return c.suites.filter((n) => {
    const s = BY_NAME.get(n);
    if (!s || !opensslHasSuite(n)) return false;
    return TLS_VERSIONS.slice(lo, hi + 1).some((v) => suiteUsableAt(s, v));
  });
}
