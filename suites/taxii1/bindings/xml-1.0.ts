// The TAXII 1.0 XML Message Binding (namespace
// http://taxii.mitre.org/messages/taxii_xml_binding-1), and the engine it shares with the
// 2012 draft binding (xml-draft-2012.ts): both have the same structure (feeds, one plain
// Status_Detail, content bindings as text, subscription and feed names as attributes) and
// differ in names, enumerations and message-id format, which a ClassicSpec gives.
import {
  ERROR_TYPES,
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
  IDS,
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

/** Everything that tells the TAXII 1.0 binding and the 2012 draft binding apart. */
export interface ClassicSpec {
  id: BindingId;
  title: string;
  namespace: string;
  prefix: string;
  contentType: string;
  protocol: string;
  httpProtocol: string;
  servicesVersion: string;
  sendsServicesHeader: boolean;
  roots: Record<Taxii1MessageType, string>;
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
    subscriptionId: string;
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
    exclusiveBegin: string;
    inclusiveBegin: string;
    inclusiveEnd: string;
    contentBlock: string;
    content: string;
    timestampLabel: string;
    padding: string;
    sourceSubscription: string;
  };
  errorTypes: Record<ErrorType, string | undefined>;
  extraErrorTypes: Record<string, ErrorType>;
  serviceTypes: Record<ServiceType, string>;
  /** Wire name of each action the binding defines. */
  actions: Partial<Record<SubscriptionAction, string>>;
  messageId: { test(id: string): boolean; format: string; generate(): string; unknown: string };
}

