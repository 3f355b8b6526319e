// Authentication: HTTP Basic against the mock's accounts, and HS256 JWTs the mock issues
// itself (random secret per start, so tokens die with the process). Pure of HTTP: the
// pipeline turns a failure into 401 + WWW-Authenticate.
import { CompactSign, base64url, compactVerify, decodeJwt, decodeProtectedHeader, errors as joseErrors, generateKeyPair } from 'jose';
import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';

export type Scheme = 'Basic' | 'Bearer';

export interface Account {
  user: string;
  password: string;
}

export interface Identity {
  user: string;
  /** How the caller proved it; `none` under the auth-disabled fault. */
  scheme: Scheme | 'none';
}

export type AuthResult =
  | { ok: true; identity: Identity }
  /** `invalidToken`: a bearer token was presented and refused (RFC 6750 error="invalid_token"). */
  | { ok: false; reason: string; invalidToken: boolean };

/** What an endpoint accepts: schemes, and for tokens the audiences (API Base URLs) that are valid here. */
export interface AuthPolicy {
  schemes: readonly Scheme[];
  audiences: readonly string[];
}

/** Ways a profile's faults loosen (or break) the bearer-token checks; none by default. */
export interface TokenLaxity {
  /** Every bearer token is refused. */
  refuseBearer?: boolean;
  /** Unsigned tokens (alg "none") are accepted. */
  acceptUnsigned?: boolean;
  /** Signatures are not checked. */
  skipSignature?: boolean;
  /** The algorithm must be the server's own, but the signature is not verified. */
  algorithmOnly?: boolean;
  /** Expired tokens are accepted. */
  ignoreExpiry?: boolean;
}

/** How a profile's tokens are made (a conformant choice): the algorithm, and whether they carry more claims. */
export interface TokenStyle {
  /** HS256 (a random secret per start, the default), RS256 or ES256 (a key pair per start). */
  algorithm?: 'HS256' | 'RS256' | 'ES256';
  /** Also jti, nbf and scope claims. */
  moreClaims?: boolean;
}

type Keys = { sign: Uint8Array | CryptoKey; verify: Uint8Array | CryptoKey };

export const REALM = 'taxii';
/** The one reason for an unknown user and a wrong password alike. */
export const BAD_CREDENTIALS = 'wrong user name or password';
export const ISSUER = 'taxii-conform-mock';

export class Authenticator {
  private readonly algorithm: 'HS256' | 'RS256' | 'ES256';
  /** The signing and verifying keys, made once (a key pair takes a moment: made on first use). */
  private keys: Promise<Keys> | undefined;
  private readonly accounts: Map<string, string>;
  /** Compared against when the user is unknown, so that both failures take the same work. */
  private readonly decoy = randomBytes(16).toString('hex');

  constructor(
    accounts: readonly Account[],
    private readonly lax: TokenLaxity = {},
    private readonly style: TokenStyle = {},
  ) {
    this.accounts = new Map(accounts.map((a) => [a.user, a.password]));
    this.algorithm = style.algorithm ?? 'HS256';
  }

  private keyPair(): Promise<Keys> {
    if (this.algorithm === 'HS256') {
      const secret = new Uint8Array(randomBytes(32));
      this.keys ??= Promise.resolve({ sign: secret, verify: secret });
    }
    this.keys ??= generateKeyPair(this.algorithm).then((k) => ({ sign: k.privateKey, verify: k.publicKey }));
    return this.keys;
  }

