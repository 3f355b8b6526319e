// XML 1.0 escaping for the JUnit writer (no XML library: the rules are small and fixed).

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

const TEXT_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  // A literal CR in content is turned into LF by every parser; keep it as a reference.
  '\r': '&#13;',
};

const ATTR_ESCAPES: Record<string, string> = {
  ...TEXT_ESCAPES,
  // Attribute-value normalisation turns literal whitespace into spaces; references survive.
  '\n': '&#10;',
  '\t': '&#9;',
};

/** Escapes character data (element content): strips illegal characters, escapes `& < > " '` and CR. */
export function escapeXmlText(value: unknown): string {
  return stripInvalidXmlChars(String(value)).replace(/[&<>"'\r]/g, (c) => TEXT_ESCAPES[c] ?? c);
}

/** Escapes an attribute value (for either quote style): as text, plus LF and tab as references. */
export function escapeXmlAttr(value: unknown): string {
  return stripInvalidXmlChars(String(value)).replace(/[&<>"'\r\n\t]/g, (c) => ATTR_ESCAPES[c] ?? c);
}
