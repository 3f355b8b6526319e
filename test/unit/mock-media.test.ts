import { describe, expect, it } from 'vitest';
import { acceptAllows, contentTypeIs, parseMediaType } from '../../mock-server/media.js';

const T = 'application/taxii+json';

describe('mock media negotiation: Accept', () => {
  it.each([
    [undefined, true],
    ['', true],
    [T, true],
    ['application/taxii+json; version=2.0', true],
    ['APPLICATION/TAXII+JSON', true],
    ['*/*', true],
    ['application/*', true],
    ['text/html, application/taxii+json;q=0.5', true],
    ['text/html;q=0.9, */*;q=0.1', true],
    ['application/json', false],
    ['text/html', false],
    ['text/*', false],
    ['application/taxii+xml', false],
    ['application/taxii+json;q=0', false],
    ['application/taxii+json;q=0, */*', false], // the specific range decides
    ['*/*;q=0', false],
    ['application/*;q=0, */*', false],
    ['application/taxii+json;q=0.000', false],
    ['not a media type', false],
  ])('Accept %j -> %s', (header, ok) => {
    expect(acceptAllows(header as string | undefined, T)).toBe(ok);
  });

  it('strict mode wants exactly the media type', () => {
    expect(acceptAllows(T, T, 'strict')).toBe(true);
    expect(acceptAllows(undefined, T, 'strict')).toBe(false);
    expect(acceptAllows('*/*', T, 'strict')).toBe(false);
    expect(acceptAllows(`${T}; version=2.0`, T, 'strict')).toBe(false);
  });

  it('ignore mode allows anything', () => {
    expect(acceptAllows('text/html', T, 'ignore')).toBe(true);
  });
});

describe('mock media negotiation: Content-Type', () => {
  it.each([
    [T, true],
    [`${T}; charset=utf-8`, true],
    [`${T};version=2.0`, true],
    ['Application/Taxii+Json', true],
    ['application/json', false],
    ['text/plain', false],
    [undefined, false],
    ['', false],
  ])('Content-Type %j -> %s', (header, ok) => {
    expect(contentTypeIs(header as string | undefined, T)).toBe(ok);
  });

  it('parses parameters, quoted or not', () => {
    expect(parseMediaType('a/b; X="1"; y=3')).toEqual({ type: 'a', subtype: 'b', params: { x: '1', y: '3' } });
    expect(parseMediaType('nonsense')).toBeUndefined();
  });
});
