// A sample of every TAXII 1.x message type (several for some), each representable in the
// binding it is made for: shared by the binding round-trip test and the golden test.
import type { Binding } from '../../suites/taxii1/bindings/index.js';
import { IDS, type ContentBinding, type Taxii1Message } from '../../suites/taxii1/model.js';

export const STIX = IDS.stix111;
export const PACKAGE =
  '<stix:STIX_Package xmlns:stix="http://stix.mitre.org/stix-1" xmlns:example="http://example.com" id="example:Package-1" version="1.1.1">' +
  '<stix:STIX_Header><stix:Title>Bad &amp; worse</stix:Title></stix:STIX_Header></stix:STIX_Package>';

/** Message ids in each binding's own format. */
export const IDS_OF: Record<string, [string, string]> = {
  'xml-1.1': ['urn:uuid:3f1c7a2e-0b7d-4c1e-9a55-2d8f3e1b6c90', '5a1c3e0f-2b4d-4f6a-8c9e-1d2f3a4b5c6d'],
  'xml-1.0': ['12345', '67890'],
  'xml-1.0-draft': ['0123456789abcdef0123456789ABCDEF', '01234567-89ab-cdef-0123-456789abcdef'],
};

function cbs(b: Binding, ...ids: string[]): ContentBinding[] {
  return ids.map((id, i) => (b.id === 'xml-1.1' && i === 0 ? { 'binding-id': id, subtypes: ['urn:example:subtype'] } : { 'binding-id': id }));
}

