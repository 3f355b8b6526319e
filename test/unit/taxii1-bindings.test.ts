// The three TAXII 1.x XML bindings: every message type round-trips XML → data model → XML
// and data model → XML → data model for each binding, the data model validates against
// the one set of schemas, and each binding's own rules and mappings hold.
import { describe, expect, it } from 'vitest';
import { loadSchemaSet } from '../../schemas/validator.js';
import {
  BINDINGS,
  BINDING_IDS,
  CUSTOM_ERROR_TYPE_PREFIX,
  XML_10,
  XML_11,
  XML_DRAFT_2012,
  bindingByContentType,
  isDraftMessageId,
  sniffBinding,
  type Binding,
} from '../../suites/taxii1/bindings/index.js';
import { IDS, MESSAGE_TYPES, type Taxii1Message } from '../../suites/taxii1/model.js';
import { IDS_OF, samples } from '../helpers/taxii1-samples.js';

const schemas = loadSchemaSet('taxii1');

describe.each(BINDING_IDS)('binding %s', (bid) => {
  const b = BINDINGS[bid];
  const all = samples(b);

  it('has a sample of every message type the binding has (a Poll Fulfillment: TAXII 1.1 only)', () => {
    expect(new Set(all.map((m) => m.type))).toEqual(new Set(MESSAGE_TYPES.filter((t) => t !== 'poll-fulfillment' || b.multiPart)));
    expect(b.multiPart).toBe(bid === 'xml-1.1');
  });

  it.each(all.map((m, i) => [`${i} ${m.type}`, m] as const))('%s: data model → XML → data model, XML → data model → XML', (_n, m) => {
    const v = schemas.validate(m.type, m);
    expect(v.errors).toEqual([]);
    expect(b.unrepresentable(m)).toEqual([]);
    const xml = b.serialize(m);
    expect(b.checkRules(xml)).toEqual([]);
    const back = b.parse(xml);
    expect(back.ok, back.ok ? '' : back.error).toBe(true);
    if (!back.ok) return;
    expect(back.message).toEqual(m);
    expect(b.serialize(back.message)).toBe(xml);
    expect(schemas.validate(back.message.type, back.message).errors).toEqual([]);
  });

  it('matches elements on the namespace, whatever the prefix (or a default namespace)', () => {
    const m = all.find((x) => x.type === 'poll-response')!;
    const xml = b.serialize(m);
    const renamed = xml.replaceAll(`${b.prefix}:`, 'zz9:').replace(`xmlns:${b.prefix}=`, 'xmlns:zz9=');
    const dflt = xml.replaceAll(`${b.prefix}:`, '').replace(`xmlns:${b.prefix}=`, 'xmlns=');
    for (const variant of [renamed, dflt]) {
      expect(variant).not.toBe(xml);
      const r = b.parse(variant);
      expect(r.ok && r.message).toEqual(m);
      expect(b.checkRules(variant)).toEqual([]);
    }
  });

  it('refuses a root in another namespace (Bad Message) and reports it as a rule', () => {
    const xml = b.serialize(all[0]!).replace(`"${b.namespace}"`, '"http://example.com/not-taxii"');
    const r = b.parse(xml);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/is not in the .*namespace/);
    expect(b.checkRules(xml).join('\n')).toMatch(/namespace/);
  });

  it('refuses another binding\'s message', () => {
    for (const other of Object.values(BINDINGS).filter((o) => o !== b)) {
      const xml = other.serialize({ type: 'discovery-request', 'message-id': IDS_OF[other.id]![0] });
      const r = b.parse(xml);
      expect(r.ok).toBe(false);
    }
  });

  it('ignores unrecognised extension fields and keeps them in the model', () => {
    const xml = b.serialize({ type: 'discovery-request', 'message-id': IDS_OF[bid]![0], 'extended-headers': [{ name: 'urn:vendor:unknown', value: '<any><thing/></any>' }] });
    expect(b.checkRules(xml)).toEqual([]);
    const r = b.parse(xml);
    expect(r.ok && r.message['extended-headers']).toEqual([{ name: 'urn:vendor:unknown', value: '<any><thing/></any>' }]);
  });

  it('reads an unrecognised error type as FAILURE, never as success, keeping what was sent', () => {
    const attrName = bid === 'xml-1.0-draft' ? 'error-type' : 'status_type';
    for (const odd of ['success', 'Success', 'OK', 'urn:vendor:status:fine', `${CUSTOM_ERROR_TYPE_PREFIX}SUCCESS`, '']) {
      const xml = b.serialize({ type: 'error', 'message-id': IDS_OF[bid]![0], 'in-response-to': IDS_OF[bid]![1], 'error-type': 'SUCCESS' }).replace(
        new RegExp(`${attrName}="SUCCESS"`),
        `${attrName}="${odd}"`,
      );
      const r = b.parse(xml);
      expect(r.ok).toBe(true);
      if (!r.ok || r.message.type !== 'error') continue;
      expect(r.message['error-type']).toBe('FAILURE');
      expect(r.message['binding-error-type']).toBe(odd);
    }
  });

  it('flags message ids that break the binding\'s format, and a response without in-response-to', () => {
    const bad = { 'xml-1.1': 'has space', 'xml-1.0': 'abc-1', 'xml-1.0-draft': '0123' }[bid];
    const m: Taxii1Message = { type: 'discovery-response', 'message-id': bad, 'in-response-to': IDS_OF[bid]![1], services: [] };
    expect(b.checkRules(b.serialize(m)).join('\n')).toMatch(/is not/);
    expect(b.isMessageId(b.newMessageId())).toBe(true);
    expect(b.isMessageId(b.unknownMessageId)).toBe(true);
    const noIrt = b.serialize({ ...m, 'message-id': IDS_OF[bid]![0] }).replace(/ in[_-]response[_-]to="[^"]*"/, '');
    expect(b.checkRules(noIrt).join('\n')).toMatch(/in[_-]response[_-]to is missing/);
    const r = b.parse(noIrt);
    expect(r.ok).toBe(true);
    if (r.ok) expect(schemas.validate(r.message.type, r.message).errors.join('\n')).toMatch(/in-response-to/);
  });

  it('flags elements the binding does not have', () => {
    const xml = b.serialize({ type: 'discovery-request', 'message-id': IDS_OF[bid]![0] }).replace('/>', `><${b.prefix}:Bogus_Field>1</${b.prefix}:Bogus_Field></${b.prefix}:${b.roots['discovery-request']}>`);
    expect(b.checkRules(xml).join('\n')).toMatch(/Bogus_Field is not an element of this binding/);
    expect(b.parse(xml).ok).toBe(true);
  });

  it('reads content whose namespaces are declared on the root, and hands it out standing alone', () => {
    const m = all.find((x) => x.type === 'stix-message')!;
    const xml = b
      .serialize(m)
      .replace(`xmlns:${b.prefix}=`, `xmlns:stix="http://stix.mitre.org/stix-1" xmlns:${b.prefix}=`)
      .replace('<stix:STIX_Package xmlns:stix="http://stix.mitre.org/stix-1" ', '<stix:STIX_Package ');
    const r = b.parse(xml);
    expect(r.ok).toBe(true);
    if (!r.ok || r.message.type !== 'stix-message') return;
    const content = r.message['content-blocks'][0]!.content;
    expect(content).toContain('xmlns:stix="http://stix.mitre.org/stix-1"');
    expect(content).toContain('Bad &amp; worse');
  });
});

