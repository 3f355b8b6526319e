// Builds the Authorization header of a request for each auth mode a case can ask for,
// including the deliberately wrong ones (forged, unsigned and garbage tokens).
import { randomBytes } from 'node:crypto';
import { SignJWT, decodeJwt } from 'jose';
import type { AuthMode } from './types.js';

export interface Credentials {
  user?: string;
  password?: string;
  /** A bearer token given on the command line (--token). */
  token?: string;
}

export interface AuthHeader {
  /** Authorization value, or undefined for none. */
  value?: string;
  /** What the curl line says instead of the secret. */
  curl?: string;
}

/** Why a case needing this mode cannot run, or undefined when it can. */
export function missingFor(mode: AuthMode, creds: Credentials, issuedToken: string | undefined): string | undefined {
  switch (mode) {
    case 'none':
    case 'unknown-user':
    case 'bearer-garbage':
      return undefined;
    case 'default':
      return creds.token || (creds.user && creds.password) ? undefined : 'no credentials given (--user/--password or --token)';
    case 'basic':
    case 'wrong-password':
      return creds.user && creds.password ? undefined : 'no user and password given (--user/--password)';
    case 'bearer':
      return creds.token || issuedToken ? undefined : 'no bearer token: none given with --token and the token endpoint issued none';
    case 'bearer-bad-signature':
    case 'bearer-alg-none':
      return undefined;
  }
}

const basic = (user: string, password: string): string => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

/** Claims for forged tokens: copied from a real one when we have it, so only the signature differs. */
function claimsFrom(token: string | undefined, fallback: { sub?: string; aud?: string }): Record<string, unknown> {
  if (token) {
    try {
      return { ...decodeJwt(token) };
    } catch {
      /* not a JWT: use the fallback claims */
    }
  }
  const now = Math.floor(Date.now() / 1000);
  return { sub: fallback.sub ?? 'taxii-conform', ...(fallback.aud ? { aud: fallback.aud } : {}), iat: now, exp: now + 3600 };
}

export async function authHeader(
  mode: AuthMode,
  creds: Credentials,
  issuedToken: string | undefined,
  audience: string | undefined,
  runId: string,
): Promise<AuthHeader> {
  const token = creds.token ?? issuedToken;
  switch (mode) {
    case 'none':
      return {};
    case 'default':
      if (creds.user && creds.password) return { value: basic(creds.user, creds.password), curl: '-u "$TAXII_USER:$TAXII_PASSWORD"' };
      if (creds.token) return { value: `Bearer ${creds.token}`, curl: '-H "Authorization: Bearer $TAXII_TOKEN"' };
      return {};
    case 'basic':
      return { value: basic(creds.user ?? '', creds.password ?? ''), curl: '-u "$TAXII_USER:$TAXII_PASSWORD"' };
    case 'wrong-password':
      return { value: basic(creds.user ?? '', `wrong-${runId}`), curl: `-u "$TAXII_USER:wrong-${runId}"` };
    case 'unknown-user':
      return { value: basic(`tc-unknown-${runId}`, `x-${runId}`), curl: `-u 'tc-unknown-${runId}:x-${runId}'` };
    case 'bearer':
      return { value: `Bearer ${token ?? ''}`, curl: '-H "Authorization: Bearer $TAXII_TOKEN"' };
    case 'bearer-garbage':
      return { value: 'Bearer not-a-token', curl: `-H 'Authorization: Bearer not-a-token'` };
    case 'bearer-bad-signature': {
      // Same claims, signed with a key the server cannot know.
      const claims = claimsFrom(token, { sub: creds.user, aud: audience });
      const jwt = await new SignJWT(claims).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(randomBytes(32));
      return { value: `Bearer ${jwt}`, curl: `-H 'Authorization: Bearer ${jwt}'` };
    }
    case 'bearer-alg-none': {
      const claims = claimsFrom(token, { sub: creds.user, aud: audience });
      const enc = (o: object): string => Buffer.from(JSON.stringify(o)).toString('base64url');
      const jwt = `${enc({ alg: 'none', typ: 'JWT' })}.${enc(claims)}.`;
      return { value: `Bearer ${jwt}`, curl: `-H 'Authorization: Bearer ${jwt}'` };
    }
  }
}
