// The TAXII 1.1 XML Message Binding (namespace
// http://taxii.mitre.org/messages/taxii_xml_binding-1.1), the one deployed 1.x software
// (libtaxii, cabby, OpenTAXII) speaks by default. Feeds are "Data Collections" here, the
// Error message is the Status Message, the STIX message the Inbox Message; message ids are
// URIs (libtaxii writes UUIDs or decimal numbers). Element order follows the binding's XSD.
import { randomUUID } from 'node:crypto';
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
  URI_ID,
  mixedChild,
  mixedValue,
  parseXml,
  renderXml,
  textEl,
  textValue,
  xsBoolean,
  type Binding,
  type ParseResult,
  type XmlElement,
  type XmlLimits,
  type XmlOut,
} from './xml-common.js';

export const NAMESPACE_11 = 'http://taxii.mitre.org/messages/taxii_xml_binding-1.1';
const NS = NAMESPACE_11;
const P = 'taxii_11';
const q = (local: string): string => `${P}:${local}`;

const ROOTS: Record<Taxii1MessageType, string> = {
  error: 'Status_Message',
  'discovery-request': 'Discovery_Request',
  'discovery-response': 'Discovery_Response',
  'feed-information-request': 'Collection_Information_Request',
  'feed-information-response': 'Collection_Information_Response',
  'manage-feed-subscription-request': 'Subscription_Management_Request',
  'manage-feed-subscription-response': 'Subscription_Management_Response',
  'poll-request': 'Poll_Request',
  'poll-response': 'Poll_Response',
  'stix-message': 'Inbox_Message',
};
const TYPE_OF_ROOT = new Map(Object.entries(ROOTS).map(([t, r]) => [r, t as Taxii1MessageType]));
/** Roots of the binding with no counterpart in the data model. */
const OTHER_ROOTS: Record<string, string> = {
  Poll_Fulfillment: 'Poll_Fulfillment (TAXII 1.1 asynchronous polling) has no counterpart in the data model',
};

const ERROR_NAMES: Record<ErrorType, string | undefined> = {
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
};
/** Status types only TAXII 1.x has, read as the nearest data-model type. */
const EXTRA_ERROR_TYPES: Record<string, ErrorType> = {
  PENDING: 'PENDING',
  POLLING_UNSUPPORTED: 'UNSUPPORTED-SERVICE',
  ASYNCHRONOUS_POLL_ERROR: 'FAILURE',
  DESTINATION_COLLECTION_ERROR: 'FAILURE',
  INVALID_RESPONSE_PART: 'FAILURE',
  NETWORK_ERROR: 'FAILURE',
  UNSUPPORTED_QUERY: 'FAILURE',
};
const SERVICE_TYPES: Record<ServiceType, string> = {
  DISCOVERY: 'DISCOVERY',
  'FEED-MANAGEMENT': 'COLLECTION_MANAGEMENT',
  POLL: 'POLL',
  INBOX: 'INBOX',
};
const SERVICE_TYPE_OF = new Map(Object.entries(SERVICE_TYPES).map(([m, w]) => [w, m as ServiceType]));
const ACTIONS: readonly SubscriptionAction[] = ['SUBSCRIBE', 'UNSUBSCRIBE', 'PAUSE', 'RESUME', 'STATUS'];

const VOCABULARY = new Set([
  'Extended_Headers', 'Extended_Header', 'Status_Detail', 'Detail', 'Message', 'Service_Instance', 'Protocol_Binding',
  'Address', 'Message_Binding', 'Supported_Query', 'Content_Binding', 'Subtype', 'Collection', 'Description',
  'Collection_Volume', 'Push_Method', 'Polling_Service', 'Subscription_Service', 'Receiving_Inbox_Service',
  'Subscription_ID', 'Subscription_Parameters', 'Response_Type', 'Query', 'Push_Parameters', 'Subscription',
  'Poll_Instance', 'Exclusive_Begin_Timestamp', 'Inclusive_End_Timestamp', 'Poll_Parameters', 'Delivery_Parameters',
  'Record_Count', 'Content_Block', 'Content', 'Timestamp_Label', 'Padding', 'Destination_Collection_Name',
  'Source_Subscription',
]);
const OPAQUE = new Set(['Extended_Header', 'Detail', 'Content', 'Query', 'Supported_Query']);
/** Required attributes per element (the XSD's use="required"). */
const REQUIRED_ATTRS: Record<string, string[]> = {
  Status_Message: ['status_type'],
  Service_Instance: ['service_type', 'service_version'],
  Collection: ['collection_name'],
  Subscription_Management_Request: ['action', 'collection_name'],
  Subscription_Management_Response: ['collection_name'],
  Poll_Request: ['collection_name'],
  Poll_Response: ['collection_name'],
  Source_Subscription: ['collection_name'],
  Content_Binding: ['binding_id'],
  Subtype: ['subtype_id'],
  Extended_Header: ['name'],
  Detail: ['name'],
};

