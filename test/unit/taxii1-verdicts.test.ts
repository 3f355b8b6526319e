// The classes of false verdicts a real TAXII 1.x server showed (issue 14), one principle each:
// the 1.1 facts the data model keeps (collection types, ended subscriptions listed as
// UNSUBSCRIBED), content compared as XML, status types only where the binding has them and
// verdicts showing the server's real status, and setup choosing by what a server advertises.
// Each has a variant of the mock under which the old behaviour gave a false verdict
// (mock-server/taxii1/variants.ts; test/integration/variant-matrix.test.ts runs them).
import { describe, expect, it } from 'vitest';
import { json } from '../../suites/core/assertions/json.js';
import type { AssertionEnv } from '../../suites/core/assertions/kind.js';
import type { HttpExchange, HttpRequest } from '../../suites/probes/http.js';
import { BINDINGS, type Binding } from '../../suites/taxii1/bindings/index.js';
import { contentDifference } from '../../suites/taxii1/content-compare.js';
import { describeAnswer, type FeedRecord, type Taxii1Message } from '../../suites/taxii1/model.js';
import { taxii1Profile } from '../../suites/taxii1/profile.js';
import { bindingVars } from '../../suites/taxii1/setup.js';
import { reindent } from '../../mock-server/taxii1/variants.js';

const PKG =
  '<stix:STIX_Package xmlns:stix="http://stix.mitre.org/stix-1" xmlns:tc="https://taxii-conform.invalid/ns" id="tc:Package-1" version="1.1.1">' +
  '<stix:STIX_Header><stix:Title>taxii-conform run</stix:Title></stix:STIX_Header></stix:STIX_Package>';

/** A json assertion judged against a decoded body (the taxii1 profile's decoder is not needed here). */
function judge(want: Parameters<typeof json.evaluate>[0], doc: unknown, env: Partial<AssertionEnv> = {}) {
  const res = { status: 200, headers: {}, body: Buffer.from(JSON.stringify(doc)), bodyBytes: 0, truncated: false };
  return json.evaluate(want, { res, durationMs: 1 }, { vars: new Map([['x', 'sub-1']]), validate: () => ({ valid: true, errors: [] }), ...env });
}

describe('content is compared as XML, saying what differs', () => {
  it('re-indented, re-prefixed, attributes reordered: the same content', () => {
    expect(contentDifference(PKG, reindent(PKG))).toBeUndefined();
    expect(reindent(PKG)).toContain('\n  <stix:STIX_Header>');
    const reprefixed =
      '<ns0:STIX_Package version="1.1.1" id="tc:Package-1" xmlns:ns0="http://stix.mitre.org/stix-1">\n' +
      '  <ns0:STIX_Header>\n    <ns0:Title>taxii-conform run</ns0:Title>\n  </ns0:STIX_Header>\n</ns0:STIX_Package>';
    expect(contentDifference(PKG, reprefixed)).toBeUndefined();
  });

  it('other text, another namespace, a missing attribute or element: the first difference, with where', () => {
    expect(contentDifference(PKG, PKG.replace('taxii-conform run', 'changed'))).toMatch(/^at \/STIX_Package\/STIX_Header\/Title: text "changed", expected "taxii-conform run"$/);
    expect(contentDifference(PKG, PKG.replace('http://stix.mitre.org/stix-1', 'urn:other'))).toMatch(/element \{urn:other\}STIX_Package found/);
    expect(contentDifference(PKG, PKG.replace(' version="1.1.1"', ''))).toBe('at /STIX_Package: attribute version missing');
    expect(contentDifference(PKG, PKG.replace('<stix:STIX_Header><stix:Title>taxii-conform run</stix:Title></stix:STIX_Header>', ''))).toMatch(/element \{http:\/\/stix.mitre.org\/stix-1\}STIX_Header missing/);
    expect(contentDifference(PKG, '<broken')).toMatch(/^not XML: /);
    expect(contentDifference('plain text', ' plain text\n')).toBeUndefined();
  });

  it('a json "some" condition {"sameContent"} uses the profile\'s comparison and names the nearest item\'s difference', () => {
    const blocks = { 'content-blocks': [{ content: reindent(PKG.replace('taxii-conform run', 'other')), 'content-binding': { 'binding-id': 'urn:stix' } }] };
    const want = { pointer: '/content-blocks', some: { '/content': { sameContent: PKG }, '/content-binding/binding-id': 'urn:stix' } };
    // Exact strings (no profile comparison): a re-indented copy is not found.
    expect(judge(want, { 'content-blocks': [{ ...blocks['content-blocks'][0], content: reindent(PKG) }] }).ok).toBe(false);
    expect(judge(want, { 'content-blocks': [{ ...blocks['content-blocks'][0], content: reindent(PKG) }] }, { contentDifference }).ok).toBe(true);
    const miss = judge(want, blocks, { contentDifference });
    expect(miss.ok).toBe(false);
    expect(miss.actual).toContain('item 1: /content differs: at /STIX_Package/STIX_Header/Title: text "other", expected "taxii-conform run"');
  });
});