export function classicBinding(spec: ClassicSpec): Binding {
  const NS = spec.namespace;
  const q = (local: string): string => `${spec.prefix}:${local}`;
  const { a, e: n } = spec;
  const TYPE_OF_ROOT = new Map(Object.entries(spec.roots).map(([t, r]) => [r, t as Taxii1MessageType]));
  const SERVICE_TYPE_OF = new Map(Object.entries(spec.serviceTypes).map(([m, w]) => [w, m as ServiceType]));
  const ACTION_OF = new Map(Object.entries(spec.actions).map(([m, w]) => [w as string, m as SubscriptionAction]));
  const actions = SUBSCRIPTION_ACTIONS.filter((x) => spec.actions[x] !== undefined);
  const mapping = errorTypeMapping(spec.errorTypes, spec.extraErrorTypes, ERROR_TYPES);
  const VOCABULARY = new Set(Object.values(n));
  const OPAQUE = new Set([n.extendedHeader, n.content]);
  const REQUIRED_ATTRS: Record<string, string[]> = {
    [spec.roots.error]: [a.errorType],
    [n.serviceInstance]: [a.serviceType, a.servicesVersion],
    [n.feed]: [a.feedName],
    [spec.roots['manage-feed-subscription-request']]: [a.action, a.feedName],
    [spec.roots['manage-feed-subscription-response']]: [a.feedName],
    [n.subscription]: [a.subscriptionId],
    [spec.roots['poll-request']]: [a.feedName],
    [spec.roots['poll-response']]: [a.feedName],
    [n.sourceSubscription]: [a.feedName],
    [n.extendedHeader]: [a.headerName],
  };

  const kids = (e: XmlElement, local: string): XmlElement[] => children(e, NS, local);
  const one = (e: XmlElement, local: string): XmlElement | undefined => child(e, NS, local);
  const text = (e: XmlElement, local: string): string | undefined => textValue(child(e, NS, local));
  const texts = (e: XmlElement, local: string): string[] => kids(e, local).map((k) => textValue(k) ?? '');
  const list = <T>(items: T[]): T[] | undefined => (items.length > 0 ? items : undefined);
  const cbOf = (id: string): ContentBinding => ({ 'binding-id': id });

  // ---- reading

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
  const readPush = (e: XmlElement | undefined): { push?: PushParameters; cbs?: ContentBinding[] } => {
    if (!e) return {};
    return {
      push: {
        'protocol-binding': text(e, n.protocolBinding) as string,
        address: text(e, n.address) as string,
        'message-binding': text(e, n.messageBinding) as string,
      },
      cbs: list(texts(e, n.contentBinding).map(cbOf)),
    };
  };
  const readBlock = (e: XmlElement): ContentBlock => {
    const cb = text(e, n.contentBinding);
    const content = one(e, n.content);
    return compact({
      'content-binding': cb === undefined ? (undefined as unknown as ContentBinding) : cbOf(cb),
      content: content ? mixedValue(content) : (undefined as unknown as string),
      'timestamp-label': text(e, n.timestampLabel),
      padding: text(e, n.padding),
    });
  };

  const readMessage = (root: XmlElement, type: Taxii1MessageType): Taxii1Message => {
    const h = readHeader(root, type);
    switch (type) {
      case 'error': {
        const wire = attr(root, a.errorType);
        const mapped = wire === undefined ? undefined : mapping.errorTypeFromWire(wire);
        const detail = text(root, n.errorDetail);
        const retry = mapped?.type === 'PENDING' && detail !== undefined && /^[0-9]{1,9}$/.test(detail) ? Number(detail) : undefined;
        return compact({
          ...h,
          type: 'error',
          'error-type': mapped?.type as ErrorType,
          'binding-error-type': wire !== undefined && wire !== mapping.errorTypeToWire(mapped!.type) ? wire : undefined,
          'retry-interval': retry,
          'error-detail': detail !== undefined && retry === undefined ? [{ value: detail }] : undefined,
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
              'content-bindings': list(texts(s, n.contentBinding).map(cbOf)),
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
              'content-bindings': texts(f, n.contentBinding).map(cbOf),
              'push-methods': list(
                kids(f, n.pushMethod).map((m) => ({
                  'protocol-binding': text(m, n.protocolBinding) as string,
                  'message-bindings': texts(m, n.messageBinding),
                })),
              ),
              'polling-services': list(kids(f, n.pollingService).map(readContact)),
              'subscription-services': list(kids(f, n.subscriptionService).map(readContact)),
              available: xsBoolean(attr(f, a.available)),
            }),
          ),
        } as Taxii1Message;
      case 'manage-feed-subscription-request': {
        const wire = attr(root, a.action);
        const { push, cbs } = readPush(one(root, n.pushParameters));
        return compact({
          ...h,
          type,
          action: (wire === undefined ? undefined : ACTION_OF.get(wire) ?? wire) as SubscriptionAction,
          'feed-name': attr(root, a.feedName) as string,
          'subscription-id': attr(root, a.subscriptionId),
          'push-parameters': push,
          'content-bindings': cbs,
        }) as Taxii1Message;
      }
      case 'manage-feed-subscription-response':
        return compact({
          ...h,
          type,
          'feed-name': attr(root, a.feedName) as string,
          message: text(root, n.message),
          subscriptions: kids(root, n.subscription).map((s): SubscriptionRecord => {
            const { push, cbs } = readPush(one(s, n.pushParameters));
            return compact({
              'subscription-id': attr(s, a.subscriptionId) as string,
              'push-parameters': push,
              'content-bindings': cbs,
              'poll-instances': list(kids(s, n.pollInstance).map(readContact)),
            });
          }),
        }) as Taxii1Message;
      case 'poll-request': {
        const sub = attr(root, a.subscriptionId);
        const cbs = texts(root, n.contentBinding).map(cbOf);
        return compact({
          ...h,
          type,
          'feed-name': attr(root, a.feedName) as string,
          'exclusive-begin-timestamp': text(root, n.exclusiveBegin),
          'inclusive-end-timestamp': text(root, n.inclusiveEnd),
          'subscription-id': sub,
          // No content binding listed means "any"; said explicitly unless a subscription is named.
          'content-bindings': cbs.length > 0 || sub === undefined ? cbs : undefined,
        }) as Taxii1Message;
      }
      case 'poll-response':
        return compact({
          ...h,
          type,
          'feed-name': attr(root, a.feedName) as string,
          'subscription-id': attr(root, a.subscriptionId),
          'inclusive-begin-timestamp': text(root, n.inclusiveBegin),
          'inclusive-end-timestamp': text(root, n.inclusiveEnd) as string,
          message: text(root, n.message),
          'content-blocks': kids(root, n.contentBlock).map(readBlock),
        }) as Taxii1Message;
      case 'stix-message': {
        const ss = one(root, n.sourceSubscription);
        const source: SourceSubscription | undefined = ss
          ? compact({
              'feed-name': attr(ss, a.feedName) as string,
              'subscription-id': attr(ss, a.subscriptionId),
              'inclusive-begin-timestamp': text(ss, n.inclusiveBegin),
              'inclusive-end-timestamp': text(ss, n.inclusiveEnd),
            })
          : undefined;
        return compact({
          ...h,
          type,
          message: text(root, n.message),
          'source-subscription': source,
          'content-blocks': kids(root, n.contentBlock).map(readBlock),
        }) as Taxii1Message;
      }
    }
  };

  const rootType = (root: XmlElement): { type: Taxii1MessageType } | { error: string } => {
    if (root.ns !== NS) return { error: `the root element {${root.ns}}${root.local} is not in the ${spec.title} namespace ${NS}` };
    const type = TYPE_OF_ROOT.get(root.local);
    if (type === undefined) {
      return {
        error: spec.otherRoots[root.local] ?? `${root.local} is not a message of the ${spec.title} (expected one of ${Object.values(spec.roots).join(', ')})`,
      };
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

  const writeContact = (name: string, c: ServiceContact): XmlOut =>
    el(
      q(name),
      {},
      textEl(q(n.protocolBinding), c['protocol-binding']),
      textEl(q(n.address), c.address),
      (c['message-bindings'] ?? []).map((m) => textEl(q(n.messageBinding), m)),
    );
  const writePush = (p: PushParameters | undefined, cbs: ContentBinding[] | undefined): XmlOut | undefined =>
    p
      ? el(
          q(n.pushParameters),
          {},
          textEl(q(n.protocolBinding), p['protocol-binding']),
          textEl(q(n.address), p.address),
          textEl(q(n.messageBinding), p['message-binding']),
          (cbs ?? []).map((cb) => textEl(q(n.contentBinding), cb['binding-id'])),
        )
      : undefined;
  const writeBlock = (b: ContentBlock): XmlOut =>
    el(
      q(n.contentBlock),
      {},
      textEl(q(n.contentBinding), b['content-binding']?.['binding-id']),
      el(q(n.content), {}, b.content === undefined || b.content === '' ? undefined : mixedChild(b.content)),
      textEl(q(n.timestampLabel), b['timestamp-label']),
      textEl(q(n.padding), b.padding),
    );
  const bool = (b: boolean | undefined): string | undefined => (b === undefined ? undefined : String(b));

  const serialize = (m: Taxii1Message): string => {
    const rootName = q(spec.roots[m.type]);
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
      case 'error': {
        const detail =
          m['retry-interval'] !== undefined ? String(m['retry-interval']) : m['error-detail']?.length ? m['error-detail'].map((d) => d.value).join('\n') : undefined;
        root = el(
          rootName,
          [...head, [a.errorType, m['binding-error-type'] ?? mapping.errorTypeToWire(m['error-type'])]],
          eh,
          textEl(q(n.errorDetail), detail),
          textEl(q(n.message), m.message),
        );
        break;
      }
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
              (s['content-bindings'] ?? []).map((cb) => textEl(q(n.contentBinding), cb['binding-id'])),
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
              { [a.feedName]: f['feed-name'], [a.available]: bool(f.available) },
              textEl(q(n.description), f.description),
              (f['content-bindings'] ?? []).map((cb) => textEl(q(n.contentBinding), cb['binding-id'])),
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
          [...head, [a.action, spec.actions[m.action] ?? m.action], [a.feedName, m['feed-name']], [a.subscriptionId, m['subscription-id']]],
          eh,
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
              { [a.subscriptionId]: s['subscription-id'] },
              writePush(s['push-parameters'], s['content-bindings']),
              (s['poll-instances'] ?? []).map((c) => writeContact(n.pollInstance, c)),
            ),
          ),
        );
        break;
      case 'poll-request':
        root = el(
          rootName,
          [...head, [a.feedName, m['feed-name']], [a.subscriptionId, m['subscription-id']]],
          eh,
          textEl(q(n.exclusiveBegin), m['exclusive-begin-timestamp']),
          textEl(q(n.inclusiveEnd), m['inclusive-end-timestamp']),
          (m['content-bindings'] ?? []).map((cb) => textEl(q(n.contentBinding), cb['binding-id'])),
        );
        break;
      case 'poll-response':
        root = el(
          rootName,
          [...head, [a.feedName, m['feed-name']], [a.subscriptionId, m['subscription-id']]],
          eh,
          textEl(q(n.message), m.message),
          textEl(q(n.inclusiveBegin), m['inclusive-begin-timestamp']),
          textEl(q(n.inclusiveEnd), m['inclusive-end-timestamp']),
          (m['content-blocks'] ?? []).map(writeBlock),
        );
        break;
      case 'stix-message': {
        const s = m['source-subscription'];
        root = el(
          rootName,
          head,
          eh,
          textEl(q(n.message), m.message),
          s
            ? el(
                q(n.sourceSubscription),
                { [a.feedName]: s['feed-name'], [a.subscriptionId]: s['subscription-id'] },
                textEl(q(n.inclusiveBegin), s['inclusive-begin-timestamp']),
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
    const subtypes = (where: string, cbs: Array<ContentBinding | undefined> | undefined): void => {
      if ((cbs ?? []).some((cb) => (cb?.subtypes?.length ?? 0) > 0)) out.push(`${where}: content binding subtypes are TAXII 1.1 only`);
    };
    switch (m.type) {
      case 'error':
        if (m['retry-interval'] !== undefined && m['error-detail']?.length) out.push('error-detail: the one detail field holds the retry interval');
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
        if (spec.actions[m.action] === undefined) out.push(`action: the ${spec.title} has no ${m.action} action`);
        if (m['content-bindings'] !== undefined && !m['push-parameters']) out.push('content-bindings: carried only inside push parameters');
        if (m['push-parameters'] && m['content-bindings']?.length === 0) out.push('content-bindings: an empty list is the same as none');
        subtypes('content-bindings', m['content-bindings']);
        break;
      case 'manage-feed-subscription-response':
        for (const s of m.subscriptions ?? []) {
          if (s.status !== undefined) out.push('subscriptions: no subscription status');
          if (s['content-bindings'] !== undefined && !s['push-parameters']) out.push('subscriptions: content bindings are carried only inside push parameters');
        }
        break;
      case 'poll-request':
        subtypes('content-bindings', m['content-bindings']);
        if (m['subscription-id'] !== undefined && m['content-bindings']?.length === 0) out.push('content-bindings: an empty list is the same as none');
        break;
      case 'poll-response':
        if (m['exclusive-begin-timestamp'] !== undefined) out.push('exclusive-begin-timestamp: the lower bound is stated inclusive');
        subtypes('content-blocks', (m['content-blocks'] ?? []).map((b) => b['content-binding']));
        if ((m['content-blocks'] ?? []).some((b) => b.message !== undefined)) out.push('content-blocks: no message per content block');
        break;
      case 'stix-message':
        if (m['destination-feed-names'] !== undefined) out.push('destination-feed-names: TAXII 1.1 only');
        if (m['source-subscription']?.['exclusive-begin-timestamp'] !== undefined) out.push('source-subscription: the lower bound is stated inclusive');
        subtypes('content-blocks', (m['content-blocks'] ?? []).map((b) => b['content-binding']));
        if ((m['content-blocks'] ?? []).some((b) => b.message !== undefined)) out.push('content-blocks: no message per content block');
        break;
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
    actions,
    responseBegin: 'inclusive',
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

// ---------------------------------------------------------------------------------------
// TAXII 1.0

export const NAMESPACE_10 = 'http://taxii.mitre.org/messages/taxii_xml_binding-1';

/** A random unsigned integer of up to 15 digits, as TAXII 1.0 message ids are. */
function decimalId(): string {
  const b = new Uint32Array(2);
  globalThis.crypto.getRandomValues(b);
  return String((b[0]! % 1_000_000) * 1_000_000_000 + (b[1]! % 1_000_000_000) + 1);
}

export const XML_10: Binding = classicBinding({
  id: 'xml-1.0',
  title: 'TAXII 1.0 XML Message Binding',
  namespace: NAMESPACE_10,
  prefix: 'taxii',
  contentType: IDS.messageXml10,
  protocol: IDS.protocolHttps,
  httpProtocol: IDS.protocolHttp,
  servicesVersion: IDS.services10,
  sendsServicesHeader: true,
  roots: {
    error: 'Status_Message',
    'discovery-request': 'Discovery_Request',
    'discovery-response': 'Discovery_Response',
    'feed-information-request': 'Feed_Information_Request',
    'feed-information-response': 'Feed_Information_Response',
    'manage-feed-subscription-request': 'Subscription_Management_Request',
    'manage-feed-subscription-response': 'Subscription_Management_Response',
    'poll-request': 'Poll_Request',
    'poll-response': 'Poll_Response',
    'stix-message': 'Inbox_Message',
  },
  otherRoots: {},
  a: {
    messageId: 'message_id',
    inResponseTo: 'in_response_to',
    errorType: 'status_type',
    serviceType: 'service_type',
    servicesVersion: 'service_version',
    available: 'available',
    feedName: 'feed_name',
    action: 'action',
    subscriptionId: 'subscription_id',
    headerName: 'name',
  },
  e: {
    extendedHeaders: 'Extended_Headers',
    extendedHeader: 'Extended_Header',
    errorDetail: 'Status_Detail',
    message: 'Message',
    serviceInstance: 'Service_Instance',
    protocolBinding: 'Protocol_Binding',
    address: 'Address',
    messageBinding: 'Message_Binding',
    contentBinding: 'Content_Binding',
    feed: 'Feed',
    description: 'Description',
    pushMethod: 'Push_Method',
    pollingService: 'Polling_Service',
    subscriptionService: 'Subscription_Service',
    pushParameters: 'Push_Parameters',
    subscription: 'Subscription',
    pollInstance: 'Poll_Instance',
    exclusiveBegin: 'Exclusive_Begin_Timestamp',
    inclusiveBegin: 'Inclusive_Begin_Timestamp',
    inclusiveEnd: 'Inclusive_End_Timestamp',
    contentBlock: 'Content_Block',
    content: 'Content',
    timestampLabel: 'Timestamp_Label',
    padding: 'Padding',
    sourceSubscription: 'Source_Subscription',
  },
  errorTypes: {
    'BAD-MESSAGE': 'BAD_MESSAGE',
    'UNSUPPORTED-SERVICE': undefined,
    UNAUTHORIZED: 'UNAUTHORIZED',
    DENIED: 'DENIED',
    'UNSUPPORTED-PROTOCOL': 'UNSUPPORTED_PROTOCOL',
    'UNSUPPORTED-MESSAGE': 'UNSUPPORTED_MESSAGE',
    'UNSUPPORTED-CONTENT': 'UNSUPPORTED_CONTENT',
    'NOT-FOUND': 'NOT_FOUND',
    'UNRECOGNIZED-VALUE': undefined,
    PENDING: 'RETRY',
    FAILURE: 'FAILURE',
    SUCCESS: 'SUCCESS',
  },
  extraErrorTypes: { POLLING_UNSUPPORTED: 'UNSUPPORTED-SERVICE' },
  serviceTypes: { DISCOVERY: 'DISCOVERY', 'FEED-MANAGEMENT': 'FEED_MANAGEMENT', POLL: 'POLL', INBOX: 'INBOX' },
  actions: { SUBSCRIBE: 'SUBSCRIBE', UNSUBSCRIBE: 'UNSUBSCRIBE', STATUS: 'STATUS' },
  messageId: {
    test: (id) => /^[0-9]+$/.test(id),
    format: 'an unsigned integer (TAXII 1.0: digits only)',
    generate: decimalId,
    unknown: '0',
  },
});
