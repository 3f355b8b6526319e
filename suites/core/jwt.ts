// The claims of a compact JWS JWT, read without verifying it (as jose's decodeJwt reads them),
// so that reading a token needs no library: jose is loaded only to sign one.

/** The claims set of a JWT (three base64url parts, the second a JSON object); throws when `token` is not one. */
export function jwtClaims(token: string): Record<string, unknown> {
  const parts = token.split('.');
  if (parts.length !== 3 || !parts[1]) throw new Error('not a compact JWS JWT (three parts, a payload)');
  if (!/^[A-Za-z0-9_-]*$/.test(parts[1])) throw new Error('the payload is not base64url');
  let claims: unknown;
  try {
    claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
  } catch {
    throw new Error('the payload is not JSON');
  }
  if (typeof claims !== 'object' || claims === null || Array.isArray(claims)) throw new Error('the payload is not a JSON object');
  return claims as Record<string, unknown>;
}
