// The TAXII 1.x services of the mock over the HTTPS protocol binding, at /taxii1/...: the
// profile's one stage (no Accept, X-Max-Size or JSON stage: its checks are its binding's).
// Every request goes through the same checks, in this order, and every problem is answered
// with an error (Status) message in the negotiated binding, HTTP 200:
//
//   method (405, HTTP only) → body read (bounded) → binding negotiation from the headers
//   (UNSUPPORTED-MESSAGE, UNSUPPORTED-PROTOCOL, UNSUPPORTED-SERVICE) → authentication
//   (UNAUTHORIZED) → service address (UNSUPPORTED-SERVICE) → XML (BAD-MESSAGE) →
//   recognised values (UNRECOGNIZED-VALUE) → the binding's rules and the data-model schema
//   (BAD-MESSAGE) → the message fits the service (UNSUPPORTED-SERVICE) → the service
//   (NOT-FOUND, DENIED, UNSUPPORTED-CONTENT/PROTOCOL/MESSAGE, PENDING, FAILURE, or success).
//
// The body is read and parsed first (bounded, guarded), only so that every answer, even
// UNAUTHORIZED, can say which message it answers; authentication comes before the address
// or any problem with the body is reported, so an unauthenticated caller learns nothing but
// that it must authenticate (and which bindings the server speaks).
import type { TLSSocket } from 'node:tls';
import type { Taxii1Context } from './state.js';
import { readBody } from '../body.js';
import { BINDINGS, type Binding, type ParseResult } from '../../suites/taxii1/bindings/index.js';
import { negotiate, type Scheme } from '../../suites/taxii1/headers.js';
import type { ErrorType, Taxii1Message } from '../../suites/taxii1/model.js';
import { loadSchemaSet } from '../../schemas/validator.js';
import { sendPlain, sendTaxii1 } from './respond.js';
import { errorMessage, serve, type ServiceCall } from './services.js';
import { SERVICE_MESSAGES, serviceOfPath } from './urls.js';
import { attr, child, parseXml } from '../../suites/taxii1/bindings/xml-common.js';

const NS_11 = BINDINGS['xml-1.1'].namespace;

/** What a TAXII 1.1 request holds that the data model has no place for: a query in a poll. */
function outsideModel(body: string): { query?: string } | undefined {
  const doc = parseXml(body);
  if (!doc.ok || doc.root.ns !== NS_11) return undefined;
  const params = doc.root.local === 'Poll_Request' ? child(doc.root, NS_11, 'Poll_Parameters') : undefined;
  const query = params ? child(params, NS_11, 'Query') : undefined;
  return query ? { query: `format ${JSON.stringify(attr(query, 'format_id') ?? '?')}` } : undefined;
}

/** Answers one request under /taxii1/. Never throws: a bug of the mock is answered with FAILURE. */
export async function handleTaxii1(ctx: Taxii1Context): Promise<void> {
  let answerIn: Binding = BINDINGS['xml-1.1'];
  let inResponseTo: string | undefined;
  try {
    await run(ctx, (b) => (answerIn = b), (id) => (inResponseTo = id));
  } catch (e) {
    ctx.mock.config.log(`mock: ${ctx.method} ${ctx.rawPath}: ${(e as Error)?.stack ?? String(e)}`);
    if (ctx.res.headersSent) {
      ctx.res.destroy();
      return;
    }
    sendTaxii1(ctx, answerIn, {
      type: 'error',
      'message-id': answerIn.newMessageId(),
      'in-response-to': inResponseTo ?? answerIn.unknownMessageId,
      'error-type': 'FAILURE',
      message: 'the mock failed to answer this request (the error is in its log)',
    });
  }
}