describe('an ended subscription may be listed, as UNSUBSCRIBED', () => {
  const want = { pointer: '/subscriptions', none: { '/subscription-id': '{x}', '/status': { not: 'UNSUBSCRIBED' } } };
  it('a record saying UNSUBSCRIBED is no live subscription; ACTIVE or no status (TAXII 1.0) is', () => {
    expect(judge(want, { subscriptions: [{ 'subscription-id': 'sub-1', status: 'UNSUBSCRIBED' }] }).ok).toBe(true);
    expect(judge(want, { subscriptions: [{ 'subscription-id': 'sub-1', status: 'ACTIVE' }] }).ok).toBe(false);
    expect(judge(want, { subscriptions: [{ 'subscription-id': 'sub-1' }] }).ok).toBe(false);
    expect(judge(want, { subscriptions: [{ 'subscription-id': 'sub-2', status: 'ACTIVE' }] }).ok).toBe(true);
  });
});

describe('status types: only those the binding defines, and the verdict shows the real one', () => {
  it('where a binding has no type for a condition, its closest or FAILURE answers it', () => {
    const v11 = bindingVars(BINDINGS['xml-1.1']);
    const re = new RegExp(v11.get('unrecognizedValueTypes')!);
    expect(['BAD-MESSAGE', 'FAILURE'].every((t) => re.test(t))).toBe(true);
    expect(re.test('NOT-FOUND') || re.test('UNRECOGNIZED-VALUE')).toBe(false);
    expect(new RegExp(v11.get('unsupportedServiceTypes')!).test('FAILURE')).toBe(true);
    expect(bindingVars(BINDINGS['xml-1.0']).get('unrecognizedValueTypes')).toBe('^(BAD-MESSAGE|FAILURE)$');
    expect(bindingVars(BINDINGS['xml-1.0-draft']).get('unrecognizedValueTypes')).toBe('^UNRECOGNIZED-VALUE$');
    expect(bindingVars(BINDINGS['xml-1.0-draft']).get('unsupportedServiceTypes')).toBe('^UNSUPPORTED-SERVICE$');
  });

  it('a miss on a status message says its type as sent and its text', () => {
    const xml = BINDINGS['xml-1.1'].serialize({
      type: 'error',
      'message-id': '2',
      'in-response-to': '1',
      'error-type': 'FAILURE',
      'binding-error-type': 'DESTINATION_COLLECTION_ERROR',
      message: 'name a destination collection',
    });
    const decoded = taxii1Profile('xml-1.1').decode!(Buffer.from(xml), {});
    expect(decoded.ok).toBe(true);
    const doc = (decoded as { value: unknown }).value;
    expect(describeAnswer(doc)).toBe('status message FAILURE (DESTINATION_COLLECTION_ERROR): name a destination collection');
    const r = judge({ pointer: '/error-type', equals: 'SUCCESS' }, doc, { describeAnswer });
    expect(r.ok).toBe(false);
    expect(r.actual).toContain('DESTINATION_COLLECTION_ERROR');
    expect(describeAnswer({ type: 'poll-response' })).toBeUndefined();
  });
});

describe('each check\'s level comes from its quoted sentence', () => {
  const cases = taxii1Profile('xml-1.1').cases();
  const reqs = new Map(taxii1Profile('xml-1.1').requirements().map((r) => [r.id, r]));
  it('a goal ("Goal is to ...") is no MUST', () => {
    for (const r of reqs.values()) if (/^Goal is\b/.test(r.text)) expect(r.level, r.id).not.toBe('MUST');
  });
  it('refusing X-TAXII-Protocol for HTTP over HTTPS is no MUST: the agreement is the sender\'s duty, and a server that accepts skips the case', () => {
    const c = cases.find((x) => x.id === 'errors.unsupported-protocol')!;
    const step = c.steps[0] as { require?: Array<{ json?: { pointer: string; equals: unknown } }>; expect?: Array<{ level: string; requirement: string; json?: { pointer: string } }> };
    expect(step.require?.[0]?.json).toEqual({ pointer: '/type', equals: 'error' });
    expect(step.expect!.filter((e) => e.requirement === 'T1-BIND-18' && e.level === 'MUST')).toEqual([]);
  });
});

