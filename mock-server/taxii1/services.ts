// The four TAXII 1.x services of the mock, on the data model: each takes a validated request
// message and answers a response message (or an error message). Bindings, headers and HTTP
// are the handler's business; faults that change what a service does are applied here.
import { BINDINGS, type Binding } from '../../suites/taxii1/bindings/index.js';
import {
  IDS,
  type ContentBinding,
  type ErrorMessage,
  type ErrorType,
  type FeedInformationResponse,
  type ManageFeedSubscriptionRequest,
  type ManageFeedSubscriptionResponse,
  type PollRequest,
  type PollResponse,
  type PushParameters,
  type ServiceContact,
  type ServiceRecord,
  type StixMessage,
  type SubscriptionRecord,
  type Taxii1Message,
  type DiscoveryResponse,
} from '../../suites/taxii1/model.js';
import {
  DEFAULT_INBOX_FEED,
  RETRY_INTERVAL_S,
  STIX_BINDINGS,
  mayUse,
  nextLabel,
  type Feed,
  type Subscription,
  type Taxii1State,
} from './feeds.js';
import type { Taxii1Faults } from './faults.js';
import { DATA_SET_FEED, reindent, type Taxii1Variants } from './variants.js';
import { fromMicros, nowMicros, toMicros } from './time.js';
import { serviceUrl, type Taxii1Service } from './urls.js';
import { firstPart, fulfill } from './parts.js';

export interface ServiceCall {
  state: Taxii1State;
  faults: Taxii1Faults;
  variants: Taxii1Variants;
  /** The authenticated user. */
  user: string;
  /** The main account's name (the reader is READER.user). */
  mainUser: string;
  /** https://host:port */
  origin: string;
  /** The binding the answer is written in (its names, versions and features). */
  binding: Binding;
  /** The binding the request was written in (what it could carry). */
  requestBinding: Binding;
  /** Header fields of the answer (message-id, in-response-to). */
  header: { 'message-id': string; 'in-response-to': string };
}

/** An error message body of the given type. */
export function errorMessage(call: Pick<ServiceCall, 'header'>, type: ErrorType, message: string, extra: Partial<ErrorMessage> = {}): ErrorMessage {
  return { type: 'error', ...call.header, 'error-type': type, ...extra, message };
}

const ALL_MESSAGE_BINDINGS = Object.values(BINDINGS).map((b) => b.contentType);

/** The message bindings advertised: all three, or (draft-not-advertised) the published ones to a client of a published one. */
function advertisedBindings(call: ServiceCall): string[] {
  if (!call.variants.has('taxii1-draft-not-advertised') || call.binding.id === 'xml-1.0-draft') return [...ALL_MESSAGE_BINDINGS];
  return ALL_MESSAGE_BINDINGS.filter((b) => b !== BINDINGS['xml-1.0-draft'].contentType);
}

function contact(call: ServiceCall, service: Taxii1Service): ServiceContact {
  const plain = call.faults.has('taxii1-discovery-plain-http');
  const address = serviceUrl(call.origin, service, call.binding);
  return {
    'protocol-binding': plain ? call.binding.httpProtocol : call.binding.protocol,
    address: plain ? address.replace(/^https:/, 'http:') : call.faults.has('taxii1-address-malformed') ? address.replace(/^https:\/\/[^/]+/, 'https://{host}') : address,
    'message-bindings': advertisedBindings(call),
  };
}

/** A Data Set (data-sets, TAXII 1.1 only: 1.0 and the draft know feeds alone). */
const isDataSet = (call: ServiceCall, feed: Pick<Feed, 'name'>): boolean =>
  call.variants.has('taxii1-data-sets') && call.binding.id === 'xml-1.1' && feed.name === DATA_SET_FEED;

/** Whether a STATUS lists ended subscriptions (unsubscribed-in-status; only 1.1 records say UNSUBSCRIBED). */
const keepsEnded = (call: ServiceCall): boolean => call.variants.has('taxii1-unsubscribed-in-status') && call.binding.id === 'xml-1.1';

const canWrite = (call: ServiceCall): boolean => call.user === call.mainUser || call.faults.has('taxii1-no-denied');

