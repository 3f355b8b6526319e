// The suite's own JWT reader (suites/core/jwt.ts) reads what jose's decodeJwt reads and
// refuses what it refuses.
import { SignJWT, decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import { jwtClaims } from '../../suites/core/jwt.js';

const b64 = (s: string): string => Buffer.from(s).toString('base64url');

describe('jwtClaims', () => {
  it('reads the claims of a signed token as jose does', async () => {
    const token = await new SignJWT({ sub: 'alice', aud: 'https://x/api1/', n: [1, 2] }).setProtectedHeader({ alg: 'HS256' }).setExpirationTime('1h').sign(new Uint8Array(32));
    expect(jwtClaims(token)).toEqual(decodeJwt(token));
    expect(jwtClaims(token)['sub']).toBe('alice');
  });

  it.each([
    ['two parts', `${b64('{}')}.${b64('{}')}`],
    ['five parts (a JWE)', 'a.b.c.d.e'],
    ['an empty payload', `${b64('{}')}..sig`],
    ['a payload not base64url', `${b64('{}')}.!!!.sig`],
    ['a payload not JSON', `${b64('{}')}.${b64('not json')}.sig`],
    ['an array payload', `${b64('{}')}.${b64('[1]')}.sig`],
    ['a null payload', `${b64('{}')}.${b64('null')}.sig`],
  ])('refuses %s, as jose does', (_what, token) => {
    expect(() => decodeJwt(token)).toThrow();
    expect(() => jwtClaims(token)).toThrow();
  });
});
