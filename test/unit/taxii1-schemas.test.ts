// The JSON Schemas of the TAXII 1.x data model (schemas/taxii1/): loaded by the shared
// validator, one per message type, the required fields and the rules between fields.
import { describe, expect, it } from 'vitest';
import { generateSync } from 'json-schema-faker';
import { GENERATION_OPTIONS, loadSchemaSet } from '../../schemas/validator.js';
import { ERROR_TYPES, MESSAGE_TYPES, SERVICE_TYPES, SUBSCRIPTION_ACTIONS } from '../../suites/taxii1/model.js';

const set = loadSchemaSet('taxii1');
const h = { 'message-id': '1' };
const r = { 'message-id': '1', 'in-response-to': '2' };
const cb = { 'binding-id': 'urn:stix.mitre.org:xml:1.1.1' };

const INVALID: Array<[string, string, unknown, string]> = [
  ['error', 'no in-response-to', { type: 'error', ...h, 'error-type': 'FAILURE' }, "must have required property 'in-response-to'"],
  ['error', 'an error type of no binding', { type: 'error', ...r, 'error-type': 'OOPS' }, '/error-type must be equal to one of the allowed values'],
  ['error', 'PENDING without a retry interval', { type: 'error', ...r, 'error-type': 'PENDING' }, "must have required property 'retry-interval'"],
  ['error', 'a zero retry interval', { type: 'error', ...r, 'error-type': 'PENDING', 'retry-interval': 0 }, '/retry-interval must be >= 1'],
  ['discovery-request', 'in-response-to on a request', { type: 'discovery-request', ...r }, 'must NOT have additional properties ("in-response-to")'],
  ['discovery-request', 'a message id with white space', { type: 'discovery-request', 'message-id': 'a b' }, '/message-id must match pattern'],
  ['discovery-request', 'an extended header without a value', { type: 'discovery-request', ...h, 'extended-headers': [{ name: 'x' }] }, "/extended-headers/0 must have required property 'value'"],
  ['discovery-response', 'a service without message bindings', { type: 'discovery-response', ...r, services: [{ 'service-type': 'POLL', 'services-version': 'v', 'protocol-binding': 'p', address: 'a', 'message-bindings': [] }] }, '/services/0/message-bindings must NOT have fewer than 1 items'],
  ['discovery-response', 'an unknown service type', { type: 'discovery-response', ...r, services: [{ 'service-type': 'QUERY', 'services-version': 'v', 'protocol-binding': 'p', address: 'a', 'message-bindings': ['m'] }] }, '/services/0/service-type must be equal to one of the allowed values'],
  ['feed-information-response', 'a feed without a description', { type: 'feed-information-response', ...r, feeds: [{ 'feed-name': 'f', 'content-bindings': [cb] }] }, "/feeds/0 must have required property 'description'"],
  ['manage-feed-subscription-request', 'an unknown action', { type: 'manage-feed-subscription-request', ...h, action: 'FROB', 'feed-name': 'f' }, '/action must be equal to one of the allowed values'],
  ['manage-feed-subscription-request', 'UNSUBSCRIBE without a subscription id', { type: 'manage-feed-subscription-request', ...h, action: 'UNSUBSCRIBE', 'feed-name': 'f' }, "must have required property 'subscription-id'"],
  ['manage-feed-subscription-request', 'MODIFY without a subscription id', { type: 'manage-feed-subscription-request', ...h, action: 'MODIFY', 'feed-name': 'f' }, "must have required property 'subscription-id'"],
  ['manage-feed-subscription-response', 'no subscriptions list', { type: 'manage-feed-subscription-response', ...r, 'feed-name': 'f' }, "must have required property 'subscriptions'"],
  ['poll-request', 'neither subscription id nor content binding', { type: 'poll-request', ...h, 'feed-name': 'f' }, '/ must match a schema in anyOf'],
  ['poll-request', 'a timestamp without a zone', { type: 'poll-request', ...h, 'feed-name': 'f', 'content-bindings': [], 'inclusive-end-timestamp': '2016-01-01T00:00:00' }, '/inclusive-end-timestamp must match format "date-time"'],
  ['poll-request', 'seven fraction digits', { type: 'poll-request', ...h, 'feed-name': 'f', 'content-bindings': [], 'inclusive-end-timestamp': '2016-01-01T00:00:00.1234567Z' }, '/inclusive-end-timestamp must match pattern'],
  ['poll-response', 'no upper bound', { type: 'poll-response', ...r, 'feed-name': 'f', 'content-blocks': [] }, "must have required property 'inclusive-end-timestamp'"],
  ['poll-response', 'both lower bounds', { type: 'poll-response', ...r, 'feed-name': 'f', 'inclusive-begin-timestamp': '2016-01-01T00:00:00Z', 'exclusive-begin-timestamp': '2016-01-01T00:00:00Z', 'inclusive-end-timestamp': '2016-01-01T00:00:00Z', 'content-blocks': [] }, '/ must NOT be valid'],
  ['poll-response', 'a block without its content binding', { type: 'poll-response', ...r, 'feed-name': 'f', 'inclusive-end-timestamp': '2016-01-01T00:00:00Z', 'content-blocks': [{ content: 'x' }] }, "/content-blocks/0 must have required property 'content-binding'"],
  ['stix-message', 'no content blocks', { type: 'stix-message', ...h }, "must have required property 'content-blocks'"],
  ['stix-message', 'a source subscription without its feed', { type: 'stix-message', ...h, 'source-subscription': { 'subscription-id': 's' }, 'content-blocks': [] }, "/source-subscription must have required property 'feed-name'"],
];

describe('taxii1 schemas', () => {
  it('one schema per message type, loaded by the shared validator', () => {
    expect(set.profile).toBe('taxii1');
    expect(set.names).toEqual([...MESSAGE_TYPES].sort());
  });

  it('enumerations match the model', () => {
    const defs = set.defs().$defs as Record<string, { enum: string[] }>;
    expect(defs['error-type']!.enum).toEqual([...ERROR_TYPES]);
    expect(defs['service-type']!.enum).toEqual([...SERVICE_TYPES]);
    expect(defs['subscription-action']!.enum).toEqual([...SUBSCRIPTION_ACTIONS]);
  });

  it.each(INVALID)('%s: %s is refused', (type, _why, data, fragment) => {
    const v = set.validate(type, data);
    expect(v.valid).toBe(false);
    expect(v.errors.join('\n')).toContain(fragment);
  });

  it('minimal messages are valid', () => {
    expect(set.validate('discovery-request', { type: 'discovery-request', ...h }).errors).toEqual([]);
    expect(set.validate('poll-request', { type: 'poll-request', ...h, 'feed-name': 'f', 'subscription-id': 's' }).errors).toEqual([]);
    expect(set.validate('stix-message', { type: 'stix-message', ...h, 'content-blocks': [] }).errors).toEqual([]);
    expect(set.validate('error', { type: 'error', ...r, 'error-type': 'SUCCESS' }).errors).toEqual([]);
  });

  it('generated instances validate (json-schema-faker needs refDepthMax for the nested $refs)', () => {
    for (const name of set.names) {
      for (const seed of [1, 2, 3]) {
        const g = generateSync(set.generationSchema(name) as never, { ...GENERATION_OPTIONS, seed, refDepthMax: 20 } as never);
        expect(set.validate(name, g).errors, `${name} seed ${seed}`).toEqual([]);
      }
    }
  });
});
