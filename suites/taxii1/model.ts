// The TAXII 1.x message data model (the 2012 talk "TAXII 1.0 (DRAFT) Messages"), as
// TypeScript types. One interface per message; the JSON Schemas of schemas/taxii1/ (one
// file per message, named by its `type`) say the same with the required fields and the
// repeats. Field names are the talk's, in kebab-case; enumerated values are the talk's
// names, spelt as the 2012 draft XSD spells them (e.g. BAD-MESSAGE). Each binding
// (suites/taxii1/bindings/) maps these to its own XML; docs/interpretation.md ("TAXII 1.x")
// has the mapping table.
//
// A message read by a binding is not validated: run loadSchemaSet('taxii1').validate(
// message.type, message) before trusting required fields or enumerated values.

export type Taxii1MessageType =
  | 'error'
  | 'discovery-request'
  | 'discovery-response'
  | 'feed-information-request'
  | 'feed-information-response'
  | 'manage-feed-subscription-request'
  | 'manage-feed-subscription-response'
  | 'poll-request'
  | 'poll-response'
  | 'poll-fulfillment'
  | 'stix-message';

export const MESSAGE_TYPES: readonly Taxii1MessageType[] = [
  'error',
  'discovery-request',
  'discovery-response',
  'feed-information-request',
  'feed-information-response',
  'manage-feed-subscription-request',
  'manage-feed-subscription-response',
  'poll-request',
  'poll-response',
  'poll-fulfillment',
  'stix-message',
];

/** Messages sent in response to another (in-response-to required). */
export const RESPONSE_TYPES: readonly Taxii1MessageType[] = [
  'error',
  'discovery-response',
  'feed-information-response',
  'manage-feed-subscription-response',
  'poll-response',
];

/**
 * The talk's eleven error types, plus SUCCESS (our reading: the published bindings' Status
 * Message, which the Error message became, also says SUCCESS; it answers a STIX message).
 */
export type ErrorType =
  | 'BAD-MESSAGE'
  | 'UNSUPPORTED-SERVICE'
  | 'UNAUTHORIZED'
  | 'DENIED'
  | 'UNSUPPORTED-PROTOCOL'
  | 'UNSUPPORTED-MESSAGE'
  | 'UNSUPPORTED-CONTENT'
  | 'NOT-FOUND'
  | 'UNRECOGNIZED-VALUE'
  | 'PENDING'
  | 'FAILURE'
  | 'SUCCESS';

export const ERROR_TYPES: readonly ErrorType[] = [
  'BAD-MESSAGE',
  'UNSUPPORTED-SERVICE',
  'UNAUTHORIZED',
  'DENIED',
  'UNSUPPORTED-PROTOCOL',
  'UNSUPPORTED-MESSAGE',
  'UNSUPPORTED-CONTENT',
  'NOT-FOUND',
  'UNRECOGNIZED-VALUE',
  'PENDING',
  'FAILURE',
  'SUCCESS',
];

/**
 * For a data-model error type a binding has no status type for (TAXII 1.0 and 1.1 have no
 * Unsupported Service and no Unrecognized Value), the binding's closest one; FAILURE, the
 * generic type ("Unrecognized error types map to the generic FAILURE type"), is always right too.
 */
export const CLOSEST_ERROR_TYPE: Readonly<Partial<Record<ErrorType, ErrorType>>> = {
  'UNRECOGNIZED-VALUE': 'BAD-MESSAGE',
  'UNSUPPORTED-SERVICE': 'FAILURE',
};

export type ServiceType = 'DISCOVERY' | 'FEED-MANAGEMENT' | 'POLL' | 'INBOX';
export const SERVICE_TYPES: readonly ServiceType[] = ['DISCOVERY', 'FEED-MANAGEMENT', 'POLL', 'INBOX'];

export type SubscriptionAction = 'SUBSCRIBE' | 'UNSUBSCRIBE' | 'PAUSE' | 'RESUME' | 'MODIFY' | 'STATUS';
export const SUBSCRIPTION_ACTIONS: readonly SubscriptionAction[] = ['SUBSCRIBE', 'UNSUBSCRIBE', 'PAUSE', 'RESUME', 'MODIFY', 'STATUS'];

export type SubscriptionStatus = 'ACTIVE' | 'PAUSED' | 'UNSUBSCRIBED';

