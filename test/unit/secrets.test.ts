// What the suite sends where, in the pure parts: the scrubber's forms and token boundaries,
// where credentials may go (CredentialScope, authorize), which requests are write-free under
// --read-only, and the CLI's URL and --allow-origin parsing.
import { describe, expect, it } from 'vitest';
import { Scrubber } from '../../suites/core/evidence.js';
import { authorize, CredentialScope } from '../../suites/core/credentials.js';
import { isTokenRequest } from '../../suites/taxii2-predraft/profile.js';
import { isReadRequest } from '../../suites/taxii1/profile.js';
import { BINDINGS } from '../../suites/taxii1/bindings/index.js';
import type { Taxii1Message } from '../../suites/taxii1/model.js';
import { httpsOrigin, httpUrlWithCredentials, withoutUserinfo } from '../../bin/options.js';

describe('Scrubber', () => {
  const b64 = (s: string): string => Buffer.from(s).toString('base64');
  const b64url = (s: string): string => Buffer.from(s).toString('base64url');

  it('redacts every form of the Basic credentials: the password, base64 and base64url of user:password, URL-encoded, JSON-escaped', () => {
    const s = new Scrubber();
    const pw = 'S3cr3t p@ss+wörd"?';
    s.addBasic('alice', pw);
    const forms = [
      pw,
      b64(`alice:${pw}`),
      b64(`alice:${pw}`).replace(/=+$/, ''),
      b64url(`alice:${pw}`),
      encodeURIComponent(pw),
      new URLSearchParams({ p: pw }).toString().slice(2),
      JSON.stringify(pw).slice(1, -1),
    ];
    for (const f of forms) {
      expect(s.scrub(`Basic ${f}`), f).toBe('Basic [redacted]');
      expect(s.scrub(`{"echo":"${f}"}`), f).toBe('{"echo":"[redacted]"}');
    }
    expect(s.scrub(`alice:${pw}@host`)).toBe('alice:[redacted]@host');
    // The Basic value as a server may put it in a URL (Location: …?auth=Basic%20…%3D).
    const inUrl = encodeURIComponent(`Basic ${b64(`alice:${pw}`)}`);
    expect(s.scrub(`https://x.test/?auth=${inUrl}&y=1`)).toBe('https://x.test/?auth=Basic%20[redacted]&y=1');
    expect(s.scrub(`?auth=${inUrl.replace(/%[0-9A-F]{2}/g, (h) => h.toLowerCase())}`)).toBe('?auth=Basic%20[redacted]');
  });

  it('redacts tokens and bearer values, and access tokens it has never seen', () => {
    const s = new Scrubber();
    s.add('eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhIn0.c2lnbmF0dXJl');
    expect(s.scrub('Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhIn0.c2lnbmF0dXJl')).toBe('Authorization: Bearer [redacted]');
    expect(s.scrub('{"access-token": "never-seen-before"}')).toBe('{"access-token": "[redacted]"}');
  });

  it('replaces whole tokens only: a password that is a common word leaves media types and header names whole', () => {
    for (const pw of ['json', 'application', 'taxii', 'Content']) {
      const s = new Scrubber();
      s.addBasic('u', pw);
      expect(s.scrub('Content-Type: application/taxii+json; version=2.0')).toBe('Content-Type: application/taxii+json; version=2.0');
      expect(s.scrub('X-TAXII-Content-Type')).toBe('X-TAXII-Content-Type');
      expect(s.scrub(`{"password":"${pw}"}`)).toBe('{"password":"[redacted]"}');
      expect(s.scrub(`?user=u&password=${pw}&x=1`)).toBe('?user=u&password=[redacted]&x=1');
      expect(s.scrub(`the password is ${pw}.`)).toBe('the password is [redacted].');
      expect(s.scrub(`?q=the%20password%20${pw}%3B`)).toBe('?q=the%20password%20[redacted]%3B');
      expect(s.scrub('?type=application%2Ftaxii%2Bjson')).toBe('?type=application%2Ftaxii%2Bjson');
    }
  });

  it('scrubs a whole structure, keys included, and leaves short or absent secrets alone', () => {
    const s = new Scrubber();
    s.add('hunter2-pw');
    s.add('abc');
    s.add(undefined);
    expect(s.scrubDeep({ a: ['x hunter2-pw', 1, null], 'hunter2-pw': { b: 'abc' } })).toEqual({ a: ['x [redacted]', 1, null], '[redacted]': { b: 'abc' } });
  });
});