// ---------------------------------------------------------------------------------------
// Reading

const kids = (e: XmlElement, local: string): XmlElement[] => children(e, NS, local);
const one = (e: XmlElement, local: string): XmlElement | undefined => child(e, NS, local);
const text = (e: XmlElement, local: string): string | undefined => textValue(child(e, NS, local));
const texts = (e: XmlElement, local: string): string[] => kids(e, local).map((k) => textValue(k) ?? '');
const list = <T>(items: T[]): T[] | undefined => (items.length > 0 ? items : undefined);

function readHeader(root: XmlElement, type: Taxii1MessageType): MessageHeader {
  const eh = one(root, 'Extended_Headers');
  const headers: ExtendedHeader[] | undefined = eh
    ? kids(eh, 'Extended_Header').map((h) => ({ name: attr(h, 'name') ?? '', value: mixedValue(h) }))
    : undefined;
  return compact({
    type,
    'message-id': attr(root, 'message_id') as string,
    'in-response-to': isResponseType(type) ? attr(root, 'in_response_to') : undefined,
    'extended-headers': headers,
  });
}

function readContentBinding(e: XmlElement): ContentBinding {
  const subtypes = kids(e, 'Subtype').map((s) => attr(s, 'subtype_id') ?? '');
  return compact({ 'binding-id': attr(e, 'binding_id') ?? '', subtypes: list(subtypes) });
}

function readContact(e: XmlElement): ServiceContact {
  return {
    'protocol-binding': text(e, 'Protocol_Binding') as string,
    address: text(e, 'Address') as string,
    'message-bindings': texts(e, 'Message_Binding'),
  };
}

function readPush(e: XmlElement | undefined): PushParameters | undefined {
  if (!e) return undefined;
  return {
    'protocol-binding': text(e, 'Protocol_Binding') as string,
    address: text(e, 'Address') as string,
    'message-binding': text(e, 'Message_Binding') as string,
  };
}

/** Subscription_Parameters / Poll_Parameters content bindings: present (maybe []) iff the element is. */
function readParamBindings(e: XmlElement | undefined): ContentBinding[] | undefined {
  return e ? kids(e, 'Content_Binding').map(readContentBinding) : undefined;
}

function readBlock(e: XmlElement): ContentBlock {
  const cb = one(e, 'Content_Binding');
  const content = one(e, 'Content');
  return compact({
    'content-binding': cb ? readContentBinding(cb) : (undefined as unknown as ContentBinding),
    content: content ? mixedValue(content) : (undefined as unknown as string),
    'timestamp-label': text(e, 'Timestamp_Label'),
    message: text(e, 'Message'),
    padding: text(e, 'Padding'),
  });
}

