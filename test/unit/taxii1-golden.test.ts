// Golden files of the TAXII 1.x XML bindings: every message kind encoded in every binding
// (its own samples and the other bindings', so the lossy paths are covered too), what each
// binding reads back, its rule violations and what it says it cannot carry, byte for byte
// as recorded. Documents broken on purpose (attributes stripped, wrong namespace, unknown
// roots, unknown elements and actions) pin the diagnostics the mock sends back.
//
// What the 1.0 and 1.1 encoders write is also validated against the published XSDs
// (docs/spec/xsd) with xmllint: the schema is an independent judge (TAXII 1.1 multi-part Poll
// Responses and Poll Fulfillment Requests included). Where the output breaks
// the XSD today, KNOWN_XSD_FAILURES says so; the test fails when that list changes either way.
//
// Re-record after a deliberate change: TAXII1_GOLDEN=write npx vitest run test/unit/taxii1-golden.test.ts
import { readFileSync, writeFileSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BINDINGS, BINDING_IDS, type Binding, type BindingId } from '../../suites/taxii1/bindings/index.js';
import { MESSAGE_TYPES, type Taxii1Message } from '../../suites/taxii1/model.js';
import { IDS_OF, samples } from '../helpers/taxii1-samples.js';
import { XSD_OF, xsdFailures } from '../helpers/taxii1-xsd.js';

const GOLDEN_DIR = join(import.meta.dirname, '..', 'fixtures', 'taxii1-golden');
const WRITE = process.env.TAXII1_GOLDEN === 'write';

type Entry = Record<string, unknown>;

/** What binding `b` does with a data-model message. */
function encoded(b: Binding, m: Taxii1Message, judge = true): Entry {
  const xml = b.serialize(m);
  return { xml, ...(judge ? { unrepresentable: b.unrepresentable(m) } : {}), rules: b.checkRules(xml), parsed: b.parse(xml) };
}

/** What binding `b` makes of a document. */
function read(b: Binding, xml: string): Entry {
  return { xml, rules: b.checkRules(xml), parsed: b.parse(xml) };
}

/** Every attribute but the namespace declarations taken out. */
function stripAttributes(xml: string): string {
  return xml.replace(/ (?!xmlns)[A-Za-z_:][\w.:-]*="[^"]*"/g, '');
}

function record(b: Binding): Record<string, Entry> {
  const out: Record<string, Entry> = {};
  for (const source of BINDING_IDS) {
    samples(BINDINGS[source]).forEach((m, i) => {
      out[`${source} sample ${i} ${m.type}`] = encoded(b, m);
    });
  }
  for (const type of MESSAGE_TYPES) {
    out[`bare ${type}`] = encoded(b, { type } as never);
    const sparse = { type, 'content-blocks': [{}], services: [{}], feeds: [{ 'push-methods': [{}] }], subscriptions: [{}] } as never;
    // Only serialize is held to never throwing on models this sparse.
    out[`sparse ${type}`] = encoded(b, sparse, false);
  }
  samples(b).forEach((m, i) => {
    const xml = b.serialize(m);
    out[`own sample ${i} ${m.type}, attributes stripped`] = read(b, stripAttributes(xml));
  });
  const own = samples(b);
  const request = b.serialize(own.find((m) => m.type === 'discovery-request')!);
  const root = b.roots['discovery-request'];
  out['root in another namespace'] = read(b, request.replace(`"${b.namespace}"`, '"http://example.com/not-taxii"'));
  out['unknown root'] = read(b, request.replaceAll(`:${root}`, ':No_Such_Message'));
  for (const other of ['Poll_Fulfillment', 'TAXII_SubscriptionAlert']) out[`root ${other}`] = read(b, request.replaceAll(`:${root}`, `:${other}`));
  out['unknown element'] = read(b, request.replace('/>', `><${b.prefix}:Bogus_Field>1</${b.prefix}:Bogus_Field></${b.prefix}:${root}>`));
  out['element of another namespace'] = read(b, request.replace('/>', `><x:Field xmlns:x="urn:x">1</x:Field></${b.prefix}:${root}>`));
  const subscribe = b.serialize(own.find((m) => m.type === 'manage-feed-subscription-request')!);
  out['unknown action'] = read(b, subscribe.replace(/action="[A-Z]+"/, 'action="FROB"'));
  out['request with in-response-to'] = read(b, request.replace(' ', ' in_response_to="1" in-response-to="1" '));
  return out;
}

describe.each(BINDING_IDS)('golden: binding %s', (bid) => {
  const file = join(GOLDEN_DIR, `${bid}.json`);
  const actual = record(BINDINGS[bid]);

  it('encodes, reads and judges every message as recorded', () => {
    if (WRITE) {
      mkdirSync(GOLDEN_DIR, { recursive: true });
      writeFileSync(file, `${JSON.stringify(actual, null, 1)}\n`);
    }
    expect(existsSync(file), `${file} is missing: record it with TAXII1_GOLDEN=write`).toBe(true);
    const golden = JSON.parse(readFileSync(file, 'utf8')) as Record<string, Entry>;
    expect(Object.keys(actual)).toEqual(Object.keys(golden));
    for (const [name, entry] of Object.entries(actual)) {
      // Serialised, so that the order of keys in what is read back counts too.
      expect(JSON.stringify(entry, null, 1), name).toBe(JSON.stringify(golden[name], null, 1));
    }
  });
});