describe('CredentialScope and authorize', () => {
  const creds = { user: 'alice', password: 'pw-secret' };
  const scope = (): CredentialScope => new CredentialScope(['https://a.test:8443/taxii/', 'https://b.test', 'http://plain.test/']);

  it('allows the given origins over HTTPS only, default ports normalised', () => {
    const s = scope();
    expect(s.refusal('https://a.test:8443/api1/token/')).toBeUndefined();
    expect(s.refusal('https://b.test:443/x')).toBeUndefined();
    expect(s.refusal('https://a.test/taxii/')).toMatch(/not the origin of the target given \(allow it with --allow-origin https:\/\/a\.test\)/);
    expect(s.refusal('http://a.test:8443/')).toMatch(/plain HTTP/);
    expect(s.refusal('http://plain.test/')).toMatch(/plain HTTP/);
    expect(s.refusal('https://c.test/')).toMatch(/c\.test/);
  });

  it('withholds every mode made from the credentials, lets the secret-free ones through, and notes each origin once', async () => {
    const s = scope();
    const ctx = { creds, runId: 'r1', scope: s, issuedToken: 'issued-tok' };
    expect((await authorize('default', 'https://a.test:8443/', ctx)).value).toMatch(/^Basic /);
    for (const mode of ['default', 'basic', 'bearer', 'wrong-password', 'bearer-bad-signature', 'bearer-alg-none'] as const) {
      const a = await authorize(mode, 'https://evil.test/api/', ctx);
      expect(a.value, mode).toBeUndefined();
      expect(a.withheld, mode).toMatch(/evil\.test/);
    }
    expect((await authorize('default', 'https://evil.test/', ctx, 'short-tok')).withheld).toMatch(/evil\.test/);
    expect((await authorize('unknown-user', 'https://evil.test/', ctx)).value).toMatch(/^Basic /);
    expect((await authorize('bearer-garbage', 'https://evil.test/', ctx)).value).toBe('Bearer not-a-token');
    expect((await authorize('none', 'http://plain.test/', ctx)).value).toBeUndefined();
    await authorize('default', 'http://plain.test/', ctx);
    expect(s.notes()).toHaveLength(2);
    expect(s.notes()[0]).toMatch(/^credentials not sent to https:\/\/evil\.test: /);
    expect(s.notes()[1]).toMatch(/^credentials not sent to http:\/\/plain\.test: plain HTTP/);
  });

  it('a run without credentials has nothing to withhold', async () => {
    const s = scope();
    expect(await authorize('default', 'https://evil.test/', { creds: {}, runId: 'r', scope: s })).toEqual({});
    expect(s.notes()).toEqual([]);
  });
});

describe('write-free requests under --read-only', () => {
  it('taxii2-predraft: the token POST only', () => {
    expect(isTokenRequest({ method: 'POST', url: 'https://h/api1/token/' })).toBe(true);
    expect(isTokenRequest({ method: 'POST', url: 'https://h/token/?x=1' })).toBe(true);
    expect(isTokenRequest({ method: 'POST', url: 'https://h/api1/channels/token/' })).toBe(false);
    expect(isTokenRequest({ method: 'POST', url: 'https://h/api1/collections/token/' })).toBe(false);
    expect(isTokenRequest({ method: 'DELETE', url: 'https://h/api1/token/' })).toBe(false);
    expect(isTokenRequest({ method: 'POST', url: 'https://h/api1/channels/' })).toBe(false);
  });

  it('taxii1: Discovery, Feed Information and Poll requests of every binding, even malformed; never Inbox or subscription messages', () => {
    for (const b of Object.values(BINDINGS)) {
      const enc = (m: Record<string, unknown>): string => b.serialize({ 'message-id': b.newMessageId(), ...m } as unknown as Taxii1Message);
      const post = (body: string): boolean => isReadRequest({ method: 'POST', body });
      expect(post(enc({ type: 'discovery-request' })), b.id).toBe(true);
      expect(post(enc({ type: 'feed-information-request' })), b.id).toBe(true);
      expect(post(enc({ type: 'poll-request', 'feed-name': 'f', 'content-bindings': [] })), b.id).toBe(true);
      expect(post(`<?xml version="1.0"?><!DOCTYPE tc [<!ENTITY tc "x">]><${b.roots['discovery-request']} xmlns="${b.namespace}">`), b.id).toBe(true);
      expect(post(enc({ type: 'manage-feed-subscription-request', action: 'UNSUBSCRIBE', 'feed-name': 'f', 'subscription-id': 's' })), b.id).toBe(false);
      expect(post(enc({ type: 'stix-message', 'content-blocks': [] })), b.id).toBe(false);
    }
    expect(isReadRequest({ method: 'POST', body: 'not xml' })).toBe(false);
    expect(isReadRequest({ method: 'POST' })).toBe(false);
  });
});

describe('CLI: URLs with credentials, --allow-origin', () => {
  it('takes user:password out of the URL, percent-decoded', () => {
    expect(httpUrlWithCredentials('the URL', 'https://al%40ce:p%3Ass%20w@h.test:8443/taxii/')).toEqual({ url: 'https://h.test:8443/taxii/', user: 'al@ce', password: 'p:ss w' });
    expect(httpUrlWithCredentials('the URL', 'https://h.test/taxii/')).toEqual({ url: 'https://h.test/taxii/' });
  });

  it('never prints the password of a URL it cannot parse', () => {
    expect(() => httpUrlWithCredentials('the URL', 'https://u:s3cret pw@[bad/')).toThrow(/^the URL is not a URL: https:\/\/\[bad\/$/);
    expect(withoutUserinfo('https://u:p@h/x@y')).toBe('https://h/x@y');
  });

  it('--allow-origin takes an https origin and nothing else', () => {
    expect(httpsOrigin('https://API.example.test:443/')).toBe('https://api.example.test');
    expect(httpsOrigin('https://h.test:8443')).toBe('https://h.test:8443');
    expect(() => httpsOrigin('http://h.test')).toThrow(/never go over plain HTTP/);
    expect(() => httpsOrigin('https://h.test/api1/')).toThrow(/not a URL with a path/);
    expect(() => httpsOrigin('https://u:p@h.test')).toThrow(/no user or password/);
    expect(() => httpsOrigin('h.test')).toThrow(/not a URL/);
  });
});
