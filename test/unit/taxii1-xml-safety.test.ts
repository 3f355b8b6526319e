// Malformed and hostile XML gets a Bad Message reason from every binding: never a crash, a
// hang, an entity expansion or a file read.
import { describe, expect, it } from 'vitest';
import { BINDINGS, BINDING_IDS, guardXml, parseXml } from '../../suites/taxii1/bindings/index.js';

const NS11 = 'http://taxii.mitre.org/messages/taxii_xml_binding-1.1';
const open = `<t:Discovery_Request xmlns:t="${NS11}" message_id="1">`;

const laughs =
  '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">' +
  Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`).join('') +
  `]><t:Discovery_Request xmlns:t="${NS11}" message_id="1"><t:Extended_Headers><t:Extended_Header name="x">&lol9;</t:Extended_Header></t:Extended_Headers></t:Discovery_Request>`;

const HOSTILE: Array<[string, string, RegExp]> = [
  ['an empty body', '', /no XML element|not well-formed/],
  ['white space only', '   \n ', /no XML element/],
  ['JSON', '{"type": "discovery"}', /no XML element|not well-formed/],
  ['a lone "<"', '<', /not closed/],
  ['an unclosed root', open, /not closed/],
  ['an unclosed child', `${open}<t:Extended_Headers></t:Discovery_Request>`, /not well-formed|not closed|Expected closing tag/],
  ['mismatched tags', `${open}</t:Discovery_Response>`, /not well-formed/],
  ['two roots', `${open}</t:Discovery_Request>${open}</t:Discovery_Request>`, /root/],
  ['text after the root', `${open}</t:Discovery_Request>trailing`, /not well-formed/],
  ['a duplicated attribute', `<t:Discovery_Request xmlns:t="${NS11}" message_id="1" message_id="2"/>`, /not well-formed/],
  ['an unquoted attribute', `<t:Discovery_Request xmlns:t="${NS11}" message_id=1/>`, /not well-formed/],
  ['"<" in an attribute value', `<t:Discovery_Request xmlns:t="${NS11}" message_id="<1"/>`, /inside an attribute value/],
  ['an undeclared prefix', '<t:Discovery_Request message_id="1"/>', /prefix "t" .* not declared/],
  ['an undefined entity (no DTD)', `${open}&nbsp;</t:Discovery_Request>`, /entity &nbsp; .* not defined/],
  ['a bare ampersand', `${open}a & b</t:Discovery_Request>`, /not well-formed/],
  ['a character reference to NUL', `${open}&#0;</t:Discovery_Request>`, /not an XML character/],
  ['billion laughs', laughs, /DTD/],
  ['an external entity', `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>${open}&xxe;</t:Discovery_Request>`, /DTD/],
  ['an external DTD', `<?xml version="1.0"?><!DOCTYPE r SYSTEM "http://127.0.0.1:1/evil.dtd">${open}</t:Discovery_Request>`, /DTD/],
  ['a parameter entity', `<!DOCTYPE r [<!ENTITY % p SYSTEM "http://127.0.0.1:1/x">%p;]>${open}</t:Discovery_Request>`, /DTD/],
  ['an unterminated comment', `${open}<!-- never ends`, /comment is not closed/],
  ['an unterminated CDATA section', `${open}<![CDATA[ never ends`, /CDATA section is not closed/],
  ['a reserved JavaScript name as attribute', `<t:Discovery_Request xmlns:t="${NS11}" message_id="1" constructor="x"/>`, /not well-formed/],
  ['a closing tag first', `</t:Discovery_Request>${open}`, /closing tag has no opening tag|not well-formed/],
  ['binary garbage', '\u0000\u0001\u0002<\u0003>\u0004', /not/],
];

describe('hostile and malformed XML', () => {
  for (const id of BINDING_IDS) {
    const b = BINDINGS[id];
    it.each(HOSTILE)(`${id}: %s gets a Bad Message reason`, (_what, xml, reason) => {
      const t0 = Date.now();
      const r = b.parse(xml);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error).toMatch(reason);
      expect(b.checkRules(xml).length).toBeGreaterThan(0);
      expect(Date.now() - t0).toBeLessThan(2000);
    });
  }

  it('10 MB of nesting is refused at the depth limit, quickly', () => {
    const xml = `<t:Discovery_Request xmlns:t="${NS11}" message_id="1">` + '<a>'.repeat(3_500_000);
    expect(xml.length).toBeGreaterThan(10_000_000);
    const t0 = Date.now();
    for (const id of BINDING_IDS) {
      const r = BINDINGS[id].parse(xml);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error).toMatch(/nested deeper than 64/);
    }
    expect(Date.now() - t0).toBeLessThan(3000);
  });

  it('10 MB of balanced nesting is refused too', () => {
    const n = 1_000_000;
    const xml = `${open}<t:Extended_Headers><t:Extended_Header name="x">${'<a>'.repeat(n)}${'</a>'.repeat(n)}</t:Extended_Header></t:Extended_Headers></t:Discovery_Request>`;
    const r = BINDINGS['xml-1.1'].parse(xml);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/nested deeper/);
  });

  it('refuses documents over the size limit before parsing them', () => {
    const big = `${open}<t:Extended_Headers><t:Extended_Header name="x">${'x'.repeat(17 * 1024 * 1024)}</t:Extended_Header></t:Extended_Headers></t:Discovery_Request>`;
    const r = BINDINGS['xml-1.1'].parse(big);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/larger than 16777216 octets/);
    expect(guardXml('<a/>', { maxBytes: 3 })).toMatch(/larger than 3 octets/);
  });

  it('bounds elements and attributes', () => {
    expect(guardXml(`<r>${'<a/>'.repeat(20)}</r>`, { maxElements: 10 })).toMatch(/more than 10 elements/);
    expect(guardXml(`<r ${Array.from({ length: 300 }, (_, i) => `a${i}="1"`).join(' ')}/>`)).toMatch(/more than 256 attributes/);
    const flat = `${open}<t:Extended_Headers><t:Extended_Header name="x">${'<a/>'.repeat(600_000)}</t:Extended_Header></t:Extended_Headers></t:Discovery_Request>`;
    const r = BINDINGS['xml-1.1'].parse(flat);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/more than 500000 elements/);
  });

  it('accepts what is merely unusual: a BOM, processing instructions, comments, numeric references', () => {
    const xml = `\uFEFF<?xml version="1.0" encoding="UTF-8"?><?xml-stylesheet href="http://127.0.0.1:1/x.xsl"?><!-- hi -->${open}<t:Extended_Headers><t:Extended_Header name="x">&#65;&#x42;&lt;&amp;&quot;&apos;&gt;</t:Extended_Header></t:Extended_Headers></t:Discovery_Request>`;
    const r = BINDINGS['xml-1.1'].parse(xml);
    expect(r.ok && r.message['extended-headers']).toEqual([{ name: 'x', value: 'AB<&"\'>' }]);
  });

  it('parseXml resolves namespaces and reports where prefixes are missing', () => {
    const r = parseXml('<a:x xmlns:a="urn:a" xmlns="urn:d"><y b:c="1" xmlns:b="urn:b"/></a:x>');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.root.ns).toBe('urn:a');
    const y = r.root.children[0];
    expect(y?.kind === 'element' && [y.ns, y.attrs[0]?.ns]).toEqual(['urn:d', 'urn:b']);
  });
});
