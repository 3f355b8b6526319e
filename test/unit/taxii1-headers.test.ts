// The TAXII 1.x HTTP binding's headers and binding negotiation.
import { describe, expect, it } from 'vitest';
import { XML_10, XML_11, XML_DRAFT_2012 } from '../../suites/taxii1/bindings/index.js';
import {
  checkResponseHeaders,
  headerValue,
  mediaTypeOf,
  negotiate,
  parseXTaxiiAccept,
  requestHeaders,
  requiredResponseHeaders,
  responseHeaders,
} from '../../suites/taxii1/headers.js';
import { IDS } from '../../suites/taxii1/model.js';

const lower = (h: Record<string, string>): Record<string, string> => Object.fromEntries(Object.entries(h).map(([k, v]) => [k.toLowerCase(), v]));

describe('TAXII 1.x headers', () => {
  it('a request carries what libtaxii sends', () => {
    expect(requestHeaders(XML_11)).toEqual({
      'Content-Type': 'application/xml',
      Accept: 'application/xml',
      'X-TAXII-Content-Type': 'urn:taxii.mitre.org:message:xml:1.1',
      'X-TAXII-Accept': 'urn:taxii.mitre.org:message:xml:1.1',
      'X-TAXII-Protocol': 'urn:taxii.mitre.org:protocol:https:1.0',
      'X-TAXII-Services': 'urn:taxii.mitre.org:services:1.1',
    });
    expect(requestHeaders(XML_10, { scheme: 'http', accept: [XML_11, XML_10] })).toMatchObject({
      'X-TAXII-Protocol': 'urn:taxii.mitre.org:protocol:http:1.0',
      'X-TAXII-Accept': 'urn:taxii.mitre.org:message:xml:1.1, urn:taxii.mitre.org:message:xml:1.0',
      'X-TAXII-Services': 'urn:taxii.mitre.org:services:1.0',
    });
    expect(requestHeaders(XML_DRAFT_2012)['X-TAXII-Services']).toBeUndefined();
    expect(requestHeaders(XML_DRAFT_2012)['X-TAXII-Content-Type']).toBe('TAXII_XML_1.0');
  });

  it('a response carries its binding, protocol and services version', () => {
    expect(responseHeaders(XML_10)).toEqual({
      'Content-Type': 'application/xml',
      'X-TAXII-Content-Type': IDS.messageXml10,
      'X-TAXII-Protocol': IDS.protocolHttps,
      'X-TAXII-Services': IDS.services10,
    });
    expect(requiredResponseHeaders(XML_DRAFT_2012)).toEqual(['Content-Type', 'X-TAXII-Content-Type', 'X-TAXII-Protocol']);
    expect(checkResponseHeaders(lower(responseHeaders(XML_11)), XML_11)).toEqual([]);
    expect(checkResponseHeaders({ 'content-type': 'application/xml; charset=utf-8', 'x-taxii-content-type': IDS.messageXml10 }, XML_11)).toEqual([
      'X-TAXII-Content-Type is "urn:taxii.mitre.org:message:xml:1.0", not "urn:taxii.mitre.org:message:xml:1.1"',
      'X-TAXII-Protocol is missing',
      'X-TAXII-Services is missing',
    ]);
    expect(checkResponseHeaders({ 'Content-Type': 'text/html' }, XML_DRAFT_2012)[0]).toBe('Content-Type is "text/html", not application/xml');
  });

  it('reads header values whatever the case, repeated ones joined', () => {
    expect(headerValue({ 'x-taxii-accept': ['a', 'b'] }, 'X-TAXII-Accept')).toBe('a, b');
    expect(headerValue({ 'X-Taxii-Protocol': 'p' }, 'x-taxii-protocol')).toBe('p');
    expect(headerValue({}, 'x')).toBeUndefined();
    expect(mediaTypeOf('Application/XML ; charset=utf-8')).toBe('application/xml');
    expect(mediaTypeOf('nonsense')).toBeUndefined();
    expect(parseXTaxiiAccept('urn:x, urn:taxii.mitre.org:message:xml:1.0,,TAXII_XML_1.0')).toEqual({ known: [XML_10, XML_DRAFT_2012], unknown: ['urn:x'] });
  });
});