/** Well-known ids (the published specifications' and libtaxii's constants). */
export const IDS = {
  protocolHttp: 'urn:taxii.mitre.org:protocol:http:1.0',
  protocolHttps: 'urn:taxii.mitre.org:protocol:https:1.0',
  messageXml10: 'urn:taxii.mitre.org:message:xml:1.0',
  messageXml11: 'urn:taxii.mitre.org:message:xml:1.1',
  messageXmlDraft: 'TAXII_XML_1.0',
  services10: 'urn:taxii.mitre.org:services:1.0',
  services11: 'urn:taxii.mitre.org:services:1.1',
  servicesDraft: 'TAXII_1.0',
  stix100: 'urn:stix.mitre.org:xml:1.0',
  stix101: 'urn:stix.mitre.org:xml:1.0.1',
  stix11: 'urn:stix.mitre.org:xml:1.1',
  stix111: 'urn:stix.mitre.org:xml:1.1.1',
  stix12: 'urn:stix.mitre.org:xml:1.2',
  cap11: 'urn:oasis:names:tc:emergency:cap:1.1',
  cap12: 'urn:oasis:names:tc:emergency:cap:1.2',
} as const;

// ---------------------------------------------------------------------------------------
// Pieces

/** A vendor/user-defined header field. Recipients ignore names they do not recognise. */
export interface ExtendedHeader {
  name: string;
  /** Text, or an XML fragment (written as XML when it is one). */
  value: string;
}

/** A content binding (e.g. STIX 1.1.1 XML), with the subtypes TAXII 1.1 adds. */
export interface ContentBinding {
  'binding-id': string;
  subtypes?: string[];
}

/** How to contact a service: protocol binding, address, message bindings. */
export interface ServiceContact {
  'protocol-binding': string;
  address: string;
  'message-bindings': string[];
}

/** A service record of a Discovery Response. */
export interface ServiceRecord extends ServiceContact {
  'service-type': ServiceType;
  /** The TAXII (services) version, e.g. urn:taxii.mitre.org:services:1.1. */
  'services-version': string;
  /** Content bindings the service accepts (Inbox); absent or empty: any. */
  'content-bindings'?: ContentBinding[];
  /** Whether the requester is known to have access; absent: unknown. */
  available?: boolean;
  message?: string;
}

export interface PushMethod {
  'protocol-binding': string;
  'message-bindings': string[];
}

/** TAXII 1.1's kinds of data collection. */
export type CollectionType = 'DATA_FEED' | 'DATA_SET';

export interface FeedRecord {
  'feed-name': string;
  description: string;
  /** Content bindings of the feed; empty: any. */
  'content-bindings': ContentBinding[];
  /** TAXII 1.1 only: a DATA_SET has no timestamp order (a poll's range means nothing there); absent: a feed. */
  'collection-type'?: CollectionType;
  'push-methods'?: PushMethod[];
  'polling-services'?: ServiceContact[];
  'subscription-services'?: ServiceContact[];
  available?: boolean;
}

/** Where and how to push a subscription's content (absent: the subscriber polls). */
export interface PushParameters {
  'protocol-binding': string;
  address: string;
  'message-binding': string;
}

export interface SubscriptionRecord {
  'subscription-id': string;
  status?: SubscriptionStatus;
  'push-parameters'?: PushParameters;
  'content-bindings'?: ContentBinding[];
  'poll-instances'?: ServiceContact[];
}

export interface ContentBlock {
  'content-binding': ContentBinding;
  /** The content: an XML fragment (e.g. a STIX_Package) or text. */
  content: string;
  'timestamp-label'?: string;
  padding?: string;
  message?: string;
}

/** The subscription a solicited STIX message serves. */
export interface SourceSubscription {
  'feed-name': string;
  'subscription-id'?: string;
  'inclusive-begin-timestamp'?: string;
  'exclusive-begin-timestamp'?: string;
  'inclusive-end-timestamp'?: string;
}

// ---------------------------------------------------------------------------------------
// Messages

/** Header fields of every message. */
export interface MessageHeader {
  type: Taxii1MessageType;
  'message-id': string;
  /** Responses only. */
  'in-response-to'?: string;
  'extended-headers'?: ExtendedHeader[];
}

export interface ErrorDetail {
  name?: string;
  value: string;
}

export interface ErrorMessage extends MessageHeader {
  type: 'error';
  'in-response-to': string;
  'error-type': ErrorType;
  /**
   * The type exactly as the binding carried it, when it is not that binding's name for
   * `error-type` (an unrecognised type, read as FAILURE, or a binding-only one).
   */
  'binding-error-type'?: string;
  /** PENDING: seconds to wait before repeating the request. */
  'retry-interval'?: number;
  /** Machine-readable detail (the binding sets its format). */
  'error-detail'?: ErrorDetail[];
  message?: string;
}

export interface DiscoveryRequest extends MessageHeader {
  type: 'discovery-request';
}

export interface DiscoveryResponse extends MessageHeader {
  type: 'discovery-response';
  'in-response-to': string;
  services: ServiceRecord[];
}

export interface FeedInformationRequest extends MessageHeader {
  type: 'feed-information-request';
}