/**
 * What the published XSDs refuse in our encoding, per message: xmllint's words without the
 * file name. Reported here, not fixed (docs/taxii1.md, "What the published XSDs say"):
 * the actions a binding does not define (which unrepresentable() already names), and an
 * answer in TAXII 1.0 to a request of another binding, whose in_response_to echoes an id the
 * 1.0 XSD's [0-9]+ pattern refuses.
 */
const ACTION_NOT_IN = (ns: string, root: string, action: string, set: string): string =>
  `2: element ${root}: Schemas validity error : Element '{${ns}}${root}', attribute 'action': [facet 'enumeration'] The value '${action}' is not an element of the set {${set}}.`;
const NS_10 = 'http://taxii.mitre.org/messages/taxii_xml_binding-1';
const NS_11 = 'http://taxii.mitre.org/messages/taxii_xml_binding-1.1';
const SET_10 = "'SUBSCRIBE', 'UNSUBSCRIBE', 'STATUS'";
const SET_11 = "'SUBSCRIBE', 'UNSUBSCRIBE', 'PAUSE', 'RESUME', 'STATUS'";
const SMR = 'Subscription_Management_Request';
const KNOWN_XSD_FAILURES: Partial<Record<BindingId, Record<string, string[]>>> = {
  'xml-1.0': {
    'xml-1.1 sample 14 manage-feed-subscription-request': [ACTION_NOT_IN(NS_10, SMR, 'PAUSE', SET_10)],
    'xml-1.1 sample 15 manage-feed-subscription-request': [ACTION_NOT_IN(NS_10, SMR, 'RESUME', SET_10)],
    'xml-1.0-draft sample 14 manage-feed-subscription-request': [ACTION_NOT_IN(NS_10, SMR, 'PAUSE', SET_10)],
    'xml-1.0-draft sample 15 manage-feed-subscription-request': [ACTION_NOT_IN(NS_10, SMR, 'RESUME', SET_10)],
    'xml-1.0-draft sample 16 manage-feed-subscription-request': [ACTION_NOT_IN(NS_10, SMR, 'MODIFY', SET_10)],
    // A Poll Fulfillment Request is TAXII 1.1's (already named by unrepresentable()): TAXII 1.0 has no such root.
    ...Object.fromEntries(
      [28, 29].map((i) => [`xml-1.1 sample ${i} poll-fulfillment`, [`2: element Poll_Fulfillment: Schemas validity error : Element '{${NS_10}}Poll_Fulfillment': No matching global declaration available for the validation root.`]]),
    ),
    'answer to a xml-1.1 request': [
      `2: element Discovery_Response: Schemas validity error : Element '{${NS_10}}Discovery_Response', attribute 'in_response_to': [facet 'pattern'] The value '${IDS_OF['xml-1.1']![0]}' is not accepted by the pattern '[0-9]+'.`,
    ],
    'answer to a xml-1.0-draft request': [
      `2: element Discovery_Response: Schemas validity error : Element '{${NS_10}}Discovery_Response', attribute 'in_response_to': [facet 'pattern'] The value '${IDS_OF['xml-1.0-draft']![0]}' is not accepted by the pattern '[0-9]+'.`,
    ],
  },
  'xml-1.1': {
    'xml-1.0-draft sample 16 manage-feed-subscription-request': [ACTION_NOT_IN(NS_11, SMR, 'MODIFY', SET_11)],
  },
};


/** `m` with binding `b`'s message ids, so that only the structure is judged. */
function withIdsOf(b: Binding, m: Taxii1Message): Taxii1Message {
  const [id, req] = IDS_OF[b.id]!;
  return { ...m, 'message-id': id, ...('in-response-to' in m ? { 'in-response-to': req } : {}) } as Taxii1Message;
}

describe('the published XSDs judge what the 1.0 and 1.1 encoders write', () => {

  it.each(Object.keys(XSD_OF) as BindingId[])('%s: every sample of every binding, and answers to other bindings\' requests', (bid) => {
    const b = BINDINGS[bid];
    const messages: Array<[string, Taxii1Message]> = [];
    for (const source of BINDING_IDS) {
      samples(BINDINGS[source]).forEach((m, i) => messages.push([`${source} sample ${i} ${m.type}`, withIdsOf(b, m)]));
      if (source !== bid) {
        const answer: Taxii1Message = { type: 'discovery-response', 'message-id': IDS_OF[bid]![0], 'in-response-to': IDS_OF[source]![0], services: [] };
        messages.push([`answer to a ${source} request`, answer]);
      }
    }
    const failures = xsdFailures(bid, messages.map(([name, m]) => ({ name, xml: b.serialize(m) })));
    expect(failures).toEqual(KNOWN_XSD_FAILURES[bid]);
  });
});
