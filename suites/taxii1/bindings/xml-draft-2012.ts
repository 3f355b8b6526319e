// The 2012 draft XML message binding, of the talk's own era (namespace
// http://taxii.mitre.org/messages/xml/1, roots such as TAXII_DiscoveryRequest). From the
// draft: the namespace, the root names, the `message-id` and `in-response-to` attributes,
// lower-case hyphenated child elements (extended-headers, error-detail), the twelve error
// types (BAD-MESSAGE ... PENDING, with PROTECTION-UNSUPPORTED), the actions SUBSCRIBE,
// UNSUBSCRIBE, PAUSE, RESUME, MODIFY and QUERY (the talk's STATUS), the ids TAXII_XML_1.0 and
// TAXII_1.0, and message ids of 32 hex digits with or without separators. Our reading
// (docs/taxii1.md): every other child and attribute name is the talk's field name, lower
// case and hyphenated, in the same structure as TAXII 1.0's; SUCCESS answers a STIX
// message; the protocol ids are TAXII_HTTPS_1.0 and TAXII_HTTP_1.0.
import { IDS } from '../model.js';
import { CLASSIC_SHAPE } from './xml-1.0.js';
import { isDraftMessageId, randomHex32, type Binding } from './xml-common.js';
import { bindingOf } from './xml-engine.js';

export { isDraftMessageId };

export const NAMESPACE_DRAFT = 'http://taxii.mitre.org/messages/xml/1';

export const XML_DRAFT_2012: Binding = bindingOf({
  id: 'xml-1.0-draft',
  title: 'TAXII 1.0 draft (2012) XML Message Binding',
  namespace: NAMESPACE_DRAFT,
  prefix: 'taxii',
  contentType: IDS.messageXmlDraft,
  protocol: 'TAXII_HTTPS_1.0',
  httpProtocol: 'TAXII_HTTP_1.0',
  servicesVersion: IDS.servicesDraft,
  sendsServicesHeader: false,
  roots: {
    error: 'TAXII_ErrorMessage',
    'discovery-request': 'TAXII_DiscoveryRequest',
    'discovery-response': 'TAXII_DiscoveryResponse',
    'feed-information-request': 'TAXII_FeedInformationRequest',
    'feed-information-response': 'TAXII_FeedInformationResponse',
    'manage-feed-subscription-request': 'TAXII_SubscriptionManagementRequest',
    'manage-feed-subscription-response': 'TAXII_SubscriptionManagementResponse',
    'poll-request': 'TAXII_PollRequest',
    'poll-response': 'TAXII_PollResponse',
    'stix-message': 'TAXII_STIXMessage',
  },
  otherRoots: {
    TAXII_SubscriptionAlert: 'TAXII_SubscriptionAlert (in the 2012 draft XSD) is not a message of the talk\'s data model',
  },
  a: {
    messageId: 'message-id',
    inResponseTo: 'in-response-to',
    errorType: 'error-type',
    serviceType: 'service-type',
    servicesVersion: 'services-version',
    available: 'available',
    feedName: 'feed-name',
    action: 'action',
    headerName: 'name',
  },
  e: {
    extendedHeaders: 'extended-headers',
    extendedHeader: 'extended-header',
    errorDetail: 'error-detail',
    message: 'message',
    serviceInstance: 'service-instance',
    protocolBinding: 'protocol-binding',
    address: 'address',
    messageBinding: 'message-binding',
    contentBinding: 'content-binding',
    feed: 'feed',
    description: 'description',
    pushMethod: 'push-method',
    pollingService: 'polling-service',
    subscriptionService: 'subscription-service',
    pushParameters: 'push-parameters',
    subscription: 'subscription',
    pollInstance: 'poll-instance',
    exclusiveBegin: 'exclusive-begin-timestamp',
    responseBegin: 'inclusive-begin-timestamp',
    inclusiveEnd: 'inclusive-end-timestamp',
    contentBlock: 'content-block',
    content: 'content',
    timestampLabel: 'timestamp-label',
    padding: 'padding',
    sourceSubscription: 'source-subscription',
  },
  errorTypes: {
    'BAD-MESSAGE': 'BAD-MESSAGE',
    'UNSUPPORTED-SERVICE': 'UNSUPPORTED-SERVICE',
    UNAUTHORIZED: 'UNAUTHORIZED',
    DENIED: 'DENIED',
    'UNSUPPORTED-PROTOCOL': 'UNSUPPORTED-PROTOCOL',
    'UNSUPPORTED-MESSAGE': 'UNSUPPORTED-MESSAGE',
    'UNSUPPORTED-CONTENT': 'UNSUPPORTED-CONTENT',
    'NOT-FOUND': 'NOT-FOUND',
    'UNRECOGNIZED-VALUE': 'UNRECOGNIZED-VALUE',
    PENDING: 'PENDING',
    FAILURE: 'FAILURE',
    SUCCESS: 'SUCCESS',
  },
  extraErrorTypes: { 'PROTECTION-UNSUPPORTED': 'FAILURE' },
  serviceTypes: { DISCOVERY: 'DISCOVERY', 'FEED-MANAGEMENT': 'FEED-MANAGEMENT', POLL: 'POLL', INBOX: 'INBOX' },
  actions: { SUBSCRIBE: 'SUBSCRIBE', UNSUBSCRIBE: 'UNSUBSCRIBE', PAUSE: 'PAUSE', RESUME: 'RESUME', MODIFY: 'MODIFY', STATUS: 'QUERY' },
  messageId: {
    test: isDraftMessageId,
    format: '32 hex digits (the 2012 draft: case-insensitive, with or without separators)',
    generate: randomHex32,
    unknown: '00000000000000000000000000000000',
  },
  subscriptionId: { attribute: 'subscription-id' },
  otherElements: [],
  opaqueOtherElements: [],
  ...CLASSIC_SHAPE,
});