describe('what a request did is judged by the TAXII status of its answer (1.x errors come with HTTP 200)', () => {
  const profile = taxii1Profile('xml-1.1');
  const answer = (m: Record<string, unknown>, status = 200) => {
    const body = Buffer.from(BINDINGS['xml-1.1'].serialize({ 'message-id': '2', 'in-response-to': '1', ...m } as unknown as Taxii1Message));
    return { status, headers: {}, body, bodyBytes: body.length, truncated: false };
  };
  it('a response message or SUCCESS took effect; NOT_FOUND means gone already; any other status did not, saying which', () => {
    expect(profile.tookEffect!(answer({ type: 'manage-feed-subscription-response', 'feed-name': 'f', subscriptions: [] }))).toBe(true);
    expect(profile.tookEffect!(answer({ type: 'error', 'error-type': 'SUCCESS' }))).toBe(true);
    expect(profile.tookEffect!(answer({ type: 'error', 'error-type': 'NOT-FOUND' }))).toBe('gone');
    expect(profile.tookEffect!(answer({ type: 'error', 'error-type': 'FAILURE', message: 'database locked' }))).toBe('status message FAILURE: database locked');
    expect(profile.tookEffect!(answer({ type: 'error', 'error-type': 'FAILURE' }, 500))).toBe('HTTP 500');
  });
});

/** A fake TAXII 1.x server for setup: each message type answered by `answer` (unit test: no socket). */
function fakeSend(b: Binding, answer: (m: Taxii1Message) => Taxii1Message | undefined) {
  const sent: Taxii1Message[] = [];
  const send = async (req: Omit<HttpRequest, 'headers'> & { headers?: Record<string, string> }): Promise<HttpExchange> => {
    const parsed = b.parse(String(req.body));
    if (!parsed.ok) throw new Error(parsed.error);
    sent.push(parsed.message);
    const out = answer(parsed.message);
    const body = Buffer.from(out ? b.serialize(out) : '<html>500</html>');
    return { request: { ...req, headers: req.headers ?? {} } as HttpRequest, response: { status: out ? 200 : 500, headers: { 'content-type': 'application/xml' }, body, bodyBytes: body.length, truncated: false }, durationMs: 1 };
  };
  return { send, sent };
}

