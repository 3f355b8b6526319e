// The taxii1 profile's data: its requirements catalog (suites/taxii1/requirements.json)
// checked against the spec texts themselves — the 2012 talk (docs/spec/taxii-1.0-draft-
// messages.md) and, for the binding facts the cases check, docs/spec/taxii-1.x-bindings-
// facts.md, and for what only the published TAXII 1.1 XSD says (multi-part poll results),
// its documentation (docs/spec/xsd/TAXII_XMLMessageBinding_Schema_11.xsd) — and its cases
// (suites/taxii1/cases/) against the catalog.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Level, Requirement } from '../../suites/core/types.js';
import { flatSteps } from '../../suites/core/catalog.js';
import { TAXII1_AREAS, taxii1 } from '../../suites/taxii1/profile.js';
import { bindingVars } from '../../suites/taxii1/setup.js';
import { BINDINGS, BINDING_IDS } from '../../suites/taxii1/bindings/index.js';
import { getProfile, PROFILE_IDS } from '../../suites/registry.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const talkPath = join(repoRoot, 'docs/spec/taxii-1.0-draft-messages.md');
const factsPath = join(repoRoot, 'docs/spec/taxii-1.x-bindings-facts.md');
const xsd11Path = join(repoRoot, 'docs/spec/xsd/TAXII_XMLMessageBinding_Schema_11.xsd');
const catalog = JSON.parse(readFileSync(join(repoRoot, 'suites/taxii1/requirements.json'), 'utf8')) as Requirement[];

const LEVELS: readonly Level[] = ['MUST', 'MUST NOT', 'SHOULD', 'SHOULD NOT', 'MAY'];
const RANK: Record<Level, number> = { MUST: 3, 'MUST NOT': 3, SHOULD: 2, 'SHOULD NOT': 2, MAY: 1 };
const GROUPS = ['DEF', 'HDR', 'EXT', 'MSG', 'ERR', 'DISC', 'FEED', 'SUB', 'POLL', 'STIX', 'XML', 'AUTH', 'BIND', 'XSD'];
const KEYS = ['id', 'level', 'section', 'text', 'area', 'untestable', 'interpretation'];
/** The talk's slide headings a requirement's section names. */
const TALK_SECTIONS = [
  'TAXII Message Definitions',
  'Message Construction',
  'Multiple Points of Extensibility',
  'TAXII Messages',
  'TAXII Error Message',
  'TAXII Discovery Request/Response',
  'TAXII Feed Information Request/Response',
  'TAXII Manage Feed Subscription Request/Response',
  'TAXII Poll Request/Response',
  'STIX Message',
  'The TAXII XML Message Binding',
  'Thoughts and Conclusion',
];
/** Binding facts are marked so in their section: "Binding facts / <heading of the facts file>". */
const FACT_SECTION = /^Binding facts \/ \S/;
/** What only the published 1.1 XSD says is marked so: "XSD 1.1 / <the complex type whose documentation it quotes>". */
const XSD_SECTION = /^XSD 1\.1 \/ (\w+)$/;
/** The readings of docs/interpretation.md a requirement may point at. */
const INTERPRETATIONS = ['taxii-1x'];