// ---------------------------------------------------------------------------------------
// Discovery

export function discovery(call: ServiceCall): DiscoveryResponse {
  const record = (type: ServiceRecord['service-type'], service: Taxii1Service, extra: Partial<ServiceRecord> = {}): ServiceRecord => ({
    'service-type': type,
    'services-version': call.binding.servicesVersion,
    ...contact(call, service),
    available: true,
    ...extra,
  });
  return {
    type: 'discovery-response',
    ...call.header,
    services: [
      record('DISCOVERY', 'discovery', { message: 'This Discovery service.' }),
      record('FEED-MANAGEMENT', 'feed-management', { message: 'Feed information and subscriptions (SUBSCRIBE, UNSUBSCRIBE, PAUSE, RESUME, MODIFY, STATUS where the binding has them).' }),
      record('POLL', 'poll'),
      record('INBOX', 'inbox', {
        'content-bindings': STIX_BINDINGS.map((id) => ({ 'binding-id': id })),
        available: canWrite(call),
        message: `STIX messages land in the feed "${DEFAULT_INBOX_FEED}" unless they name another.`,
      }),
    ],
  };
}

// ---------------------------------------------------------------------------------------
// Feed Management: feed information

export function feedInformation(call: ServiceCall): FeedInformationResponse {
  return {
    type: 'feed-information-response',
    ...call.header,
    feeds: [...call.state.feeds.values()].map((f) => ({
      'feed-name': f.name,
      description: f.description,
      'content-bindings': f.contentBindings.map((id) => ({ 'binding-id': id })),
      ...(isDataSet(call, f) ? { 'collection-type': 'DATA_SET' as const } : {}),
      'push-methods': [{ 'protocol-binding': call.binding.protocol, 'message-bindings': [...ALL_MESSAGE_BINDINGS] }],
      'polling-services': [contact(call, 'poll')],
      'subscription-services': [contact(call, 'feed-management')],
      available: mayUse(f, call.user) || call.faults.has('taxii1-no-denied'),
    })),
  };
}

/** The feed a request names, or the error to answer. */
function feedFor(call: ServiceCall, name: string): Feed | ErrorMessage {
  const feed = call.state.feeds.get(name);
  if (!feed) return errorMessage(call, 'NOT-FOUND', `no feed is named ${JSON.stringify(name)}`, { 'error-detail': [{ name: 'ITEM', value: name }] });
  if (!mayUse(feed, call.user) && !call.faults.has('taxii1-no-denied')) {
    return errorMessage(call, 'DENIED', `${call.user} may not use the feed ${JSON.stringify(name)}`);
  }
  return feed;
}

const isError = (x: unknown): x is ErrorMessage => typeof x === 'object' && x !== null && (x as { type?: unknown }).type === 'error';

/** Content bindings wanted that the feed has (all the feed's when none are named), or the error. */
function bindingsFor(call: ServiceCall, feed: Feed, wanted: ContentBinding[] | undefined): ContentBinding[] | ErrorMessage {
  const have = feed.contentBindings.map((id) => ({ 'binding-id': id }));
  if (!wanted || wanted.length === 0 || call.faults.has('taxii1-ignore-content-binding')) return have;
  const both = have.filter((h) => wanted.some((w) => w['binding-id'] === h['binding-id']));
  if (both.length === 0) {
    return errorMessage(
      call,
      'UNSUPPORTED-CONTENT',
      `the feed ${JSON.stringify(feed.name)} holds ${feed.contentBindings.join(', ')} only; none of ${wanted.map((w) => w['binding-id']).join(', ')}`,
      { 'error-detail': feed.contentBindings.map((id) => ({ name: 'SUPPORTED_CONTENT', value: id })) },
    );
  }
  return both;
}

