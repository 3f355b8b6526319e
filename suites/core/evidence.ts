// Redaction and reproduction: no credential ever reaches a report, and every HTTP exchange
// comes with a curl line that replays it, reading credentials from the environment.
import { escapeXmlText } from './xml-escape.js';

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

/**
 * Characters that continue a token: a secret is only replaced where it stands alone, between
 * characters outside this set (or the text's ends). So the password `json` goes from
 * `"password": "json"`, `?p=json&` or a `Basic …` echo, but `application/taxii+json` and
 * `X-TAXII-Content-Type` stay whole whatever the password is. `.` ends a token (a secret at
 * the end of a sentence is still replaced), `/` and `+` do not (media types, paths).
 */
const TOKEN_CHAR = String.raw`[\p{L}\p{N}\-_~+/%]`;

/**
 * A percent-escape of a character that ends a token (`%20`, `%3A`, `%3d`…): in URL-encoded
 * text (`?auth=Basic%20…`) it stands where the separator would, though it ends in a digit.
 */
const SEPARATOR_ESCAPE = (() => {
  const tokenChar = new RegExp(`^${TOKEN_CHAR}$`, 'u');
  const hex = Array.from({ length: 128 }, (_, i) => i)
    .filter((i) => !tokenChar.test(String.fromCharCode(i)))
    .flatMap((i) => {
      const h = i.toString(16).padStart(2, '0');
      return h === h.toUpperCase() ? [h] : [h, h.toUpperCase()];
    });
  return `%(?:${hex.join('|')})`;
})();

/** Shortest raw secret replaced: shorter ones would blank out ordinary words and numbers. */
const MIN_SECRET = 4;

/**
 * Replaces every known secret in a text, in every form the suite sends it in or a server may
 * echo it back: as is, URL-encoded (path and form style), JSON- and XML-escaped, and for
 * HTTP Basic the base64 and base64url of `user:password` (with and without padding). Access
 * tokens a server hands out are redacted even before they are known (`"access-token"`).
 */
export class Scrubber {
  private readonly forms = new Set<string>();
  private pattern: RegExp | undefined;

  /** A password or token. */
  add(secret: string | undefined): void {
    if (secret && secret.length >= MIN_SECRET) this.addEncoded(secret);
  }

  /** HTTP Basic credentials: the password, and `user:password` as the header carries it. */
  addBasic(user: string | undefined, password: string | undefined): void {
    if (!password) return;
    this.add(password);
    const pair = Buffer.from(`${user ?? ''}:${password}`);
    for (const enc of [pair.toString('base64'), pair.toString('base64url')]) {
      this.addEncoded(enc);
      this.addEncoded(enc.replace(/=+$/, ''));
    }
  }

  /** A form and how it reads once a server puts it in a URL, a JSON string or XML. */
  private addEncoded(form: string): void {
    const url = encodeURIComponent(form);
    const escapedJson = JSON.stringify(form).slice(1, -1);
    const escapedXml = escapeXmlText(form);
    const lowerHex = url.replace(/%[0-9A-F]{2}/g, (h) => h.toLowerCase());
    for (const f of [form, url, lowerHex, new URLSearchParams({ s: form }).toString().slice(2), escapedJson, escapedXml]) this.addForm(f);
  }

  private addForm(form: string): void {
    if (form.length < MIN_SECRET || this.forms.has(form)) return;
    this.forms.add(form);
    this.pattern = undefined;
  }

  scrub(text: string): string {
    let out = text;
    if (this.forms.size > 0) {
      // Longest first: a form that contains another is replaced whole.
      this.pattern ??= new RegExp(
        `(?:(?<!${TOKEN_CHAR})|(?<=${SEPARATOR_ESCAPE}))(?:${[...this.forms].sort((a, b) => b.length - a.length).map(escapeRegExp).join('|')})(?:(?!${TOKEN_CHAR})|(?=${SEPARATOR_ESCAPE}))`,
        'gu',
      );
      out = out.replace(this.pattern, '[redacted]');
    }
    // Tokens handed out by a server under test are secrets even before we know them.
    return out.replace(/("access-token"\s*:\s*")[^"]*(")/g, '$1[redacted]$2');
  }

  /** A copy of `value` with every string in it (object keys too) scrubbed. */
  scrubDeep<T>(value: T): T {
    if (typeof value === 'string') return this.scrub(value) as T;
    if (Array.isArray(value)) return value.map((v: unknown) => this.scrubDeep(v)) as T;
    if (value && typeof value === 'object' && !Buffer.isBuffer(value)) {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [this.scrub(k), this.scrubDeep(v)])) as T;
    }
    return value;
  }
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export interface CurlRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string | Buffer;
  /** Replaces the Authorization header in the curl line, e.g. `-u "$TAXII_USER:$TAXII_PASSWORD"`. */
  curlAuth?: string;
  /**
   * Set when the request presents the user's TLS client certificate (the transport then does):
   * the curl options that do the same, `--cert <path> --key <path>` (suites/core/credentials.ts).
   */
  clientCert?: string;
  /** The file holding a body too long to inline (suites/core/request-bodies.ts). */
  bodyFile?: string;
}

/** Longest body a curl line carries itself; a longer one is read from a file (`--data-binary @file`). */
export const CURL_BODY_INLINE = 4096;

/** True when a request body is too long to inline in a curl line. */
export function bodyNeedsFile(body: string | Buffer | undefined): boolean {
  if (body === undefined) return false;
  return (Buffer.isBuffer(body) ? body.toString('utf8') : body).length > CURL_BODY_INLINE;
}

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
  if (req.clientCert) parts.push(req.clientCert);
  if (req.body !== undefined) {
    const text = Buffer.isBuffer(req.body) ? req.body.toString('utf8') : req.body;
    if (text.length <= CURL_BODY_INLINE) parts.push('--data-binary', shq(text));
    // No file was written (no report directory): the line says so and still parses, the URL last.
    else parts.push('--data-binary', shq(`@${req.bodyFile ?? `(request body of ${text.length} bytes, not written to a file)`}`));
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