describe('binding negotiation', () => {
  it('takes the binding of X-TAXII-Content-Type and answers in it, or in what X-TAXII-Accept asks for', () => {
    const n = negotiate(requestHeaders(XML_10));
    expect(n.ok && [n.request.id, n.response.id, n.notes]).toEqual(['xml-1.0', 'xml-1.0', []]);
    const m = negotiate({ ...requestHeaders(XML_10), 'X-TAXII-Accept': 'urn:example:x, TAXII_XML_1.0' });
    expect(m.ok && [m.request.id, m.response.id]).toEqual(['xml-1.0', 'xml-1.0-draft']);
    const d = negotiate(requestHeaders(XML_DRAFT_2012));
    expect(d.ok && [d.request.id, d.response.id, d.notes]).toEqual(['xml-1.0-draft', 'xml-1.0-draft', []]);
  });

  it('defaults to TAXII 1.1, or to the namespace of the body', () => {
    const n = negotiate({});
    expect(n.ok && [n.request.id, n.response.id]).toEqual(['xml-1.1', 'xml-1.1']);
    if (n.ok) expect(n.notes).toEqual(['no X-TAXII-Content-Type: read as urn:taxii.mitre.org:message:xml:1.1, the default', "no X-TAXII-Accept: answered in the request's binding", 'no X-TAXII-Protocol', 'no X-TAXII-Services']);
    const s = negotiate({}, { body: XML_10.serialize({ type: 'discovery-request', 'message-id': '1' }) });
    expect(s.ok && s.request.id).toBe('xml-1.0');
  });

  it('UNSUPPORTED-MESSAGE: an unknown message binding, no known binding accepted, a Content-Type that is not XML', () => {
    const a = negotiate({ 'X-TAXII-Content-Type': 'urn:taxii.mitre.org:message:json:1.0' });
    expect(!a.ok && [a.errorType, a.respondWith.id]).toEqual(['UNSUPPORTED-MESSAGE', 'xml-1.1']);
    const b = negotiate({ ...requestHeaders(XML_10), 'X-TAXII-Accept': 'urn:example:x' });
    expect(!b.ok && [b.errorType, b.respondWith.id, b.request?.id]).toEqual(['UNSUPPORTED-MESSAGE', 'xml-1.0', 'xml-1.0']);
    const c = negotiate({ ...requestHeaders(XML_10), 'Content-Type': 'application/json' });
    expect(!c.ok && c.errorType).toBe('UNSUPPORTED-MESSAGE');
    const d = negotiate({ 'X-TAXII-Content-Type': 'urn:example:x', 'X-TAXII-Accept': 'TAXII_XML_1.0' });
    expect(!d.ok && d.respondWith.id).toBe('xml-1.0-draft');
  });

  it('UNSUPPORTED-PROTOCOL: a protocol that disagrees with the scheme or is unknown (unless not checked)', () => {
    const a = negotiate({ ...requestHeaders(XML_11), 'X-TAXII-Protocol': IDS.protocolHttp });
    expect(!a.ok && [a.errorType, a.reason]).toEqual(['UNSUPPORTED-PROTOCOL', 'X-TAXII-Protocol "urn:taxii.mitre.org:protocol:http:1.0" does not agree with the scheme used (https): send urn:taxii.mitre.org:protocol:https:1.0']);
    expect(negotiate({ ...requestHeaders(XML_11), 'X-TAXII-Protocol': 'urn:x' }).ok).toBe(false);
    expect(negotiate({ ...requestHeaders(XML_11), 'X-TAXII-Protocol': IDS.protocolHttp }, { checkProtocol: false }).ok).toBe(true);
    expect(negotiate(requestHeaders(XML_11, { scheme: 'http' }), { scheme: 'http' }).ok).toBe(true);
    expect(negotiate({ ...requestHeaders(XML_DRAFT_2012), 'X-TAXII-Protocol': IDS.protocolHttps }).ok).toBe(true);
  });

  it('UNSUPPORTED-SERVICE: a services version that is unknown or does not go with the message binding', () => {
    const a = negotiate({ ...requestHeaders(XML_11), 'X-TAXII-Services': IDS.services10 });
    expect(!a.ok && [a.errorType, a.reason]).toEqual([
      'UNSUPPORTED-SERVICE',
      'X-TAXII-Services "urn:taxii.mitre.org:services:1.0" does not go with X-TAXII-Content-Type urn:taxii.mitre.org:message:xml:1.1 (which carries urn:taxii.mitre.org:services:1.1)',
    ]);
    const b = negotiate({ ...requestHeaders(XML_11), 'X-TAXII-Services': 'urn:x' });
    expect(!b.ok && b.reason).toMatch(/names no services version/);
  });
});
