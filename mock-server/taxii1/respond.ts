// How a TAXII 1.x answer leaves the mock: the message is validated against its data-model
// schema (before any fault bends it), the message-level faults are applied, it is written
// in the answer's binding, and sent over the HTTP protocol binding: HTTP 200 (errors too),
// Content-Type application/xml and the X-TAXII-* headers.
import type { Taxii1Context } from './state.js';
import { baseHeaders } from '../send.js';
import { BINDINGS, type Binding } from '../../suites/taxii1/bindings/index.js';
import { responseHeaders, type Scheme } from '../../suites/taxii1/headers.js';
import { CLOSEST_ERROR_TYPE, isFailure, type ErrorMessage, type Taxii1Message } from '../../suites/taxii1/model.js';
import { CUSTOM_ERROR_TYPE_PREFIX } from '../../suites/taxii1/bindings/xml-common.js';
import { loadSchemaSet } from '../../schemas/validator.js';

/** The namespace a response is (wrongly) written in under taxii1-wrong-namespace. */
const WRONG_NAMESPACE: Record<string, string> = {
  'xml-1.1': BINDINGS['xml-1.0'].namespace,
  'xml-1.0': BINDINGS['xml-1.1'].namespace,
  'xml-1.0-draft': BINDINGS['xml-1.1'].namespace,
};

/** A message id that breaks each binding's format (taxii1-bad-message-id). */
const BAD_IDS: Record<string, string> = {
  'xml-1.1': 'not a uri',
  'xml-1.0': 'msg-1',
  'xml-1.0-draft': '12345',
};

/**
 * Only status types the answer's binding defines go out: a type it has no name for becomes its
 * closest one (failure-where-no-type: FAILURE, the generic type), the data model's name kept in
 * the message text.
 */
function definedType(ctx: Taxii1Context, binding: Binding, m: Taxii1Message): Taxii1Message {
  if (m.type !== 'error' || m['binding-error-type'] !== undefined) return m;
  const t = m['error-type'];
  if (!binding.errorTypeToWire(t).startsWith(CUSTOM_ERROR_TYPE_PREFIX)) return m;
  const to = ctx.mock.variants.has('taxii1-failure-where-no-type') ? 'FAILURE' : (CLOSEST_ERROR_TYPE[t] ?? 'FAILURE');
  const out: ErrorMessage = { ...m, 'error-type': to, message: `${t.toLowerCase().replace(/-/g, ' ')}: ${m.message ?? ''}`.trimEnd() };
  return out;
}

/** Applies the message-level faults to a (validated) message about to be written. */
function bend(ctx: Taxii1Context, binding: Binding, message: Taxii1Message): Taxii1Message {
  const f = ctx.mock.faults;
  const m = { ...message } as Record<string, unknown>;
  if (f.has('taxii1-no-in-response-to')) delete m['in-response-to'];
  else if (f.has('taxii1-wrong-in-response-to') && m['in-response-to'] !== undefined) m['in-response-to'] = binding.newMessageId();
  if (f.has('taxii1-bad-message-id')) m['message-id'] = BAD_IDS[binding.id];
  if (f.has('taxii1-pending-no-wait') && m['type'] === 'error' && m['error-type'] === 'PENDING') delete m['retry-interval'];
  // Parts numbered from 0 (an xs:positiveInteger the schema refuses: bent after validation).
  if (f.has('taxii1-part-numbers-from-0') && typeof m['result-part-number'] === 'number') m['result-part-number'] = (m['result-part-number'] as number) - 1;
  return m as unknown as Taxii1Message;
}

/** Writes a TAXII 1.x message as the answer. */
export function sendTaxii1(ctx: Taxii1Context, binding: Binding, message: Taxii1Message, scheme: Scheme = 'https'): void {
  const { mock } = ctx;
  const f = mock.faults;
  let out = message;
  if (mock.config.validateResponses) {
    const v = loadSchemaSet('taxii1').validate(message.type, message);
    if (!v.valid) {
      mock.config.log(`mock: ${ctx.method} ${ctx.rawPath}: the mock built an invalid ${message.type} message: ${v.errors.join('; ')}`);
      out = {
        type: 'error',
        'message-id': binding.newMessageId(),
        'in-response-to': message['in-response-to'] ?? binding.unknownMessageId,
        'error-type': 'FAILURE',
        message: 'the mock failed to answer this request (the error is in its log)',
      };
    }
  }
  let xml = binding.serialize(bend(ctx, binding, definedType(ctx, binding, out)));
  if (f.has('taxii1-wrong-namespace')) xml = xml.replace(`"${binding.namespace}"`, `"${WRONG_NAMESPACE[binding.id]}"`);
  const body = Buffer.from(xml, 'utf8');
  const headers: Record<string, string> = f.has('taxii1-missing-headers') ? { 'Content-Type': binding.mediaType } : responseHeaders(binding, scheme);
  if (f.has('taxii1-wrong-content-type')) headers['Content-Type'] = 'text/plain; charset=utf-8';
  const status = f.has('taxii1-error-as-http-500') && isFailure(out) ? 500 : 200;
  ctx.res.writeHead(status, { ...baseHeaders(), ...headers, 'Content-Length': String(body.length) });
  ctx.res.end(body);
}

/** An HTTP-level answer that carries no TAXII message (405 for a method other than POST). */
export function sendPlain(ctx: Taxii1Context, status: number, text: string, headers: Record<string, string> = {}): void {
  const body = Buffer.from(`${text}\n`, 'utf8');
  ctx.res.writeHead(status, { ...baseHeaders(), ...headers, 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': String(body.length) });
  ctx.res.end(body);
}
