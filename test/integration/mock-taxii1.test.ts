// The mock's TAXII 1.x services over real HTTPS on loopback: a Discovery Request written
// exactly as libtaxii writes it, every exchange in every binding, each error type provoked
// by the input that calls for it, and each taxii1-* fault changing what it names. Every
// answer is checked against its binding's rules and the data-model schemas as it arrives.
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent } from 'undici';
import { listFaults, startMock, type MockOptions, type RunningMock } from '../../mock-server/index.js';
import { loadSchemaSet } from '../../schemas/validator.js';
import { BINDINGS, BINDING_IDS, XML_10, XML_11, XML_DRAFT_2012, sniffBinding, type Binding } from '../../suites/taxii1/bindings/index.js';
import { checkResponseHeaders, requestHeaders } from '../../suites/taxii1/headers.js';
import { IDS, type ErrorMessage, type PollResponse, type Taxii1Message } from '../../suites/taxii1/model.js';

const schemas = loadSchemaSet('taxii1');
const certCacheDir = path.join(os.tmpdir(), 'taxii-conform-mock-cert-test');
const agent = new Agent({ connect: { rejectUnauthorized: false }, headersTimeout: 20_000, bodyTimeout: 20_000 });

type Who = 'main' | 'reader' | 'none' | 'wrong';

interface Answer {
  status: number;
  headers: Record<string, string>;
  text: string;
  binding?: Binding;
  message?: Taxii1Message;
  rules: string[];
}

const basic = (u: string, p: string): string => `Basic ${Buffer.from(`${u}:${p}`).toString('base64')}`;

/** POSTs `body` to the mock; headers default to the binding's (as libtaxii sends them). */
async function post(
  mock: RunningMock,
  p: string,
  body: string,
  o: { binding?: Binding; headers?: Record<string, string | undefined>; who?: Who; method?: string; strict?: boolean } = {},
): Promise<Answer> {
  const b = o.binding ?? XML_11;
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries({ ...requestHeaders(b), ...o.headers })) if (v !== undefined) headers[k] = v;
  const who = o.who ?? 'main';
  if (who === 'main') headers['Authorization'] = basic(mock.credentials.user, mock.credentials.password);
  else if (who === 'reader') headers['Authorization'] = basic(mock.readonlyCredentials.user, mock.readonlyCredentials.password);
  else if (who === 'wrong') headers['Authorization'] = basic(mock.credentials.user, 'not-the-password');
  const r = await agent.request({ origin: `https://127.0.0.1:${mock.port}`, path: p, method: (o.method ?? 'POST') as 'POST', headers, body: o.method === 'GET' ? undefined : body });
  const text = await r.body.text();
  const flat: Record<string, string> = {};
  for (const [k, v] of Object.entries(r.headers)) flat[k] = Array.isArray(v) ? v.join(', ') : String(v);
  const answer: Answer = { status: r.statusCode, headers: flat, text, rules: [] };
  const binding = sniffBinding(text);
  if (binding) {
    answer.binding = binding;
    answer.rules = binding.checkRules(text);
    const parsed = binding.parse(text);
    if (parsed.ok) answer.message = parsed.message;
    if (o.strict !== false && parsed.ok) {
      expect(answer.rules, `${p}: the answer breaks ${binding.title}\n${text}`).toEqual([]);
      expect(schemas.validate(parsed.message.type, parsed.message).errors, `${p}: invalid ${parsed.message.type}\n${text}`).toEqual([]);
      expect(checkResponseHeaders(flat, binding)).toEqual([]);
    }
  }
  return answer;
}

const idOf = (b: Binding, n: number): string =>
  ({ 'xml-1.1': `urn:uuid:00000000-0000-4000-8000-${String(n).padStart(12, '0')}`, 'xml-1.0': String(1000 + n), 'xml-1.0-draft': n.toString(16).padStart(32, '0') })[b.id];

function send(mock: RunningMock, p: string, b: Binding, m: Taxii1Message, o: Parameters<typeof post>[3] = {}): Promise<Answer> {
  return post(mock, p, b.serialize(m), { binding: b, ...o });
}

function expectError(a: Answer, type: ErrorMessage['error-type'], binding: Binding = XML_11, reason?: RegExp): ErrorMessage {
  expect(a.status, a.text).toBe(200);
  expect(a.binding, a.text).toBe(binding);
  expect(a.message?.type, a.text).toBe('error');
  const m = a.message as ErrorMessage;
  expect(m['error-type'], a.text).toBe(type);
  if (reason) expect(m.message).toMatch(reason);
  return m;
}

const mgmt = (b: Binding): string => (b.id === 'xml-1.1' ? '/taxii1/collection-management' : '/taxii1/feed-management');

let started: RunningMock[] = [];
async function start(opts: MockOptions = {}): Promise<RunningMock> {
  const m = await startMock({ port: 0, certCacheDir, log: () => {}, ...opts });
  started.push(m);
  return m;
}

afterAll(async () => {
  await Promise.all(started.map((m) => m.close()));
  started = [];
  await agent.close();
});

const LIBTAXII_DISCOVERY =
  '<taxii_11:Discovery_Request xmlns:taxii_11="http://taxii.mitre.org/messages/taxii_xml_binding-1.1" message_id="4243950474"/>';

