// The host's faults: they change what every mounted profile stands on — the listener's TLS
// settings and certificate, plain HTTP on the same port, the DNS responder — not what a
// profile answers. The host (server.ts, cert.ts, host.ts) applies them. Each is claimed by
// the profile whose cases it breaks (mock-server/<id>/faults.ts): that profile names the
// cases and `--list-faults` shows it as that profile's.

export const HOST_FAULTS = {
  'tls-weak-suites':
    'TLS also accepts suites weaker than the baseline: AES128-SHA (RSA key exchange, 128-bit CBC, SHA-1), ECDHE-RSA-AES128-GCM-SHA256, ECDHE-RSA-AES128-SHA256, CAMELLIA128-SHA, AECDH-AES256-SHA (anonymous) and TLS_AES_128_GCM_SHA256.',
  'tls-legacy-versions': 'TLS 1.0 and 1.1 are accepted (with ECDHE-RSA-AES256-SHA).',
  'tls-no-baseline': 'TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384 is not offered (AEAD suites only).',
  'tls-expired-cert': 'The certificate expired yesterday.',
  'tls-wrong-name': 'The certificate is for wrong-host.invalid, not for the host the mock listens on.',
  'tls-ecdsa-cert': 'The certificate has an ECDSA key, so no ECDHE_RSA suite can be negotiated.',
  'tls-rsa-1024': 'The certificate has a 1024-bit RSA key.',
  'dns-no-record': 'With --dns-port: the DNS responder has no SRV record for the mounted profiles\' service label under <domain> (NXDOMAIN).',
  'dns-dead-port': 'With --dns-port: the SRV record points at a port where nothing listens.',
  'dns-no-service': 'With --dns-port: the SRV record is the "." answer (RFC 2782: the service is decidedly not available).',
  'dns-no-address': 'With --dns-port: the SRV target has no A or AAAA record.',
  'tls-blacklisted-suites': 'TLS 1.2 also accepts suites of the RFC 7540 Appendix A blacklist the reference refuses: AES128-SHA256 (static RSA) and ECDHE-RSA-AES128-SHA256 (CBC).',
  'tls-no-tls12': 'Only TLS 1.3 is accepted: a TLS 1.2 handshake is refused.',
  'tls-no-tls13': 'Only TLS 1.2 is accepted: no TLS 1.3.',
  'plain-http': 'The server also answers plain HTTP (no TLS) on the same port, serving TAXII messages in the clear.',
} as const satisfies Record<string, string>;

export type HostFaultName = keyof typeof HOST_FAULTS;

export function isHostFault(name: string): name is HostFaultName {
  return Object.hasOwn(HOST_FAULTS, name);
}