function readMessage(root: XmlElement, type: Taxii1MessageType): Taxii1Message {
  const h = readHeader(root, type);
  switch (type) {
    case 'error': {
      const wire = attr(root, 'status_type');
      const mapped = wire === undefined ? undefined : mapping.errorTypeFromWire(wire);
      const details: Array<{ name?: string; value: string }> = [];
      let retry: number | undefined;
      const sd = one(root, 'Status_Detail');
      for (const d of sd ? kids(sd, 'Detail') : []) {
        const name = attr(d, 'name');
        const value = mixedValue(d);
        if (mapped?.type === 'PENDING' && name === 'ESTIMATED_WAIT' && /^[0-9]{1,9}$/.test(value) && retry === undefined) {
          retry = Number(value);
        } else {
          details.push(compact({ name, value }));
        }
      }
      return compact({
        ...h,
        type: 'error',
        'error-type': mapped?.type as ErrorType,
        'binding-error-type': wire !== undefined && wire !== mapping.errorTypeToWire(mapped!.type) ? wire : undefined,
        'retry-interval': retry,
        'error-detail': list(details),
        message: text(root, 'Message'),
      }) as Taxii1Message;
    }
    case 'discovery-request':
    case 'feed-information-request':
      return h as Taxii1Message;
    case 'discovery-response':
      return {
        ...h,
        type,
        services: kids(root, 'Service_Instance').map((s) => {
          const wireType = attr(s, 'service_type') ?? '';
          return compact({
            'service-type': (SERVICE_TYPE_OF.get(wireType) ?? wireType) as ServiceType,
            'services-version': attr(s, 'service_version') as string,
            ...readContact(s),
            'content-bindings': list(kids(s, 'Content_Binding').map(readContentBinding)),
            available: xsBoolean(attr(s, 'available')),
            message: text(s, 'Message'),
          });
        }),
      } as Taxii1Message;
    case 'feed-information-response':
      return {
        ...h,
        type,
        feeds: kids(root, 'Collection').map((c) =>
          compact({
            'feed-name': attr(c, 'collection_name') as string,
            description: text(c, 'Description') as string,
            'content-bindings': kids(c, 'Content_Binding').map(readContentBinding),
            'push-methods': list(
              kids(c, 'Push_Method').map((m) => ({
                'protocol-binding': text(m, 'Protocol_Binding') as string,
                'message-bindings': texts(m, 'Message_Binding'),
              })),
            ),
            'polling-services': list(kids(c, 'Polling_Service').map(readContact)),
            'subscription-services': list(kids(c, 'Subscription_Service').map(readContact)),
            available: xsBoolean(attr(c, 'available')),
          }),
        ),
      } as Taxii1Message;
    case 'manage-feed-subscription-request':
      return compact({
        ...h,
        type,
        action: attr(root, 'action') as SubscriptionAction,
        'feed-name': attr(root, 'collection_name') as string,
        'subscription-id': text(root, 'Subscription_ID'),
        'push-parameters': readPush(one(root, 'Push_Parameters')),
        'content-bindings': readParamBindings(one(root, 'Subscription_Parameters')),
      }) as Taxii1Message;
    case 'manage-feed-subscription-response':
      return compact({
        ...h,
        type,
        'feed-name': attr(root, 'collection_name') as string,
        message: text(root, 'Message'),
        subscriptions: kids(root, 'Subscription').map(
          (s): SubscriptionRecord =>
            compact({
              'subscription-id': text(s, 'Subscription_ID') as string,
              status: attr(s, 'status') as SubscriptionRecord['status'],
              'push-parameters': readPush(one(s, 'Push_Parameters')),
              'content-bindings': readParamBindings(one(s, 'Subscription_Parameters')),
              'poll-instances': list(kids(s, 'Poll_Instance').map(readContact)),
            }),
        ),
      }) as Taxii1Message;
    case 'poll-request':
      return compact({
        ...h,
        type,
        'feed-name': attr(root, 'collection_name') as string,
        'exclusive-begin-timestamp': text(root, 'Exclusive_Begin_Timestamp'),
        'inclusive-end-timestamp': text(root, 'Inclusive_End_Timestamp'),
        'subscription-id': text(root, 'Subscription_ID'),
        'content-bindings': readParamBindings(one(root, 'Poll_Parameters')),
      }) as Taxii1Message;
    case 'poll-response':
      return compact({
        ...h,
        type,
        'feed-name': attr(root, 'collection_name') as string,
        'subscription-id': text(root, 'Subscription_ID'),
        'exclusive-begin-timestamp': text(root, 'Exclusive_Begin_Timestamp'),
        'inclusive-end-timestamp': text(root, 'Inclusive_End_Timestamp') as string,
        message: text(root, 'Message'),
        'content-blocks': kids(root, 'Content_Block').map(readBlock),
      }) as Taxii1Message;
    case 'stix-message': {
      const ss = one(root, 'Source_Subscription');
      const source: SourceSubscription | undefined = ss
        ? compact({
            'feed-name': attr(ss, 'collection_name') as string,
            'subscription-id': text(ss, 'Subscription_ID'),
            'exclusive-begin-timestamp': text(ss, 'Exclusive_Begin_Timestamp'),
            'inclusive-end-timestamp': text(ss, 'Inclusive_End_Timestamp'),
          })
        : undefined;
      return compact({
        ...h,
        type,
        message: text(root, 'Message'),
        'source-subscription': source,
        'destination-feed-names': list(texts(root, 'Destination_Collection_Name')),
        'content-blocks': kids(root, 'Content_Block').map(readBlock),
      }) as Taxii1Message;
    }
  }
}

