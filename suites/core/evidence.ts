// Redaction and reproduction: no credential ever reaches a report, and every HTTP exchange
// comes with a curl line that replays it, reading credentials from the environment.

const SECRET_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie']);

/** Headers with credentials replaced; the scheme of an Authorization header is kept. */
export function redactHeaders(h: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) {
    if (!SECRET_HEADERS.has(k.toLowerCase())) {
      out[k] = v;
      continue;
    }
    const scheme = /^(\w+)\s/.exec(v)?.[1];
    out[k] = scheme ? `${scheme} [redacted]` : '[redacted]';
  }
  return out;
}

/** Replaces every known secret (passwords, tokens) in a text. */
export class Scrubber {
  private readonly secrets = new Set<string>();

  add(secret: string | undefined): void {
    // Short strings would blank out ordinary words; real secrets are longer.
    if (secret && secret.length >= 4) this.secrets.add(secret);
  }

  scrub(text: string): string {
    let out = text;
    for (const s of this.secrets) out = out.split(s).join('[redacted]');
    // Tokens handed out by a server under test are secrets even before we know them.
    return out.replace(/("access-token"\s*:\s*")[^"]*(")/g, '$1[redacted]$2');
  }
}

export interface CurlRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string | Buffer;
  /** Replaces the Authorization header in the curl line, e.g. `-u "$TAXII_USER:$TAXII_PASSWORD"`. */
  curlAuth?: string;
}

const CURL_BODY_INLINE = 4096;

/** Single-quotes a word for a POSIX shell. */
export function shq(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** A curl command that reproduces the request; credentials come from TAXII_* variables. */
export function curlFor(req: CurlRequest, insecure: boolean): string {
  const parts = ['curl', '-sS', '-i', '--path-as-is'];
  if (insecure) parts.push('-k');
  if (req.method !== 'GET' || req.body !== undefined) parts.push('-X', req.method);
  for (const [k, v] of Object.entries(req.headers)) {
    if (k.toLowerCase() === 'authorization') continue;
    if (k.toLowerCase() === 'content-length') continue;
    parts.push('-H', shq(`${k}: ${v}`));
  }
  const auth = req.curlAuth ?? authFromHeaders(req.headers);
  if (auth) parts.push(auth);
  if (req.body !== undefined) {
    const text = Buffer.isBuffer(req.body) ? req.body.toString('utf8') : req.body;
    if (text.length <= CURL_BODY_INLINE) parts.push('--data-binary', shq(text));
    else parts.push('--data-binary', `@body.json # ${text.length} bytes, not inlined`);
  }
  parts.push(shq(req.url));
  return parts.join(' ');
}

function authFromHeaders(h: Record<string, string>): string | undefined {
  const v = Object.entries(h).find(([k]) => k.toLowerCase() === 'authorization')?.[1];
  if (!v) return undefined;
  if (/^basic\s/i.test(v)) return '-u "$TAXII_USER:$TAXII_PASSWORD"';
  if (/^bearer\s/i.test(v)) return '-H "Authorization: Bearer $TAXII_TOKEN"';
  return '-H "Authorization: $TAXII_AUTHORIZATION"';
}
