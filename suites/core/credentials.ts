// Builds the Authorization header of a request for each auth mode a case can ask for,
// including the deliberately wrong ones (forged, unsigned and garbage tokens), and decides
// where the run's credentials may go at all (CredentialScope): `authorize` is the one place
// an Authorization header is made, and the one place that decides whether a request
// presents the user's TLS client certificate, for setup, cases and their undo requests
// alike; `certificateFor` decides it for the TLS probes that connect to the server.
import { randomBytes } from 'node:crypto';
import { jwtClaims } from './jwt.js';
import { shq } from './evidence.js';
import type { AuthMode, ClientIdentity } from './types.js';

export interface Credentials {
  user?: string;
  password?: string;
  /** A bearer token given on the command line (--token). */
  token?: string;
  /** The user's TLS client certificate and key (--client-cert, --client-key). */
  clientCert?: ClientIdentity;
}

/** Whether the run has credentials of its own: a user and password, a token, or a client certificate. */
export function hasCredentials(creds: Credentials): boolean {
  return Boolean(creds.token || (creds.user && creds.password) || creds.clientCert);
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
      return hasCredentials(creds) ? undefined : 'no credentials given (--user/--password, --token or --client-cert)';
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

/**
 * A compact JWS with its signature changed and everything else kept, or undefined when
 * `token` is not one. Every octet of the signature is inverted: no algorithm verifies it.
 */
export function brokenSignature(token: string): string | undefined {
  const parts = token.split('.');
  if (parts.length !== 3 || !parts[2]) return undefined;
  try {
    jwtClaims(token);
  } catch {
    return undefined;
  }
  const sig = Buffer.from(parts[2], 'base64url');
  if (sig.length === 0) return undefined;
  const flipped = Buffer.from(sig.map((b) => b ^ 0xff));
  return `${parts[0]}.${parts[1]}.${flipped.toString('base64url')}`;
}

/** Claims for forged tokens: copied from a real one when we have it, so only the signature differs. */
function claimsFrom(token: string | undefined, fallback: { sub?: string; aud?: string }): Record<string, unknown> {
  if (token) {
    try {
      return { ...jwtClaims(token) };
    } catch {
      /* not a JWT: use the fallback claims */
    }
  }
  const now = Math.floor(Date.now() / 1000);
  return { sub: fallback.sub ?? 'taxii-conform', ...(fallback.aud ? { aud: fallback.aud } : {}), iat: now, exp: now + 3600 };
}

/**
 * Where the run's credentials may be sent: the origin of the URL the user gave and the
 * origins named with --allow-origin, over HTTPS only. A server's message can name any URL
 * (a Discovery listing an API Base on another host, an `http:` address); the credentials
 * never follow it there. Records what it withheld, once per origin, for the report.
 */
export class CredentialScope {
  private readonly origins: Set<string>;
  private readonly withheld = new Map<string, string>();

  /** `origins`: absolute URLs or origins (`https://host:port`); only https ones count. */
  constructor(origins: readonly string[]) {
    this.origins = new Set(origins.map(originOf).filter((o): o is string => o !== undefined && o.startsWith('https:')));
  }

  /** Lets credentials go to `url`'s origin too (an https one). */
  allow(url: string): void {
    const origin = originOf(url);
    if (origin?.startsWith('https:')) this.origins.add(origin);
  }

  /** Why credentials may not go to `url`, or undefined when they may. */
  refusal(url: string): string | undefined {
    const origin = originOf(url);
    if (origin === undefined) return `credentials not sent to ${url}: not an absolute http(s) URL`;
    if (!origin.startsWith('https:')) return `credentials not sent to ${origin}: plain HTTP would carry them in clear`;
    if (!this.origins.has(origin)) return `credentials not sent to ${origin}: not the origin of the target given (allow it with --allow-origin ${origin})`;
    return undefined;
  }

  /** Notes that the run's credentials were withheld from `url`'s origin (once per origin). */
  record(url: string, why: string): void {
    const origin = originOf(url) ?? url;
    if (!this.withheld.has(origin)) this.withheld.set(origin, why);
  }

  /** One line per origin that was refused credentials, for the report's notes. */
  notes(): string[] {
    return [...this.withheld.values()];
  }
}

/** The origin of a URL (`https://host:port`, default port omitted), or undefined. */
function originOf(url: string): string | undefined {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.origin : undefined;
  } catch {
    return undefined;
  }
}