function rootType(root: XmlElement): { type: Taxii1MessageType } | { error: string } {
  if (root.ns !== NS) {
    return { error: `the root element {${root.ns}}${root.local} is not in the TAXII 1.1 namespace ${NS}` };
  }
  const type = TYPE_OF_ROOT.get(root.local);
  if (type === undefined) {
    return { error: OTHER_ROOTS[root.local] ?? `${root.local} is not a TAXII 1.1 message (expected one of ${Object.values(ROOTS).join(', ')})` };
  }
  return { type };
}

function parse(xml: string, limits?: Partial<XmlLimits>): ParseResult {
  const doc = parseXml(xml, limits);
  if (!doc.ok) return { ok: false, error: doc.error };
  const t = rootType(doc.root);
  if ('error' in t) return { ok: false, error: t.error };
  return { ok: true, message: readMessage(doc.root, t.type) };
}

// ---------------------------------------------------------------------------------------
// Writing

const mapping = errorTypeMapping(ERROR_NAMES, EXTRA_ERROR_TYPES, ERROR_TYPES);

function writeContentBinding(name: string, cb: ContentBinding, maxSubtypes = Infinity): XmlOut {
  return el(
    q(name),
    { binding_id: cb['binding-id'] },
    (cb.subtypes ?? []).slice(0, maxSubtypes).map((s) => el(q('Subtype'), { subtype_id: s })),
  );
}

function writeContact(name: string, c: ServiceContact): XmlOut {
  return el(
    q(name),
    {},
    textEl(q('Protocol_Binding'), c['protocol-binding']),
    textEl(q('Address'), c.address),
    (c['message-bindings'] ?? []).map((m) => textEl(q('Message_Binding'), m)),
  );
}

function writePush(p: PushParameters | undefined): XmlOut | undefined {
  if (!p) return undefined;
  return el(
    q('Push_Parameters'),
    {},
    textEl(q('Protocol_Binding'), p['protocol-binding']),
    textEl(q('Address'), p.address),
    textEl(q('Message_Binding'), p['message-binding']),
  );
}

function writeParams(name: 'Subscription_Parameters' | 'Poll_Parameters', cbs: ContentBinding[] | undefined): XmlOut | undefined {
  if (cbs === undefined) return undefined;
  return el(
    q(name),
    name === 'Poll_Parameters' ? { allow_asynch: 'false' } : {},
    textEl(q('Response_Type'), 'FULL'),
    cbs.map((cb) => writeContentBinding('Content_Binding', cb)),
  );
}

function writeBlock(b: ContentBlock): XmlOut {
  return el(
    q('Content_Block'),
    {},
    b['content-binding'] ? writeContentBinding('Content_Binding', b['content-binding'], 1) : undefined,
    el(q('Content'), {}, b.content === undefined || b.content === '' ? undefined : mixedChild(b.content)),
    textEl(q('Timestamp_Label'), b['timestamp-label']),
    textEl(q('Message'), b.message),
    textEl(q('Padding'), b.padding),
  );
}

const bool = (b: boolean | undefined): string | undefined => (b === undefined ? undefined : String(b));

