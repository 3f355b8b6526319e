import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkName, defaultDnsServer, discoveryUrl, DnsError, formatServer, parseDnsServer, srvName } from '../../suites/probes/dns.js';
import { PREDRAFT_SRV } from '../../suites/taxii2-predraft/profile.js';

function errorOf(f: () => unknown): DnsError {
  try {
    f();
  } catch (e) {
    if (e instanceof DnsError) return e;
    throw e;
  }
  throw new Error('did not throw');
}

describe('parseDnsServer', () => {
  it.each([
    ['127.0.0.1:5353', { host: '127.0.0.1', port: 5353 }],
    ['127.0.0.1', { host: '127.0.0.1', port: 53 }],
    [' 10.0.0.2:53 ', { host: '10.0.0.2', port: 53 }],
    ['[::1]:53', { host: '::1', port: 53 }],
    ['[::1]:5353', { host: '::1', port: 5353 }],
    ['[2001:db8::1]', { host: '2001:db8::1', port: 53 }],
    ['::1', { host: '::1', port: 53 }],
    ['fe80::1', { host: 'fe80::1', port: 53 }],
    ['localhost:8053', { host: 'localhost', port: 8053 }],
    ['ns1.example.test', { host: 'ns1.example.test', port: 53 }],
  ])('%s', (s, want) => {
    expect(parseDnsServer(s)).toEqual(want);
  });

  it.each(['', '   ', ':53', '127.0.0.1:', '127.0.0.1:0', '127.0.0.1:65536', '127.0.0.1:53x', '[::1', '[127.0.0.1]:53', '[::1]:', '1:2:3', 'bad host:53', 'a..b', '[::1]:53:54'])(
    'rejects %j with TC_DNS_BAD_SERVER and a clear message',
    (s) => {
      const e = errorOf(() => parseDnsServer(s));
      expect(e.code).toBe('TC_DNS_BAD_SERVER');
      expect(e.message).toContain('invalid DNS server');
      expect(e.message).toContain('host:port');
    },
  );

  it('formats servers back', () => {
    expect(formatServer({ host: '::1', port: 53 })).toBe('[::1]:53');
    expect(formatServer({ host: '127.0.0.1', port: 5353 })).toBe('127.0.0.1:5353');
  });
});

describe('names', () => {
  it('srvName prefixes _taxii._tcp. and drops a trailing dot', () => {
    expect(srvName(PREDRAFT_SRV, 'example.test')).toBe('_taxii._tcp.example.test');
    expect(srvName(PREDRAFT_SRV, 'example.test.')).toBe('_taxii._tcp.example.test');
  });

  it.each(['example.test', 'example.test.', '_taxii._tcp.example.test', 'a', 'xn--bcher-kva.test', `${'a'.repeat(63)}.test`, `${'abcdefghi.'.repeat(24)}abcdefghijklm`])('accepts %s', (n) => {
    expect(checkName(n)).toBe(n.replace(/\.$/, ''));
  });

  it.each([
    ['', /empty/],
    ['.', /empty/],
    ['a..b', /empty label/],
    ['.a', /empty label/],
    ['-a.test', /may not start or end/],
    ['a-.test', /may not start or end/],
    [`${'a'.repeat(64)}.test`, /more than 63/],
    [`${'abcdefghi.'.repeat(25)}abcdefghijklm`, /more than 253/],
    ['a b.test', /ASCII/],
    ['bücher.test', /xn--/],
    ['a/b.test', /letters, digits/],
    ['a:b', /letters, digits/],
  ])('rejects %j', (n, why) => {
    const e = errorOf(() => checkName(n));
    expect(e.code).toBe('TC_DNS_BAD_NAME');
    expect(e.message).toMatch(why);
  });
});

describe('discoveryUrl', () => {
  it('builds https://<target>:<port>/taxii/, without the trailing dot, IPv6 in brackets', () => {
    expect(discoveryUrl({ target: 'taxii.example.com', port: 443 }, PREDRAFT_SRV.path)).toBe('https://taxii.example.com:443/taxii/');
    expect(discoveryUrl({ target: 'taxii.example.com.', port: 8443 }, PREDRAFT_SRV.path)).toBe('https://taxii.example.com:8443/taxii/');
    expect(discoveryUrl({ target: '2001:db8::5', port: 443 }, PREDRAFT_SRV.path)).toBe('https://[2001:db8::5]:443/taxii/');
    expect(discoveryUrl({ target: '192.0.2.1', port: 443 }, PREDRAFT_SRV.path)).toBe('https://192.0.2.1:443/taxii/');
  });
});

describe('defaultDnsServer', () => {
  it('takes the first usable nameserver of resolv.conf', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tc-dns-'));
    try {
      const f = path.join(dir, 'resolv.conf');
      fs.writeFileSync(f, '# comment\nsearch example.test\nnameserver not-an-ip\nnameserver 192.0.2.53\nnameserver 192.0.2.54\n');
      expect(defaultDnsServer(f)).toEqual({ host: '192.0.2.53', port: 53 });
      fs.writeFileSync(f, 'nameserver fe80::1%eth0\n');
      expect(defaultDnsServer(f)).toEqual({ host: 'fe80::1%eth0', port: 53 });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