/** Modes that send nothing derived from the run's credentials or tokens: they may go anywhere. */
const SECRET_FREE: ReadonlySet<AuthMode> = new Set(['none', 'unknown-user', 'bearer-garbage']);

export interface AuthContext {
  creds: Credentials;
  issuedToken?: string;
  /** Audience of forged tokens (the API Base). */
  audience?: string;
  runId: string;
  scope: CredentialScope;
}

/**
 * An Authorization header for a request to `url`, or (withheld) why none may be sent there;
 * `clientCert` when the request presents the user's client certificate: the curl options that
 * do the same (`--cert <path> --key <path>`, never the key's contents).
 */
export type Authorization = AuthHeader & { withheld?: string; clientCert?: string };

/**
 * Modes whose request carries the run's own credentials: it presents the user's client
 * certificate too. The others (none, a wrong password, an unknown user, forged or garbage
 * tokens) are requests whose point is to lack valid credentials: a valid certificate beside
 * them would authenticate them (T21-CERT-01), so they present none (docs/interpretation.md).
 */
const PRESENTS_CERTIFICATE: ReadonlySet<AuthMode> = new Set(['default', 'basic', 'bearer']);

/** curl's options presenting a client certificate: the files the user gave (placeholders without them). */
export function curlCertificate(id: ClientIdentity): string {
  const pass = id.passphrase !== undefined ? ' --pass "$TAXII_CLIENT_KEY_PASSPHRASE"' : '';
  return `--cert ${shq(id.certPath ?? 'client-cert.pem')} --key ${shq(id.keyPath ?? 'client-key.pem')}${pass}`;
}

/** openssl s_client's options presenting a client certificate (the user's files). */
export function sClientCertificate(id: ClientIdentity): string {
  const pass = id.passphrase !== undefined ? ' -pass env:TAXII_CLIENT_KEY_PASSPHRASE' : '';
  return `-cert ${shq(id.certPath ?? 'client-cert.pem')} -key ${shq(id.keyPath ?? 'client-key.pem')}${pass}`;
}

/**
 * The user's client certificate for a TLS probe's connection to `url`, where the scope lets
 * credentials go (else the scope notes it was withheld); undefined without one.
 */
export function certificateFor(url: string, creds: Credentials, scope: CredentialScope): ClientIdentity | undefined {
  if (!creds.clientCert) return undefined;
  const why = scope.refusal(url);
  if (why === undefined) return creds.clientCert;
  scope.record(url, why);
  return undefined;
}

/**
 * The Authorization header of a request to `url` in `mode` (or, with `bearer`, that token as
 * Bearer). A header that carries the run's credentials, a token, or anything made from them
 * (the wrong-password and forged-token modes) is only made for a URL the scope allows;
 * otherwise the result says why it was withheld, and the scope notes it.
 */
export async function authorize(mode: AuthMode, url: string, ctx: AuthContext, bearer?: string): Promise<Authorization> {
  const header: AuthHeader =
    bearer !== undefined
      ? { value: `Bearer ${bearer}`, curl: '-H "Authorization: Bearer $TAXII_SHORT_TOKEN"' }
      : await authHeader(mode, ctx.creds, ctx.issuedToken, ctx.audience, ctx.runId);
  const cert = ctx.creds.clientCert !== undefined && (bearer !== undefined || PRESENTS_CERTIFICATE.has(mode)) ? ctx.creds.clientCert : undefined;
  const secretHeader = header.value !== undefined && !(bearer === undefined && SECRET_FREE.has(mode));
  if (!secretHeader && cert === undefined) return header;
  const why = ctx.scope.refusal(url);
  if (why === undefined) return cert ? { ...header, clientCert: curlCertificate(cert) } : header;
  ctx.scope.record(url, why);
  // A mode that sends nothing secret in its header still sends it; only the certificate stays home.
  return secretHeader ? { withheld: why } : { ...header, withheld: why };
}

async function authHeader(
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
      // The server's own token with only its signature broken: same header (so the same
      // algorithm, RS256 or ES256 as much as HS256), same claims. Without one, the claims we
      // would expect, signed HS256 with a key the server cannot know.
      const jwt = token && brokenSignature(token) ? brokenSignature(token)! : await new (await import('jose')).SignJWT(claimsFrom(token, { sub: creds.user, aud: audience })).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(randomBytes(32));
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