function checkPush(call: ServiceCall, push: PushParameters | undefined): ErrorMessage | undefined {
  if (!push) return undefined;
  const protocols = [IDS.protocolHttps, ...Object.values(BINDINGS).map((b) => b.protocol)];
  if (!protocols.includes(push['protocol-binding'])) {
    return errorMessage(call, 'UNSUPPORTED-PROTOCOL', `push over ${JSON.stringify(push['protocol-binding'])} is not supported; use ${IDS.protocolHttps}`, {
      'error-detail': [{ name: 'PROTOCOL_BINDINGS', value: IDS.protocolHttps }],
    });
  }
  if (!ALL_MESSAGE_BINDINGS.includes(push['message-binding'])) {
    return errorMessage(call, 'UNSUPPORTED-MESSAGE', `push in ${JSON.stringify(push['message-binding'])} is not supported; use one of ${ALL_MESSAGE_BINDINGS.join(', ')}`, {
      'error-detail': ALL_MESSAGE_BINDINGS.map((v) => ({ name: 'SUPPORTED_BINDING', value: v })),
    });
  }
  return undefined;
}

function record(call: ServiceCall, s: Subscription): SubscriptionRecord {
  return {
    'subscription-id': s.id,
    status: s.status,
    ...(s.push ? { 'push-parameters': s.push } : { 'poll-instances': [contact(call, 'poll')] }),
    ...(s.contentBindings ? { 'content-bindings': s.contentBindings } : {}),
  };
}

// ---------------------------------------------------------------------------------------
// Feed Management: subscriptions

export function manageSubscription(call: ServiceCall, req: ManageFeedSubscriptionRequest): ManageFeedSubscriptionResponse | ErrorMessage {
  const feed = feedFor(call, req['feed-name']);
  if (isError(feed)) return feed;
  const respond = (subscriptions: SubscriptionRecord[], message: string): ManageFeedSubscriptionResponse => ({
    type: 'manage-feed-subscription-response',
    ...call.header,
    'feed-name': feed.name,
    message,
    subscriptions,
  });
  const mine = (id: string | undefined, ended = false): Subscription | ErrorMessage => {
    const s = id === undefined ? undefined : call.state.subscriptions.get(id);
    if (!s || s.user !== call.user || s.feed !== feed.name || (s.status === 'UNSUBSCRIBED' && !ended)) {
      return errorMessage(call, 'NOT-FOUND', `you have no subscription ${JSON.stringify(id)} to the feed ${JSON.stringify(feed.name)}`, {
        'error-detail': [{ name: 'ITEM', value: id ?? '' }],
      });
    }
    return s;
  };
  switch (req.action) {
    case 'SUBSCRIBE':
    case 'MODIFY': {
      const bad = checkPush(call, req['push-parameters']);
      if (bad) return bad;
      if (req['content-bindings']?.length) {
        const cbs = bindingsFor(call, feed, req['content-bindings']);
        if (isError(cbs)) return cbs;
      }
      let s: Subscription;
      if (req.action === 'SUBSCRIBE') {
        s = { id: `sub-${call.state.nextSubscription++}`, user: call.user, feed: feed.name, status: 'ACTIVE' };
        call.state.subscriptions.set(s.id, s);
      } else {
        const found = mine(req['subscription-id']);
        if (isError(found)) return found;
        s = found;
      }
      if (req['push-parameters']) s.push = req['push-parameters'];
      else delete s.push;
      if (req['content-bindings']) s.contentBindings = req['content-bindings'];
      else delete s.contentBindings;
      return respond([record(call, s)], req.action === 'SUBSCRIBE' ? `subscribed to ${feed.name}` : `subscription ${s.id} modified`);
    }
    case 'UNSUBSCRIBE': {
      const s = mine(req['subscription-id']);
      if (isError(s)) return s;
      const rec = { ...record(call, s), status: 'UNSUBSCRIBED' as const };
      if (!call.faults.has('taxii1-unsubscribe-ignored')) s.status = 'UNSUBSCRIBED';
      return respond([rec], `subscription ${s.id} ended`);
    }
    case 'PAUSE':
    case 'RESUME': {
      const s = mine(req['subscription-id']);
      if (isError(s)) return s;
      s.status = req.action === 'PAUSE' ? 'PAUSED' : 'ACTIVE';
      return respond([record(call, s)], `subscription ${s.id} ${req.action === 'PAUSE' ? 'paused' : 'resumed'}`);
    }
    case 'STATUS': {
      let subs: Subscription[];
      if (req['subscription-id'] !== undefined) {
        const s = mine(req['subscription-id'], keepsEnded(call));
        if (isError(s)) return s;
        subs = [s];
      } else {
        subs = [...call.state.subscriptions.values()].filter((s) => s.user === call.user && s.feed === feed.name && (s.status !== 'UNSUBSCRIBED' || keepsEnded(call)));
      }
      if (call.faults.has('taxii1-subscription-status-wrong')) subs = [];
      return respond(subs.map((s) => record(call, s)), `${subs.length} subscription${subs.length === 1 ? '' : 's'}`);
    }
    default:
      return errorMessage(call, 'UNRECOGNIZED-VALUE', `the action ${JSON.stringify(req.action)} is not recognised`);
  }
}

