// Content sent to an Inbox and polled back is compared as XML, not as text: a server may
// store the infoset and write it out again (other prefixes, namespace declarations moved,
// attributes in another order, indentation added). Two fragments are the same content when
// their elements have the same namespace URIs and local names, in the same order, the same
// attributes (by namespace and name, in any order; namespace declarations are not
// attributes) and the same text, where text that is only whitespace between elements is
// insignificant. Text content that is not XML is compared as text, trimmed.
import { parseXml, type XmlElement, type XmlText } from './bindings/xml-common.js';

const looksLikeXml = (s: string): boolean => s.trimStart().startsWith('<');

const nameOf = (e: XmlElement): string => (e.ns ? `{${e.ns}}${e.local}` : e.local);

/** The children that carry content: elements, and text unless it is whitespace between elements. */
function significant(e: XmlElement): Array<XmlElement | XmlText> {
  const hasElements = e.children.some((c) => c.kind === 'element');
  return e.children.filter((c) => c.kind === 'element' || !hasElements || c.text.trim() !== '');
}

const clip = (s: string): string => (s.length > 60 ? `${JSON.stringify(s.slice(0, 57))}…` : JSON.stringify(s));

function diffElement(a: XmlElement, b: XmlElement, path: string): string | undefined {
  const here = `${path}/${a.local}`;
  if (nameOf(a) !== nameOf(b)) return `at ${path || '/'}: element ${nameOf(a)} expected, element ${nameOf(b)} found`;
  const key = (x: { ns: string; local: string }): string => (x.ns ? `{${x.ns}}${x.local}` : x.local);
  const bAttrs = new Map(b.attrs.map((x) => [key(x), x.value]));
  for (const x of a.attrs) {
    const got = bAttrs.get(key(x));
    if (got === undefined) return `at ${here}: attribute ${key(x)} missing`;
    if (got !== x.value) return `at ${here}: attribute ${key(x)} is ${clip(got)}, expected ${clip(x.value)}`;
    bAttrs.delete(key(x));
  }
  const extra = [...bAttrs.keys()][0];
  if (extra !== undefined) return `at ${here}: unexpected attribute ${extra}`;
  const ak = significant(a);
  const bk = significant(b);
  for (let i = 0; i < Math.max(ak.length, bk.length); i++) {
    const x = ak[i];
    const y = bk[i];
    if (x === undefined) return `at ${here}: unexpected ${y!.kind === 'element' ? `element ${nameOf(y as XmlElement)}` : `text ${clip((y as XmlText).text)}`}`;
    if (y === undefined) return `at ${here}: ${x.kind === 'element' ? `element ${nameOf(x)}` : `text ${clip(x.text)}`} missing`;
    if (x.kind === 'text' || y.kind === 'text') {
      if (x.kind !== y.kind) return `at ${here}: ${x.kind === 'text' ? `text ${clip(x.text)}` : `element ${nameOf(x)}`} expected, ${y.kind === 'text' ? `text ${clip(y.text)}` : `element ${nameOf(y)}`} found`;
      const xt = (x as XmlText).text.trim();
      const yt = (y as XmlText).text.trim();
      if (xt !== yt) return `at ${here}: text ${clip(yt)}, expected ${clip(xt)}`;
      continue;
    }
    const d = diffElement(x, y, here);
    if (d !== undefined) return d;
  }
  return undefined;
}

/**
 * Undefined when `actual` is the same content as `expected` (compared as XML when both are
 * XML), else what differs first, in words (e.g. `at /STIX_Package/STIX_Header: text "b",
 * expected "a"`).
 */
export function contentDifference(expected: string, actual: string): string | undefined {
  if (expected === actual) return undefined;
  if (!looksLikeXml(expected) || !looksLikeXml(actual)) {
    return expected.trim() === actual.trim() ? undefined : `text ${clip(actual.trim())}, expected ${clip(expected.trim())}`;
  }
  const a = parseXml(expected);
  if (!a.ok) return `the expected content is not XML: ${a.error}`;
  const b = parseXml(actual);
  if (!b.ok) return `not XML: ${b.error}`;
  return diffElement(a.root, b.root, '');
}
