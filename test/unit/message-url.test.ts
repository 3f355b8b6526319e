// What a URL in a server's message is (RFC 3986): malformed, relative (resolved against the
// message's URL) or absolute; and how setup sorts a message's URLs into tested and not.
import { describe, expect, it } from 'vitest';
import { describeMessageUrl, listed, readMessageUrl, sortMessageUrls } from '../../suites/core/message-url.js';
import { json } from '../../suites/core/assertions/json.js';

const AT = 'https://taxii.example.com:8443/disco/v2/';

describe('readMessageUrl', () => {
  it('reads an absolute URL as itself, with its scheme and whether it is the message\'s origin', () => {
    expect(readMessageUrl('https://taxii.example.com:8443/api1/', AT)).toMatchObject({ kind: 'url', relative: false, scheme: 'https', url: 'https://taxii.example.com:8443/api1/', sameOrigin: true });
    expect(readMessageUrl('https://other.example.net/api1/', AT)).toMatchObject({ kind: 'url', relative: false, origin: 'https://other.example.net', sameOrigin: false });
    expect(readMessageUrl('HTTP://taxii.example.com:8443/api1/', AT)).toMatchObject({ kind: 'url', scheme: 'http', sameOrigin: false });
    expect(readMessageUrl('ftp://taxii.example.com/x', AT)).toMatchObject({ kind: 'url', scheme: 'ftp', origin: undefined, sameOrigin: false });
  });

  it('resolves a relative reference against the message\'s URL, as RFC 3986 section 5 does', () => {
    expect(readMessageUrl('/api1/', AT)).toMatchObject({ kind: 'url', relative: true, url: 'https://taxii.example.com:8443/api1/', sameOrigin: true });
    expect(readMessageUrl('api1/', AT)).toMatchObject({ kind: 'url', relative: true, url: 'https://taxii.example.com:8443/disco/v2/api1/' });
    expect(readMessageUrl('../api1/', AT)).toMatchObject({ kind: 'url', relative: true, url: 'https://taxii.example.com:8443/disco/api1/' });
    // A network-path reference is relative too, and may name another origin.
    expect(readMessageUrl('//other.example.net/api1/', AT)).toMatchObject({ kind: 'url', relative: true, url: 'https://other.example.net/api1/', sameOrigin: false });
  });

  it('tells malformed entries apart, saying why', () => {
    expect(readMessageUrl('not a url', AT)).toEqual({ kind: 'malformed', raw: 'not a url', why: '"not a url" is not a URL: it holds " ", which RFC 3986 does not allow unencoded' });
    expect(readMessageUrl('https://{host}/api1/', AT)).toMatchObject({ kind: 'malformed', why: expect.stringContaining('it holds "{"') });
    expect(readMessageUrl('https://[bad/', AT)).toMatchObject({ kind: 'malformed', why: '"https://[bad/" is not a URL: it does not parse' });
    expect(readMessageUrl('https:/api1/', AT)).toMatchObject({ kind: 'malformed', why: expect.stringContaining('needs //host') });
    expect(readMessageUrl('/a%zz/', AT)).toMatchObject({ kind: 'malformed', why: expect.stringContaining('two hex digits') });
    expect(readMessageUrl('', AT)).toMatchObject({ kind: 'malformed', why: 'an empty string is no URL' });
    expect(readMessageUrl(42, AT)).toMatchObject({ kind: 'malformed', why: '42 is not a string' });
    expect(readMessageUrl({ url: 'x' }, AT)).toMatchObject({ kind: 'malformed', why: '{"url":"x"} is not a string' });
  });

  it('describes a relative reference with what it resolved to', () => {
    expect(describeMessageUrl(readMessageUrl('/api1/', AT))).toBe('"/api1/" (a relative reference, resolved to https://taxii.example.com:8443/api1/)');
    expect(describeMessageUrl(readMessageUrl('https://h/x', AT))).toBe('"https://h/x"');
  });
});

describe('sortMessageUrls', () => {
  it('keeps https URLs (relative ones resolved), refuses malformed and non-https ones, and what the rule refuses', () => {
    const rule = (r: ReturnType<typeof readMessageUrl>): string | undefined => (r.kind === 'url' && r.raw.includes('query?') ? `${r.raw}: has a query (case x)` : undefined);
    const s = sortMessageUrls(['https://h/a/', '/b/', 'not a url', 'http://h/c/', 'https://h/query?x', 'https://other/d/'], AT, rule);
    expect(s.usable).toEqual(['https://h/a/', 'https://taxii.example.com:8443/b/', 'https://other/d/']);
    expect(s.resolved).toEqual(['"/b/" (a relative reference, resolved to https://taxii.example.com:8443/b/)']);
    expect(s.refused).toEqual([expect.stringContaining('"not a url" is not a URL'), '"http://h/c/" is not an https URL', 'https://h/query?x: has a query (case x)']);
  });

  it('lists at most three lines, then how many more', () => {
    expect(listed(['a', 'b'])).toBe('a; b');
    expect(listed(['a', 'b', 'c', 'd', 'e'])).toBe('a; b; c; and 2 more');
  });
});

describe('the json condition allUrls', () => {
  const judge = (body: unknown, allUrls: { base: string; relative?: boolean }) =>
    json.evaluate({ pointer: '/api-bases', allUrls }, { res: { status: 200, headers: {}, body: Buffer.from(JSON.stringify(body)), truncated: false } } as never, { vars: new Map([['discovery', AT]]) } as never);

  it('passes absolute http(s) URLs, and relative references only when allowed', () => {
    expect(judge({ 'api-bases': ['https://h/a/', 'http://h/b/'] }, { base: '{discovery}' }).ok).toBe(true);
    expect(judge({ 'api-bases': ['/a/'] }, { base: '{discovery}', relative: true }).ok).toBe(true);
    const rel = judge({ 'api-bases': ['https://h/a/', '/a/'] }, { base: '{discovery}' });
    expect(rel).toMatchObject({ ok: false, actual: '"/a/" (a relative reference, resolved to https://taxii.example.com:8443/a/): a relative reference, not an absolute URL' });
  });

  it('fails the first entry that is no URL, or not an http(s) one, naming it', () => {
    expect(judge({ 'api-bases': ['https://h/a/', 'not a url'] }, { base: '{discovery}', relative: true })).toMatchObject({ ok: false, actual: expect.stringContaining('"not a url" is not a URL') });
    expect(judge({ 'api-bases': ['mailto:a@b'] }, { base: '{discovery}', relative: true })).toMatchObject({ ok: false, actual: '"mailto:a@b" is a mailto: URL, not http(s)' });
    expect(judge({ 'api-bases': 'https://h/a/' }, { base: '{discovery}' })).toMatchObject({ ok: false, expected: '/api-bases an array' });
  });

  it('reads the URL at a key inside each item, naming the item', () => {
    const services = { 'api-bases': [{ address: 'https://h/a/' }, { address: 'https://{host}/b/' }, { name: 'no address' }] };
    expect(judge(services, { base: '{discovery}', key: '/address' })).toMatchObject({ ok: false, expected: '/address of every item of /api-bases an absolute http(s) URL (RFC 3986)', actual: expect.stringMatching(/^item 1: "https:\/\/\{host\}\/b\/" is not a URL/) });
    expect(judge({ 'api-bases': [{ address: 'https://h/a/' }, { name: 'x' }] }, { base: '{discovery}', key: '/address' })).toMatchObject({ ok: false, actual: 'item 1: absent is not a string' });
    expect(judge({ 'api-bases': [{ address: '/a/' }] }, { base: '{discovery}', key: '/address', relative: true }).ok).toBe(true);
  });
});