// ---------------------------------------------------------------------------------------
// Poll

export function poll(call: ServiceCall, req: PollRequest): PollResponse | ErrorMessage {
  const name = req['feed-name'];
  const emptyAnswer = (): PollResponse => ({
    type: 'poll-response',
    ...call.header,
    'feed-name': name,
    'inclusive-end-timestamp': fromMicros(nowMicros()),
    'content-blocks': [],
  });
  if (!call.state.feeds.has(name) && call.faults.has('taxii1-not-found-as-empty')) return emptyAnswer();
  const feed = feedFor(call, name);
  if (isError(feed)) return feed;
  if (feed.behaviour === 'pending') {
    return errorMessage(call, 'PENDING', `the feed ${JSON.stringify(feed.name)} is not ready: repeat the request in ${RETRY_INTERVAL_S} seconds`, {
      'retry-interval': RETRY_INTERVAL_S,
    });
  }
  if (feed.behaviour === 'failure') return errorMessage(call, 'FAILURE', `the feed ${JSON.stringify(feed.name)} could not be read (a failure on purpose)`);

  let wanted = req['content-bindings'];
  let subscriptionId: string | undefined;
  if (req['subscription-id'] !== undefined) {
    const s = call.state.subscriptions.get(req['subscription-id']);
    if (!s || s.user !== call.user || s.feed !== feed.name || s.status === 'UNSUBSCRIBED') {
      return errorMessage(call, 'NOT-FOUND', `you have no subscription ${JSON.stringify(req['subscription-id'])} to the feed ${JSON.stringify(feed.name)}`, {
        'error-detail': [{ name: 'ITEM', value: req['subscription-id'] }],
      });
    }
    subscriptionId = s.id;
    wanted = s.contentBindings;
  }
  const bindings = bindingsFor(call, feed, wanted);
  if (isError(bindings)) return bindings;

  const begin = req['exclusive-begin-timestamp'] === undefined ? undefined : toMicros(req['exclusive-begin-timestamp']);
  const end = req['inclusive-end-timestamp'] === undefined ? undefined : toMicros(req['inclusive-end-timestamp']);
  // A Data Set has no timestamp order: the range is irrelevant to it (TAXII 1.1).
  const ignoreRange = call.faults.has('taxii1-poll-ignores-range') || isDataSet(call, feed);
  const ids = new Set(bindings.map((b) => b['binding-id']));
  const blocks = feed.blocks.filter(
    (b) => ids.has(b.binding['binding-id']) && (ignoreRange || ((begin === undefined || b.at > begin) && (end === undefined || b.at <= end))),
  );
  const upper = end ?? Math.max(nowMicros(), ...feed.blocks.map((b) => b.at));
  const lower: Partial<PollResponse> =
    begin === undefined
      ? {}
      : call.binding.responseBegin === 'exclusive'
        ? { 'exclusive-begin-timestamp': fromMicros(begin) }
        : { 'inclusive-begin-timestamp': fromMicros(begin + 1) };
  return firstPart(call, {
    type: 'poll-response',
    ...call.header,
    'feed-name': feed.name,
    ...(subscriptionId !== undefined ? { 'subscription-id': subscriptionId } : {}),
    ...lower,
    'inclusive-end-timestamp': fromMicros(upper),
    message: `${blocks.length} content block${blocks.length === 1 ? '' : 's'}`,
    'content-blocks': blocks.map((b) => ({
      'content-binding': b.binding,
      content: call.variants.has('taxii1-content-reindented') ? reindent(b.content) : b.content,
      'timestamp-label': fromMicros(b.at),
    })),
  });
}

