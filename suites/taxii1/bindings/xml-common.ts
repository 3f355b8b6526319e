// What the three TAXII 1.x XML bindings share: a guarded, namespace-aware XML reader built
// on fast-xml-parser, a small XML writer, the Binding interface, and the mapping helpers of
// the data model's vocabularies (error types, service types, actions) to each binding's.
//
// The reader never processes a DTD: a document with <!DOCTYPE or <!ENTITY is refused before
// any parser sees it, so there are no external entities and no entity expansion (billion
// laughs). Size, nesting depth, element count and attribute count are bounded by a linear
// scan that runs first; only then do fast-xml-parser's validator and parser run. Entity and
// character references are decoded here (the five predefined entities and numeric
// references; anything else is refused). Element and attribute names are resolved to
// (namespace URI, local name): prefixes vary in the wild, and the bindings match on the
// namespace, never on the prefix.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { escapeXmlAttr, escapeXmlText } from '../../core/xml-escape.js';
import type {
  ErrorType,
  ServiceType,
  SubscriptionAction,
  Taxii1Message,
  Taxii1MessageType,
} from '../model.js';

/** Text and attribute values as the TAXII 1.x writer escapes them: only what XML needs (libtaxii's way). */
const escapeText = (s: string): string => escapeXmlText(s, { minimal: true });
const escapeAttr = (s: string): string => escapeXmlAttr(s, { minimal: true });

// ---------------------------------------------------------------------------------------
// The Binding interface

/** The three message bindings, by the names the CLI uses (`--binding`). */
export type BindingId = 'xml-1.1' | 'xml-1.0' | 'xml-1.0-draft';

export type ParseResult =
  | { ok: true; message: Taxii1Message }
  /** `error` is a reason fit for a Bad Message error's text. */
  | { ok: false; error: string };

/** Root element local name of each message type; a Poll Fulfillment only where the binding has one. */
export type BindingRoots = Readonly<Record<Exclude<Taxii1MessageType, 'poll-fulfillment'>, string> & { 'poll-fulfillment'?: string }>;

export interface Binding {
  id: BindingId;
  title: string;
  /** The XML namespace of every TAXII element of this binding. */
  namespace: string;
  /** The prefix this module writes (readers match on the namespace, never the prefix). */
  prefix: string;
  /** Message binding id: the X-TAXII-Content-Type / X-TAXII-Accept value. */
  contentType: string;
  /** X-TAXII-Protocol value for HTTPS. */
  protocol: string;
  /** X-TAXII-Protocol value for plain HTTP. */
  httpProtocol: string;
  /** Services version id: X-TAXII-Services and the service records' version. */
  servicesVersion: string;
  /** Whether this binding's HTTP binding sends X-TAXII-Services (the 2012 draft's has no such header). */
  sendsServicesHeader: boolean;
  /** The HTTP Content-Type of a message body. */
  mediaType: 'application/xml';
  /** Root element local name of each message type the binding has (only TAXII 1.1 has a Poll Fulfillment). */
  roots: BindingRoots;
  /** Whether the binding answers a poll in parts (TAXII 1.1: `more`, `result_id`, `result_part_number`, the Poll Fulfillment Request). */
  multiPart: boolean;
  /** The subscription actions this binding defines (others are "unrecognised values" here). */
  actions: readonly SubscriptionAction[];
  /** How a Poll Response (and an Inbox source subscription) states its lower bound. */
  responseBegin: 'inclusive' | 'exclusive';
  /** Model → wire name of each service type. */
  serviceTypes: Readonly<Record<ServiceType, string>>;
  /** The wire value of a data-model error type (a taxii-conform URN where the binding has none). */
  errorTypeToWire(type: ErrorType): string;
  /**
   * The data-model error type of a wire value. Unrecognised values read as FAILURE
   * (`recognised: false`), never as SUCCESS.
   */
  errorTypeFromWire(wire: string): { type: ErrorType; recognised: boolean };
  /** True when `id` has this binding's message-id format. */
  isMessageId(id: string): boolean;
  /** What the message-id format is, in words (for rule violations). */
  messageIdFormat: string;
  /** A fresh message id in this binding's format. */
  newMessageId(): string;
  /** in-response-to of an answer to a message whose id could not be read. */
  unknownMessageId: string;
  /**
   * XML → data model. Fails (a Bad Message reason) only when the text is not safe,
   * well-formed XML, or its root is not a message of this binding. The result is NOT
   * schema-validated: missing fields stay missing and enumerated fields may hold
   * unrecognised values; validate with loadSchemaSet('taxii1') and see checkRules.
   */
  parse(xml: string, limits?: Partial<XmlLimits>): ParseResult;
  /** Data model → XML (with an XML declaration). Fields the binding cannot carry are left out (see unrepresentable). */
  serialize(message: Taxii1Message): string;
  /**
   * The binding's own rules, broken by this document: namespace, root and element names,
   * message-id and in-response-to format and presence, required attributes. Empty = none.
   */
  checkRules(xml: string, limits?: Partial<XmlLimits>): string[];
  /** Parts of a data-model message this binding cannot express (lost or changed by serialize). */
  unrepresentable(message: Taxii1Message): string[];
}

