import { describe, expect, it } from 'vitest';
import { SignJWT } from 'jose';
import { Authenticator, challenge, unsignedToken, ISSUER, type TokenLaxity } from '../../mock-server/auth.js';

const AUD = 'https://127.0.0.1:1/trustgroup1/';
const both = { schemes: ['Basic', 'Bearer'] as const, audiences: [AUD] };
const basic = (u: string, p: string) => `Basic ${Buffer.from(`${u}:${p}`).toString('base64')}`;
const make = (lax: TokenLaxity = {}) => new Authenticator([{ user: 'taxii', password: 'pw' }], lax);

describe('mock authentication', () => {
  it('Basic: right, wrong password, unknown user, no credentials, malformed', async () => {
    const a = make();
    expect(await a.authenticate(basic('taxii', 'pw'), both)).toEqual({ ok: true, identity: { user: 'taxii', scheme: 'Basic' } });
    expect(await a.authenticate(basic('taxii', 'nope'), both)).toEqual({ ok: false, reason: 'wrong user name or password', invalidToken: false });
    expect(await a.authenticate(basic('bob', 'pw'), both)).toEqual({ ok: false, reason: 'wrong user name or password', invalidToken: false });
    expect(await a.authenticate(undefined, both)).toMatchObject({ ok: false, reason: /no credentials/, invalidToken: false });
    expect(await a.authenticate('Basic !!!', both)).toMatchObject({ ok: false, reason: /base64/ });
    expect(await a.authenticate('Digest x', both)).toMatchObject({ ok: false, reason: /unsupported/ });
  });

  it('an unknown user and a wrong password get one answer (no user enumeration)', async () => {
    const a = make();
    const unknown = await a.authenticate(basic('mallory', 'pw'), both);
    const wrong = await a.authenticate(basic('taxii', 'not-it'), both);
    expect(unknown).toEqual(wrong);
    expect(JSON.stringify(unknown)).not.toMatch(/mallory|taxii/);
  });

  it('Basic is refused where only Bearer is accepted', async () => {
    const r = await make().authenticate(basic('taxii', 'pw'), { schemes: ['Bearer'], audiences: [AUD] });
    expect(r).toMatchObject({ ok: false, reason: /does not accept Basic/ });
  });

  it('issued tokens verify; tampered, unsigned, expired, foreign and garbage ones do not', async () => {
    const a = make();
    const tok = await a.issueToken('taxii', AUD, 60);
    expect(await a.authenticate(`Bearer ${tok}`, both)).toEqual({ ok: true, identity: { user: 'taxii', scheme: 'Bearer' } });
    const [h, p] = tok.split('.');
    expect(await a.authenticate(`Bearer ${h}.${p}.AAAA`, both)).toMatchObject({ ok: false, invalidToken: true, reason: /signature/ });
    const claims = { iss: ISSUER, aud: AUD, sub: 'taxii', exp: Math.floor(Date.now() / 1000) + 60 };
    expect(await a.authenticate(`Bearer ${unsignedToken(claims)}`, both)).toMatchObject({ ok: false, reason: /alg "none"/ });
    const other = await new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).sign(new Uint8Array(32));
    expect(await a.authenticate(`Bearer ${other}`, both)).toMatchObject({ ok: false, reason: /signature/ });
    const expired = await a.issueToken('taxii', AUD, -10 as number);
    expect(await a.authenticate(`Bearer ${expired}`, both)).toMatchObject({ ok: false, reason: /expired/ });
    const foreign = await a.issueToken('taxii', 'https://127.0.0.1:1/trustgroup2/', 60);
    expect(await a.authenticate(`Bearer ${foreign}`, both)).toMatchObject({ ok: false, reason: /not for/ });
    expect(await a.authenticate('Bearer garbage', both)).toMatchObject({ ok: false, invalidToken: true, reason: /not a JWT/ });
  });

  it('faults loosen token checks one at a time', async () => {
    const claims = { iss: ISSUER, aud: AUD, sub: 'taxii', exp: Math.floor(Date.now() / 1000) + 60 };
    const none = `Bearer ${unsignedToken(claims)}`;
    expect((await make({ acceptUnsigned: true }).authenticate(none, both)).ok).toBe(true);
    expect((await make({ skipSignature: true }).authenticate(none, both)).ok).toBe(false);
    const forged = await new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).sign(new Uint8Array(32));
    expect((await make({ skipSignature: true }).authenticate(`Bearer ${forged}`, both)).ok).toBe(true);
    const a = make({ ignoreExpiry: true });
    expect((await a.authenticate(`Bearer ${await a.issueToken('taxii', AUD, -10)}`, both)).ok).toBe(true);
    const b = make({ refuseBearer: true });
    expect((await b.authenticate(`Bearer ${await b.issueToken('taxii', AUD, 60)}`, both)).ok).toBe(false);
  });

  it('challenges name every accepted scheme, with invalid_token for refused tokens', () => {
    expect(challenge(['Basic', 'Bearer'])).toBe('Basic realm="taxii", Bearer realm="taxii"');
    expect(challenge(['Bearer'], { reason: 'the "token" expired', invalidToken: true })).toBe(
      `Bearer realm="taxii", error="invalid_token", error_description="the 'token' expired"`,
    );
  });
});