describe('setup chooses by what the server advertises', () => {
  const b = BINDINGS['xml-1.1'];
  const base = 'https://127.0.0.1:9/taxii/';
  const svc = (type: 'DISCOVERY' | 'FEED-MANAGEMENT' | 'POLL' | 'INBOX', path: string) => ({
    'service-type': type,
    'services-version': b.servicesVersion,
    'protocol-binding': b.protocol,
    address: `${base}${path}`,
    'message-bindings': [b.contentType, BINDINGS['xml-1.0'].contentType],
  });
  const label = (i: number) => `2016-01-01T00:0${i}:00Z`;
  const blocks = (n: number) => Array.from({ length: n }, (_, i) => ({ 'content-binding': { 'binding-id': 'urn:stix.mitre.org:xml:1.1.1' }, content: `<x>${i}</x>`, 'timestamp-label': label(i) }));
  const feeds: FeedRecord[] = [
    { 'feed-name': 'a-set', description: 'a data set', 'content-bindings': [], 'collection-type': 'DATA_SET' },
    { 'feed-name': 'a-feed', description: 'a data feed', 'content-bindings': [], 'collection-type': 'DATA_FEED' },
  ];
  const server = (m: Taxii1Message): Taxii1Message | undefined => {
    const h = { 'message-id': b.newMessageId(), 'in-response-to': m['message-id'] };
    if (m.type === 'discovery-request') return { type: 'discovery-response', ...h, services: [svc('DISCOVERY', 'discovery'), svc('FEED-MANAGEMENT', 'collections'), svc('POLL', 'poll'), svc('INBOX', 'inbox')] };
    if (m.type === 'feed-information-request') return { type: 'feed-information-response', ...h, feeds };
    if (m.type === 'poll-request') return { type: 'poll-response', ...h, 'feed-name': m['feed-name'], 'inclusive-end-timestamp': label(9), 'content-blocks': blocks(m['feed-name'] === 'a-set' ? 3 : 5) };
    return undefined;
  };

  it('X-TAXII-Accept asks only for a binding the server advertises', async () => {
    const only11 = (m: Taxii1Message): Taxii1Message | undefined => {
      const out = server(m);
      if (out?.type === 'discovery-response') out.services = out.services.map((x) => ({ ...x, 'message-bindings': [BINDINGS['xml-1.1'].contentType] }));
      return out;
    };
    expect((await taxii1Profile('xml-1.1').setup({ target: `${base}discovery`, send: fakeSend(b, server).send, hasCredentials: true, readOnly: false })).vars.get('otherMessageBinding')).toBe(BINDINGS['xml-1.0'].contentType);
    const r = await taxii1Profile('xml-1.1').setup({ target: `${base}discovery`, send: fakeSend(b, only11).send, hasCredentials: true, readOnly: false });
    expect(r.vars.has('otherMessageBinding')).toBe(false);
    expect(r.notes.join('\n')).toMatch(/advertises no service taking urn:taxii.mitre.org:message:xml:1.0/);
  });

  it('the Inbox is one that names the content it takes, not the first listed that takes anything', async () => {
    const twoInboxes = (m: Taxii1Message): Taxii1Message | undefined => {
      const out = server(m);
      if (out?.type === 'discovery-response') {
        out.services = [svc('INBOX', 'inbox-any'), ...out.services.map((x) => (x['service-type'] === 'INBOX' ? { ...x, 'content-bindings': [{ 'binding-id': 'urn:stix.mitre.org:xml:1.1.1' }] } : x))];
      }
      return out;
    };
    const r = await taxii1Profile('xml-1.1').setup({ target: `${base}discovery`, send: fakeSend(b, twoInboxes).send, hasCredentials: true, readOnly: false });
    expect(r.vars.get('inbox')).toBe(`${base}inbox`);
  });

  it('the Denied case polls the restricted feed at its own advertised polling service', async () => {
    const restricted = (m: Taxii1Message): Taxii1Message | undefined => {
      const out = server(m);
      if (out?.type === 'feed-information-response') {
        out.feeds = [...out.feeds, { 'feed-name': 'secret', description: 'not yours', 'content-bindings': [], available: false, 'polling-services': [{ 'protocol-binding': b.protocol, address: `${base}secret-poll`, 'message-bindings': [b.contentType] }] }];
      }
      return out;
    };
    const r = await taxii1Profile('xml-1.1').setup({ target: `${base}discovery`, send: fakeSend(b, restricted).send, hasCredentials: true, readOnly: false });
    expect(r.vars.get('restrictedFeed')).toBe('secret');
    expect(r.vars.get('restrictedPoll')).toBe(`${base}secret-poll`);
    expect((await taxii1Profile('xml-1.1').setup({ target: `${base}discovery`, send: fakeSend(b, server).send, hasCredentials: true, readOnly: false })).vars.get('restrictedPoll')).toBe(`${base}poll`);
  });

  it('a server error during setup is a finding, not "no feed holds content"', async () => {
    const failing = (m: Taxii1Message): Taxii1Message | undefined => (m.type === 'poll-request' && m['feed-name'] === 'a-feed' ? undefined : server(m));
    const r = await taxii1Profile('xml-1.1').setup({ target: `${base}discovery`, send: fakeSend(b, failing).send, hasCredentials: true, readOnly: false });
    expect(r.problems.join('\n')).toMatch(/the Poll service answered a Poll Request for the feed "?a-feed"? with HTTP 500 and no TAXII message/);
  });

  it('a Data Set is never the feed of the timestamp cases (a range means nothing to it)', async () => {
    const profile = taxii1Profile('xml-1.1');
    const { send } = fakeSend(b, server);
    const r = await profile.setup({ target: `${base}discovery`, send, hasCredentials: true, readOnly: false });
    expect(r.vars.get('feed')).toBe('a-feed');
    expect(r.vars.get('feedLastLabel')).toBe(label(4));
  });
});

describe('--var names what setup cannot decide', () => {
  it('name=value, repeatable; anything else is a usage error with one line', async () => {
    const { parseVars } = await import('../../bin/options.js');
    expect(parseVars(['feed=indicators', 'inboxFeed=a=b'])).toEqual({ feed: 'indicators', inboxFeed: 'a=b' });
    expect(() => parseVars(['feed'])).toThrow(/--var takes name=value/);
    expect(() => parseVars(['feed=a', 'feed=b'])).toThrow(/given twice/);
  });
});