// ---------------------------------------------------------------------------------------
// Limits and the guard

export interface XmlLimits {
  /** Largest document, in UTF-8 octets. */
  maxBytes: number;
  /** Deepest element nesting (the root is depth 1). */
  maxDepth: number;
  /** Most elements in one document. */
  maxElements: number;
  /** Most attributes (namespace declarations included) on one element. */
  maxAttributes: number;
}

export const DEFAULT_XML_LIMITS: Readonly<XmlLimits> = {
  maxBytes: 16 * 1024 * 1024,
  maxDepth: 64,
  maxElements: 500_000,
  maxAttributes: 256,
};

function limitsOf(l?: Partial<XmlLimits>): XmlLimits {
  return { ...DEFAULT_XML_LIMITS, ...(l ?? {}) };
}

/**
 * A linear scan before any parser runs: refuses DTDs and other markup declarations,
 * unterminated constructs, '<' in attribute values, and documents over the limits.
 * Returns the reason, or undefined when the document may be parsed.
 */
export function guardXml(xml: string, limits?: Partial<XmlLimits>): string | undefined {
  const lim = limitsOf(limits);
  if (typeof xml !== 'string') return 'the message is not text';
  // Cheap bound first (a UTF-16 unit is at least one octet), then the exact one.
  if (xml.length > lim.maxBytes || Buffer.byteLength(xml, 'utf8') > lim.maxBytes) {
    return `the message is larger than ${lim.maxBytes} octets`;
  }
  if (/<!DOCTYPE/i.test(xml) || /<!ENTITY/i.test(xml)) {
    return 'the message has a DTD (<!DOCTYPE> or <!ENTITY>): TAXII messages may not declare entities or reference external ones';
  }
  let depth = 0;
  let elements = 0;
  let i = xml.indexOf('<');
  while (i !== -1) {
    let end: number;
    if (xml.startsWith('<!--', i)) {
      end = xml.indexOf('-->', i + 4);
      if (end < 0) return 'an XML comment is not closed (no "-->")';
      end += 2;
    } else if (xml.startsWith('<![CDATA[', i)) {
      end = xml.indexOf(']]>', i + 9);
      if (end < 0) return 'a CDATA section is not closed (no "]]>")';
      end += 2;
    } else if (xml.startsWith('<?', i)) {
      end = xml.indexOf('?>', i + 2);
      if (end < 0) return 'a processing instruction is not closed (no "?>")';
      end += 1;
    } else if (xml.startsWith('<!', i)) {
      return 'the message has a markup declaration (<!...>): not allowed in a TAXII message';
    } else {
      const closing = xml.charCodeAt(i + 1) === 47; // '/'
      // Find the tag's '>' outside quoted attribute values.
      let quote = 0;
      end = -1;
      for (let j = i + 1; j < xml.length; j++) {
        const c = xml.charCodeAt(j);
        if (quote !== 0) {
          if (c === quote) quote = 0;
          else if (c === 60) return `a "<" inside an attribute value (at offset ${j}) is not well-formed XML`;
        } else if (c === 34 || c === 39) {
          quote = c;
        } else if (c === 62) {
          end = j;
          break;
        } else if (c === 60) {
          return `a tag is not closed before the next "<" (at offset ${i})`;
        }
      }
      if (end < 0) return `a tag is not closed (at offset ${i}): no ">" follows`;
      if (closing) {
        depth--;
        if (depth < 0) return `a closing tag has no opening tag (at offset ${i})`;
      } else {
        const selfClosing = xml.charCodeAt(end - 1) === 47;
        elements++;
        if (elements > lim.maxElements) return `the message has more than ${lim.maxElements} elements`;
        if (!selfClosing) {
          depth++;
          if (depth > lim.maxDepth) return `elements are nested deeper than ${lim.maxDepth} levels`;
        }
        const tag = xml.slice(i, end);
        const attrs = tag.match(/=\s*["']/g)?.length ?? 0;
        if (attrs > lim.maxAttributes) return `an element has more than ${lim.maxAttributes} attributes`;
      }
    }
    i = xml.indexOf('<', end + 1);
  }
  if (depth !== 0) return `${depth} element${depth === 1 ? ' is' : 's are'} not closed`;
  if (elements === 0) return 'the message has no XML element';
  return undefined;
}

// ---------------------------------------------------------------------------------------
// The namespace-aware tree

const XML_NS = 'http://www.w3.org/XML/1998/namespace';
const DSIG_NS = 'http://www.w3.org/2000/09/xmldsig#';

export interface XmlAttr {
  qname: string;
  prefix: string;
  local: string;
  /** '' for an unprefixed attribute (no namespace). */
  ns: string;
  /** Decoded value. */
  value: string;
}

export interface XmlText {
  kind: 'text';
  /** Decoded text. */
  text: string;
}

export interface XmlElement {
  kind: 'element';
  qname: string;
  prefix: string;
  local: string;
  /** Namespace URI, '' when none. */
  ns: string;
  /** Attributes other than namespace declarations, in document order. */
  attrs: XmlAttr[];
  /** Namespace declarations made on this element: [prefix ('' = default), uri]. */
  decls: Array<[string, string]>;
  /** Namespaces in scope inside this element (its own declarations included). */
  scope: ReadonlyMap<string, string>;
  children: Array<XmlElement | XmlText>;
}

export type XmlParseResult = { ok: true; root: XmlElement } | { ok: false; error: string };

const FXP_OPTIONS = {
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  processEntities: false, // decoded here, with a closed list
  htmlEntities: false,
  cdataPropName: '#cdata',
  commentPropName: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  allowBooleanAttributes: false,
  maxNestedTags: DEFAULT_XML_LIMITS.maxDepth + 1,
} as const;

type FxpNode = Record<string, unknown>;

/** Parses a document into a namespace-resolved tree, after the guard. Never throws. */
export function parseXml(xml: string, limits?: Partial<XmlLimits>): XmlParseResult {
  try {
    const text = typeof xml === 'string' && xml.charCodeAt(0) === 0xfeff ? xml.slice(1) : xml;
    const refused = guardXml(text, limits);
    if (refused !== undefined) return { ok: false, error: refused };
    const valid = XMLValidator.validate(text, { allowBooleanAttributes: false });
    if (valid !== true) {
      return { ok: false, error: `not well-formed XML: ${valid.err.msg} (line ${valid.err.line}, column ${valid.err.col})` };
    }
    const lim = limitsOf(limits);
    const parser = new XMLParser({ ...FXP_OPTIONS, maxNestedTags: lim.maxDepth + 1 });
    const top = parser.parse(text) as FxpNode[];
    const roots: FxpNode[] = [];
    for (const node of top) {
      const name = nodeName(node);
      if (name === '#text') {
        if (String(node['#text']).trim() !== '') return { ok: false, error: 'not well-formed XML: text outside the root element' };
      } else if (name !== undefined && name !== '#cdata') {
        roots.push(node);
      } else if (name === '#cdata') {
        return { ok: false, error: 'not well-formed XML: CDATA outside the root element' };
      }
    }
    if (roots.length !== 1) {
      return { ok: false, error: `not well-formed XML: a document has exactly one root element, this one has ${roots.length}` };
    }
    const base = new Map<string, string>([['xml', XML_NS]]);
    return { ok: true, root: buildElement(roots[0]!, base) };
  } catch (e) {
    return { ok: false, error: `not well-formed XML: ${e instanceof Error ? e.message : String(e)}` };
  }
}

function nodeName(node: FxpNode): string | undefined {
  for (const k of Object.keys(node)) if (k !== ':@') return k;
  return undefined;
}

class XmlReadError extends Error {}

function buildElement(node: FxpNode, parentScope: ReadonlyMap<string, string>): XmlElement {
  const qname = nodeName(node)!;
  const rawAttrs = (node[':@'] ?? {}) as Record<string, string>;
  const decls: Array<[string, string]> = [];
  const plain: Array<[string, string]> = [];
  for (const [name, raw] of Object.entries(rawAttrs)) {
    const value = decodeEntities(String(raw), `attribute ${name} of <${qname}>`);
    if (name === 'xmlns') decls.push(['', value]);
    else if (name.startsWith('xmlns:')) {
      const p = name.slice(6);
      if (value === '') throw new XmlReadError(`the prefix "${p}" is declared with an empty namespace`);
      decls.push([p, value]);
    } else plain.push([name, value]);
  }
  let scope: ReadonlyMap<string, string> = parentScope;
  if (decls.length > 0) {
    const m = new Map(parentScope);
    for (const [p, u] of decls) m.set(p, u);
    scope = m;
  }
  const [prefix, local] = splitQName(qname);
  const ns = resolve(prefix, scope, true, qname);
  const attrs: XmlAttr[] = plain.map(([name, value]) => {
    const [ap, al] = splitQName(name);
    return { qname: name, prefix: ap, local: al, ns: ap === '' ? '' : resolve(ap, scope, false, name), value };
  });
  const seen = new Set<string>();
  for (const a of attrs) {
    const key = `{${a.ns}}${a.local}`;
    if (seen.has(key)) throw new XmlReadError(`<${qname}> has the attribute ${key} twice`);
    seen.add(key);
  }
  const children: Array<XmlElement | XmlText> = [];
  const kids = (node[qname] ?? []) as FxpNode[];
  for (const kid of kids) {
    const kn = nodeName(kid);
    if (kn === undefined) continue;
    if (kn === '#text') {
      pushText(children, decodeEntities(String(kid['#text']), `the text of <${qname}>`));
    } else if (kn === '#cdata') {
      const parts = (kid['#cdata'] ?? []) as FxpNode[];
      pushText(children, parts.map((p) => String(p['#text'] ?? '')).join(''));
    } else {
      children.push(buildElement(kid, scope));
    }
  }
  return { kind: 'element', qname, prefix, local, ns, attrs, decls, scope, children };
}

function pushText(children: Array<XmlElement | XmlText>, text: string): void {
  if (text === '') return;
  const last = children[children.length - 1];
  if (last?.kind === 'text') last.text += text;
  else children.push({ kind: 'text', text });
}

function splitQName(q: string): [string, string] {
  const i = q.indexOf(':');
  if (i < 0) return ['', q];
  if (q.indexOf(':', i + 1) >= 0 || i === 0 || i === q.length - 1) throw new XmlReadError(`"${q}" is not a valid XML name`);
  return [q.slice(0, i), q.slice(i + 1)];
}

function resolve(prefix: string, scope: ReadonlyMap<string, string>, element: boolean, qname: string): string {
  if (prefix === '') return element ? scope.get('') ?? '' : '';
  if (prefix === 'xmlns') throw new XmlReadError(`"${qname}" uses the reserved prefix xmlns`);
  const uri = scope.get(prefix);
  if (uri === undefined) throw new XmlReadError(`the namespace prefix "${prefix}" of ${qname} is not declared`);
  return uri;
}

const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function isXmlChar(cp: number): boolean {
  return cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff);
}

/** Decodes the five predefined entities and numeric character references; refuses any other. */
function decodeEntities(s: string, where: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&([^;&\s]{0,32});?/g, (whole, name: string) => {
    if (!whole.endsWith(';')) throw new XmlReadError(`a bare "&" in ${where} (write &amp;)`);
    const pre = PREDEFINED[name];
    if (pre !== undefined) return pre;
    let cp: number | undefined;
    if (/^#[0-9]{1,7}$/.test(name)) cp = Number(name.slice(1));
    else if (/^#x[0-9A-Fa-f]{1,6}$/.test(name)) cp = parseInt(name.slice(2), 16);
    if (cp !== undefined) {
      if (!isXmlChar(cp)) throw new XmlReadError(`the character reference ${whole} in ${where} is not an XML character`);
      return String.fromCodePoint(cp);
    }
    throw new XmlReadError(`the entity ${whole} in ${where} is not defined (TAXII messages have no DTD)`);
  });
}

// ---------------------------------------------------------------------------------------
// Reading helpers

/** Element children, optionally only those in `ns` named `local`. */
export function children(el: XmlElement, ns?: string, local?: string): XmlElement[] {
  const out: XmlElement[] = [];
  for (const c of el.children) {
    if (c.kind !== 'element') continue;
    if (ns !== undefined && c.ns !== ns) continue;
    if (local !== undefined && c.local !== local) continue;
    out.push(c);
  }
  return out;
}

export function child(el: XmlElement, ns: string, local: string): XmlElement | undefined {
  for (const c of el.children) if (c.kind === 'element' && c.ns === ns && c.local === local) return c;
  return undefined;
}

/** The value of an attribute (no namespace unless given). */
export function attr(el: XmlElement, local: string, ns = ''): string | undefined {
  for (const a of el.attrs) if (a.local === local && a.ns === ns) return a.value;
  return undefined;
}

/** The element's own text (text and CDATA children, joined), untrimmed. */
function ownText(el: XmlElement): string {
  let s = '';
  for (const c of el.children) if (c.kind === 'text') s += c.text;
  return s;
}

/** A simple field's value: its text, with surrounding whitespace removed. */
export function textValue(el: XmlElement | undefined): string | undefined {
  return el === undefined ? undefined : ownText(el).trim();
}

/**
 * The value of a field that may hold text or XML (Content, Extended_Header, Detail): when
 * it has element children, its inner XML (written out again, each top-level element
 * carrying the namespace declarations it needs), else its text; trimmed either way.
 */
export function mixedValue(el: XmlElement): string {
  const hasElements = el.children.some((c) => c.kind === 'element');
  if (!hasElements) return ownText(el).trim();
  return innerXml(el).trim();
}

/** The inner XML of an element, standing on its own (namespaces it uses are declared in it). */
function innerXml(el: XmlElement): string {
  let s = '';
  for (const c of el.children) {
    if (c.kind === 'text') s += escapeText(c.text);
    else s += writeSubtree(c, neededDecls(c));
  }
  return s;
}

/** Namespace declarations a detached copy of `el` needs: in scope, used below, not declared on it. */
function neededDecls(el: XmlElement): Array<[string, string]> {
  const used = new Set<string>();
  const walk = (e: XmlElement): void => {
    used.add(e.prefix);
    for (const a of e.attrs) if (a.prefix !== '') used.add(a.prefix);
    for (const c of e.children) if (c.kind === 'element') walk(c);
  };
  walk(el);
  const own = new Set(el.decls.map(([p]) => p));
  const out: Array<[string, string]> = [];
  for (const p of [...used].sort()) {
    if (own.has(p) || p === 'xml') continue;
    // The binding of p as seen at el (inner redeclarations are written where they are).
    const uri = el.scope.get(p);
    if (uri !== undefined) out.push([p, uri]);
  }
  return out;
}

function writeSubtree(el: XmlElement, extra: Array<[string, string]>): string {
  let s = `<${el.qname}`;
  for (const [p, u] of [...extra, ...el.decls]) s += ` ${p === '' ? 'xmlns' : `xmlns:${p}`}="${escapeAttr(u)}"`;
  for (const a of el.attrs) s += ` ${a.qname}="${escapeAttr(a.value)}"`;
  if (el.children.length === 0) return `${s}/>`;
  s += '>';
  for (const c of el.children) s += c.kind === 'text' ? escapeText(c.text) : writeSubtree(c, []);
  return `${s}</${el.qname}>`;
}

// ---------------------------------------------------------------------------------------
// Writing

/** Inner XML written as is (already well-formed and escaped). */
export interface RawXml {
  raw: string;
}

export interface XmlOut {
  name: string;
  attrs: Array<[string, string]>;
  children: Array<XmlOut | string | RawXml>;
}

export type XmlChildIn = XmlOut | string | RawXml | undefined | null | false | ReadonlyArray<XmlChildIn>;

/** An element to write: undefined attribute values and empty children are left out. */
export function el(name: string, attrs: Record<string, string | undefined> | Array<[string, string | undefined]> = {}, ...kids: XmlChildIn[]): XmlOut {
  const pairs = Array.isArray(attrs) ? attrs : Object.entries(attrs);
  const out: XmlOut = { name, attrs: [], children: [] };
  for (const [k, v] of pairs) if (v !== undefined) out.attrs.push([k, v]);
  const add = (k: XmlChildIn): void => {
    if (k === undefined || k === null || k === false) return;
    if (Array.isArray(k)) {
      for (const x of k) add(x);
      return;
    }
    out.children.push(k as XmlOut | string | RawXml);
  };
  for (const k of kids) add(k);
  return out;
}

/** An element holding only text, or nothing when the value is undefined. */
export function textEl(name: string, value: string | undefined): XmlOut | undefined {
  return value === undefined ? undefined : el(name, {}, value);
}

/**
 * The child of a field that may hold text or XML: a value that starts with "<" and is a
 * well-formed XML fragment is written as XML, anything else as text.
 */
export function mixedChild(value: string): string | RawXml {
  return value.trimStart().startsWith('<') && isWellFormedFragment(value) ? { raw: value } : value;
}

const fragmentCache = new Map<string, boolean>();
const FRAGMENT_CACHE_SIZE = 512;

/** True when `s` is well-formed XML content (elements and text, no DTD) once wrapped in an element. */
function isWellFormedFragment(s: string): boolean {
  const hit = fragmentCache.get(s);
  if (hit !== undefined) return hit;
  const ok = parseXml(`<x-fragment>${s}</x-fragment>`).ok;
  if (s.length <= 1 << 20) {
    // Seeded content is written again and again: remember the answer for recent values.
    if (fragmentCache.size >= FRAGMENT_CACHE_SIZE) fragmentCache.delete(fragmentCache.keys().next().value as string);
    fragmentCache.set(s, ok);
  }
  return ok;
}

export function renderXml(root: XmlOut, declaration = true): string {
  const parts: string[] = [];
  if (declaration) parts.push('<?xml version="1.0" encoding="UTF-8"?>\n');
  const write = (e: XmlOut): void => {
    parts.push(`<${e.name}`);
    for (const [k, v] of e.attrs) parts.push(` ${k}="${escapeAttr(v)}"`);
    if (e.children.length === 0) {
      parts.push('/>');
      return;
    }
    parts.push('>');
    for (const c of e.children) {
      if (typeof c === 'string') parts.push(escapeText(c));
      else if ('raw' in c) parts.push(c.raw);
      else write(c);
    }
    parts.push(`</${e.name}>`);
  };
  write(root);
  return parts.join('');
}

// ---------------------------------------------------------------------------------------
// Rules shared by the bindings

/**
 * Checks the names of every element in the binding's namespace below `root` against the
 * binding's vocabulary, without descending into opaque fields (content, extension values,
 * queries, signatures). Elements of other namespaces outside opaque fields are reported
 * unless `foreignAllowed` accepts them (XML signatures).
 */
export function checkVocabulary(
  root: XmlElement,
  ns: string,
  vocabulary: ReadonlySet<string>,
  opaque: ReadonlySet<string>,
  out: string[],
): void {
  const walk = (e: XmlElement, path: string): void => {
    for (const c of children(e)) {
      const p = `${path}/${c.local}`;
      if (c.ns === DSIG_NS && c.local === 'Signature') continue;
      if (c.ns !== ns) {
        out.push(`${p}: element {${c.ns}}${c.local} is not in the binding's namespace ${ns}`);
        continue;
      }
      if (!vocabulary.has(c.local)) {
        out.push(`${p}: ${c.local} is not an element of this binding`);
        continue;
      }
      if (!opaque.has(c.local)) walk(c, p);
    }
  };
  walk(root, `/${root.local}`);
}

/** 1.1 message ids are xs:anyURI: no white space and no characters a URI cannot hold. */
export const URI_ID = /^[^\s<>"{}|\\^`]+$/;

/** 32 hex digits, case-insensitive, optionally split by separators (- : . _ { }): the 2012 draft's message ids. */
export function isDraftMessageId(id: string): boolean {
  if (!/^[0-9A-Fa-f{}:._-]+$/.test(id)) return false;
  return id.replace(/[{}:._-]/g, '').length === 32;
}

/**
 * in-response-to echoes the request's message id, which may come from another binding
 * (X-TAXII-Accept can ask for the answer in a binding other than the request's): it is
 * checked to be present and a message id of some binding, not of this one's format.
 */
export function inResponseToRule(what: string, value: string | undefined, out: string[]): void {
  if (value === undefined) {
    out.push(`${what} is missing`);
    return;
  }
  if (!URI_ID.test(value) && !isDraftMessageId(value)) out.push(`${what} ${JSON.stringify(value)} is not a message id of any TAXII 1.x binding`);
}

/** A message id's check, the same words for every binding. */
export function idRule(what: string, value: string | undefined, binding: Pick<Binding, 'isMessageId' | 'messageIdFormat'>, out: string[]): void {
  if (value === undefined) {
    out.push(`${what} is missing`);
    return;
  }
  if (!binding.isMessageId(value)) out.push(`${what} ${JSON.stringify(value)} is not ${binding.messageIdFormat}`);
}

/** A prefix for data-model error types a binding has no name for (read back by every binding of this module). */
export const CUSTOM_ERROR_TYPE_PREFIX = 'urn:taxii-conform:error-type:';

export function errorTypeMapping(
  names: Readonly<Record<ErrorType, string | undefined>>,
  extra: Readonly<Record<string, ErrorType>>,
  allTypes: readonly ErrorType[],
): Pick<Binding, 'errorTypeToWire' | 'errorTypeFromWire'> {
  const reverse = new Map<string, ErrorType>();
  for (const t of allTypes) {
    const w = names[t];
    if (w !== undefined) reverse.set(w, t);
  }
  return {
    errorTypeToWire: (t) => names[t] ?? `${CUSTOM_ERROR_TYPE_PREFIX}${t}`,
    errorTypeFromWire: (wire) => {
      const hit = reverse.get(wire) ?? extra[wire];
      if (hit !== undefined) return { type: hit, recognised: true };
      if (wire.startsWith(CUSTOM_ERROR_TYPE_PREFIX)) {
        const t = wire.slice(CUSTOM_ERROR_TYPE_PREFIX.length) as ErrorType;
        if (allTypes.includes(t) && t !== 'SUCCESS') return { type: t, recognised: true };
      }
      return { type: 'FAILURE', recognised: false };
    },
  };
}

/** A random 128-bit value as 32 lower-case hex digits. */
export function randomHex32(): string {
  const b = new Uint8Array(16);
  globalThis.crypto.getRandomValues(b);
  return [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
}

/** Keeps the keys whose values are not undefined (so that parsed messages deep-equal built ones). */
export function compact<T extends object>(o: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = v;
  return out as T;
}

/** "true"/"1" → true, "false"/"0" → false (xs:boolean), else undefined. */
export function xsBoolean(v: string | undefined): boolean | undefined {
  if (v === undefined) return undefined;
  const t = v.trim();
  if (t === 'true' || t === '1') return true;
  if (t === 'false' || t === '0') return false;
  return undefined;
}