function serialize(m: Taxii1Message): string {
  const rootName = q(ROOTS[m.type]);
  const head: Array<[string, string | undefined]> = [
    [`xmlns:${P}`, NS],
    ['message_id', m['message-id']],
    ['in_response_to', isResponseType(m.type) ? m['in-response-to'] : undefined],
  ];
  const eh = m['extended-headers']?.length
    ? el(q('Extended_Headers'), {}, m['extended-headers'].map((h) => el(q('Extended_Header'), { name: h.name }, h.value === '' ? undefined : mixedChild(h.value))))
    : undefined;
  let root: XmlOut;
  switch (m.type) {
    case 'error': {
      const details = [
        ...(m['retry-interval'] !== undefined ? [{ name: 'ESTIMATED_WAIT', value: String(m['retry-interval']) }] : []),
        ...(m['error-detail'] ?? []),
      ];
      root = el(
        rootName,
        [...head, ['status_type', m['binding-error-type'] ?? mapping.errorTypeToWire(m['error-type'])]],
        eh,
        details.length
          ? el(q('Status_Detail'), {}, details.map((d) => el(q('Detail'), { name: d.name ?? 'DETAIL' }, d.value === '' ? undefined : mixedChild(d.value))))
          : undefined,
        textEl(q('Message'), m.message),
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
            q('Service_Instance'),
            { service_type: SERVICE_TYPES[s['service-type']] ?? s['service-type'], service_version: s['services-version'], available: bool(s.available) },
            textEl(q('Protocol_Binding'), s['protocol-binding']),
            textEl(q('Address'), s.address),
            (s['message-bindings'] ?? []).map((b) => textEl(q('Message_Binding'), b)),
            (s['content-bindings'] ?? []).map((cb) => writeContentBinding('Content_Binding', cb)),
            textEl(q('Message'), s.message),
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
            q('Collection'),
            { collection_name: f['feed-name'], collection_type: 'DATA_FEED', available: bool(f.available) },
            textEl(q('Description'), f.description),
            (f['content-bindings'] ?? []).map((cb) => writeContentBinding('Content_Binding', cb)),
            (f['push-methods'] ?? []).map((pm) =>
              el(q('Push_Method'), {}, textEl(q('Protocol_Binding'), pm['protocol-binding']), (pm['message-bindings'] ?? []).map((b) => textEl(q('Message_Binding'), b))),
            ),
            (f['polling-services'] ?? []).map((c) => writeContact('Polling_Service', c)),
            (f['subscription-services'] ?? []).map((c) => writeContact('Subscription_Service', c)),
          ),
        ),
      );
      break;
    case 'manage-feed-subscription-request':
      root = el(
        rootName,
        [...head, ['action', m.action], ['collection_name', m['feed-name']]],
        eh,
        textEl(q('Subscription_ID'), m['subscription-id']),
        writeParams('Subscription_Parameters', m['content-bindings']),
        writePush(m['push-parameters']),
      );
      break;
    case 'manage-feed-subscription-response':
      root = el(
        rootName,
        [...head, ['collection_name', m['feed-name']]],
        eh,
        textEl(q('Message'), m.message),
        (m.subscriptions ?? []).map((s) =>
          el(
            q('Subscription'),
            { status: s.status },
            textEl(q('Subscription_ID'), s['subscription-id']),
            writeParams('Subscription_Parameters', s['content-bindings']),
            writePush(s['push-parameters']),
            (s['poll-instances'] ?? []).map((c) => writeContact('Poll_Instance', c)),
          ),
        ),
      );
      break;
    case 'poll-request':
      root = el(
        rootName,
        [...head, ['collection_name', m['feed-name']]],
        eh,
        textEl(q('Exclusive_Begin_Timestamp'), m['exclusive-begin-timestamp']),
        textEl(q('Inclusive_End_Timestamp'), m['inclusive-end-timestamp']),
        m['subscription-id'] !== undefined
          ? textEl(q('Subscription_ID'), m['subscription-id'])
          : writeParams('Poll_Parameters', m['content-bindings'] ?? []),
      );
      break;
    case 'poll-response':
      root = el(
        rootName,
        [...head, ['collection_name', m['feed-name']], ['more', 'false']],
        eh,
        textEl(q('Subscription_ID'), m['subscription-id']),
        textEl(q('Exclusive_Begin_Timestamp'), m['exclusive-begin-timestamp']),
        textEl(q('Inclusive_End_Timestamp'), m['inclusive-end-timestamp']),
        textEl(q('Message'), m.message),
        (m['content-blocks'] ?? []).map(writeBlock),
      );
      break;
    case 'stix-message': {
      const s = m['source-subscription'];
      root = el(
        rootName,
        head,
        eh,
        (m['destination-feed-names'] ?? []).map((d) => textEl(q('Destination_Collection_Name'), d)),
        textEl(q('Message'), m.message),
        s
          ? el(
              q('Source_Subscription'),
              { collection_name: s['feed-name'] },
              textEl(q('Subscription_ID'), s['subscription-id']),
              textEl(q('Exclusive_Begin_Timestamp'), s['exclusive-begin-timestamp']),
              textEl(q('Inclusive_End_Timestamp'), s['inclusive-end-timestamp']),
            )
          : undefined,
        (m['content-blocks'] ?? []).map(writeBlock),
      );
      break;
    }
  }
  return renderXml(root);
}

// ---------------------------------------------------------------------------------------
// Rules