describe('the mock\'s TAXII 1.x services', () => {
  let mock: RunningMock;
  beforeAll(async () => {
    mock = await start();
  });

  it('answers a 1.1 Discovery Request written as libtaxii writes it with a valid 1.1 Discovery Response', async () => {
    const a = await post(mock, '/taxii1/discovery', LIBTAXII_DISCOVERY, {
      headers: {
        'Content-Type': 'application/xml',
        'X-TAXII-Content-Type': 'urn:taxii.mitre.org:message:xml:1.1',
        'X-TAXII-Protocol': 'urn:taxii.mitre.org:protocol:https:1.0',
        'X-TAXII-Services': 'urn:taxii.mitre.org:services:1.1',
        'X-TAXII-Accept': undefined,
        Accept: undefined,
      },
    });
    expect(a.status).toBe(200);
    expect(a.headers['content-type']).toBe('application/xml');
    expect(a.headers['x-taxii-content-type']).toBe('urn:taxii.mitre.org:message:xml:1.1');
    expect(a.headers['x-taxii-protocol']).toBe('urn:taxii.mitre.org:protocol:https:1.0');
    expect(a.headers['x-taxii-services']).toBe('urn:taxii.mitre.org:services:1.1');
    expect(a.text).toContain('<taxii_11:Discovery_Response xmlns:taxii_11="http://taxii.mitre.org/messages/taxii_xml_binding-1.1"');
    expect(a.binding).toBe(XML_11);
    const m = a.message;
    expect(m?.type).toBe('discovery-response');
    if (m?.type !== 'discovery-response') return;
    expect(m['in-response-to']).toBe('4243950474');
    const origin = `https://127.0.0.1:${mock.port}`;
    expect(m.services.map((s) => [s['service-type'], s.address, s['protocol-binding'], s['services-version']])).toEqual([
      ['DISCOVERY', `${origin}/taxii1/discovery`, IDS.protocolHttps, IDS.services11],
      ['FEED-MANAGEMENT', `${origin}/taxii1/collection-management`, IDS.protocolHttps, IDS.services11],
      ['POLL', `${origin}/taxii1/poll`, IDS.protocolHttps, IDS.services11],
      ['INBOX', `${origin}/taxii1/inbox`, IDS.protocolHttps, IDS.services11],
    ]);
    expect(a.text).toContain('service_type="COLLECTION_MANAGEMENT"');
  });

  it('the 2.0 Discovery message advertises the 1.x Discovery service', async () => {
    const r = await agent.request({
      origin: `https://127.0.0.1:${mock.port}`,
      path: '/taxii/',
      method: 'GET',
      headers: { authorization: basic(mock.credentials.user, mock.credentials.password), accept: 'application/taxii+json' },
    });
    const d = (await r.body.json()) as Record<string, unknown>;
    expect(d['previous-versions']).toEqual([{ version: 'taxii-1.1', url: `https://127.0.0.1:${mock.port}/taxii1/discovery` }]);
    const a = await post(mock, new URL((d['previous-versions'] as Array<{ url: string }>)[0]!.url).pathname, LIBTAXII_DISCOVERY);
    expect(a.message?.type).toBe('discovery-response');
  });

  describe.each(BINDING_IDS)('in the %s binding', (bid) => {
    const b = BINDINGS[bid];

    it('answers in the request\'s binding, or in the one X-TAXII-Accept asks for', async () => {
      const a = await send(mock, '/taxii1/discovery', b, { type: 'discovery-request', 'message-id': idOf(b, 1) });
      expect(a.binding).toBe(b);
      expect(a.headers['x-taxii-content-type']).toBe(b.contentType);
      expect(a.message?.type).toBe('discovery-response');
      expect(a.message?.['in-response-to']).toBe(idOf(b, 1));
      if (b.sendsServicesHeader) expect(a.headers['x-taxii-services']).toBe(b.servicesVersion);
      else expect(a.headers['x-taxii-services']).toBeUndefined();
      for (const other of Object.values(BINDINGS)) {
        const x = await send(mock, '/taxii1/discovery', b, { type: 'discovery-request', 'message-id': idOf(b, 2) }, { headers: { 'X-TAXII-Accept': other.contentType } });
        expect(x.binding).toBe(other);
        expect(x.message?.type).toBe('discovery-response');
        expect(x.message?.['in-response-to']).toBe(idOf(b, 2));
      }
    });

    it('feed information, every subscription action the binding has, poll by subscription and by content binding', async () => {
      const h = (n: number) => ({ 'message-id': idOf(b, n) });
      const info = await send(mock, mgmt(b), b, { type: 'feed-information-request', ...h(10) });
      expect(info.message?.type).toBe('feed-information-response');
      if (info.message?.type !== 'feed-information-response') return;
      expect(info.message.feeds.map((f) => [f['feed-name'], f.available])).toEqual([
        ['indicators', true],
        ['malware', true],
        ['restricted', false],
        ['shared', true],
        ['slow', true],
        ['broken', true],
      ]);

      const sub = await send(mock, mgmt(b), b, { type: 'manage-feed-subscription-request', ...h(11), action: 'SUBSCRIBE', 'feed-name': 'indicators', ...(b.id === 'xml-1.1' ? { 'content-bindings': [{ 'binding-id': IDS.stix111 }] } : {}) });
      expect(sub.message?.type, sub.text).toBe('manage-feed-subscription-response');
      if (sub.message?.type !== 'manage-feed-subscription-response') return;
      const id = sub.message.subscriptions[0]!['subscription-id'];
      expect(sub.message.subscriptions[0]!['poll-instances']?.[0]?.address).toBe(`https://127.0.0.1:${mock.port}/taxii1/poll`);

      const status = async (n: number) => {
        const s = await send(mock, mgmt(b), b, { type: 'manage-feed-subscription-request', ...h(n), action: 'STATUS', 'feed-name': 'indicators' });
        return s.message?.type === 'manage-feed-subscription-response' ? s.message.subscriptions : undefined;
      };
      expect((await status(12))?.map((s) => s['subscription-id'])).toContain(id);

      if (b.actions.includes('PAUSE')) {
        const p = await send(mock, mgmt(b), b, { type: 'manage-feed-subscription-request', ...h(13), action: 'PAUSE', 'feed-name': 'indicators', 'subscription-id': id });
        expect(p.message?.type).toBe('manage-feed-subscription-response');
        if (b.id === 'xml-1.1') expect((await status(14))?.find((s) => s['subscription-id'] === id)?.status).toBe('PAUSED');
        const r = await send(mock, mgmt(b), b, { type: 'manage-feed-subscription-request', ...h(15), action: 'RESUME', 'feed-name': 'indicators', 'subscription-id': id });
        expect(r.message?.type).toBe('manage-feed-subscription-response');
        if (b.id === 'xml-1.1') expect((await status(16))?.find((s) => s['subscription-id'] === id)?.status).toBe('ACTIVE');
      }
      if (b.actions.includes('MODIFY')) {
        const push = { 'protocol-binding': b.protocol, address: 'https://consumer.example.com/inbox', 'message-binding': b.contentType };
        const m = await send(mock, mgmt(b), b, { type: 'manage-feed-subscription-request', ...h(17), action: 'MODIFY', 'feed-name': 'indicators', 'subscription-id': id, 'push-parameters': push });
        expect(m.message?.type === 'manage-feed-subscription-response' && m.message.subscriptions[0]?.['push-parameters']).toEqual(push);
      }

      const bySub = await send(mock, '/taxii1/poll', b, { type: 'poll-request', ...h(18), 'feed-name': 'indicators', 'subscription-id': id });
      expect(bySub.message?.type, bySub.text).toBe('poll-response');
      if (bySub.message?.type !== 'poll-response') return;
      expect(bySub.message['subscription-id']).toBe(id);
      expect(bySub.message['content-blocks']).toHaveLength(5);
      expect(bySub.message['content-blocks'][0]!.content).toMatch(/^<stix:STIX_Package [^>]*version="1\.1\.1"/);

      const range = await send(mock, '/taxii1/poll', b, {
        type: 'poll-request',
        ...h(19),
        'feed-name': 'indicators',
        'exclusive-begin-timestamp': '2016-01-01T00:01:00Z',
        'inclusive-end-timestamp': '2016-01-01T00:03:00Z',
        'content-bindings': [{ 'binding-id': IDS.stix111 }],
      });
      expect(range.message?.type).toBe('poll-response');
      if (range.message?.type !== 'poll-response') return;
      expect(range.message['content-blocks'].map((c) => c['timestamp-label'])).toEqual(['2016-01-01T00:02:00.000000Z', '2016-01-01T00:03:00.000000Z']);
      expect(range.message['inclusive-end-timestamp']).toBe('2016-01-01T00:03:00.000000Z');
      if (b.responseBegin === 'exclusive') expect(range.message['exclusive-begin-timestamp']).toBe('2016-01-01T00:01:00.000000Z');
      else expect(range.message['inclusive-begin-timestamp']).toBe('2016-01-01T00:01:00.000001Z');

      const openEnded = await send(mock, '/taxii1/poll', b, { type: 'poll-request', ...h(20), 'feed-name': 'malware', 'content-bindings': [] });
      expect(openEnded.message?.type === 'poll-response' && openEnded.message['content-blocks'].length).toBe(3);

      const un = await send(mock, mgmt(b), b, { type: 'manage-feed-subscription-request', ...h(21), action: 'UNSUBSCRIBE', 'feed-name': 'indicators', 'subscription-id': id });
      expect(un.message?.type).toBe('manage-feed-subscription-response');
      expect((await status(22))?.map((s) => s['subscription-id'])).not.toContain(id);
      const gone = await send(mock, '/taxii1/poll', b, { type: 'poll-request', ...h(23), 'feed-name': 'indicators', 'subscription-id': id });
      expectError(gone, 'NOT-FOUND', b);
    });

    it('the Inbox takes solicited and unsolicited STIX messages; a poll returns them (nothing lost)', async () => {
      const marker = `inbox-${bid}-${Date.now()}`;
      const pkg = `<stix:STIX_Package xmlns:stix="http://stix.mitre.org/stix-1" id="example:Package-1" version="1.1.1"><stix:STIX_Header><stix:Title>${marker}</stix:Title></stix:STIX_Header></stix:STIX_Package>`;
      const block = { 'content-binding': { 'binding-id': IDS.stix111 }, content: pkg };
      const unsolicited = await send(mock, '/taxii1/inbox', b, { type: 'stix-message', 'message-id': idOf(b, 30), message: 'volunteered', 'content-blocks': [block] });
      expectError(unsolicited, 'SUCCESS', b);
      const begin = b.responseBegin === 'exclusive' ? 'exclusive-begin-timestamp' : 'inclusive-begin-timestamp';
      const solicited = await send(mock, '/taxii1/inbox', b, {
        type: 'stix-message',
        'message-id': idOf(b, 31),
        'source-subscription': { 'feed-name': 'partner-feed', 'subscription-id': 'their-sub-1', [begin]: '2016-01-01T00:00:00Z', 'inclusive-end-timestamp': '2016-01-02T00:00:00Z' },
        'content-blocks': [block, block],
      } as Taxii1Message);
      expectError(solicited, 'SUCCESS', b);
      const p = await send(mock, '/taxii1/poll', b, { type: 'poll-request', 'message-id': idOf(b, 32), 'feed-name': 'shared', 'content-bindings': [] });
      expect(p.message?.type).toBe('poll-response');
      if (p.message?.type !== 'poll-response') return;
      expect(p.message['content-blocks'].filter((c) => c.content.includes(marker))).toHaveLength(3);
    });

    it('refuses an action the binding does not define with UNRECOGNIZED-VALUE, or BAD_MESSAGE where the binding has no such type', async () => {
      const action = b.actions.includes('PAUSE') ? (b.actions.includes('MODIFY') ? 'FROB' : 'MODIFY') : 'PAUSE';
      const xml = b.serialize({ type: 'manage-feed-subscription-request', 'message-id': idOf(b, 40), action: action as 'MODIFY', 'feed-name': 'indicators', 'subscription-id': 'sub-1' });
      const a = await post(mock, mgmt(b), xml, { binding: b });
      expectError(a, b.id === 'xml-1.0-draft' ? 'UNRECOGNIZED-VALUE' : 'BAD-MESSAGE', b, new RegExp(action));
      // Only status types the binding defines go out.
      expect(a.text).not.toContain('urn:taxii-conform');
    });

    it('answers malformed and hostile XML with BAD-MESSAGE', async () => {
      for (const bad of ['<unclosed', '{"json": true}', '<!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]><x>&b;</x>', '<a>'.repeat(100_000)]) {
        const m = expectError(await post(mock, '/taxii1/discovery', bad, { binding: b }), 'BAD-MESSAGE', b);
        expect(m['in-response-to']).toBe(b.unknownMessageId);
      }
    });
  });

  describe('the taxii1-multi-part variant: TAXII 1.1 polls answered in parts, fetched with Poll Fulfillment Requests', () => {
    let parts: RunningMock;
    beforeAll(async () => {
      parts = await start({ variants: ['taxii1-multi-part'] });
    });
    afterAll(async () => {
      await parts?.close();
    });
    const pollOf = (b: Binding, n: number): Taxii1Message => ({ type: 'poll-request', 'message-id': idOf(b, n), 'feed-name': 'indicators', 'content-bindings': [] });

    it('splits the 5 indicator blocks into parts of 2: more, result_id and part numbers 1, 2, 3; each part fetched once asked for; the last says more="false"', async () => {
      const first = await send(parts, '/taxii1/poll', XML_11, pollOf(XML_11, 1));
      const m1 = first.message!;
      expect(m1.type === 'poll-response' && [m1.more, m1['result-part-number'], m1['content-blocks'].length]).toEqual([true, 1, 2]);
      expect(first.text).toMatch(/ more="true" result_id="[^"]+" result_part_number="1"/);
      const resultId = m1.type === 'poll-response' ? m1['result-id']! : '';
      const labels = m1.type === 'poll-response' ? m1['content-blocks'].map((b) => b['timestamp-label']) : [];
      for (const [n, blocks, more] of [[2, 2, true], [3, 1, undefined]] as const) {
        const a = await send(parts, '/taxii1/poll', XML_11, { type: 'poll-fulfillment', 'message-id': `urn:pf:${n}`, 'feed-name': 'indicators', 'result-id': resultId, 'result-part-number': n });
        const m = a.message!;
        expect(m.type === 'poll-response' && [m.more, m['result-id'], m['result-part-number'], m['content-blocks'].length, m['in-response-to']]).toEqual([more, resultId, n, blocks, `urn:pf:${n}`]);
        if (m.type === 'poll-response') labels.push(...m['content-blocks'].map((b) => b['timestamp-label']));
      }
      // Every block once, in order.
      expect(new Set(labels).size).toBe(5);
      expect([...labels].sort()).toEqual(labels);
    });

    it('NOT_FOUND for a part out of range, an unknown result id, another collection: echoing the request\'s message id', async () => {
      const first = (await send(parts, '/taxii1/poll', XML_11, pollOf(XML_11, 2))).message!;
      const resultId = first.type === 'poll-response' ? first['result-id']! : '';
      for (const [name, feed, id, n] of [['part 4', 'indicators', resultId, 4], ['unknown', 'indicators', 'urn:no-such-result', 1], ['other collection', 'malware', resultId, 2]] as const) {
        const m = expectError(await send(parts, '/taxii1/poll', XML_11, { type: 'poll-fulfillment', 'message-id': `urn:nf:${name.replace(' ', '-')}`, 'feed-name': feed, 'result-id': id, 'result-part-number': n }), 'NOT-FOUND', XML_11);
        expect(m['in-response-to'], name).toBe(`urn:nf:${name.replace(' ', '-')}`);
      }
    });

    it('answers a poll whole in TAXII 1.0 and the draft, and a feed of 2 blocks or fewer whole in 1.1', async () => {
      for (const b of [XML_10, XML_DRAFT_2012]) {
        const m = (await send(parts, '/taxii1/poll', b, pollOf(b, 3))).message!;
        expect(m.type === 'poll-response' && m['content-blocks'].length, b.id).toBe(5);
        expect('more' in m || 'result-id' in m, b.id).toBe(false);
      }
      const r = (await send(parts, '/taxii1/poll', XML_11, { ...pollOf(XML_11, 4), 'feed-name': 'restricted' } as Taxii1Message, { who: 'reader' })).message!;
      expect(r.type === 'poll-response' && [r['content-blocks'].length, 'more' in r, 'result-id' in r]).toEqual([2, false, false]);
    });
  });

  describe('TAXII 1.1 requests outside the data model', () => {
    const NS = 'http://taxii.mitre.org/messages/taxii_xml_binding-1.1';
    it('a Poll Fulfillment for a result it never made: NOT_FOUND, echoing the request\'s message id', async () => {
      const xml = `<taxii_11:Poll_Fulfillment xmlns:taxii_11="${NS}" message_id="pf-77" collection_name="indicators" result_id="no-such-result" result_part_number="2"/>`;
      const m = expectError(await post(mock, '/taxii1/poll', xml), 'NOT-FOUND', XML_11, /no-such-result/);
      expect(m['in-response-to']).toBe('pf-77');
    });
    it('a poll with a Default Query it does not support: UNSUPPORTED_QUERY, not everything unfiltered', async () => {
      const xml =
        `<taxii_11:Poll_Request xmlns:taxii_11="${NS}" xmlns:tdq="http://taxii.mitre.org/query/taxii_default_query-1" message_id="q-1" collection_name="indicators">` +
        '<taxii_11:Poll_Parameters allow_asynch="false"><taxii_11:Response_Type>FULL</taxii_11:Response_Type>' +
        '<taxii_11:Query format_id="urn:taxii.mitre.org:query:default:1.0"><tdq:Default_Query targeting_expression_id="urn:stix.mitre.org:xml:1.1.1"><tdq:Criteria operator="AND"><tdq:Criterion negate="false"><tdq:Target>**/@id</tdq:Target><tdq:Test capability_id="urn:taxii.mitre.org:query:capability:core-1" relationship="equals"><tdq:Parameter name="value">x</tdq:Parameter><tdq:Parameter name="match_type">case_sensitive_string</tdq:Parameter></tdq:Test></tdq:Criterion></tdq:Criteria></tdq:Default_Query></taxii_11:Query>' +
        '</taxii_11:Poll_Parameters></taxii_11:Poll_Request>';
      const a = await post(mock, '/taxii1/poll', xml);
      const m = expectError(a, 'FAILURE', XML_11, /supports no query/);
      expect(m['binding-error-type']).toBe('UNSUPPORTED_QUERY');
      expect(m['in-response-to']).toBe('q-1');
      expect(a.text).toContain('status_type="UNSUPPORTED_QUERY"');
    });
  });

  describe('each error type, for the input that calls for it', () => {
    const d = (n: number): Taxii1Message => ({ type: 'discovery-request', 'message-id': idOf(XML_11, n) });
    const poll = (feed: string, extra: Record<string, unknown> = {}): Taxii1Message => ({ type: 'poll-request', 'message-id': idOf(XML_11, 50), 'feed-name': feed, 'content-bindings': [], ...extra }) as Taxii1Message;

    it('BAD-MESSAGE: not XML, not a TAXII message, another namespace, a message breaking the schema or the binding', async () => {
      expectError(await post(mock, '/taxii1/discovery', 'not xml at all'), 'BAD-MESSAGE', XML_11, /not a TAXII 1.1 XML Message Binding message/);
      expectError(await post(mock, '/taxii1/discovery', '<foo xmlns="urn:example"/>'), 'BAD-MESSAGE');
      const wrongNs = LIBTAXII_DISCOVERY.replace('taxii_xml_binding-1.1', 'taxii_xml_binding-1');
      expectError(await post(mock, '/taxii1/discovery', wrongNs), 'BAD-MESSAGE', XML_11, /namespace/);
      const noId = LIBTAXII_DISCOVERY.replace(' message_id="4243950474"', '');
      expectError(await post(mock, '/taxii1/discovery', noId), 'BAD-MESSAGE', XML_11, /message_id is missing/);
      const badTime = XML_11.serialize({ type: 'poll-request', 'message-id': '1', 'feed-name': 'indicators', 'content-bindings': [], 'exclusive-begin-timestamp': 'yesterday' });
      const m = expectError(await post(mock, '/taxii1/poll', badTime), 'BAD-MESSAGE', XML_11, /exclusive-begin-timestamp/);
      expect(m['in-response-to']).toBe('1');
    });

    it('UNSUPPORTED-SERVICE (FAILURE in TAXII 1.0 and 1.1, which have no such type): an unknown service address, a message the service does not take, an unknown services version', async () => {
      const a = expectError(await send(mock, '/taxii1/nothing-here', XML_11, d(51)), 'FAILURE', XML_11, /^unsupported service: /);
      expect(a['binding-error-type']).toBeUndefined();
      expect((await post(mock, '/taxii1/nothing-here', XML_11.serialize(d(51)))).text).toContain('status_type="FAILURE"');
      expectError(await send(mock, '/taxii1/inbox', XML_11, d(52)), 'FAILURE', XML_11, /inbox service does not take a discovery-request/);
      expectError(await send(mock, '/taxii1/discovery', XML_11, d(53), { headers: { 'X-TAXII-Services': 'urn:example:services:9' } }), 'FAILURE');
      expectError(await send(mock, '/taxii1/discovery', XML_11, d(53), { headers: { 'X-TAXII-Services': IDS.services10 } }), 'FAILURE', XML_11, /does not go with/);
      const draft: Taxii1Message = { type: 'discovery-request', 'message-id': idOf(XML_DRAFT_2012, 54) };
      expectError(await send(mock, '/taxii1/inbox', XML_DRAFT_2012, draft), 'UNSUPPORTED-SERVICE', XML_DRAFT_2012);
    });

    it('UNAUTHORIZED: no credentials, a wrong password', async () => {
      const a = expectError(await send(mock, '/taxii1/discovery', XML_11, d(54), { who: 'none' }), 'UNAUTHORIZED', XML_11, /no credentials/);
      expect(a['in-response-to']).toBe(idOf(XML_11, 54));
      expectError(await send(mock, '/taxii1/discovery', XML_10, { type: 'discovery-request', 'message-id': '7' }, { who: 'wrong' }), 'UNAUTHORIZED', XML_10, /wrong user name or password/);
    });

    it('DENIED: the reader sending to the Inbox, the main user polling the restricted feed', async () => {
      const stix: Taxii1Message = { type: 'stix-message', 'message-id': idOf(XML_11, 55), 'content-blocks': [{ 'content-binding': { 'binding-id': IDS.stix111 }, content: '<x/>' }] };
      expectError(await send(mock, '/taxii1/inbox', XML_11, stix, { who: 'reader' }), 'DENIED');
      expectError(await send(mock, '/taxii1/inbox', XML_11, { ...stix, 'destination-feed-names': ['indicators'] } as Taxii1Message), 'DENIED');
      expectError(await send(mock, '/taxii1/poll', XML_11, poll('restricted')), 'DENIED');
      const ok = await send(mock, '/taxii1/poll', XML_11, poll('restricted'), { who: 'reader' });
      expect(ok.message?.type).toBe('poll-response');
    });

    it('UNSUPPORTED-PROTOCOL: an X-TAXII-Protocol that is not HTTPS, a push subscription over an unknown protocol', async () => {
      expectError(await send(mock, '/taxii1/discovery', XML_11, d(56), { headers: { 'X-TAXII-Protocol': IDS.protocolHttp } }), 'UNSUPPORTED-PROTOCOL', XML_11, /does not agree with the scheme/);
      expectError(await send(mock, '/taxii1/discovery', XML_11, d(57), { headers: { 'X-TAXII-Protocol': 'urn:example:carrier-pigeon' } }), 'UNSUPPORTED-PROTOCOL');
      const push = { 'protocol-binding': 'urn:example:smtp', address: 'mailto:x@example.com', 'message-binding': IDS.messageXml11 };
      expectError(await send(mock, mgmt(XML_11), XML_11, { type: 'manage-feed-subscription-request', 'message-id': '58', action: 'SUBSCRIBE', 'feed-name': 'indicators', 'push-parameters': push }), 'UNSUPPORTED-PROTOCOL');
    });

    it('UNSUPPORTED-MESSAGE: an unknown X-TAXII-Content-Type or X-TAXII-Accept, a Content-Type that is not XML, push in an unknown binding', async () => {
      expectError(await send(mock, '/taxii1/discovery', XML_11, d(59), { headers: { 'X-TAXII-Content-Type': 'urn:taxii.mitre.org:message:json:1.1' } }), 'UNSUPPORTED-MESSAGE');
      const acc = expectError(await send(mock, '/taxii1/discovery', XML_10, { type: 'discovery-request', 'message-id': '60' }, { headers: { 'X-TAXII-Accept': 'urn:example:binding' } }), 'UNSUPPORTED-MESSAGE', XML_10);
      expect(acc['in-response-to']).toBe('60');
      expectError(await send(mock, '/taxii1/discovery', XML_11, d(61), { headers: { 'Content-Type': 'application/json' } }), 'UNSUPPORTED-MESSAGE', XML_11, /application\/json/);
      const push = { 'protocol-binding': IDS.protocolHttps, address: 'https://c.example.com/inbox', 'message-binding': 'urn:example:binding' };
      expectError(await send(mock, mgmt(XML_11), XML_11, { type: 'manage-feed-subscription-request', 'message-id': '62', action: 'SUBSCRIBE', 'feed-name': 'indicators', 'push-parameters': push }), 'UNSUPPORTED-MESSAGE');
    });

    it('UNSUPPORTED-CONTENT: a poll for a content binding the feed lacks, an Inbox message that is not STIX', async () => {
      expectError(await send(mock, '/taxii1/poll', XML_11, poll('indicators', { 'content-bindings': [{ 'binding-id': IDS.cap12 }] })), 'UNSUPPORTED-CONTENT');
      const cap: Taxii1Message = { type: 'stix-message', 'message-id': '63', 'content-blocks': [{ 'content-binding': { 'binding-id': IDS.cap12 }, content: '<alert/>' }] };
      expectError(await send(mock, '/taxii1/inbox', XML_11, cap), 'UNSUPPORTED-CONTENT');
    });

    it('NOT-FOUND: an unknown feed, an unknown subscription, an unknown destination feed', async () => {
      const m = expectError(await send(mock, '/taxii1/poll', XML_11, poll('no-such-feed')), 'NOT-FOUND');
      expect(m['error-detail']).toEqual([{ name: 'ITEM', value: 'no-such-feed' }]);
      expectError(await send(mock, mgmt(XML_11), XML_11, { type: 'manage-feed-subscription-request', 'message-id': '64', action: 'UNSUBSCRIBE', 'feed-name': 'indicators', 'subscription-id': 'sub-999' }), 'NOT-FOUND');
      const stix: Taxii1Message = { type: 'stix-message', 'message-id': '65', 'destination-feed-names': ['nowhere'], 'content-blocks': [] };
      expectError(await send(mock, '/taxii1/inbox', XML_11, stix), 'NOT-FOUND');
    });

    it('UNRECOGNIZED-VALUE: an action the binding does not define, even the talk\'s own word for it', async () => {
      const xml = XML_DRAFT_2012.serialize({ type: 'manage-feed-subscription-request', 'message-id': idOf(XML_DRAFT_2012, 70), action: 'STATUS', 'feed-name': 'indicators' });
      expect(xml).toContain('action="QUERY"');
      const a = await post(mock, '/taxii1/feed-management', xml.replace('action="QUERY"', 'action="STATUS"'), { binding: XML_DRAFT_2012 });
      expectError(a, 'UNRECOGNIZED-VALUE', XML_DRAFT_2012);
      expect(a.text).toContain('error-type="UNRECOGNIZED-VALUE"');
      const ok = await post(mock, '/taxii1/feed-management', xml, { binding: XML_DRAFT_2012 });
      expect(ok.message?.type).toBe('manage-feed-subscription-response');
      const x11 = await post(mock, mgmt(XML_11), XML_11.serialize({ type: 'manage-feed-subscription-request', 'message-id': '71', action: 'FROB' as 'STATUS', 'feed-name': 'indicators' }));
      expect(expectError(x11, 'BAD-MESSAGE', XML_11, /^unrecognized value: /)['error-detail']).toEqual([{ name: 'ACTION', value: 'FROB' }]);
    });

    it('PENDING with a retry interval: a poll of the feed "slow"', async () => {
      const a = await send(mock, '/taxii1/poll', XML_11, poll('slow'));
      expect(expectError(a, 'PENDING')['retry-interval']).toBe(30);
      expect(a.text).toContain('status_type="RETRY"');
      expect(a.text).toContain('<taxii_11:Detail name="ESTIMATED_WAIT">30</taxii_11:Detail>');
      const d10 = await send(mock, '/taxii1/poll', XML_10, { type: 'poll-request', 'message-id': '66', 'feed-name': 'slow', 'content-bindings': [] });
      expect(expectError(d10, 'PENDING', XML_10)['retry-interval']).toBe(30);
      const dd = await send(mock, '/taxii1/poll', XML_DRAFT_2012, { type: 'poll-request', 'message-id': idOf(XML_DRAFT_2012, 67), 'feed-name': 'slow', 'content-bindings': [] });
      expect(dd.text).toContain('error-type="PENDING"');
    });

    it('FAILURE: a poll of the feed "broken"', async () => {
      expectError(await send(mock, '/taxii1/poll', XML_11, poll('broken')), 'FAILURE');
    });

    it('POST only: other methods get HTTP 405 with Allow: POST', async () => {
      const a = await post(mock, '/taxii1/discovery', '', { method: 'GET' });
      expect(a.status).toBe(405);
      expect(a.headers['allow']).toBe('POST');
      expect(a.message).toBeUndefined();
      expect((await post(mock, '/taxii1/poll', LIBTAXII_DISCOVERY, { method: 'PUT' })).status).toBe(405);
    });

    it('ignores unrecognised extension fields', async () => {
      const a = await send(mock, '/taxii1/discovery', XML_11, { ...d(68), 'extended-headers': [{ name: 'urn:vendor:x', value: '<v:any xmlns:v="urn:v"/>' }] } as Taxii1Message);
      expect(a.message?.type).toBe('discovery-response');
    });

    it('reads a body without X-TAXII-Content-Type by its namespace, and defaults to 1.1', async () => {
      const a = await send(mock, '/taxii1/discovery', XML_10, { type: 'discovery-request', 'message-id': '69' }, { headers: { 'X-TAXII-Content-Type': undefined, 'X-TAXII-Accept': undefined } });
      expect(a.binding).toBe(XML_10);
      expect(a.message?.type).toBe('discovery-response');
      const empty = await post(mock, '/taxii1/discovery', '', { headers: { 'X-TAXII-Content-Type': undefined, 'X-TAXII-Accept': undefined } });
      expectError(empty, 'BAD-MESSAGE', XML_11);
    });
  });
});

