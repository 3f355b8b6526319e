// The TAXII 1.1 XML Message Binding (namespace
// http://taxii.mitre.org/messages/taxii_xml_binding-1.1), the one deployed 1.x software
// (libtaxii, cabby, OpenTAXII) speaks by default: a table over the one engine
// (xml-engine.ts). Feeds are "Data Collections" here, the Error message is the Status
// Message, the STIX message the Inbox Message; message ids are URIs (libtaxii writes UUIDs
// or decimal numbers). Element order follows the binding's XSD.
import { randomUUID } from 'node:crypto';
import { IDS } from '../model.js';
import { URI_ID, type Binding } from './xml-common.js';
import { SPEC_10 } from './xml-1.0.js';
import { bindingOf } from './xml-engine.js';

export const NAMESPACE_11 = 'http://taxii.mitre.org/messages/taxii_xml_binding-1.1';

export const XML_11: Binding = bindingOf({
  id: 'xml-1.1',
  title: 'TAXII 1.1 XML Message Binding',
  shortName: 'TAXII 1.1',
  namespace: NAMESPACE_11,
  prefix: 'taxii_11',
  contentType: IDS.messageXml11,
  protocol: IDS.protocolHttps,
  httpProtocol: IDS.protocolHttp,
  servicesVersion: IDS.services11,
  sendsServicesHeader: true,
  // TAXII 1.0's roots, attribute and element names and status types, but for feeds: Data
  // Collections here (and a Poll Response's lower bound, exclusive).
  roots: {
    ...SPEC_10.roots,
    'feed-information-request': 'Collection_Information_Request',
    'feed-information-response': 'Collection_Information_Response',
    'poll-fulfillment': 'Poll_Fulfillment',
  },
  otherRoots: {},
  a: { ...SPEC_10.a, feedName: 'collection_name' },
  e: { ...SPEC_10.e, feed: 'Collection', responseBegin: 'Exclusive_Begin_Timestamp', destinationFeedName: 'Destination_Collection_Name' },
  otherElements: ['Supported_Query', 'Collection_Volume', 'Receiving_Inbox_Service', 'Query', 'Delivery_Parameters', 'Record_Count'],
  opaqueOtherElements: ['Query', 'Supported_Query'],
  errorTypes: SPEC_10.errorTypes,
  /** Status types only TAXII 1.1 has, read as the nearest data-model type. */
  extraErrorTypes: {
    PENDING: 'PENDING',
    POLLING_UNSUPPORTED: 'UNSUPPORTED-SERVICE',
    ASYNCHRONOUS_POLL_ERROR: 'FAILURE',
    DESTINATION_COLLECTION_ERROR: 'FAILURE',
    INVALID_RESPONSE_PART: 'FAILURE',
    NETWORK_ERROR: 'FAILURE',
    UNSUPPORTED_QUERY: 'FAILURE',
  },
  serviceTypes: { DISCOVERY: 'DISCOVERY', 'FEED-MANAGEMENT': 'COLLECTION_MANAGEMENT', POLL: 'POLL', INBOX: 'INBOX' },
  actions: { SUBSCRIBE: 'SUBSCRIBE', UNSUBSCRIBE: 'UNSUBSCRIBE', PAUSE: 'PAUSE', RESUME: 'RESUME', STATUS: 'STATUS' },
  messageId: {
    test: (id) => URI_ID.test(id),
    format: 'a URI (TAXII 1.1: xs:anyURI, no white space)',
    generate: () => randomUUID(),
    unknown: '0',
  },
  responseBegin: 'exclusive',
  subscriptionId: { element: 'Subscription_ID' },
  contentBinding: { idAttribute: 'binding_id', subtype: 'Subtype', subtypeIdAttribute: 'subtype_id' },
  statusDetail: { detail: 'Detail', nameAttribute: 'name', retryName: 'ESTIMATED_WAIT', unnamed: 'DETAIL' },
  requestParameters: {
    subscription: 'Subscription_Parameters',
    poll: 'Poll_Parameters',
    pollAttributes: [['allow_asynch', 'false']],
    responseType: ['Response_Type', 'FULL'],
  },
  collectionType: 'collection_type',
  pollResponseAttributes: [],
  multiPart: { more: 'more', resultId: 'result_id', partNumber: 'result_part_number' },
  subscriptionStatus: 'status',
  blockMessage: true,
  pollResponseMessageFirst: false,
  sourceSubscriptionIdRequired: true,
});
