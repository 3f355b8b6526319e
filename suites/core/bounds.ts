// Bounds on what a server's answers put into a message, a check, the console or a report.
// A server under test may answer with a 20 MB string or JSON nested 10,000 levels deep; the
// words about it must stay readable, and a report must stay writable (a V8 string ends near
// 512 MB). Every server-supplied text is cut here, once, after it is scrubbed of secrets (a
// secret cut in two would no longer be recognised). docs/hostile-targets.md, "Output bounds".
import type { CheckResult, Evidence, HttpEvidence } from './types.js';

/** Characters of one server value quoted inside a check (a JSON value, a header value). */
export const VALUE_CHARS = 256;
/** Characters of a check's expected or actual, a setup note, an evidence error or header value. */
export const TEXT_CHARS = 1024;
/** Characters of a case message (a check's words and what the probes saw). */
export const MESSAGE_CHARS = 4096;
/** Characters of a request URL and of a curl line in evidence. */
export const URL_CHARS = 2048;
export const CURL_CHARS = 8192;
/** Characters of all the response (or request) headers of one exchange together. */
export const HEADERS_CHARS = 2048;
/** Checks and HTTP exchanges one case keeps in a report (a list variable can make thousands). */
export const CHECKS_KEPT = 64;
export const EXCHANGES_KEPT = 32;
/** Levels of nesting a value preview descends into. */
const PREVIEW_DEPTH = 8;

/** The text, or its first `max` characters and how many more there were. */
export function clip(text: string, max = TEXT_CHARS): string {
  if (text.length <= max) return text;
  // Never end on the first half of a surrogate pair.
  const end = /[\uD800-\uDBFF]/.test(text.charAt(max - 1)) ? max - 1 : max;
  return `${text.slice(0, end)}… [${text.length - end} more characters]`;
}

function sizeOf(v: unknown): string {
  if (typeof v === 'string') return `a string of ${v.length} characters`;
  if (Array.isArray(v)) return `an array of ${v.length} items`;
  return 'an object';
}

/**
 * A value as JSON text for a check's words, at most about `max` characters, never throwing:
 * strings are cut before they are quoted, and nesting below PREVIEW_DEPTH shows as `[…]` or
 * `{…}` (JSON.stringify itself overflows the stack on 10,000 levels). `absent` for undefined.
 */
export function preview(v: unknown, max = VALUE_CHARS): string {
  if (v === undefined) return 'absent';
  let out = '';
  let cut = false;
  const put = (s: string): boolean => {
    out += s;
    if (out.length > max) cut = true;
    return !cut;
  };
  const walk = (x: unknown, depth: number): boolean => {
    if (typeof x === 'string') return put(JSON.stringify(x.length > max ? x.slice(0, max + 1) : x));
    if (x === null || typeof x !== 'object') return put(String(JSON.stringify(x) ?? null));
    if (depth >= PREVIEW_DEPTH) return put(Array.isArray(x) ? '[…]' : '{…}');
    if (Array.isArray(x)) {
      if (!put('[')) return false;
      for (let i = 0; i < x.length; i++) if ((i > 0 && !put(',')) || !walk(x[i], depth + 1)) return false;
      return put(']');
    }
    if (!put('{')) return false;
    let first = true;
    for (const k in x) {
      if (!Object.hasOwn(x, k)) continue;
      if ((!first && !put(',')) || !put(`${JSON.stringify(k.length > max ? k.slice(0, max) : k)}:`) || !walk((x as Record<string, unknown>)[k], depth + 1)) return false;
      first = false;
    }
    return put('}');
  };
  walk(v, 0);
  return cut ? `${out.slice(0, max)}… [cut: ${sizeOf(v)}]` : out;
}

/** Headers with each value cut, and those past HEADERS_CHARS in all left out (and counted). */
export function clipHeaders(h: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  let used = 0;
  const names = Object.keys(h);
  for (let i = 0; i < names.length; i++) {
    const name = names[i]!;
    const value = clip(h[name]!, TEXT_CHARS);
    if (used + name.length + value.length > HEADERS_CHARS) {
      out['…'] = `${names.length - i} more header(s), not kept in the report`;
      break;
    }
    used += name.length + value.length;
    out[clip(name, VALUE_CHARS)] = value;
  }
  return out;
}

/** DNS answers kept per lookup (a zone may hold thousands of SRV records). */
export const DNS_ANSWERS_KEPT = 64;

/** An exchange's evidence with the server's texts (URL, headers, error, records) cut. Bodies are cut by the probe. */
export function clipEvidence(ev: Evidence): Evidence {
  if (ev.kind === 'tls') return { ...ev, answer: { ...ev.answer, detail: clip(ev.answer.detail) } };
  if (ev.kind === 'dns') {
    const answers = ev.answers.slice(0, DNS_ANSWERS_KEPT).map((a) => ({ ...a, target: clip(a.target, VALUE_CHARS), addresses: a.addresses.slice(0, 16) }));
    const more = ev.answers.length - answers.length;
    const out: Evidence = { ...ev, answers, reproduce: clip(ev.reproduce, CURL_CHARS) };
    const error = [ev.error, more > 0 ? `${more} more record(s), not kept in the report` : undefined].filter(Boolean).join('; ');
    if (error) out.error = clip(error);
    return out;
  }
  const out: HttpEvidence = {
    ...ev,
    request: { ...ev.request, url: clip(ev.request.url, URL_CHARS), headers: clipHeaders(ev.request.headers) },
    curl: clip(ev.curl, CURL_CHARS),
  };
  if (ev.response) out.response = { ...ev.response, headers: clipHeaders(ev.response.headers) };
  if (ev.error !== undefined) out.error = clip(ev.error);
  return out;
}

/** A check with its expected and actual cut. */
export function clipCheck(k: CheckResult): CheckResult {
  return { ...k, expected: clip(k.expected), actual: clip(k.actual) };
}

/**
 * The checks a report keeps of one case, in order: the first CHECKS_KEPT, then failing ones
 * only (up to CHECKS_KEPT more), so that passing checks are left out first. `dropped` counts
 * the rest.
 */
export function keptChecks(checks: readonly CheckResult[]): { kept: CheckResult[]; dropped: number } {
  if (checks.length <= CHECKS_KEPT) return { kept: [...checks], dropped: 0 };
  const kept = checks.slice(0, CHECKS_KEPT);
  for (const k of checks.slice(CHECKS_KEPT)) if (!k.ok && kept.length < 2 * CHECKS_KEPT) kept.push(k);
  return { kept, dropped: checks.length - kept.length };
}
