// XML 1.0 escaping, the one escaper: the JUnit report, the TAXII 1.x bindings' writer, the
// secret scrubber's XML form (no XML library: the rules are small and fixed). The HTML
// report escapes HTML, not XML (reports/html.ts).

/**
 * Characters that may not appear in an XML 1.0 document at all, not even as character
 * references: C0 controls other than tab, LF and CR; lone surrogates; U+FFFE and U+FFFF.
 * With the `u` flag a well-formed surrogate pair is one code point, so the
 * `\uD800-\uDFFF` range only matches surrogates that are not part of a pair.
 */
const INVALID_XML_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/gu;

/** Removes every character that is not allowed in an XML 1.0 document. */
export function stripInvalidXmlChars(s: string): string {
  return s.replace(INVALID_XML_CHARS, '');
}

const REFERENCES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  // A literal CR in content is turned into LF by every parser; keep it as a reference.
  '\r': '&#13;',
  // Attribute-value normalisation turns literal whitespace into spaces; references survive.
  '\n': '&#10;',
  '\t': '&#9;',
};

export interface XmlEscapeOptions {
  /**
   * Only what XML needs: `& < >` in text, and `"` and whitespace in a double-quoted
   * attribute. The TAXII 1.x writer's choice, so its messages read as libtaxii's do.
   * Otherwise quotes, apostrophes and CR are references too (text safe anywhere).
   */
  minimal?: boolean;
}

function escapeWith(value: unknown, chars: RegExp): string {
  return stripInvalidXmlChars(String(value)).replace(chars, (c) => REFERENCES[c] ?? c);
}

/** Escapes character data (element content): strips illegal characters, escapes `& < > " '` and CR (minimal: `& < >`). */
export function escapeXmlText(value: unknown, o: XmlEscapeOptions = {}): string {
  return escapeWith(value, o.minimal ? /[&<>]/g : /[&<>"'\r]/g);
}

/** Escapes an attribute value: as text, plus LF and tab as references (minimal: for double quotes, `'` kept). */
export function escapeXmlAttr(value: unknown, o: XmlEscapeOptions = {}): string {
  return escapeWith(value, o.minimal ? /[&<>"\r\n\t]/g : /[&<>"'\r\n\t]/g);
}