export interface FeedInformationResponse extends MessageHeader {
  type: 'feed-information-response';
  'in-response-to': string;
  feeds: FeedRecord[];
}

export interface ManageFeedSubscriptionRequest extends MessageHeader {
  type: 'manage-feed-subscription-request';
  action: SubscriptionAction;
  'feed-name': string;
  /** Required for UNSUBSCRIBE, PAUSE, RESUME, MODIFY; optional for STATUS. */
  'subscription-id'?: string;
  /** SUBSCRIBE/MODIFY: push to this Inbox; absent: the subscriber polls. */
  'push-parameters'?: PushParameters;
  /** SUBSCRIBE/MODIFY: content bindings wanted; absent or empty: any. */
  'content-bindings'?: ContentBinding[];
}

export interface ManageFeedSubscriptionResponse extends MessageHeader {
  type: 'manage-feed-subscription-response';
  'in-response-to': string;
  'feed-name': string;
  message?: string;
  subscriptions: SubscriptionRecord[];
}

export interface PollRequest extends MessageHeader {
  type: 'poll-request';
  'feed-name': string;
  /** Absent: no lower bound. */
  'exclusive-begin-timestamp'?: string;
  /** Absent: no upper bound. */
  'inclusive-end-timestamp'?: string;
  /** Poll through this subscription, or... */
  'subscription-id'?: string;
  /** ...with these acceptable content bindings (empty: any). */
  'content-bindings'?: ContentBinding[];
}

export interface PollResponse extends MessageHeader {
  type: 'poll-response';
  'in-response-to': string;
  'feed-name': string;
  'subscription-id'?: string;
  /** The lower bound of the range considered: TAXII 1.0 and the draft state it inclusive... */
  'inclusive-begin-timestamp'?: string;
  /** ...TAXII 1.1 exclusive. Absent: no lower bound. */
  'exclusive-begin-timestamp'?: string;
  /** The upper bound of the range considered (always given). */
  'inclusive-end-timestamp': string;
  message?: string;
  'content-blocks': ContentBlock[];
  /**
   * TAXII 1.1 multi-part results (TAXII 1.0 and the draft answer a poll whole): whether more
   * parts of this result set are to be retrieved (absent: false, the XSD's default)...
   */
  more?: boolean;
  /** ...the result set's id ("MUST be present if the more field is set to true")... */
  'result-id'?: string;
  /** ...and this part's number, from 1 (absent: 1, the XSD's default). */
  'result-part-number'?: number;
}

/**
 * TAXII 1.1's Poll Fulfillment Request: asks the Poll service for one part of a result set a
 * Poll Response announced (`more`, `result-id`). TAXII 1.0 and the draft have no such message.
 */
export interface PollFulfillmentRequest extends MessageHeader {
  type: 'poll-fulfillment';
  'feed-name': string;
  'result-id': string;
  /** The part asked for (the XSD makes it optional). */
  'result-part-number'?: number;
}

export interface StixMessage extends MessageHeader {
  type: 'stix-message';
  message?: string;
  /** Solicited content names the subscription it serves; unsolicited content has none. */
  'source-subscription'?: SourceSubscription;
  /** Feeds the content is meant for (TAXII 1.1's Destination_Collection_Name). */
  'destination-feed-names'?: string[];
  'content-blocks': ContentBlock[];
}

export type Taxii1Message =
  | ErrorMessage
  | DiscoveryRequest
  | DiscoveryResponse
  | FeedInformationRequest
  | FeedInformationResponse
  | ManageFeedSubscriptionRequest
  | ManageFeedSubscriptionResponse
  | PollRequest
  | PollResponse
  | PollFulfillmentRequest
  | StixMessage;

export function isResponseType(type: string): boolean {
  return (RESPONSE_TYPES as readonly string[]).includes(type);
}

/** True for an error message that reports a failure (anything but SUCCESS). */
export function isFailure(m: Taxii1Message): boolean {
  return m.type === 'error' && m['error-type'] !== 'SUCCESS';
}

/** An error (status) message in one line: its type, as the server wrote it when the binding reads it otherwise, and its text. */
export function statusText(m: Pick<ErrorMessage, 'error-type' | 'binding-error-type' | 'message'>): string {
  return `${m['error-type']}${m['binding-error-type'] ? ` (${m['binding-error-type']})` : ''}${m.message ? `: ${m.message}` : ''}`;
}

/** What a decoded answer says, when it is an error (status) message: shown where a check of it misses. */
export function describeAnswer(decoded: unknown): string | undefined {
  const m = decoded as Partial<ErrorMessage> | undefined;
  if (m?.type !== 'error' || typeof m['error-type'] !== 'string') return undefined;
  return `status message ${statusText(m as ErrorMessage)}`;
}