// ---------------------------------------------------------------------------------------
// Faults

const disc = (b: Binding = XML_11, n = 1): Taxii1Message => ({ type: 'discovery-request', 'message-id': idOf(b, n) });
const pollOf = (feed: string, extra: Record<string, unknown> = {}): Taxii1Message =>
  ({ type: 'poll-request', 'message-id': idOf(XML_11, 90), 'feed-name': feed, 'content-bindings': [], ...extra }) as Taxii1Message;

/** Under each fault, what must differ from the reference mock. */
const FAULT_CHECKS: Record<string, (m: RunningMock) => Promise<void>> = {
  'taxii1-wrong-namespace': async (m) => {
    const a = await post(m, '/taxii1/discovery', XML_11.serialize(disc()), { strict: false });
    expect(a.headers['x-taxii-content-type']).toBe(IDS.messageXml11);
    expect(a.binding).toBe(XML_10);
    expect(XML_11.parse(a.text).ok).toBe(false);
  },
  'taxii1-no-in-response-to': async (m) => {
    const a = await post(m, '/taxii1/discovery', XML_11.serialize(disc()), { strict: false });
    expect(a.rules.join()).toMatch(/in_response_to is missing/);
  },
  'taxii1-wrong-in-response-to': async (m) => {
    const a = await post(m, '/taxii1/discovery', XML_11.serialize(disc()), { strict: false });
    expect(a.message?.['in-response-to']).not.toBe(idOf(XML_11, 1));
  },
  'taxii1-bad-message-id': async (m) => {
    for (const b of Object.values(BINDINGS)) {
      const a = await send(m, '/taxii1/discovery', b, disc(b), { strict: false });
      expect(a.rules.join()).toMatch(/message[_-]id .* is not/);
    }
  },
  'taxii1-error-as-http-500': async (m) => {
    const a = await post(m, '/taxii1/discovery', '<broken', { strict: false });
    expect(a.status).toBe(500);
    expect(a.message?.type).toBe('error');
    expect((await post(m, '/taxii1/discovery', XML_11.serialize(disc()), { strict: false })).status).toBe(200);
  },
  'taxii1-missing-headers': async (m) => {
    const a = await post(m, '/taxii1/discovery', XML_11.serialize(disc()), { strict: false });
    expect(checkResponseHeaders(a.headers, XML_11)).toEqual(['X-TAXII-Content-Type is missing', 'X-TAXII-Protocol is missing', 'X-TAXII-Services is missing']);
  },
  'taxii1-wrong-content-type': async (m) => {
    const a = await post(m, '/taxii1/discovery', XML_11.serialize(disc()), { strict: false });
    expect(a.headers['content-type']).toMatch(/^text\/plain/);
  },
  'taxii1-ignore-binding-negotiation': async (m) => {
    const a = await send(m, '/taxii1/discovery', XML_10, disc(XML_10), { strict: false });
    expect(a.binding).toBe(XML_11);
    const b = await send(m, '/taxii1/discovery', XML_11, disc(), { headers: { 'X-TAXII-Accept': IDS.messageXmlDraft }, strict: false });
    expect(b.binding).toBe(XML_11);
  },
  'taxii1-ignore-protocol-header': async (m) => {
    const a = await send(m, '/taxii1/discovery', XML_11, disc(), { headers: { 'X-TAXII-Protocol': IDS.protocolHttp } });
    expect(a.message?.type).toBe('discovery-response');
  },
  'taxii1-extension-rejected': async (m) => {
    const a = await send(m, '/taxii1/discovery', XML_11, { ...disc(), 'extended-headers': [{ name: 'urn:x', value: 'y' }] } as Taxii1Message);
    expectError(a, 'BAD-MESSAGE');
    expect((await send(m, '/taxii1/discovery', XML_11, disc())).message?.type).toBe('discovery-response');
  },
  'taxii1-no-bad-message': async (m) => {
    expectError(await post(m, '/taxii1/discovery', '<broken'), 'FAILURE');
  },
  'taxii1-unrecognized-value-as-not-found': async (m) => {
    const xml = XML_10.serialize({ type: 'manage-feed-subscription-request', 'message-id': '5', action: 'PAUSE', 'feed-name': 'indicators', 'subscription-id': 's' });
    expectError(await post(m, '/taxii1/feed-management', xml, { binding: XML_10 }), 'NOT-FOUND', XML_10);
  },
  'taxii1-get-allowed': async (m) => {
    const a = await post(m, '/taxii1/discovery', '', { method: 'GET' });
    expect(a.status).toBe(200);
    expectError(a, 'BAD-MESSAGE');
  },
  'taxii1-auth-disabled': async (m) => {
    expect((await send(m, '/taxii1/discovery', XML_11, disc(), { who: 'none' })).message?.type).toBe('discovery-response');
  },
  'taxii1-no-denied': async (m) => {
    expect((await send(m, '/taxii1/poll', XML_11, pollOf('restricted'))).message?.type).toBe('poll-response');
    const stix: Taxii1Message = { type: 'stix-message', 'message-id': '1', 'content-blocks': [] };
    expectError(await send(m, '/taxii1/inbox', XML_11, stix, { who: 'reader' }), 'SUCCESS');
  },
  'taxii1-not-found-as-empty': async (m) => {
    const a = await send(m, '/taxii1/poll', XML_11, pollOf('no-such-feed'));
    expect(a.message?.type === 'poll-response' && a.message['content-blocks']).toEqual([]);
  },
  'taxii1-pending-no-wait': async (m) => {
    const a = await send(m, '/taxii1/poll', XML_11, pollOf('slow'), { strict: false });
    expect(a.message?.type === 'error' && a.message['error-type']).toBe('PENDING');
    expect(a.message?.type === 'error' && a.message['retry-interval']).toBeUndefined();
    expect(schemas.validate('error', a.message).errors.join()).toMatch(/retry-interval/);
  },
  'taxii1-ignore-content-binding': async (m) => {
    const a = await send(m, '/taxii1/poll', XML_11, pollOf('indicators', { 'content-bindings': [{ 'binding-id': IDS.cap12 }] }));
    expect(a.message?.type === 'poll-response' && a.message['content-blocks'].length).toBe(5);
  },
  'taxii1-poll-ignores-range': async (m) => {
    const a = await send(m, '/taxii1/poll', XML_11, pollOf('indicators', { 'exclusive-begin-timestamp': '2016-01-01T00:03:00Z' }));
    expect(a.message?.type === 'poll-response' && a.message['content-blocks'].length).toBe(5);
  },
  'taxii1-subscription-status-wrong': async (m) => {
    await send(m, mgmt(XML_11), XML_11, { type: 'manage-feed-subscription-request', 'message-id': '1', action: 'SUBSCRIBE', 'feed-name': 'malware' });
    const s = await send(m, mgmt(XML_11), XML_11, { type: 'manage-feed-subscription-request', 'message-id': '2', action: 'STATUS', 'feed-name': 'malware' });
    expect(s.message?.type === 'manage-feed-subscription-response' && s.message.subscriptions).toEqual([]);
  },
  'taxii1-unsubscribe-ignored': async (m) => {
    const sub = await send(m, mgmt(XML_11), XML_11, { type: 'manage-feed-subscription-request', 'message-id': '1', action: 'SUBSCRIBE', 'feed-name': 'malware' });
    const id = sub.message?.type === 'manage-feed-subscription-response' ? sub.message.subscriptions[0]!['subscription-id'] : '';
    await send(m, mgmt(XML_11), XML_11, { type: 'manage-feed-subscription-request', 'message-id': '2', action: 'UNSUBSCRIBE', 'feed-name': 'malware', 'subscription-id': id });
    const s = await send(m, mgmt(XML_11), XML_11, { type: 'manage-feed-subscription-request', 'message-id': '3', action: 'STATUS', 'feed-name': 'malware' });
    expect(s.message?.type === 'manage-feed-subscription-response' && s.message.subscriptions.map((x) => [x['subscription-id'], x.status])).toEqual([[id, 'ACTIVE']]);
  },
  'taxii1-inbox-loses-content': async (m) => {
    const stix: Taxii1Message = { type: 'stix-message', 'message-id': '1', 'content-blocks': [{ 'content-binding': { 'binding-id': IDS.stix111 }, content: '<x/>' }] };
    expectError(await send(m, '/taxii1/inbox', XML_11, stix), 'SUCCESS');
    const p = await send(m, '/taxii1/poll', XML_11, pollOf('shared'));
    expect(p.message?.type === 'poll-response' && p.message['content-blocks']).toEqual([]);
  },
  'taxii1-unknown-status-type': async (m) => {
    const stix: Taxii1Message = { type: 'stix-message', 'message-id': '1', 'content-blocks': [] };
    const a = await send(m, '/taxii1/inbox', XML_11, stix);
    const e = expectError(a, 'FAILURE');
    expect(e['binding-error-type']).toBe('urn:taxii-conform:mock:accepted');
  },
  'taxii1-more-on-last-part': async (m) => {
    const parts = await partsOf(m);
    expect(parts.map((p) => [p.more, p['result-part-number']])).toEqual([[true, 1], [true, 2], [true, 3]]);
  },
  'taxii1-part-numbers-from-0': async (m) => {
    const first = await send(m, '/taxii1/poll', XML_11, { type: 'poll-request', 'message-id': idOf(XML_11, 1), 'feed-name': 'indicators', 'content-bindings': [] }, { strict: false });
    expect(first.text).toMatch(/ more="true" result_id="[^"]+" result_part_number="0"/);
  },
  'taxii1-part-numbers-repeat': async (m) => {
    const parts = await partsOf(m);
    expect(parts.map((p) => p['result-part-number'])).toEqual([1, 1, 1]);
    expect(parts.map((p) => p['content-blocks'].length)).toEqual([2, 2, 1]);
  },
  'taxii1-fulfillment-first-part': async (m) => {
    const parts = await partsOf(m);
    expect(parts.map((p) => p['result-part-number'])).toEqual([1, 1, 1]);
    expect(parts.map((p) => p['content-blocks'][0]?.['timestamp-label'])).toEqual(Array(3).fill(parts[0]!['content-blocks'][0]!['timestamp-label']));
  },
  'taxii1-address-malformed': async (m) => {
    const a = await send(m, '/taxii1/discovery', XML_11, disc());
    expect(a.message?.type === 'discovery-response' && a.message.services.length > 0 && a.message.services.every((s) => s.address.startsWith('https://{host}/'))).toBe(true);
  },
  'taxii1-discovery-plain-http': async (m) => {
    const a = await send(m, '/taxii1/discovery', XML_11, disc());
    expect(a.message?.type === 'discovery-response' && a.message.services.every((s) => s.address.startsWith('http://') && s['protocol-binding'] === IDS.protocolHttp)).toBe(true);
  },
};