describe('binding specifics', () => {
  it('registry: ids, namespaces, message binding ids, services versions', () => {
    expect(Object.keys(BINDINGS).sort()).toEqual(['xml-1.0', 'xml-1.0-draft', 'xml-1.1']);
    expect(XML_11.namespace).toBe('http://taxii.mitre.org/messages/taxii_xml_binding-1.1');
    expect(XML_10.namespace).toBe('http://taxii.mitre.org/messages/taxii_xml_binding-1');
    expect(XML_DRAFT_2012.namespace).toBe('http://taxii.mitre.org/messages/xml/1');
    expect(XML_11.contentType).toBe('urn:taxii.mitre.org:message:xml:1.1');
    expect(XML_10.contentType).toBe('urn:taxii.mitre.org:message:xml:1.0');
    expect(XML_DRAFT_2012.contentType).toBe('TAXII_XML_1.0');
    expect(XML_11.protocol).toBe('urn:taxii.mitre.org:protocol:https:1.0');
    expect(XML_11.servicesVersion).toBe('urn:taxii.mitre.org:services:1.1');
    expect(bindingByContentType(' urn:taxii.mitre.org:message:xml:1.0 ')).toBe(XML_10);
    expect(bindingByContentType('application/xml')).toBeUndefined();
  });

  it('reads a 1.1 Discovery Request exactly as libtaxii writes it', () => {
    const xml = '<taxii_11:Discovery_Request xmlns:taxii_11="http://taxii.mitre.org/messages/taxii_xml_binding-1.1" message_id="4243950474"/>';
    expect(XML_11.parse(xml)).toEqual({ ok: true, message: { type: 'discovery-request', 'message-id': '4243950474' } });
    expect(XML_11.checkRules(xml)).toEqual([]);
    expect(sniffBinding(xml)).toBe(XML_11);
  });

  it('reads a pretty-printed 1.1 Inbox Message with a Query-free Poll-style layout, comments and CDATA', () => {
    const xml = `<?xml version="1.0" encoding="utf-8"?>
<!-- written by hand -->
<taxii_11:Inbox_Message xmlns:taxii_11="http://taxii.mitre.org/messages/taxii_xml_binding-1.1"
    xmlns:tdq="http://taxii.mitre.org/query/taxii_default_query-1" message_id="42">
  <taxii_11:Destination_Collection_Name>shared</taxii_11:Destination_Collection_Name>
  <taxii_11:Content_Block>
    <taxii_11:Content_Binding binding_id="urn:stix.mitre.org:xml:1.1.1"/>
    <taxii_11:Content>
      <stix:STIX_Package xmlns:stix="http://stix.mitre.org/stix-1" version="1.1.1"/>
    </taxii_11:Content>
    <taxii_11:Timestamp_Label>2016-01-01T00:00:00Z</taxii_11:Timestamp_Label>
  </taxii_11:Content_Block>
  <taxii_11:Content_Block>
    <taxii_11:Content_Binding binding_id="urn:example:text"/>
    <taxii_11:Content><![CDATA[a <b> & c]]></taxii_11:Content>
  </taxii_11:Content_Block>
</taxii_11:Inbox_Message>`;
    const r = XML_11.parse(xml);
    expect(r).toEqual({
      ok: true,
      message: {
        type: 'stix-message',
        'message-id': '42',
        'destination-feed-names': ['shared'],
        'content-blocks': [
          {
            'content-binding': { 'binding-id': IDS.stix111 },
            content: '<stix:STIX_Package xmlns:stix="http://stix.mitre.org/stix-1" version="1.1.1"/>',
            'timestamp-label': '2016-01-01T00:00:00Z',
          },
          { 'content-binding': { 'binding-id': 'urn:example:text' }, content: 'a <b> & c' },
        ],
      },
    });
    expect(XML_11.checkRules(xml)).toEqual([]);
  });

  it('maps the talk\'s names to each binding\'s', () => {
    const status = (b: Binding) => b.serialize({ type: 'manage-feed-subscription-request', 'message-id': IDS_OF[b.id]![0], action: 'STATUS', 'feed-name': 'f' });
    expect(status(XML_DRAFT_2012)).toContain('action="QUERY"');
    expect(status(XML_10)).toContain('action="STATUS"');
    expect(XML_11.roots['feed-information-request']).toBe('Collection_Information_Request');
    expect(XML_10.roots['feed-information-request']).toBe('Feed_Information_Request');
    expect(XML_DRAFT_2012.roots['stix-message']).toBe('TAXII_STIXMessage');
    expect(XML_11.roots.error).toBe('Status_Message');
    expect(XML_DRAFT_2012.roots.error).toBe('TAXII_ErrorMessage');
    expect(XML_11.serviceTypes['FEED-MANAGEMENT']).toBe('COLLECTION_MANAGEMENT');
    expect(XML_10.serviceTypes['FEED-MANAGEMENT']).toBe('FEED_MANAGEMENT');
    expect(XML_11.errorTypeToWire('PENDING')).toBe('RETRY');
    expect(XML_11.errorTypeFromWire('PENDING')).toEqual({ type: 'PENDING', recognised: true });
    expect(XML_10.errorTypeFromWire('RETRY')).toEqual({ type: 'PENDING', recognised: true });
    expect(XML_11.errorTypeToWire('UNSUPPORTED-SERVICE')).toBe(`${CUSTOM_ERROR_TYPE_PREFIX}UNSUPPORTED-SERVICE`);
    expect(XML_10.errorTypeFromWire('POLLING_UNSUPPORTED')).toEqual({ type: 'UNSUPPORTED-SERVICE', recognised: true });
    expect(XML_11.errorTypeFromWire('UNSUPPORTED_QUERY')).toEqual({ type: 'FAILURE', recognised: true });
    expect(XML_DRAFT_2012.errorTypeFromWire('PROTECTION-UNSUPPORTED')).toEqual({ type: 'FAILURE', recognised: true });
    expect(XML_DRAFT_2012.errorTypeFromWire('BAD_MESSAGE')).toEqual({ type: 'FAILURE', recognised: false });
    expect(XML_11.actions).toEqual(['SUBSCRIBE', 'UNSUBSCRIBE', 'PAUSE', 'RESUME', 'STATUS']);
    expect(XML_10.actions).toEqual(['SUBSCRIBE', 'UNSUBSCRIBE', 'STATUS']);
    expect(XML_DRAFT_2012.actions).toEqual(['SUBSCRIBE', 'UNSUBSCRIBE', 'PAUSE', 'RESUME', 'MODIFY', 'STATUS']);
  });

  it('a 1.1 PENDING or RETRY carries its wait as the ESTIMATED_WAIT detail; TAXII 1.0 as the status detail', () => {
    const m: Taxii1Message = { type: 'error', 'message-id': '1', 'in-response-to': '2', 'error-type': 'PENDING', 'retry-interval': 5 };
    expect(XML_11.serialize(m)).toContain('status_type="RETRY"');
    expect(XML_11.serialize(m)).toContain('<taxii_11:Detail name="ESTIMATED_WAIT">5</taxii_11:Detail>');
    expect(XML_10.serialize(m)).toContain('<taxii:Status_Detail>5</taxii:Status_Detail>');
    const noWait = XML_11.parse(XML_11.serialize(m).replace(/<taxii_11:Status_Detail>.*<\/taxii_11:Status_Detail>/, ''));
    expect(noWait.ok).toBe(true);
    if (noWait.ok) expect(schemas.validate('error', noWait.message).errors.join('\n')).toMatch(/retry-interval/);
  });

  it('says what a binding cannot carry', () => {
    expect(XML_10.unrepresentable({ type: 'manage-feed-subscription-request', 'message-id': '1', action: 'PAUSE', 'feed-name': 'f', 'subscription-id': 's' })).toEqual([
      'action: the TAXII 1.0 XML Message Binding has no PAUSE action',
    ]);
    expect(XML_11.unrepresentable({ type: 'manage-feed-subscription-request', 'message-id': '1', action: 'MODIFY', 'feed-name': 'f', 'subscription-id': 's' })).toEqual([
      'action: TAXII 1.1 has no MODIFY action',
    ]);
    expect(XML_10.unrepresentable({ type: 'stix-message', 'message-id': '1', 'destination-feed-names': ['x'], 'content-blocks': [] })).toEqual([
      'destination-feed-names: TAXII 1.1 only',
    ]);
  });

  it('checks the draft\'s message-id format: 32 hex digits, separators allowed', () => {
    expect(isDraftMessageId('0123456789abcdef0123456789ABCDEF')).toBe(true);
    expect(isDraftMessageId('{01234567-89ab-cdef-0123-456789abcdef}')).toBe(true);
    expect(isDraftMessageId('0123456789abcdef0123456789ABCDE')).toBe(false);
    expect(isDraftMessageId('0123456789abcdef0123456789ABCDEG')).toBe(false);
    expect(XML_10.isMessageId('007')).toBe(true);
    expect(XML_10.isMessageId('-7')).toBe(false);
    expect(XML_11.isMessageId('urn:uuid:1')).toBe(true);
  });

  it('serialize and unrepresentable never throw, even on sparse (invalid) models', () => {
    for (const b of Object.values(BINDINGS)) {
      for (const type of MESSAGE_TYPES) {
        expect(() => b.serialize({ type } as never)).not.toThrow();
        expect(() => b.unrepresentable({ type } as never)).not.toThrow();
        const sparse = { type, 'content-blocks': [{}], services: [{}], feeds: [{ 'push-methods': [{}] }], subscriptions: [{}] } as never;
        // A message the binding does not have (a Poll Fulfillment outside 1.1) is said unrepresentable and read back as none.
        expect(b.parse(b.serialize(sparse)).ok).toBe(type !== 'poll-fulfillment' || b.multiPart);
      }
    }
  });

  it('flags a 1.1 Poll Request with both or neither of Subscription_ID and Poll_Parameters', () => {
    const base = XML_11.serialize({ type: 'poll-request', 'message-id': '1', 'feed-name': 'f', 'subscription-id': 's' });
    const neither = base.replace('<taxii_11:Subscription_ID>s</taxii_11:Subscription_ID>', '');
    expect(XML_11.checkRules(neither).join('\n')).toMatch(/exactly one of Subscription_ID or Poll_Parameters/);
    const r = XML_11.parse(neither);
    expect(r.ok && schemas.validate('poll-request', r.message).valid).toBe(false);
  });
});