// ---------------------------------------------------------------------------------------
// Inbox

export function inbox(call: ServiceCall, req: StixMessage): ErrorMessage {
  if (!canWrite(call)) return errorMessage(call, 'DENIED', `${call.user} may not send content to this Inbox (read-only account)`);
  const writable = [...call.state.feeds.values()].filter((f) => f.writable).map((f) => f.name);
  if (!req['destination-feed-names']?.length && call.variants.has('taxii1-inbox-requires-destination') && call.requestBinding.id === 'xml-1.1') {
    // TAXII 1.1's own status type; an answer in another binding has only FAILURE for it.
    return errorMessage(call, 'FAILURE', `this Inbox takes content only for a named destination collection (Destination_Collection_Name): one of ${writable.join(', ')}`, {
      ...(call.binding.id === 'xml-1.1' ? { 'binding-error-type': 'DESTINATION_COLLECTION_ERROR' } : {}),
      'error-detail': writable.map((v) => ({ name: 'ACCEPTABLE_DESTINATION', value: v })),
    });
  }
  const names = req['destination-feed-names']?.length ? req['destination-feed-names'] : [DEFAULT_INBOX_FEED];
  const targets: Feed[] = [];
  for (const n of names) {
    const f = call.state.feeds.get(n);
    if (!f) return errorMessage(call, 'NOT-FOUND', `no feed is named ${JSON.stringify(n)}`, { 'error-detail': [{ name: 'ITEM', value: n }] });
    if (!f.writable && !call.faults.has('taxii1-no-denied')) return errorMessage(call, 'DENIED', `the feed ${JSON.stringify(n)} does not take content from the Inbox`);
    targets.push(f);
  }
  if (!call.faults.has('taxii1-ignore-content-binding')) {
    for (const [i, b] of req['content-blocks'].entries()) {
      const id = b['content-binding']['binding-id'];
      if (!STIX_BINDINGS.includes(id)) {
        return errorMessage(call, 'UNSUPPORTED-CONTENT', `content block ${i + 1} is ${JSON.stringify(id)}; this Inbox takes STIX only (${STIX_BINDINGS.join(', ')})`, {
          'error-detail': STIX_BINDINGS.map((v) => ({ name: 'SUPPORTED_CONTENT', value: v })),
        });
      }
    }
  }
  if (!call.faults.has('taxii1-inbox-loses-content')) {
    for (const b of req['content-blocks']) {
      const at = nextLabel(call.state);
      for (const f of targets) f.blocks.push({ binding: { 'binding-id': b['content-binding']['binding-id'] }, content: b.content, at });
    }
  }
  const solicited = req['source-subscription'] ? ` (solicited: subscription ${req['source-subscription']['subscription-id'] ?? '?'} to ${req['source-subscription']['feed-name']})` : '';
  const ok = errorMessage(call, 'SUCCESS', `accepted ${req['content-blocks'].length} content block${req['content-blocks'].length === 1 ? '' : 's'} into ${names.join(', ')}${solicited}`);
  if (call.faults.has('taxii1-unknown-status-type')) ok['binding-error-type'] = 'urn:taxii-conform:mock:accepted';
  return ok;
}

/** Dispatches a validated request to its service. */
export function serve(call: ServiceCall, message: Taxii1Message): Taxii1Message {
  switch (message.type) {
    case 'discovery-request':
      return discovery(call);
    case 'feed-information-request':
      return feedInformation(call);
    case 'manage-feed-subscription-request':
      return manageSubscription(call, message);
    case 'poll-request':
      return poll(call, message);
    case 'poll-fulfillment':
      return fulfill(call, message);
    case 'stix-message':
      return inbox(call, message);
    default:
      return errorMessage(call, 'UNSUPPORTED-SERVICE', `no service of this server takes a ${message.type} message`);
  }
}
