// The registry of TAXII 1.x message bindings. Each maps the same data model
// (suites/taxii1/model.ts, schemas/taxii1/) to its own XML.
import { XML_10 } from './xml-1.0.js';
import { XML_11 } from './xml-1.1.js';
import { XML_DRAFT_2012 } from './xml-draft-2012.js';
import { parseXml, type Binding, type BindingId } from './xml-common.js';

export type { Binding, BindingId, ParseResult, XmlLimits } from './xml-common.js';
export { DEFAULT_XML_LIMITS, CUSTOM_ERROR_TYPE_PREFIX, parseXml, guardXml } from './xml-common.js';
export { XML_10, NAMESPACE_10 } from './xml-1.0.js';
export { XML_11, NAMESPACE_11 } from './xml-1.1.js';
export { XML_DRAFT_2012, NAMESPACE_DRAFT, isDraftMessageId } from './xml-draft-2012.js';

export const BINDINGS: Readonly<Record<BindingId, Binding>> = {
  'xml-1.1': XML_11,
  'xml-1.0': XML_10,
  'xml-1.0-draft': XML_DRAFT_2012,
};

export const BINDING_IDS: readonly BindingId[] = ['xml-1.1', 'xml-1.0', 'xml-1.0-draft'];

/** The binding used when nothing says otherwise. */
export const DEFAULT_BINDING: BindingId = 'xml-1.1';

export function isBindingId(id: string): id is BindingId {
  return (BINDING_IDS as readonly string[]).includes(id);
}

/** The binding whose message binding id (X-TAXII-Content-Type value) this is. */
export function bindingByContentType(messageBindingId: string): Binding | undefined {
  const v = messageBindingId.trim();
  return Object.values(BINDINGS).find((b) => b.contentType === v);
}

/** The binding whose XML namespace this is. */
export function bindingByNamespace(ns: string): Binding | undefined {
  return Object.values(BINDINGS).find((b) => b.namespace === ns);
}

/** The binding of a document, by its root element's namespace (undefined when none matches or it is no XML). */
export function sniffBinding(xml: string): Binding | undefined {
  const r = parseXml(xml);
  return r.ok ? bindingByNamespace(r.root.ns) : undefined;
}