/** Markdown formatting away (bold, underline, escapes, code marks), whitespace collapsed. */
function normalise(s: string): string {
  return s
    .replace(/\*\*/g, '')
    .replace(/<\/?u>/g, '')
    .replace(/\\([^\sA-Za-z0-9])/g, '$1')
    .replace(/```/g, ' ')
    .replace(/`/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

const talkRaw = existsSync(talkPath) ? readFileSync(talkPath, 'utf8') : '';
const factsRaw = existsSync(factsPath) ? readFileSync(factsPath, 'utf8') : '';
const talk = normalise(talkRaw);
const facts = normalise(factsRaw);
const xsd11Raw = existsSync(xsd11Path) ? readFileSync(xsd11Path, 'utf8') : '';
/** The documentation of a complex type of the 1.1 XSD, normalised. */
const xsdDocs = (type: string): string => {
  const body = new RegExp(`<xs:complexType name="${type}">([\\s\\S]*?)</xs:complexType>`).exec(xsd11Raw)?.[1] ?? '';
  return [...body.matchAll(/<xs:documentation>([\s\S]*?)<\/xs:documentation>/g)].map((m) => normalise(m[1]!)).join(' | ');
};
const isFact = (r: Requirement): boolean => r.section.startsWith('Binding facts');
const group = (id: string): string => id.split('-')[1] ?? '';

/** Lines of the talk with a normative word that no single requirement needs to quote, and why. */
const LINE_EXCEPTIONS: Record<string, string> = {
  'Indicates if field is required': 'the heading of the next line, which T1-HDR-03 quotes',
};

describe('taxii1 requirements catalog', () => {
  it('finds the spec texts', () => {
    expect(talk.length).toBeGreaterThan(5_000);
    expect(facts.length).toBeGreaterThan(3_000);
  });

  it('has unique, well formed ids', () => {
    const ids = catalog.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(catalog.length).toBeGreaterThanOrEqual(90);
    for (const r of catalog) {
      expect(r.id).toMatch(/^T1-[A-Z]+-\d{2}$/);
      expect(GROUPS, r.id).toContain(group(r.id));
    }
  });

  it('has every field present and well typed', () => {
    for (const r of catalog) {
      const where = r.id;
      for (const k of Object.keys(r)) expect(KEYS, `${where}: unknown key ${k}`).toContain(k);
      expect(LEVELS, where).toContain(r.level);
      expect(TAXII1_AREAS as readonly string[], where).toContain(r.area);
      expect(typeof r.text, where).toBe('string');
      expect(r.text.length, where).toBeGreaterThan(0);
      expect(r.text, `${where}: text is not normalised`).toBe(normalise(r.text));
      if (group(r.id) === 'BIND') expect(r.section, where).toMatch(FACT_SECTION);
      else if (group(r.id) === 'XSD') expect(r.section, where).toMatch(XSD_SECTION);
      else expect(TALK_SECTIONS, where).toContain(r.section);
      if (r.untestable !== undefined) {
        expect(typeof r.untestable, where).toBe('string');
        expect(r.untestable, where).toMatch(/^\S.{10,}\.$/);
      }
      if (r.interpretation !== undefined) expect(INTERPRETATIONS, where).toContain(r.interpretation);
    }
  });

  it('quotes the talk, and the binding facts, exactly', () => {
    for (const r of catalog) {
      const xsdType = XSD_SECTION.exec(r.section)?.[1];
      const spec = xsdType ? xsdDocs(xsdType) : isFact(r) ? facts : talk;
      expect(spec.includes(r.text), `${r.id}: not in ${xsdType ? `the 1.1 XSD's ${xsdType}` : isFact(r) ? 'the bindings facts' : 'the talk'}: ${r.text}`).toBe(true);
    }
  });

  it('quotes every line of the talk that says must, may, might or optional', () => {
    const lines = talkRaw
      .split('\n')
      .map((l) => normalise(l.replace(/^\s*-\s+/, '')))
      .filter((l) => /\b(must|may|might|optional|optionally|required)\b/i.test(l));
    expect(lines.length).toBeGreaterThanOrEqual(18);
    const texts = catalog.filter((r) => !isFact(r)).map((r) => r.text);
    for (const l of lines) {
      if (LINE_EXCEPTIONS[l]) continue;
      expect(texts.some((t) => t.includes(l) || l.includes(t)), `no requirement quotes: ${l}`).toBe(true);
    }
  });

  it('quotes every MUST and SHOULD of the binding facts at its level', () => {
    for (const kw of ['MUST', 'SHOULD'] as const) {
      const r = catalog.find((x) => isFact(x) && new RegExp(`\\b${kw}\\b`).test(x.text) && x.level === kw);
      expect(r, kw).toBeDefined();
    }
    expect(catalog.find((r) => r.text === 'The last three MUST be present whenever the body is a TAXII message.')?.level).toBe('MUST');
  });

  it('marks requirements on clients untestable, and the permissions', () => {
    for (const id of ['T1-EXT-04', 'T1-BIND-10', 'T1-BIND-22', 'T1-BIND-23', 'T1-ERR-16', 'T1-POLL-09']) {
      expect(catalog.find((r) => r.id === id)?.untestable, id).toBeDefined();
    }
  });
});

describe('taxii1 cases', () => {
  const cases = taxii1.cases();
  const reqs = new Map(catalog.map((r) => [r.id, r]));

  it('are registered as the taxii1 profile, next to taxii2-predraft', () => {
    expect(PROFILE_IDS).toContain('taxii1');
    expect(PROFILE_IDS).toContain('taxii2-predraft');
    expect(getProfile('taxii1')).toBe(taxii1);
    expect(taxii1.standaloneAreas).toEqual([]);
  });

  it('cover every area, with at least 40 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
    for (const area of TAXII1_AREAS) expect(cases.filter((c) => c.area === area).length, area).toBeGreaterThan(0);
  });

  it('cite only catalog requirements, with no check stronger than its requirement', () => {
    for (const c of cases) {
      for (const ch of flatSteps(c.steps).flatMap((s) => s.expect ?? [])) {
        const r = reqs.get(ch.requirement);
        expect(r, `${c.id} cites ${ch.requirement}`).toBeDefined();
        expect(RANK[ch.level] <= RANK[r!.level], `${c.id}: ${ch.level} check on ${r!.level} ${r!.id}`).toBe(true);
      }
    }
  });

  it('cite every testable requirement, and no untestable one', () => {
    const cited = new Set(cases.flatMap((c) => c.requirements));
    for (const r of catalog) {
      if (r.untestable) expect(cited.has(r.id), `${r.id} is untestable but cited`).toBe(false);
      else expect(cited.has(r.id), `${r.id} is cited by no case (or mark it untestable)`).toBe(true);
    }
  });

  it('have a provoked error for each error type a client can provoke', () => {
    for (const t of ['T1-ERR-06', 'T1-ERR-07', 'T1-ERR-08', 'T1-ERR-09', 'T1-ERR-10', 'T1-ERR-11', 'T1-ERR-12', 'T1-ERR-13', 'T1-ERR-14', 'T1-ERR-15']) {
      expect(cases.some((c) => c.area === 'errors' && c.requirements.includes(t)), t).toBe(true);
    }
  });

  it('check the binding\'s wire rules on every TAXII answer they read', () => {
    const missing = cases.filter((x) => x.id !== 'headers.post-only' && !flatSteps(x.steps).some((s) => s.expect?.some((e) => e.wireRules)));
    expect(missing.map((c) => c.id), 'cases that never check the wire rules').toEqual([]);
  });

  it('name only variables the run can have, or whose absence has a reason', () => {
    const builtIn = new Set(['target', 'origin', 'targetPlainHttp', 'runId', 'prefix', 'item']);
    const always = BINDING_IDS.map((b) => new Set(bindingVars(BINDINGS[b]).keys())).reduce((a, b) => new Set([...a].filter((x) => b.has(x))));
    const used = new Set<string>();
    const captured = new Set(cases.flatMap((c) => flatSteps(c.steps).flatMap((s) => Object.keys(s.capture ?? {}))));
    const walk = (v: unknown): void => {
      if (typeof v === 'string') for (const m of v.matchAll(/\{([A-Za-z][A-Za-z0-9]*)\}/g)) used.add(m[1]!);
      else if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) (walk(k), walk(x));
    };
    for (const c of cases) walk(c.steps.map((s) => ({ ...s, expect: s.expect?.map((e) => ({ ...e, json: e.json ? { ...e.json, matches: undefined } : undefined, header: e.header ? { ...e.header, matches: undefined } : undefined })) })));
    for (const b of BINDING_IDS) {
      const p = taxii1.configure!({ binding: b });
      for (const v of used) {
        if (builtIn.has(v) || always.has(v) || captured.has(v)) continue;
        expect(p.variableReasons[v], `${b}: {${v}} may be missing and has no reason`).toBeDefined();
      }
    }
  });

  it('skip, never pass, where the binding lacks the exchange: binding variables follow the binding\'s actions', () => {
    const v = (b: keyof typeof BINDINGS): Map<string, string> => bindingVars(BINDINGS[b]);
    expect(v('xml-1.0').has('actionPause')).toBe(false);
    expect(v('xml-1.1').get('actionPause')).toBe('PAUSE');
    expect(v('xml-1.1').has('actionModify')).toBe(false);
    expect(v('xml-1.0-draft').get('actionModify')).toBe('MODIFY');
    expect(v('xml-1.0-draft').has('servicesHeader')).toBe(false);
    expect(v('xml-1.0-draft').has('otherBindingAction')).toBe(false);
    expect(v('xml-1.1').get('otherBindingAction')).toBe('MODIFY');
    expect(v('xml-1.0').get('otherBindingAction')).toBe('PAUSE');
    // The binding asked for in negotiation is never 1.1 for a run in another binding.
    for (const b of ['xml-1.0', 'xml-1.0-draft'] as const) expect(v(b).get('otherMessageBinding')).not.toBe(BINDINGS['xml-1.1'].contentType);
    expect(taxii1.configure!({ binding: 'xml-1.0' }).variableReasons.actionPause).toMatch(/TAXII 1\.0 XML Message Binding has no PAUSE/);
  });
});