describe('multi-part poll results (TAXII 1.1 only)', () => {
  const part = { type: 'poll-response', 'message-id': '1', 'in-response-to': '2', 'feed-name': 'f', 'inclusive-end-timestamp': '2016-01-02T00:00:00Z', 'content-blocks': [] } as const;

  it('writes more, result_id and result_part_number on a 1.1 Poll Response, and reads them back', () => {
    const xml = XML_11.serialize({ ...part, more: true, 'result-id': 'r-1', 'result-part-number': 3 });
    expect(xml).toContain('more="true" result_id="r-1" result_part_number="3"');
    const r = XML_11.parse(xml);
    expect(r.ok && r.message).toMatchObject({ more: true, 'result-id': 'r-1', 'result-part-number': 3 });
    // more="false", more="0" and no more at all read alike (the XSD's default is false).
    for (const m of ['more="false"', 'more="0"', '']) {
      const back = XML_11.parse(xml.replace('more="true"', m));
      expect(back.ok && 'more' in back.message).toBe(false);
    }
    expect(XML_11.serialize(part)).toContain('more="false"');
  });

  it('reads a part number as sent, for the schema to judge (0, -1, a word)', () => {
    const xml = XML_11.serialize({ ...part, more: true, 'result-id': 'r-1', 'result-part-number': 1 });
    for (const [v, want] of [['0', 0], ['-1', -1], ['two', 'two']] as const) {
      const r = XML_11.parse(xml.replace('result_part_number="1"', `result_part_number="${v}"`));
      expect(r.ok && r.message.type === 'poll-response' && r.message['result-part-number']).toBe(want);
      if (r.ok) expect(schemas.validate('poll-response', r.message).valid).toBe(false);
    }
  });

  it('writes and reads a Poll Fulfillment Request, its collection name and result id required', () => {
    const xml = XML_11.serialize({ type: 'poll-fulfillment', 'message-id': 'm-1', 'feed-name': 'f', 'result-id': 'r-1', 'result-part-number': 2 });
    expect(xml).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n<taxii_11:Poll_Fulfillment xmlns:taxii_11="http://taxii.mitre.org/messages/taxii_xml_binding-1.1" message_id="m-1" collection_name="f" result_id="r-1" result_part_number="2"/>',
    );
    expect(XML_11.checkRules(xml)).toEqual([]);
    expect(XML_11.checkRules(xml.replace(' result_id="r-1"', ''))).toEqual(['/Poll_Fulfillment: the required attribute result_id is missing']);
    const r = XML_11.parse(xml);
    expect(r.ok && r.message).toEqual({ type: 'poll-fulfillment', 'message-id': 'm-1', 'feed-name': 'f', 'result-id': 'r-1', 'result-part-number': 2 });
  });

  it('TAXII 1.0 and the draft have none: said unrepresentable, and a Poll_Fulfillment root is no message of theirs', () => {
    for (const b of [XML_10, XML_DRAFT_2012]) {
      expect(b.unrepresentable({ ...part, more: true, 'result-id': 'r', 'result-part-number': 1 }).join('\n')).toMatch(/answers a poll whole/);
      expect(b.unrepresentable({ type: 'poll-fulfillment', 'message-id': '1', 'feed-name': 'f', 'result-id': 'r' }).join('\n')).toMatch(/has no Poll Fulfillment Request/);
      expect(b.serialize({ ...part, more: true, 'result-id': 'r' })).not.toMatch(/more=|result_id/);
    }
    const r = XML_10.parse(XML_11.serialize({ type: 'poll-fulfillment', 'message-id': '1', 'feed-name': 'f', 'result-id': 'r' }).replaceAll(XML_11.namespace, XML_10.namespace));
    expect(!r.ok && r.error).toMatch(/is a TAXII 1.1 message/);
  });
});