/** A sample of every message type (several for some), each representable in binding `b`. */
export function samples(b: Binding): Taxii1Message[] {
  const [id, req] = IDS_OF[b.id]!;
  const one11 = b.id === 'xml-1.1';
  const h = { 'message-id': id };
  const r = { 'message-id': id, 'in-response-to': req };
  const ext = [
    { name: 'urn:example:header:priority', value: 'high & urgent' },
    { name: 'urn:example:header:xml', value: '<v:value xmlns:v="urn:example:v" kind="a">1</v:value>' },
  ];
  const contact = { 'protocol-binding': IDS.protocolHttps, address: 'https://taxii.example.com/poll', 'message-bindings': [b.contentType] };
  const push = { 'protocol-binding': IDS.protocolHttps, address: 'https://consumer.example.com/inbox', 'message-binding': b.contentType };
  const block = (n: number, content: string) => ({
    'content-binding': one11 && n === 0 ? { 'binding-id': STIX, subtypes: ['urn:example:subtype'] } : { 'binding-id': STIX },
    content,
    'timestamp-label': `2016-01-01T00:0${n}:00.123456Z`,
    ...(n === 1 ? { padding: 'xxxx' } : {}),
    ...(one11 && n === 1 ? { message: 'a block message' } : {}),
  });
  const begin = b.responseBegin === 'exclusive' ? 'exclusive-begin-timestamp' : 'inclusive-begin-timestamp';
  const out: Taxii1Message[] = [
    { type: 'error', ...r, 'extended-headers': ext, 'error-type': 'NOT-FOUND', 'error-detail': [one11 ? { name: 'ITEM', value: 'indicators' } : { value: 'indicators' }], message: 'no feed named "indicators" <here>' },
    { type: 'error', ...r, 'error-type': 'PENDING', 'retry-interval': 30, message: 'come back later' },
    { type: 'error', ...r, 'error-type': 'UNSUPPORTED-SERVICE' },
    { type: 'error', ...r, 'error-type': 'UNRECOGNIZED-VALUE', message: 'action FROB' },
    { type: 'error', ...r, 'error-type': 'SUCCESS' },
    { type: 'error', ...r, 'error-type': 'FAILURE', 'binding-error-type': 'urn:example:status:teapot' },
    { type: 'discovery-request', ...h, 'extended-headers': ext },
    { type: 'discovery-request', ...h },
    {
      type: 'discovery-response',
      ...r,
      services: [
        { 'service-type': 'DISCOVERY', 'services-version': b.servicesVersion, ...contact, address: 'https://taxii.example.com/discovery', available: true },
        { 'service-type': 'FEED-MANAGEMENT', 'services-version': b.servicesVersion, ...contact, 'message-bindings': [b.contentType, IDS.messageXml10] },
        { 'service-type': 'POLL', 'services-version': b.servicesVersion, ...contact, available: false, message: 'poll here' },
        { 'service-type': 'INBOX', 'services-version': b.servicesVersion, ...contact, 'content-bindings': cbs(b, STIX, IDS.stix11) },
      ],
    },
    { type: 'discovery-response', ...r, services: [] },
    { type: 'feed-information-request', ...h },
    {
      type: 'feed-information-response',
      ...r,
      feeds: [
        {
          'feed-name': 'indicators',
          description: 'Seeded indicators',
          'content-bindings': cbs(b, STIX),
          'push-methods': [{ 'protocol-binding': IDS.protocolHttps, 'message-bindings': [b.contentType] }],
          'polling-services': [contact],
          'subscription-services': [{ ...contact, address: 'https://taxii.example.com/feed-management' }],
          available: true,
        },
        { 'feed-name': 'restricted', description: '', 'content-bindings': cbs(b, STIX, IDS.stix12), 'polling-services': [contact], available: false },
      ],
    },
    ...b.actions.map(
      (action): Taxii1Message =>
        action === 'SUBSCRIBE' || action === 'MODIFY'
          ? {
              type: 'manage-feed-subscription-request',
              ...h,
              action,
              'feed-name': 'indicators',
              ...(action === 'MODIFY' ? { 'subscription-id': 'sub-1' } : {}),
              'push-parameters': push,
              'content-bindings': cbs(b, STIX),
            }
          : { type: 'manage-feed-subscription-request', ...h, action, 'feed-name': 'indicators', 'subscription-id': 'sub-1' },
    ),
    { type: 'manage-feed-subscription-request', ...h, action: 'SUBSCRIBE', 'feed-name': 'indicators' },
    { type: 'manage-feed-subscription-request', ...h, action: 'STATUS', 'feed-name': 'indicators' },
    {
      type: 'manage-feed-subscription-response',
      ...r,
      'feed-name': 'indicators',
      message: 'subscribed',
      subscriptions: [
        { 'subscription-id': 'sub-1', ...(one11 ? { status: 'PAUSED' as const } : {}), 'push-parameters': push, 'content-bindings': cbs(b, STIX) },
        { 'subscription-id': 'sub-2', ...(one11 ? { status: 'ACTIVE' as const, 'content-bindings': [] } : {}), 'poll-instances': [contact] },
      ],
    },
    { type: 'manage-feed-subscription-response', ...r, 'feed-name': 'indicators', subscriptions: [] },
    { type: 'poll-request', ...h, 'feed-name': 'indicators', 'exclusive-begin-timestamp': '2016-01-01T00:00:00Z', 'inclusive-end-timestamp': '2016-01-02T00:00:00.5+01:00', 'content-bindings': cbs(b, STIX, IDS.stix11) },
    { type: 'poll-request', ...h, 'feed-name': 'indicators', 'subscription-id': 'sub-1' },
    { type: 'poll-request', ...h, 'feed-name': 'indicators', 'content-bindings': [] },
    {
      type: 'poll-response',
      ...r,
      'feed-name': 'indicators',
      'subscription-id': 'sub-1',
      [begin]: '2016-01-01T00:00:00Z',
      'inclusive-end-timestamp': '2016-01-02T00:00:00Z',
      message: 'two blocks',
      'content-blocks': [block(0, PACKAGE), block(1, 'plain text & <escaped> content')],
    } as Taxii1Message,
    { type: 'poll-response', ...r, 'feed-name': 'indicators', 'inclusive-end-timestamp': '2016-01-02T00:00:00Z', 'content-blocks': [] },
    // TAXII 1.1 multi-part results: a first part announcing more, a later (last) part, a Poll Fulfillment Request.
    ...(b.multiPart
      ? ([
          { type: 'poll-response', ...r, 'feed-name': 'indicators', 'inclusive-end-timestamp': '2016-01-02T00:00:00Z', more: true, 'result-id': 'urn:example:result:1', 'result-part-number': 1, 'content-blocks': [block(0, PACKAGE)] },
          { type: 'poll-response', ...r, 'feed-name': 'indicators', 'inclusive-end-timestamp': '2016-01-02T00:00:00Z', 'result-id': 'urn:example:result:1', 'result-part-number': 2, 'content-blocks': [block(1, 'text')] },
          { type: 'poll-fulfillment', ...h, 'feed-name': 'indicators', 'result-id': 'urn:example:result:1', 'result-part-number': 2 },
          { type: 'poll-fulfillment', ...h, 'feed-name': 'indicators', 'result-id': 'urn:example:result:1' },
        ] as Taxii1Message[])
      : []),
    { type: 'stix-message', ...h, message: 'unsolicited', 'content-blocks': [block(0, PACKAGE)] },
    {
      type: 'stix-message',
      ...h,
      'source-subscription': {
        'feed-name': 'indicators',
        'subscription-id': 'sub-1',
        [begin]: '2016-01-01T00:00:00Z',
        'inclusive-end-timestamp': '2016-01-02T00:00:00Z',
      },
      ...(one11 ? { 'destination-feed-names': ['shared', 'other'] } : {}),
      'content-blocks': [block(0, PACKAGE), block(1, 'text')],
    } as Taxii1Message,
    { type: 'stix-message', ...h, 'content-blocks': [] },
  ];
  return out;
}