async function run(ctx: Taxii1Context, setBinding: (b: Binding) => void, setRequestId: (id: string) => void): Promise<void> {
  const { mock } = ctx;
  const faults = mock.faults;

  // 1. Method: the HTTP protocol binding is POST only.
  if (ctx.method !== 'POST' && !(faults.has('taxii1-get-allowed') && ctx.method === 'GET')) {
    sendPlain(ctx, 405, `${ctx.method} is not allowed: the TAXII 1.x HTTP binding uses POST only`, { Allow: 'POST' });
    return;
  }

  // 2. The body, bounded.
  const read = await readBody(ctx.req, mock.config.maxRequestBytes);
  let body = '';
  let unreadable: string | undefined;
  if (!read.ok) {
    unreadable = read.tooLarge
      ? `the request body is larger than the ${mock.config.maxRequestBytes} octets this server accepts`
      : `the request body could not be read: ${read.error}`;
    if (read.tooLarge) ctx.res.shouldKeepAlive = false;
  } else {
    body = read.body.toString('utf8');
  }

  // 3. Which binding the body is in, and which to answer in.
  // HTTPS, unless the plain-http fault let a plain connection in.
  const scheme: Scheme = (ctx.req.socket as TLSSocket).encrypted ? 'https' : 'http';
  const neg = negotiate(ctx.req.headers, {
    scheme,
    ...(body ? { body } : {}),
    checkProtocol: !faults.has('taxii1-ignore-protocol-header'),
    acceptOtherScheme: mock.variants.has('taxii1-http-protocol-id-accepted'),
  });
  const requestBinding = neg.ok ? neg.request : neg.request ?? neg.respondWith;
  let answer = neg.ok ? neg.response : neg.respondWith;
  if (faults.has('taxii1-ignore-binding-negotiation')) answer = BINDINGS['xml-1.1'];
  // draft-not-advertised: the unpublished 2012 draft is spoken only to a client that speaks it.
  const draftRefused = mock.variants.has('taxii1-draft-not-advertised') && neg.ok && answer.id === 'xml-1.0-draft' && requestBinding.id !== 'xml-1.0-draft';
  if (draftRefused) answer = requestBinding;
  setBinding(answer);

  const parsed: ParseResult | undefined = unreadable === undefined ? requestBinding.parse(body, { maxBytes: mock.config.maxRequestBytes }) : undefined;
  // What a TAXII 1.1 request holds outside the data model that the mock still answers (a Default Query).
  const outside = unreadable === undefined && requestBinding.id === 'xml-1.1' ? outsideModel(body) : undefined;
  const idOf = parsed?.ok ? parsed.message['message-id'] : undefined;
  const requestId = typeof idOf === 'string' && idOf !== '' ? idOf : undefined;
  if (requestId !== undefined) setRequestId(requestId);
  const header = { 'message-id': answer.newMessageId(), 'in-response-to': requestId ?? answer.unknownMessageId };
  const fail = (type: ErrorType, message: string, extra: Record<string, unknown> = {}): void => {
    let t = type;
    if (faults.has('taxii1-no-bad-message') && t === 'BAD-MESSAGE') t = 'FAILURE';
    if (faults.has('taxii1-unrecognized-value-as-not-found') && t === 'UNRECOGNIZED-VALUE') t = 'NOT-FOUND';
    sendTaxii1(ctx, answer, errorMessage({ header }, t, message, extra), scheme);
  };

  if (!neg.ok) return fail(neg.errorType, neg.reason);
  if (draftRefused) return fail('UNSUPPORTED-MESSAGE', `this server answers in ${BINDINGS['xml-1.1'].contentType} or ${BINDINGS['xml-1.0'].contentType} only (X-TAXII-Accept)`);

  // 4. Authentication: HTTP Basic, the 2.0 mock's accounts.
  let user = mock.config.user;
  // public-discovery: a caller without credentials may ask the Discovery service (as nobody).
  const anonymous = mock.variants.has('taxii1-public-discovery') && ctx.req.headers.authorization === undefined && serviceOfPath(ctx.rawPath) === 'discovery';
  if (anonymous) user = '';
  else if (!faults.has('taxii1-auth-disabled')) {
    const auth = await mock.auth.authenticate(ctx.req.headers.authorization, { schemes: ['Basic'], audiences: [] });
    if (!auth.ok) return fail('UNAUTHORIZED', `authentication failed: ${auth.reason}`);
    user = auth.identity.user;
  }

  // 5. The service.
  const service = serviceOfPath(ctx.rawPath);
  if (service === undefined) {
    return fail('UNSUPPORTED-SERVICE', `no TAXII service is at ${ctx.rawPath}; the services are /taxii1/discovery, /taxii1/collection-management (or feed-management), /taxii1/poll and /taxii1/inbox`);
  }

  // 6. The message.
  if (unreadable !== undefined) return fail('BAD-MESSAGE', unreadable);
  if (outside?.query && parsed?.ok && parsed.message.type === 'poll-request') {
    return sendTaxii1(ctx, answer, errorMessage({ header }, 'FAILURE', `this Poll service supports no query (${outside.query})`, answer.id === 'xml-1.1' ? { 'binding-error-type': 'UNSUPPORTED_QUERY' } : {}), scheme);
  }
  if (!parsed!.ok) return fail('BAD-MESSAGE', `the request is not a ${requestBinding.title} message: ${parsed!.error}`);
  const message = parsed!.message;

  const broken = requestBinding.checkRules(body, { maxBytes: mock.config.maxRequestBytes });
  // An action the binding does not define (its rules say so: the draft's STATUS is QUERY) is an unrecognised value.
  const badAction = broken.some((v) => /\baction "[^"]*" is not one of/.test(v));
  if (message.type === 'manage-feed-subscription-request' && typeof message.action === 'string' && (badAction || !requestBinding.actions.includes(message.action))) {
    return fail('UNRECOGNIZED-VALUE', `the action ${JSON.stringify(message.action)} is not one the ${requestBinding.title} defines`, {
      'error-detail': [{ name: 'ACTION', value: String(message.action) }],
    });
  }
  if (broken.length > 0) return fail('BAD-MESSAGE', `the message breaks the ${requestBinding.title}: ${broken.join('; ')}`);
  const valid = loadSchemaSet('taxii1').validate(message.type, message);
  if (!valid.valid) return fail('BAD-MESSAGE', `the ${message.type} message is not valid: ${valid.errors.join('; ')}`);
  if (faults.has('taxii1-extension-rejected') && message['extended-headers']?.length) {
    return fail('BAD-MESSAGE', `extended headers are not accepted here: ${message['extended-headers'].map((h) => h.name).join(', ')}`);
  }
  if (!SERVICE_MESSAGES[service].includes(message.type)) {
    return fail('UNSUPPORTED-SERVICE', `the ${service} service does not take a ${message.type} message (it takes ${SERVICE_MESSAGES[service].join(', ')})`);
  }

  // 7. The service itself.
  const call: ServiceCall = {
    state: mock.world,
    faults,
    variants: mock.variants,
    user,
    mainUser: mock.config.user,
    origin: mock.origin,
    binding: answer,
    requestBinding,
    header,
  };
  const out: Taxii1Message = serve(call, message);
  if (out.type === 'error' && out['error-type'] === 'BAD-MESSAGE' && faults.has('taxii1-no-bad-message')) out['error-type'] = 'FAILURE';
  sendTaxii1(ctx, answer, out, scheme);
}
