// The one engine of the TAXII 1.x XML message bindings. TAXII 1.0, TAXII 1.1 and the 2012
// draft carry the same data model (suites/taxii1/model.ts) and differ in names (roots,
// elements, attributes, enumerations), in message-id format, and in a few places of shape
// (a subscription id as an attribute or an element, a content binding as text or as an
// element with subtypes, requested content bindings inline or in parameter elements, one
// status detail or named details, where a Poll Response's Message sits). A BindingSpec
// states all of that as data; bindingOf() turns it into a Binding: reader, writer, rules
// and what the binding cannot carry. xml-1.0.ts, xml-1.1.ts and xml-draft-2012.ts are tables.
import {
  ERROR_TYPES,
  type CollectionType,
  type ContentBinding,
  type ContentBlock,
  type ErrorType,
  type ExtendedHeader,
  type MessageHeader,
  type PushParameters,
  type ServiceContact,
  type ServiceType,
  type SourceSubscription,
  type SubscriptionAction,
  type SubscriptionRecord,
  type Taxii1Message,
  type Taxii1MessageType,
  SUBSCRIPTION_ACTIONS,
  isResponseType,
} from '../model.js';
import {
  attr,
  checkVocabulary,
  child,
  children,
  compact,
  el,
  errorTypeMapping,
  idRule,
  inResponseToRule,
  mixedChild,
  mixedValue,
  parseXml,
  renderXml,
  textEl,
  textValue,
  xsBoolean,
  type Binding,
  type BindingId,
  type ParseResult,
  type XmlElement,
  type XmlLimits,
  type XmlOut,
} from './xml-common.js';

/** Everything that tells one TAXII 1.x XML binding from another. */
export interface BindingSpec
  extends Pick<
    Binding,
    'id' | 'title' | 'namespace' | 'prefix' | 'contentType' | 'protocol' | 'httpProtocol' | 'servicesVersion' | 'sendsServicesHeader' | 'roots' | 'responseBegin' | 'serviceTypes'
  > {
  /** How diagnostics name the binding ("TAXII 1.1"); without it, "the <title>". */
  shortName?: string;
  /** Roots of the binding with no counterpart in the data model, with why. */
  otherRoots: Record<string, string>;
  /** Attribute names. */
  a: {
    messageId: string;
    inResponseTo: string;
    errorType: string;
    serviceType: string;
    servicesVersion: string;
    available: string;
    feedName: string;
    action: string;
    headerName: string;
  };
  /** Element names. */
  e: {
    extendedHeaders: string;
    extendedHeader: string;
    errorDetail: string;
    message: string;
    serviceInstance: string;
    protocolBinding: string;
    address: string;
    messageBinding: string;
    contentBinding: string;
    feed: string;
    description: string;
    pushMethod: string;
    pollingService: string;
    subscriptionService: string;
    pushParameters: string;
    subscription: string;
    pollInstance: string;
    /** A Poll Request's lower bound. */
    exclusiveBegin: string;
    /** The lower bound of a Poll Response and of an Inbox source subscription (see responseBegin). */
    responseBegin: string;
    inclusiveEnd: string;
    contentBlock: string;
    content: string;
    timestampLabel: string;
    padding: string;
    sourceSubscription: string;
    /** The Inbox's destination feed names, where the binding has them. */
    destinationFeedName?: string;
  };
  /** Elements of the binding the data model does not use (known to checkRules), and which of them hold opaque content. */
  otherElements: readonly string[];
  opaqueOtherElements: readonly string[];
  errorTypes: Record<ErrorType, string | undefined>;
  extraErrorTypes: Record<string, ErrorType>;
  /** Wire name of each action the binding defines, in the binding's order. */
  actions: Partial<Record<SubscriptionAction, string>>;
  messageId: { test(id: string): boolean; format: string; generate(): string; unknown: string };

  // ---- shape

  /** A subscription id: an attribute of the element it belongs to, or a child element. */
  subscriptionId: { attribute: string } | { element: string };
  /** A content binding: its id as the element's text, or an attribute with subtype children. */
  contentBinding: 'text' | { idAttribute: string; subtype: string; subtypeIdAttribute: string };
  /** A status detail: one text (a retry interval is that text), or named details (the retry interval one of them). */
  statusDetail: 'text' | { detail: string; nameAttribute: string; retryName: string; unnamed: string };
  /**
   * Where requested content bindings go: absent, inline (a Poll Request's at its root, a
   * subscription's inside its push parameters); else in parameter elements.
   */
  requestParameters?: {
    subscription: string;
    poll: string;
    pollAttributes: ReadonlyArray<[string, string]>;
    responseType: [element: string, value: string];
  };
  /** The attribute of a feed's collection type (DATA_FEED, DATA_SET), where the binding has one (written after its name; DATA_FEED when unsaid). */
  collectionType?: string;
  /** Attributes written on every Poll Response. */
  pollResponseAttributes: ReadonlyArray<[string, string]>;
  /**
   * Multi-part poll results, where the binding has them (TAXII 1.1): the Poll Response's
   * attributes (`more` is always written, false unless the model says true) and the Poll
   * Fulfillment Request's (its root is `roots['poll-fulfillment']`).
   */
  multiPart?: { more: string; resultId: string; partNumber: string };
  /** The attribute of a subscription's status, where the binding has one. */
  subscriptionStatus?: string;
  /** Whether a content block may carry a message. */
  blockMessage: boolean;
  /** Whether a Poll Response's Message comes before its timestamps (else after them). */
  pollResponseMessageFirst: boolean;
  /** Whether an Inbox source subscription must name its subscription. */
  sourceSubscriptionIdRequired: boolean;
}

