// TLS on the wire: the numbers a ClientHello carries and a ServerHello or an alert answers
// with (RFC 5246, RFC 8446 and the IANA TLS registries), and the bounds the raw probe reads
// within.

export const CONTENT = { changeCipherSpec: 20, alert: 21, handshake: 22, applicationData: 23 } as const;

export const HANDSHAKE = { helloRequest: 0, clientHello: 1, serverHello: 2 } as const;

export const EXT = {
  serverName: 0x0000,
  supportedGroups: 0x000a,
  ecPointFormats: 0x000b,
  signatureAlgorithms: 0x000d,
  extendedMasterSecret: 0x0017,
  supportedVersions: 0x002b,
  pskKeyExchangeModes: 0x002d,
  keyShare: 0x0033,
  padding: 0x0015,
  renegotiationInfo: 0xff01,
} as const;

/** Named groups (supported_groups, key_share). */
export const GROUP = { secp256r1: 0x0017, secp384r1: 0x0018, secp521r1: 0x0019, x25519: 0x001d, x448: 0x001e, ffdhe2048: 0x0100, ffdhe3072: 0x0101, ffdhe4096: 0x0102 } as const;

/** Every group we advertise, preferred first: a server answers whichever of them it has. */
export const OFFERED_GROUPS: readonly number[] = [GROUP.x25519, GROUP.secp256r1, GROUP.secp384r1, GROUP.secp521r1, GROUP.x448, GROUP.ffdhe2048, GROUP.ffdhe3072, GROUP.ffdhe4096];

/**
 * Signature algorithms (TLS 1.2+), modern first, down to SHA-1 and DSA: the probe asks about
 * suites, so it must not be refused for a certificate's signature.
 */
export const OFFERED_SIGALGS: readonly number[] = [
  0x0403, 0x0503, 0x0603, // ecdsa_secp256r1_sha256, secp384r1_sha384, secp521r1_sha512
  0x0807, 0x0808, // ed25519, ed448
  0x0804, 0x0805, 0x0806, // rsa_pss_rsae_sha256/384/512
  0x0809, 0x080a, 0x080b, // rsa_pss_pss_sha256/384/512
  0x0401, 0x0501, 0x0601, // rsa_pkcs1_sha256/384/512
  0x0303, 0x0301, 0x0302, // ecdsa_sha224, rsa_pkcs1_sha224, dsa_sha224
  0x0402, 0x0502, 0x0602, // dsa_sha256/384/512
  0x0203, 0x0201, 0x0202, // ecdsa_sha1, rsa_pkcs1_sha1, dsa_sha1
];

/** TLS_EMPTY_RENEGOTIATION_INFO_SCSV and TLS_FALLBACK_SCSV: signals, not suites. */
export const SCSV = { emptyRenegotiationInfo: 0x00ff, fallback: 0x5600 } as const;

/** A ServerHello with this random is a HelloRetryRequest (RFC 8446 §4.1.3). */
export const HELLO_RETRY_RANDOM = Buffer.from('CF21AD74E59A6111BE1D8C021E65B891C2A211167ABB8C5E079E09E2C8A8339C', 'hex');

/** The largest record a peer may send: 2^14 plaintext octets plus 2048 of expansion (RFC 5246 §6.2.3). */
export const MAX_RECORD = 16384 + 2048;

/** The largest ServerHello we read: its extensions are bounded by a 16-bit length. */
export const MAX_SERVER_HELLO = 4 + 2 + 32 + 33 + 2 + 1 + 2 + 65535;

/** Alert levels. */
export const ALERT_LEVEL = { warning: 1, fatal: 2 } as const;

/** TLS alert descriptions (RFC 5246 §7.2, RFC 8446 §6). */
const ALERTS: Record<number, string> = {
  0: 'close notify',
  10: 'unexpected message',
  20: 'bad record mac',
  21: 'decryption failed',
  22: 'record overflow',
  30: 'decompression failure',
  40: 'handshake failure',
  41: 'no certificate',
  42: 'bad certificate',
  43: 'unsupported certificate',
  44: 'certificate revoked',
  45: 'certificate expired',
  46: 'certificate unknown',
  47: 'illegal parameter',
  48: 'unknown ca',
  49: 'access denied',
  50: 'decode error',
  51: 'decrypt error',
  60: 'export restriction',
  70: 'protocol version',
  71: 'insufficient security',
  80: 'internal error',
  86: 'inappropriate fallback',
  90: 'user canceled',
  100: 'no renegotiation',
  109: 'missing extension',
  110: 'unsupported extension',
  112: 'unrecognized name',
  113: 'bad certificate status response',
  115: 'unknown psk identity',
  116: 'certificate required',
  120: 'no application protocol',
};

/** 'handshake failure (40)' for 40. */
export function alertName(n: number): string {
  return `${ALERTS[n] ?? 'unknown alert'} (${n})`;
}
