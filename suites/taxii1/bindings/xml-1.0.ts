// The TAXII 1.0 XML Message Binding (namespace
// http://taxii.mitre.org/messages/taxii_xml_binding-1): a table over the one engine
// (xml-engine.ts). It has the shape of the 2012 draft binding (feeds, one plain
// Status_Detail, content bindings as text, subscription and feed names as attributes) and
// differs from it in names, enumerations and message-id format.
import { IDS } from '../model.js';
import type { Binding } from './xml-common.js';
import { bindingOf, type BindingSpec } from './xml-engine.js';

/** The shape TAXII 1.0 and the 2012 draft share (TAXII 1.1's differs: xml-1.1.ts). */
export const CLASSIC_SHAPE: Pick<
  BindingSpec,
  | 'responseBegin'
  | 'contentBinding'
  | 'statusDetail'
  | 'requestParameters'
  | 'pollResponseAttributes'
  | 'subscriptionStatus'
  | 'blockMessage'
  | 'pollResponseMessageFirst'
  | 'sourceSubscriptionIdRequired'
> = {
  responseBegin: 'inclusive',
  contentBinding: 'text',
  statusDetail: 'text',
  requestParameters: undefined,
  pollResponseAttributes: [],
  subscriptionStatus: undefined,
  blockMessage: false,
  pollResponseMessageFirst: true,
  sourceSubscriptionIdRequired: false,
};

export const NAMESPACE_10 = 'http://taxii.mitre.org/messages/taxii_xml_binding-1';

/** A random unsigned integer of up to 15 digits, as TAXII 1.0 message ids are. */
function decimalId(): string {
  const b = new Uint32Array(2);
  globalThis.crypto.getRandomValues(b);
  return String((b[0]! % 1_000_000) * 1_000_000_000 + (b[1]! % 1_000_000_000) + 1);
}

/** TAXII 1.0's table (TAXII 1.1 keeps its element and attribute names, but for collections: xml-1.1.ts). */
export const SPEC_10: BindingSpec = {
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
  otherRoots: {
    Poll_Fulfillment: 'Poll_Fulfillment is a TAXII 1.1 message: the TAXII 1.0 XML Message Binding answers every poll whole (no multi-part results)',
  },
  a: {
    messageId: 'message_id',
    inResponseTo: 'in_response_to',
    errorType: 'status_type',
    serviceType: 'service_type',
    servicesVersion: 'service_version',
    available: 'available',
    feedName: 'feed_name',
    action: 'action',
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
    responseBegin: 'Inclusive_Begin_Timestamp',
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
  subscriptionId: { attribute: 'subscription_id' },
  otherElements: [],
  opaqueOtherElements: [],
  ...CLASSIC_SHAPE,
};

export const XML_10: Binding = bindingOf(SPEC_10);