  /** Signs a token for `user`, valid at `audience` (an API Base URL) for `lifetimeS` seconds. */
  async issueToken(user: string, audience: string, lifetimeS: number): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    const more = this.style.moreClaims ? { jti: randomUUID(), nbf: now, scope: 'taxii' } : {};
    const payload = { iss: ISSUER, aud: audience, sub: user, iat: now, exp: now + lifetimeS, ...more };
    return new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
      .setProtectedHeader({ alg: this.algorithm, typ: 'JWT' })
      .sign((await this.keyPair()).sign);
  }

  /** The caller's identity, or why not: at once for Basic (no promise per request), a promise for a token. */
  authenticate(authorization: string | undefined, policy: AuthPolicy): AuthResult | Promise<AuthResult> {
    const offered = policy.schemes.join(' or ');
    if (authorization === undefined || authorization.trim() === '') {
      return fail(`no credentials: send an Authorization header (${offered})`);
    }
    const sp = authorization.trim().indexOf(' ');
    const scheme = sp < 0 ? authorization.trim() : authorization.trim().slice(0, sp);
    const value = sp < 0 ? '' : authorization.trim().slice(sp + 1).trim();
    if (scheme.toLowerCase() === 'basic') {
      if (!policy.schemes.includes('Basic')) {
        return fail(`this endpoint does not accept Basic authentication; use ${offered}`);
      }
      return this.basic(value);
    }
    if (scheme.toLowerCase() === 'bearer') {
      if (!policy.schemes.includes('Bearer')) {
        return fail(`this endpoint does not accept Bearer tokens; use ${offered}`);
      }
      return this.bearer(value, policy.audiences);
    }
    return fail(`unsupported authentication scheme "${scheme}"; use ${offered}`);
  }

  private basic(value: string): AuthResult {
    let decoded: string;
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(value)) return fail('malformed Basic credentials: not base64');
    try {
      decoded = Buffer.from(value, 'base64').toString('utf8');
    } catch {
      return fail('malformed Basic credentials: not base64');
    }
    const colon = decoded.indexOf(':');
    if (colon < 0) return fail('malformed Basic credentials: no ":" between user and password');
    const user = decoded.slice(0, colon);
    const password = decoded.slice(colon + 1);
    const expected = this.accounts.get(user);
    // One answer, and the same comparison, for an unknown user and a wrong password: a
    // caller must not learn which user names exist.
    const match = sameSecret(password, expected ?? this.decoy);
    if (expected === undefined || !match) return fail(BAD_CREDENTIALS);
    return { ok: true, identity: { user, scheme: 'Basic' } };
  }

  private async bearer(token: string, audiences: readonly string[]): Promise<AuthResult> {
    if (this.lax.refuseBearer) return failToken('bearer token refused');
    let header: ReturnType<typeof decodeProtectedHeader>;
    let claims: ReturnType<typeof decodeJwt>;
    try {
      header = decodeProtectedHeader(token);
      claims = decodeJwt(token);
    } catch {
      return failToken('the bearer token is not a JWT (expected header.payload.signature in base64url)');
    }
    if (typeof header.alg !== 'string' || header.alg.toLowerCase() === 'none') {
      if (!this.lax.acceptUnsigned) return failToken('unsigned tokens (alg "none") are refused');
    } else if (!this.lax.skipSignature) {
      if (header.alg !== this.algorithm) return failToken(`unexpected token algorithm "${header.alg}"; this server signs with ${this.algorithm}`);
      if (this.lax.algorithmOnly) return this.checkClaims(claims, audiences);
      try {
        await compactVerify(token, (await this.keyPair()).verify, { algorithms: [this.algorithm] });
      } catch (e) {
        if (e instanceof joseErrors.JWSSignatureVerificationFailed) return failToken('the token signature does not verify');
        return failToken(`the token cannot be verified: ${(e as Error).message}`);
      }
    }
    return this.checkClaims(claims, audiences);
  }

  private checkClaims(claims: ReturnType<typeof decodeJwt>, audiences: readonly string[]): AuthResult {
    if (claims.iss !== ISSUER) return failToken(`the token was not issued by this server (iss ${JSON.stringify(claims.iss)})`);
    const aud = Array.isArray(claims.aud) ? claims.aud : claims.aud === undefined ? [] : [claims.aud];
    if (!aud.some((a) => audiences.includes(a))) {
      return failToken(`the token is for ${aud.length ? aud.join(', ') : 'no audience'}, not for ${audiences.join(' or ')}`);
    }
    if (typeof claims.exp !== 'number') return failToken('the token has no expiry (exp)');
    const now = Math.floor(Date.now() / 1000);
    if (claims.exp <= now && !this.lax.ignoreExpiry) {
      return failToken(`the token expired at ${new Date(claims.exp * 1000).toISOString()}`);
    }
    if (typeof claims.sub !== 'string' || !this.accounts.has(claims.sub)) {
      return failToken(`the token's subject ${JSON.stringify(claims.sub)} is not a user of this server`);
    }
    return { ok: true, identity: { user: claims.sub, scheme: 'Bearer' } };
  }
}

/** The WWW-Authenticate value of a 401 for these schemes (RFC 7617, RFC 6750). */
export function challenge(schemes: readonly Scheme[], failure?: { reason: string; invalidToken: boolean }): string {
  return schemes
    .map((s) => {
      if (s === 'Bearer' && failure?.invalidToken) {
        return `Bearer realm="${REALM}", error="invalid_token", error_description="${quoteSafe(failure.reason)}"`;
      }
      return `${s} realm="${REALM}"`;
    })
    .join(', ');
}

function fail(reason: string): AuthResult {
  return { ok: false, reason, invalidToken: false };
}

function failToken(reason: string): AuthResult {
  return { ok: false, reason, invalidToken: true };
}

function quoteSafe(s: string): string {
  // error_description allows %x20-21 / %x23-5B / %x5D-7E only (RFC 6750 3)
  return s.replace(/[^\x20-\x21\x23-\x5B\x5D-\x7E]/g, "'");
}

function sameSecret(a: string, b: string): boolean {
  const ba = Buffer.from(a);
  const bb = Buffer.from(b);
  return ba.length === bb.length && timingSafeEqual(ba, bb);
}

/** An unsigned token (alg none) carrying the given claims; used by tests and docs examples. */
export function unsignedToken(claims: Record<string, unknown>): string {
  const enc = (o: unknown) => base64url.encode(JSON.stringify(o));
  return `${enc({ alg: 'none', typ: 'JWT' })}.${enc(claims)}.`;
}