function checkRules(xml: string, limits?: Partial<XmlLimits>): string[] {
  const doc = parseXml(xml, limits);
  if (!doc.ok) return [doc.error];
  const root = doc.root;
  const out: string[] = [];
  const t = rootType(root);
  if ('error' in t) return [t.error];
  idRule('message_id', attr(root, 'message_id'), XML_11, out);
  const irt = attr(root, 'in_response_to');
  if (isResponseType(t.type)) inResponseToRule('in_response_to', irt, out);
  else if (irt !== undefined) out.push(`in_response_to is not an attribute of ${root.local} (a request)`);
  checkVocabulary(root, NS, VOCABULARY, OPAQUE, out);
  const walk = (e: XmlElement, path: string): void => {
    for (const a of REQUIRED_ATTRS[e.local] ?? []) if (attr(e, a) === undefined) out.push(`${path}: the required attribute ${a} is missing`);
    if (OPAQUE.has(e.local)) return;
    for (const c of children(e, NS)) walk(c, `${path}/${c.local}`);
  };
  walk(root, `/${root.local}`);
  if (t.type === 'poll-request') {
    const n = kids(root, 'Subscription_ID').length + kids(root, 'Poll_Parameters').length;
    if (n !== 1) out.push(`/Poll_Request: exactly one of Subscription_ID or Poll_Parameters must be present (found ${n})`);
  }
  if (t.type === 'manage-feed-subscription-request') {
    const action = attr(root, 'action');
    if (action !== undefined && !(ACTIONS as readonly string[]).includes(action)) {
      out.push(`/Subscription_Management_Request: action ${JSON.stringify(action)} is not one of ${ACTIONS.join(', ')}`);
    }
  }
  return out;
}

function unrepresentable(m: Taxii1Message): string[] {
  const out: string[] = [];
  const cbs = (where: string, list: ContentBinding[] | undefined, max = Infinity): void => {
    for (const cb of list ?? []) if ((cb.subtypes?.length ?? 0) > max) out.push(`${where}: a content block's binding holds at most one subtype in TAXII 1.1`);
  };
  switch (m.type) {
    case 'error':
      if (m['error-detail']?.some((d) => d.name === undefined)) out.push('error-detail: TAXII 1.1 details have names (written as DETAIL)');
      break;
    case 'manage-feed-subscription-request':
      if (!ACTIONS.includes(m.action)) out.push(`action: TAXII 1.1 has no ${m.action} action`);
      break;
    case 'poll-request':
      if (m['subscription-id'] !== undefined && m['content-bindings'] !== undefined) {
        out.push('content-bindings: a TAXII 1.1 Poll Request carries a Subscription_ID or Poll_Parameters, not both (content bindings dropped)');
      }
      break;
    case 'poll-response':
      if (m['inclusive-begin-timestamp'] !== undefined) out.push('inclusive-begin-timestamp: TAXII 1.1 states the lower bound as Exclusive_Begin_Timestamp');
      for (const b of m['content-blocks'] ?? []) cbs('content-blocks', [b['content-binding']], 1);
      break;
    case 'stix-message': {
      const s = m['source-subscription'];
      if (s && s['subscription-id'] === undefined) out.push('source-subscription: TAXII 1.1 requires its Subscription_ID');
      if (s?.['inclusive-begin-timestamp'] !== undefined) out.push('source-subscription: TAXII 1.1 states the lower bound as Exclusive_Begin_Timestamp');
      for (const b of m['content-blocks'] ?? []) cbs('content-blocks', [b['content-binding']], 1);
      break;
    }
    default:
      break;
  }
  return out;
}

export const XML_11: Binding = {
  id: 'xml-1.1',
  title: 'TAXII 1.1 XML Message Binding',
  namespace: NS,
  prefix: P,
  contentType: IDS.messageXml11,
  protocol: IDS.protocolHttps,
  httpProtocol: IDS.protocolHttp,
  servicesVersion: IDS.services11,
  sendsServicesHeader: true,
  mediaType: 'application/xml',
  roots: ROOTS,
  actions: ACTIONS,
  responseBegin: 'exclusive',
  serviceTypes: SERVICE_TYPES,
  ...mapping,
  isMessageId: (id) => URI_ID.test(id),
  messageIdFormat: 'a URI (TAXII 1.1: xs:anyURI, no white space)',
  newMessageId: () => randomUUID(),
  unknownMessageId: '0',
  parse,
  serialize,
  checkRules,
  unrepresentable,
};