/** A 1.1 poll of indicators and the Poll Fulfillments of parts 2 and 3 of its result, as the mock answers them. */
async function partsOf(m: RunningMock): Promise<PollResponse[]> {
  const first = (await send(m, '/taxii1/poll', XML_11, { type: 'poll-request', 'message-id': idOf(XML_11, 1), 'feed-name': 'indicators', 'content-bindings': [] })).message as PollResponse;
  const out = [first];
  for (const n of [2, 3]) {
    out.push((await send(m, '/taxii1/poll', XML_11, { type: 'poll-fulfillment', 'message-id': `urn:pf:${n}`, 'feed-name': 'indicators', 'result-id': first['result-id']!, 'result-part-number': n })).message as PollResponse);
  }
  return out;
}

describe('taxii1 faults', () => {
  const ours = listFaults().filter((f) => f.name.startsWith('taxii1-'));

  it('every taxii1 fault has a check here, and every check a fault', () => {
    expect(ours.map((f) => f.name).sort()).toEqual(Object.keys(FAULT_CHECKS).sort());
  });

  describe.concurrent('under each fault, the behaviour it names changes', () => {
    for (const [name, check] of Object.entries(FAULT_CHECKS)) {
      it(name, async () => {
        const m = await start({ faults: [name] });
        await check(m);
      });
    }
  });
});