export function bindingOf(spec: BindingSpec): Binding {
  const NS = spec.namespace;
  const q = (local: string): string => `${spec.prefix}:${local}`;
  const { a, e: n } = spec;
  const label = spec.shortName ?? `the ${spec.title}`;
  const subIdAttr = 'attribute' in spec.subscriptionId ? spec.subscriptionId.attribute : undefined;
  const subIdEl = 'element' in spec.subscriptionId ? spec.subscriptionId.element : undefined;
  const cbShape = spec.contentBinding === 'text' ? undefined : spec.contentBinding;
  const details = spec.statusDetail === 'text' ? undefined : spec.statusDetail;
  const params = spec.requestParameters;
  const beginKey = spec.responseBegin === 'inclusive' ? 'inclusive-begin-timestamp' : 'exclusive-begin-timestamp';
  const otherBeginKey = spec.responseBegin === 'inclusive' ? 'exclusive-begin-timestamp' : 'inclusive-begin-timestamp';
  const beginOf = (x: object): string | undefined => (x as Record<string, string | undefined>)[beginKey];
  const TYPE_OF_ROOT = new Map(Object.entries(spec.roots).map(([t, r]) => [r, t as Taxii1MessageType]));
  const SERVICE_TYPE_OF = new Map(Object.entries(spec.serviceTypes).map(([m, w]) => [w, m as ServiceType]));
  const ACTION_OF = new Map(Object.entries(spec.actions).map(([m, w]) => [w as string, m as SubscriptionAction]));
  const actions = SUBSCRIPTION_ACTIONS.filter((x) => spec.actions[x] !== undefined);
  const mapping = errorTypeMapping(spec.errorTypes, spec.extraErrorTypes, ERROR_TYPES);
  const defined = (...names: Array<string | undefined>): string[] => names.filter((x): x is string => x !== undefined);
  const VOCABULARY = new Set([
    ...Object.values(n),
    ...defined(subIdEl, cbShape?.subtype, details?.detail, params?.subscription, params?.poll, params?.responseType[0]),
    ...spec.otherElements,
  ]);
  const OPAQUE = new Set([n.extendedHeader, n.content, ...defined(details?.detail), ...spec.opaqueOtherElements]);
  const REQUIRED_ATTRS: Record<string, string[]> = {
    [spec.roots.error]: [a.errorType],
    [n.serviceInstance]: [a.serviceType, a.servicesVersion],
    [n.feed]: [a.feedName],
    [spec.roots['manage-feed-subscription-request']]: [a.action, a.feedName],
    [spec.roots['manage-feed-subscription-response']]: [a.feedName],
    [spec.roots['poll-request']]: [a.feedName],
    [spec.roots['poll-response']]: [a.feedName],
    [n.sourceSubscription]: [a.feedName],
    [n.extendedHeader]: [a.headerName],
  };
  const mp = spec.multiPart;
  const fulfillmentRoot = spec.roots['poll-fulfillment'];
  if (mp && fulfillmentRoot) REQUIRED_ATTRS[fulfillmentRoot] = [a.feedName, mp.resultId];
  if (subIdAttr !== undefined) REQUIRED_ATTRS[n.subscription] = [subIdAttr];
  if (cbShape) {
    REQUIRED_ATTRS[n.contentBinding] = [cbShape.idAttribute];
    REQUIRED_ATTRS[cbShape.subtype] = [cbShape.subtypeIdAttribute];
  }
  if (details) REQUIRED_ATTRS[details.detail] = [details.nameAttribute];

  const kids = (e: XmlElement, local: string): XmlElement[] => children(e, NS, local);
  const one = (e: XmlElement, local: string): XmlElement | undefined => child(e, NS, local);
  const text = (e: XmlElement, local: string): string | undefined => textValue(child(e, NS, local));
  const texts = (e: XmlElement, local: string): string[] => kids(e, local).map((k) => textValue(k) ?? '');
  const list = <T>(items: T[]): T[] | undefined => (items.length > 0 ? items : undefined);

  // ---- reading

  const readSubscriptionId = (e: XmlElement): string | undefined => (subIdAttr !== undefined ? attr(e, subIdAttr) : text(e, subIdEl!));
  const readContentBinding = (e: XmlElement): ContentBinding => {
    if (!cbShape) return { 'binding-id': textValue(e) ?? '' };
    const subtypes = kids(e, cbShape.subtype).map((s) => attr(s, cbShape.subtypeIdAttribute) ?? '');
    return compact({ 'binding-id': attr(e, cbShape.idAttribute) ?? '', subtypes: list(subtypes) });
  };
  const contentBindingsIn = (e: XmlElement): ContentBinding[] => kids(e, n.contentBinding).map(readContentBinding);
  /** Parameter element content bindings: present (maybe []) iff the element is. */
  const readParameters = (e: XmlElement | undefined): ContentBinding[] | undefined => (e ? contentBindingsIn(e) : undefined);
  const readHeader = (root: XmlElement, type: Taxii1MessageType): MessageHeader => {
    const eh = one(root, n.extendedHeaders);
    const headers: ExtendedHeader[] | undefined = eh
      ? kids(eh, n.extendedHeader).map((h) => ({ name: attr(h, a.headerName) ?? '', value: mixedValue(h) }))
      : undefined;
    return compact({
      type,
      'message-id': attr(root, a.messageId) as string,
      'in-response-to': isResponseType(type) ? attr(root, a.inResponseTo) : undefined,
      'extended-headers': headers,
    });
  };
  const readContact = (e: XmlElement): ServiceContact => ({
    'protocol-binding': text(e, n.protocolBinding) as string,
    address: text(e, n.address) as string,
    'message-bindings': texts(e, n.messageBinding),
  });
  const readPush = (e: XmlElement | undefined): PushParameters | undefined =>
    e
      ? {
          'protocol-binding': text(e, n.protocolBinding) as string,
          address: text(e, n.address) as string,
          'message-binding': text(e, n.messageBinding) as string,
        }
      : undefined;
  /** A subscription's requested content bindings: in its parameters, or inside its push parameters. */
  const readSubscriptionBindings = (e: XmlElement): ContentBinding[] | undefined => {
    if (params) return readParameters(one(e, params.subscription));
    const push = one(e, n.pushParameters);
    return push ? list(contentBindingsIn(push)) : undefined;
  };
  const readBlock = (e: XmlElement): ContentBlock => {
    const cb = one(e, n.contentBinding);
    const content = one(e, n.content);
    return compact({
      'content-binding': cb ? readContentBinding(cb) : (undefined as unknown as ContentBinding),
      content: content ? mixedValue(content) : (undefined as unknown as string),
      'timestamp-label': text(e, n.timestampLabel),
      message: spec.blockMessage ? text(e, n.message) : undefined,
      padding: text(e, n.padding),
    });
  };
  /** The retry interval and the details of a status message. */
  const readDetails = (root: XmlElement, pending: boolean): { retry?: number; details?: Array<{ name?: string; value: string }> } => {
    if (!details) {
      const detail = text(root, n.errorDetail);
      const retry = pending && detail !== undefined && /^[0-9]{1,9}$/.test(detail) ? Number(detail) : undefined;
      return { retry, details: detail !== undefined && retry === undefined ? [{ value: detail }] : undefined };
    }
    const out: Array<{ name?: string; value: string }> = [];
    let retry: number | undefined;
    const sd = one(root, n.errorDetail);
    for (const d of sd ? kids(sd, details.detail) : []) {
      const name = attr(d, details.nameAttribute);
      const value = mixedValue(d);
      if (pending && name === details.retryName && /^[0-9]{1,9}$/.test(value) && retry === undefined) retry = Number(value);
      else out.push(compact({ name, value }));
    }
    return { retry, details: list(out) };
  };

  /** A part number as sent: a number when it is one (the schema judges its range), else the text, kept for the schema to refuse. */
  const partNumber = (v: string | undefined): number | undefined => (v === undefined ? undefined : /^\s*[+-]?[0-9]{1,15}\s*$/.test(v) ? Number(v) : (v as unknown as number));

  const readMessage = (root: XmlElement, type: Taxii1MessageType): Taxii1Message => {
    const h = readHeader(root, type);
    switch (type) {
      case 'error': {
        const wire = attr(root, a.errorType);
        const mapped = wire === undefined ? undefined : mapping.errorTypeFromWire(wire);
        const d = readDetails(root, mapped?.type === 'PENDING');
        return compact({
          ...h,
          type: 'error',
          'error-type': mapped?.type as ErrorType,
          'binding-error-type': wire !== undefined && wire !== mapping.errorTypeToWire(mapped!.type) ? wire : undefined,
          'retry-interval': d.retry,
          'error-detail': d.details,
          message: text(root, n.message),
        }) as Taxii1Message;
      }
      case 'discovery-request':
      case 'feed-information-request':
        return h as Taxii1Message;
      case 'discovery-response':
        return {
          ...h,
          type,
          services: kids(root, n.serviceInstance).map((s) => {
            const wireType = attr(s, a.serviceType) ?? '';
            return compact({
              'service-type': (SERVICE_TYPE_OF.get(wireType) ?? wireType) as ServiceType,
              'services-version': attr(s, a.servicesVersion) as string,
              ...readContact(s),
              'content-bindings': list(contentBindingsIn(s)),
              available: xsBoolean(attr(s, a.available)),
              message: text(s, n.message),
            });
          }),
        } as Taxii1Message;
      case 'feed-information-response':
        return {
          ...h,
          type,
          feeds: kids(root, n.feed).map((f) =>
            compact({
              'feed-name': attr(f, a.feedName) as string,
              description: text(f, n.description) as string,
              'content-bindings': contentBindingsIn(f),
              'push-methods': list(
                kids(f, n.pushMethod).map((m) => ({
                  'protocol-binding': text(m, n.protocolBinding) as string,
                  'message-bindings': texts(m, n.messageBinding),
                })),
              ),
              'polling-services': list(kids(f, n.pollingService).map(readContact)),
              'subscription-services': list(kids(f, n.subscriptionService).map(readContact)),
              // DATA_FEED is what an absent collection type means (and what is written for it): kept only when it says otherwise.
              ...(spec.collectionType !== undefined && (attr(f, spec.collectionType) ?? 'DATA_FEED') !== 'DATA_FEED' ? { 'collection-type': attr(f, spec.collectionType) as CollectionType } : {}),
              available: xsBoolean(attr(f, a.available)),
            }),
          ),
        } as Taxii1Message;
      case 'manage-feed-subscription-request': {
        const wire = attr(root, a.action);
        return compact({
          ...h,
          type,
          action: (wire === undefined ? undefined : ACTION_OF.get(wire) ?? wire) as SubscriptionAction,
          'feed-name': attr(root, a.feedName) as string,
          'subscription-id': readSubscriptionId(root),
          'push-parameters': readPush(one(root, n.pushParameters)),
          'content-bindings': readSubscriptionBindings(root),
        }) as Taxii1Message;
      }
      case 'manage-feed-subscription-response':
        return compact({
          ...h,
          type,
          'feed-name': attr(root, a.feedName) as string,
          message: text(root, n.message),
          subscriptions: kids(root, n.subscription).map(
            (s): SubscriptionRecord =>
              compact({
                'subscription-id': readSubscriptionId(s) as string,
                status: (spec.subscriptionStatus === undefined ? undefined : attr(s, spec.subscriptionStatus)) as SubscriptionRecord['status'],
                'push-parameters': readPush(one(s, n.pushParameters)),
                'content-bindings': readSubscriptionBindings(s),
                'poll-instances': list(kids(s, n.pollInstance).map(readContact)),
              }),
          ),
        }) as Taxii1Message;
      case 'poll-request': {
        const sub = readSubscriptionId(root);
        let cbs: ContentBinding[] | undefined;
        if (params) cbs = readParameters(one(root, params.poll));
        else {
          // No content binding listed means "any"; said explicitly unless a subscription is named.
          const inline = contentBindingsIn(root);
          cbs = inline.length > 0 || sub === undefined ? inline : undefined;
        }
        return compact({
          ...h,
          type,
          'feed-name': attr(root, a.feedName) as string,
          'exclusive-begin-timestamp': text(root, n.exclusiveBegin),
          'inclusive-end-timestamp': text(root, n.inclusiveEnd),
          'subscription-id': sub,
          'content-bindings': cbs,
        }) as Taxii1Message;
      }
      case 'poll-response':
        return compact({
          ...h,
          type,
          'feed-name': attr(root, a.feedName) as string,
          'subscription-id': readSubscriptionId(root),
          [beginKey]: text(root, n.responseBegin),
          'inclusive-end-timestamp': text(root, n.inclusiveEnd) as string,
          message: text(root, n.message),
          'content-blocks': kids(root, n.contentBlock).map(readBlock),
          // Only `more="true"` is kept: absent and false mean the same (the XSD's default).
          ...(mp && xsBoolean(attr(root, mp.more)) === true ? { more: true } : {}),
          'result-id': mp ? attr(root, mp.resultId) : undefined,
          'result-part-number': mp ? partNumber(attr(root, mp.partNumber)) : undefined,
        }) as Taxii1Message;
      case 'poll-fulfillment':
        return compact({
          ...h,
          type,
          'feed-name': attr(root, a.feedName) as string,
          'result-id': attr(root, mp?.resultId ?? 'result_id') as string,
          'result-part-number': partNumber(attr(root, mp?.partNumber ?? 'result_part_number')),
        }) as Taxii1Message;
      case 'stix-message': {
        const ss = one(root, n.sourceSubscription);
        const source: SourceSubscription | undefined = ss
          ? compact({
              'feed-name': attr(ss, a.feedName) as string,
              'subscription-id': readSubscriptionId(ss),
              [beginKey]: text(ss, n.responseBegin),
              'inclusive-end-timestamp': text(ss, n.inclusiveEnd),
            })
          : undefined;
        return compact({
          ...h,
          type,
          message: text(root, n.message),
          'source-subscription': source,
          'destination-feed-names': n.destinationFeedName === undefined ? undefined : list(texts(root, n.destinationFeedName)),
          'content-blocks': kids(root, n.contentBlock).map(readBlock),
        }) as Taxii1Message;
      }
    }
  };

  const rootType = (root: XmlElement): { type: Taxii1MessageType } | { error: string } => {
    if (root.ns !== NS) return { error: `the root element {${root.ns}}${root.local} is not in the ${spec.shortName ?? spec.title} namespace ${NS}` };
    const type = TYPE_OF_ROOT.get(root.local);
    if (type === undefined) {
      const expected = `(expected one of ${Object.values(spec.roots).join(', ')})`;
      const notOne = spec.shortName ? `is not a ${spec.shortName} message` : `is not a message of the ${spec.title}`;
      return { error: spec.otherRoots[root.local] ?? `${root.local} ${notOne} ${expected}` };
    }
    return { type };
  };

  const parse = (xml: string, limits?: Partial<XmlLimits>): ParseResult => {
    const doc = parseXml(xml, limits);
    if (!doc.ok) return { ok: false, error: doc.error };
    const t = rootType(doc.root);
    if ('error' in t) return { ok: false, error: t.error };
    return { ok: true, message: readMessage(doc.root, t.type) };
  };

  // ---- writing

  const bool = (b: boolean | undefined): string | undefined => (b === undefined ? undefined : String(b));
  const subIdAttribute = (id: string | undefined): Array<[string, string | undefined]> => (subIdAttr !== undefined ? [[subIdAttr, id]] : []);
  const subIdElement = (id: string | undefined): XmlOut | undefined => (subIdEl !== undefined ? textEl(q(subIdEl), id) : undefined);
  const writeContentBinding = (cb: ContentBinding, maxSubtypes = Infinity): XmlOut | undefined =>
    cbShape
      ? el(
          q(n.contentBinding),
          { [cbShape.idAttribute]: cb['binding-id'] },
          (cb.subtypes ?? []).slice(0, maxSubtypes).map((s) => el(q(cbShape.subtype), { [cbShape.subtypeIdAttribute]: s })),
        )
      : textEl(q(n.contentBinding), cb['binding-id']);
  const writeContact = (name: string, c: ServiceContact): XmlOut =>
    el(
      q(name),
      {},
      textEl(q(n.protocolBinding), c['protocol-binding']),
      textEl(q(n.address), c.address),
      (c['message-bindings'] ?? []).map((m) => textEl(q(n.messageBinding), m)),
    );
  /** Push parameters, with the requested content bindings inside them when the binding has no parameter elements. */
  const writePush = (p: PushParameters | undefined, cbs: ContentBinding[] | undefined): XmlOut | undefined =>
    p
      ? el(
          q(n.pushParameters),
          {},
          textEl(q(n.protocolBinding), p['protocol-binding']),
          textEl(q(n.address), p.address),
          textEl(q(n.messageBinding), p['message-binding']),
          params ? undefined : (cbs ?? []).map((cb) => writeContentBinding(cb)),
        )
      : undefined;
  /** A subscription's or a poll's parameter element (for bindings that have them), when there are content bindings to request. */
  const writeParameters = (kind: 'subscription' | 'poll', cbs: ContentBinding[] | undefined): XmlOut | undefined =>
    params && cbs !== undefined
      ? el(
          q(params[kind]),
          kind === 'poll' ? [...params.pollAttributes] : [],
          textEl(q(params.responseType[0]), params.responseType[1]),
          cbs.map((cb) => writeContentBinding(cb)),
        )
      : undefined;
  const writeBlock = (b: ContentBlock): XmlOut =>
    el(
      q(n.contentBlock),
      {},
      b['content-binding'] ? writeContentBinding(b['content-binding'], 1) : undefined,
      el(q(n.content), {}, b.content === undefined || b.content === '' ? undefined : mixedChild(b.content)),
      textEl(q(n.timestampLabel), b['timestamp-label']),
      spec.blockMessage ? textEl(q(n.message), b.message) : undefined,
      textEl(q(n.padding), b.padding),
    );
  const writeDetails = (m: Extract<Taxii1Message, { type: 'error' }>): XmlOut | undefined => {
    if (!details) {
      const detail =
        m['retry-interval'] !== undefined ? String(m['retry-interval']) : m['error-detail']?.length ? m['error-detail'].map((d) => d.value).join('\n') : undefined;
      return textEl(q(n.errorDetail), detail);
    }
    const all = [...(m['retry-interval'] !== undefined ? [{ name: details.retryName, value: String(m['retry-interval']) }] : []), ...(m['error-detail'] ?? [])];
    return all.length
      ? el(
          q(n.errorDetail),
          {},
          all.map((d) => el(q(details.detail), { [details.nameAttribute]: d.name ?? details.unnamed }, d.value === '' ? undefined : mixedChild(d.value))),
        )
      : undefined;
  };

  const serialize = (m: Taxii1Message): string => {
    // A message the binding has no root for (a Poll Fulfillment outside TAXII 1.1) is written under TAXII 1.1's name; unrepresentable() says so and parse() refuses it.
    const rootName = q(spec.roots[m.type as keyof typeof spec.roots] ?? 'Poll_Fulfillment');
    const head: Array<[string, string | undefined]> = [
      [`xmlns:${spec.prefix}`, NS],
      [a.messageId, m['message-id']],
      [a.inResponseTo, isResponseType(m.type) ? m['in-response-to'] : undefined],
    ];
    const eh = m['extended-headers']?.length
      ? el(
          q(n.extendedHeaders),
          {},
          m['extended-headers'].map((x) => el(q(n.extendedHeader), { [a.headerName]: x.name }, x.value === '' ? undefined : mixedChild(x.value))),
        )
      : undefined;
    let root: XmlOut;
    switch (m.type) {
      case 'error':
        root = el(
          rootName,
          [...head, [a.errorType, m['binding-error-type'] ?? mapping.errorTypeToWire(m['error-type'])]],
          eh,
          writeDetails(m),
          textEl(q(n.message), m.message),
        );
        break;
      case 'discovery-request':
      case 'feed-information-request':
        root = el(rootName, head, eh);
        break;
      case 'discovery-response':
        root = el(
          rootName,
          head,
          eh,
          (m.services ?? []).map((s) =>
            el(
              q(n.serviceInstance),
              { [a.serviceType]: spec.serviceTypes[s['service-type']] ?? s['service-type'], [a.servicesVersion]: s['services-version'], [a.available]: bool(s.available) },
              textEl(q(n.protocolBinding), s['protocol-binding']),
              textEl(q(n.address), s.address),
              (s['message-bindings'] ?? []).map((b) => textEl(q(n.messageBinding), b)),
              (s['content-bindings'] ?? []).map((cb) => writeContentBinding(cb)),
              textEl(q(n.message), s.message),
            ),
          ),
        );
        break;
      case 'feed-information-response':
        root = el(
          rootName,
          head,
          eh,
          (m.feeds ?? []).map((f) =>
            el(
              q(n.feed),
              [[a.feedName, f['feed-name']], ...(spec.collectionType !== undefined ? [[spec.collectionType, f['collection-type'] ?? 'DATA_FEED'] as [string, string]] : []), [a.available, bool(f.available)]],
              textEl(q(n.description), f.description),
              (f['content-bindings'] ?? []).map((cb) => writeContentBinding(cb)),
              (f['push-methods'] ?? []).map((pm) =>
                el(q(n.pushMethod), {}, textEl(q(n.protocolBinding), pm['protocol-binding']), (pm['message-bindings'] ?? []).map((b) => textEl(q(n.messageBinding), b))),
              ),
              (f['polling-services'] ?? []).map((c) => writeContact(n.pollingService, c)),
              (f['subscription-services'] ?? []).map((c) => writeContact(n.subscriptionService, c)),
            ),
          ),
        );
        break;
      case 'manage-feed-subscription-request':
        root = el(
          rootName,
          [...head, [a.action, spec.actions[m.action] ?? m.action], [a.feedName, m['feed-name']], ...subIdAttribute(m['subscription-id'])],
          eh,
          subIdElement(m['subscription-id']),
          writeParameters('subscription', m['content-bindings']),
          writePush(m['push-parameters'], m['content-bindings']),
        );
        break;
      case 'manage-feed-subscription-response':
        root = el(
          rootName,
          [...head, [a.feedName, m['feed-name']]],
          eh,
          textEl(q(n.message), m.message),
          (m.subscriptions ?? []).map((s) =>
            el(
              q(n.subscription),
              [...subIdAttribute(s['subscription-id']), ...(spec.subscriptionStatus !== undefined ? [[spec.subscriptionStatus, s.status] as [string, string | undefined]] : [])],
              subIdElement(s['subscription-id']),
              writeParameters('subscription', s['content-bindings']),
              writePush(s['push-parameters'], s['content-bindings']),
              (s['poll-instances'] ?? []).map((c) => writeContact(n.pollInstance, c)),
            ),
          ),
        );
        break;
      case 'poll-request':
        root = el(
          rootName,
          [...head, [a.feedName, m['feed-name']], ...subIdAttribute(m['subscription-id'])],
          eh,
          textEl(q(n.exclusiveBegin), m['exclusive-begin-timestamp']),
          textEl(q(n.inclusiveEnd), m['inclusive-end-timestamp']),
          params
            ? // One of the two: the subscription, or the parameters (none listed: any content).
              m['subscription-id'] !== undefined
              ? subIdElement(m['subscription-id'])
              : writeParameters('poll', m['content-bindings'] ?? [])
            : [subIdElement(m['subscription-id']), (m['content-bindings'] ?? []).map((cb) => writeContentBinding(cb))],
        );
        break;
      case 'poll-response': {
        const message = textEl(q(n.message), m.message);
        root = el(
          rootName,
          [
            ...head,
            [a.feedName, m['feed-name']],
            ...subIdAttribute(m['subscription-id']),
            ...spec.pollResponseAttributes,
            ...(mp
              ? ([
                  [mp.more, m.more === true ? 'true' : 'false'],
                  [mp.resultId, m['result-id']],
                  [mp.partNumber, m['result-part-number'] === undefined ? undefined : String(m['result-part-number'])],
                ] as Array<[string, string | undefined]>)
              : []),
          ],
          eh,
          subIdElement(m['subscription-id']),
          spec.pollResponseMessageFirst ? message : undefined,
          textEl(q(n.responseBegin), beginOf(m)),
          textEl(q(n.inclusiveEnd), m['inclusive-end-timestamp']),
          spec.pollResponseMessageFirst ? undefined : message,
          (m['content-blocks'] ?? []).map(writeBlock),
        );
        break;
      }
      case 'poll-fulfillment':
        root = el(rootName, [
          ...head,
          [a.feedName, m['feed-name']],
          [mp?.resultId ?? 'result_id', m['result-id']],
          [mp?.partNumber ?? 'result_part_number', m['result-part-number'] === undefined ? undefined : String(m['result-part-number'])],
        ], eh);
        break;
      case 'stix-message': {
        const s = m['source-subscription'];
        root = el(
          rootName,
          head,
          eh,
          n.destinationFeedName === undefined ? undefined : (m['destination-feed-names'] ?? []).map((d) => textEl(q(n.destinationFeedName!), d)),
          textEl(q(n.message), m.message),
          s
            ? el(
                q(n.sourceSubscription),
                [[a.feedName, s['feed-name']], ...subIdAttribute(s['subscription-id'])],
                subIdElement(s['subscription-id']),
                textEl(q(n.responseBegin), beginOf(s)),
                textEl(q(n.inclusiveEnd), s['inclusive-end-timestamp']),
              )
            : undefined,
          (m['content-blocks'] ?? []).map(writeBlock),
        );
        break;
      }
    }
    return renderXml(root);
  };

  // ---- rules

  const self: Pick<Binding, 'isMessageId' | 'messageIdFormat'> = { isMessageId: spec.messageId.test, messageIdFormat: spec.messageId.format };

  const checkRules = (xml: string, limits?: Partial<XmlLimits>): string[] => {
    const doc = parseXml(xml, limits);
    if (!doc.ok) return [doc.error];
    const root = doc.root;
    const t = rootType(root);
    if ('error' in t) return [t.error];
    const out: string[] = [];
    idRule(a.messageId, attr(root, a.messageId), self, out);
    const irt = attr(root, a.inResponseTo);
    if (isResponseType(t.type)) inResponseToRule(a.inResponseTo, irt, out);
    else if (irt !== undefined) out.push(`${a.inResponseTo} is not an attribute of ${root.local} (a request)`);
    checkVocabulary(root, NS, VOCABULARY, OPAQUE, out);
    const walk = (e: XmlElement, path: string): void => {
      for (const x of REQUIRED_ATTRS[e.local] ?? []) if (attr(e, x) === undefined) out.push(`${path}: the required attribute ${x} is missing`);
      if (OPAQUE.has(e.local)) return;
      for (const c of children(e, NS)) walk(c, `${path}/${c.local}`);
    };
    walk(root, `/${root.local}`);
    if (t.type === 'poll-request' && params && subIdEl !== undefined) {
      const found = kids(root, subIdEl).length + kids(root, params.poll).length;
      if (found !== 1) out.push(`/${root.local}: exactly one of ${subIdEl} or ${params.poll} must be present (found ${found})`);
    }
    if (t.type === 'manage-feed-subscription-request') {
      const action = attr(root, a.action);
      if (action !== undefined && !ACTION_OF.has(action)) {
        out.push(`/${root.local}: ${a.action} ${JSON.stringify(action)} is not one of ${[...ACTION_OF.keys()].join(', ')}`);
      }
    }
    return out;
  };

  const unrepresentable = (m: Taxii1Message): string[] => {
    const out: string[] = [];
    /** Text content bindings hold no subtypes. */
    const subtypes = (where: string, cbs: Array<ContentBinding | undefined> | undefined): void => {
      if (!cbShape && (cbs ?? []).some((cb) => (cb?.subtypes?.length ?? 0) > 0)) out.push(`${where}: content binding subtypes are TAXII 1.1 only`);
    };
    const blocks = (list: ContentBlock[] | undefined): void => {
      if (!cbShape) subtypes('content-blocks', (list ?? []).map((b) => b['content-binding']));
      else {
        for (const b of list ?? []) {
          if ((b['content-binding']?.subtypes?.length ?? 0) > 1) out.push(`content-blocks: a content block's binding holds at most one subtype in ${label}`);
        }
      }
      if (!spec.blockMessage && (list ?? []).some((b) => b.message !== undefined)) out.push('content-blocks: no message per content block');
    };
    /** A lower bound of the other kind than the binding states. */
    const begin = (where: string, x: object): void => {
      if ((x as Record<string, unknown>)[otherBeginKey] === undefined) return;
      out.push(`${where}: ${spec.responseBegin === 'inclusive' ? 'the lower bound is stated inclusive' : `${label} states the lower bound as ${n.responseBegin}`}`);
    };
    switch (m.type) {
      case 'error':
        if (details) {
          if (m['error-detail']?.some((d) => d.name === undefined)) out.push(`error-detail: ${label} details have names (written as ${details.unnamed})`);
        } else if (m['retry-interval'] !== undefined && m['error-detail']?.length) out.push('error-detail: the one detail field holds the retry interval');
        else if ((m['error-detail']?.length ?? 0) > 1 || m['error-detail']?.some((d) => d.name !== undefined)) {
          out.push('error-detail: one unnamed detail only (several are joined with new lines, names dropped)');
        }
        break;
      case 'discovery-response':
        for (const s of m.services ?? []) subtypes('services', s['content-bindings']);
        break;
      case 'feed-information-response':
        for (const f of m.feeds ?? []) subtypes('feeds', f['content-bindings']);
        break;
      case 'manage-feed-subscription-request':
        if (spec.actions[m.action] === undefined) out.push(`action: ${label} has no ${m.action} action`);
        if (!params) {
          if (m['content-bindings'] !== undefined && !m['push-parameters']) out.push('content-bindings: carried only inside push parameters');
          if (m['push-parameters'] && m['content-bindings']?.length === 0) out.push('content-bindings: an empty list is the same as none');
        }
        subtypes('content-bindings', m['content-bindings']);
        break;
      case 'manage-feed-subscription-response':
        for (const s of m.subscriptions ?? []) {
          if (s.status !== undefined && spec.subscriptionStatus === undefined) out.push('subscriptions: no subscription status');
          if (!params && s['content-bindings'] !== undefined && !s['push-parameters']) out.push('subscriptions: content bindings are carried only inside push parameters');
        }
        break;
      case 'poll-request':
        subtypes('content-bindings', m['content-bindings']);
        if (params) {
          if (m['subscription-id'] !== undefined && m['content-bindings'] !== undefined) {
            out.push(`content-bindings: a ${label} Poll Request carries a ${subIdEl} or ${params.poll}, not both (content bindings dropped)`);
          }
        } else if (m['subscription-id'] !== undefined && m['content-bindings']?.length === 0) out.push('content-bindings: an empty list is the same as none');
        break;
      case 'poll-response':
        begin(otherBeginKey, m);
        blocks(m['content-blocks']);
        if (!mp && (m.more !== undefined || m['result-id'] !== undefined || m['result-part-number'] !== undefined)) {
          out.push(`more, result-id, result-part-number: ${label} answers a poll whole (multi-part results are TAXII 1.1's)`);
        }
        break;
      case 'poll-fulfillment':
        if (!fulfillmentRoot) out.push(`poll-fulfillment: ${label} has no Poll Fulfillment Request (multi-part results are TAXII 1.1's)`);
        break;
      case 'stix-message': {
        const s = m['source-subscription'];
        if (n.destinationFeedName === undefined && m['destination-feed-names'] !== undefined) out.push('destination-feed-names: TAXII 1.1 only');
        if (spec.sourceSubscriptionIdRequired && s && s['subscription-id'] === undefined) out.push(`source-subscription: ${label} requires its ${subIdEl ?? subIdAttr}`);
        if (s) begin('source-subscription', s);
        blocks(m['content-blocks']);
        break;
      }
      default:
        break;
    }
    return out;
  };

  return {
    id: spec.id,
    title: spec.title,
    namespace: NS,
    prefix: spec.prefix,
    contentType: spec.contentType,
    protocol: spec.protocol,
    httpProtocol: spec.httpProtocol,
    servicesVersion: spec.servicesVersion,
    sendsServicesHeader: spec.sendsServicesHeader,
    mediaType: 'application/xml',
    roots: spec.roots,
    multiPart: mp !== undefined && fulfillmentRoot !== undefined,
    actions,
    responseBegin: spec.responseBegin,
    serviceTypes: spec.serviceTypes,
    ...mapping,
    isMessageId: spec.messageId.test,
    messageIdFormat: spec.messageId.format,
    newMessageId: spec.messageId.generate,
    unknownMessageId: spec.messageId.unknown,
    parse,
    serialize,
    checkRules,
    unrepresentable,
  };
}
