// Media types as RFC 7231 §3.1.1.1 defines them: type/subtype case-insensitive, parameters
// `;name=value` with names case-insensitive, optional whitespace around `;`, values a token or
// a quoted string. Parsed, never string-compared (TAXII 2.1 A-03).

export interface MediaType {
  /** `type/subtype`, lower case. */
  type: string;
  /** Parameters by lower-case name; quoted values unquoted. */
  params: Record<string, string>;
}

/** Parses one media type (a Content-Type value, or one range of an Accept); undefined when it is none. */
export function parseMediaType(text: string): MediaType | undefined {
  const [head, ...rest] = splitOutsideQuotes(text, ';');
  const type = head?.trim().toLowerCase() ?? '';
  if (!/^[!#$%&'*+.^_`|~0-9a-z-]+\/[!#$%&'*+.^_`|~0-9a-z-]+$/.test(type)) return undefined;
  const params: Record<string, string> = {};
  for (const p of rest) {
    const i = p.indexOf('=');
    if (i < 0) continue;
    const name = p.slice(0, i).trim().toLowerCase();
    let value = p.slice(i + 1).trim();
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1).replace(/\\(.)/g, '$1');
    if (name) params[name] = value;
  }
  return { type, params };
}

/**
 * True when `have` is the media type `want` names: the same type/subtype, and every parameter
 * `want` gives present with the same value (parameter values compared as given, unquoted).
 */
export function mediaTypeMatches(have: MediaType, want: MediaType): boolean {
  if (have.type !== want.type) return false;
  return Object.entries(want.params).every(([k, v]) => have.params[k] === v);
}

function splitOutsideQuotes(text: string, sep: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '\\' && quoted) {
      cur += ch + (text[++i] ?? '');
      continue;
    }
    if (ch === '"') quoted = !quoted;
    if (ch === sep && !quoted) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}
