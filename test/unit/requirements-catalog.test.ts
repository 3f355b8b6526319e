// The requirements catalog of the TAXII 2.0 pre-draft (suites/taxii2-predraft/requirements.json)
// checked against the spec text itself: every quote is in the spec, every table row the
// catalog must cover is covered, and every RFC 2119 keyword of the spec sits inside a quote.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Level, Requirement } from '../../suites/core/types.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const catalogPath = join(repoRoot, 'suites/taxii2-predraft/requirements.json');
// The repository's copy of the spec (docs/spec/; spec-copies.test.ts keeps it equal to shared/spec/).
const specPath = resolve(repoRoot, 'docs/spec/taxii-2.0-predraft-v0.2.md');

const LEVELS: readonly Level[] = ['MUST', 'MUST NOT', 'SHOULD', 'SHOULD NOT', 'MAY'];
const AREAS = [
  'tls', 'srv', 'discovery', 'api-base', 'status-codes', 'names',
  'schemas', 'max-size', 'auth', 'collections', 'channels', 'long-poll',
];
const GROUPS = [
  'HTTPS', 'TLS', 'SRV', 'DISC', 'APIBASE', 'XHDR', 'STATUS',
  'URL', 'CHAN', 'COLL', 'NAME', 'MSG', 'AUTH', 'POLICY',
];
/** Groups whose area is fixed by what they are. */
const GROUP_AREA: Record<string, string> = {
  HTTPS: 'tls', TLS: 'tls', POLICY: 'tls', SRV: 'srv', XHDR: 'max-size',
  STATUS: 'status-codes', NAME: 'names', MSG: 'schemas',
};
/** The readings of docs/interpretation.md a requirement may point at. */
const INTERPRETATIONS = [
  'media-type', '405-vs-406', 'status-codes', 'unknown-resource', 'x-max-size',
  'https-only', 'repository-listing', 'tls-errata', 'auth',
];
const STATUS_CODES = [200, 201, 202, 204, 400, 401, 403, 405, 406, 415, 501];
const KEYS = ['id', 'level', 'section', 'text', 'area', 'untestable', 'interpretation'];

/**
 * Markdown formatting away, whitespace collapsed: `**`, `<u>`/`</u>`, backslash escapes
 * (`\_`, `\$`, `\*`) and code-fence markers (```) go; tabs and line breaks become single
 * spaces. Applied to the spec, to a line of it and to each requirement's `text`.
 */
function normalise(s: string): string {
  return s
    .replace(/\*\*/g, '')
    .replace(/<\/?u>/g, '')
    .replace(/\\([^\sA-Za-z0-9])/g, '$1')
    .replace(/```/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Sentences of one normalised piece of text (a line or a table cell). */
function sentences(s: string): string[] {
  return s.split(/(?<=[.?!])\s+/).map((x) => x.trim()).filter(Boolean);
}

/**
 * Sentences with an RFC 2119 keyword that no single requirement quotes whole, with why
 * that is fine (the keyword itself is still covered, see the positional check).
 */
const SENTENCE_EXCEPTIONS: Record<string, string> = {};

const specRaw = existsSync(specPath) ? readFileSync(specPath, 'utf8') : '';
const specLines = specRaw.split('\n');
const spec = normalise(specRaw);
const raw = readFileSync(catalogPath, 'utf8');
const catalog = JSON.parse(raw) as Requirement[];
const texts = catalog.map((r) => r.text);

function group(id: string): string {
  return id.split('-')[1] ?? '';
}

/** Lines of the spec from the line starting with `from` up to (not including) the next blank line. */
function tableRows(header: string): string[] {
  const start = specLines.findIndex((l) => l.trimEnd() === header);
  if (start < 0) throw new Error(`table header not found: ${header}`);
  const rows: string[] = [];
  for (let i = start + 1; i < specLines.length; i++) {
    const line = specLines[i] ?? '';
    if (line.trim() === '') {
      // The status table has a stray blank line after the 201 row.
      const next = specLines[i + 1] ?? '';
      if (/^HTTP \d{3}\t/.test(next)) continue;
      break;
    }
    rows.push(normalise(line));
  }
  return rows;
}

describe('taxii2-predraft requirements catalog', () => {
  it('finds the spec text', () => {
    expect(existsSync(specPath), specPath).toBe(true);
    expect(spec.length).toBeGreaterThan(10_000);
  });

  it('parses as an array of roughly the expected size', () => {
    expect(Array.isArray(catalog)).toBe(true);
    expect(catalog.length).toBeGreaterThanOrEqual(70);
    expect(catalog.length).toBeLessThanOrEqual(140);
  });

  it('has unique, well formed ids', () => {
    const ids = catalog.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of catalog) {
      expect(r.id).toMatch(/^T2-[A-Z]+-\d{2,3}$/);
      expect(GROUPS, r.id).toContain(group(r.id));
      const num = r.id.split('-')[2] ?? '';
      if (group(r.id) === 'STATUS') expect(STATUS_CODES.map(String), r.id).toContain(num);
      else expect(num, r.id).toMatch(/^\d{2}$/);
    }
  });

  it('has every field present and well typed', () => {
    for (const r of catalog) {
      const where = r.id;
      for (const k of Object.keys(r)) expect(KEYS, `${where}: unknown key ${k}`).toContain(k);
      expect(LEVELS, where).toContain(r.level);
      expect(AREAS, where).toContain(r.area);
      expect(typeof r.section, where).toBe('string');
      expect(r.section, where).toMatch(/^Section [1-6]: \S/);
      expect(typeof r.text, where).toBe('string');
      expect(r.text.length, where).toBeGreaterThan(0);
      expect(r.text, `${where}: text is not normalised`).toBe(normalise(r.text));
      if (r.untestable !== undefined) {
        expect(typeof r.untestable, where).toBe('string');
        expect(r.untestable, where).toMatch(/^\S.{10,}\.$/);
      }
      if (r.interpretation !== undefined) expect(INTERPRETATIONS, where).toContain(r.interpretation);
      const fixed = GROUP_AREA[group(r.id)];
      if (fixed) expect(r.area, where).toBe(fixed);
    }
  });

  it('quotes the spec exactly', () => {
    for (const r of catalog) expect(spec.includes(r.text), `${r.id}: not in the spec: ${r.text}`).toBe(true);
  });

  it('covers every row of the status-code table at SHOULD', () => {
    const rows = tableRows('Status Code\tMeaning (From HTTP RFC)\tIs Used When');
    expect(rows.map((row) => Number(row.slice(5, 8)))).toEqual(STATUS_CODES);
    for (const code of STATUS_CODES) {
      const r = catalog.find((x) => x.id === `T2-STATUS-${code}`);
      expect(r, `T2-STATUS-${code}`).toBeDefined();
      expect(r?.text.startsWith(`HTTP ${code} `)).toBe(true);
      expect(r?.level).toBe('SHOULD');
      expect(r?.interpretation).toBe('status-codes');
    }
    for (const row of rows) expect(texts, row).toContain(row);
  });

  it('covers every row of the URL table at MUST', () => {
    const rows = tableRows('Path\tMethod\tRequest Message Type\tResponse Message Type');
    expect(rows).toHaveLength(10);
    for (const row of rows) {
      const r = catalog.find((x) => x.text === row);
      expect(r, row).toBeDefined();
      expect(r?.id).toMatch(/^T2-URL-\d{2}$/);
      expect(r?.level).toBe('MUST');
    }
    expect(catalog.filter((r) => group(r.id) === 'URL')).toHaveLength(10);
  });

  it('covers every field row of every message table at MUST', () => {
    const start = specLines.findIndex((l) => l.startsWith('## Section 4: Messages'));
    const end = specLines.findIndex((l) => l.startsWith('## Messaging Considerations'));
    expect(start).toBeGreaterThan(0);
    expect(end).toBeGreaterThan(start);
    let heading = '';
    let rows = 0;
    for (const line of specLines.slice(start + 1, end)) {
      if (line.startsWith('#')) heading = normalise(line.replace(/^#+/, ''));
      if (!/^[a-z][a-z-]*\t/.test(line)) continue;
      rows++;
      const row = normalise(line);
      const section = `Section 4: Messages / ${heading}`;
      const r = catalog.find((x) => x.section === section && x.text.startsWith(row));
      expect(r, `${section}: ${row}`).toBeDefined();
      expect(r?.id).toMatch(/^T2-MSG-\d{2}$/);
      expect(r?.level).toBe('MUST');
    }
    expect(rows).toBe(19);
    // channel-details, given as a bullet list under [API-Base]/channels/<channel-name>/
    const bullets = specLines.filter((l) => l.startsWith('- "')).map((l) => normalise(l.slice(2)));
    expect(bullets).toHaveLength(4);
    for (const b of bullets) {
      const r = catalog.find((x) => x.text === b);
      expect(r, b).toBeDefined();
      expect(r?.id).toMatch(/^T2-MSG-\d{2}$/);
      expect(r?.level).toBe('MUST');
    }
  });

  it('covers the X-Max-Size row and both name regexes', () => {
    const row = specLines.find((l) => l.startsWith('X-Max-Size\t'));
    expect(row).toBeDefined();
    const cells = (row ?? '').split('\t').map(normalise);
    const quoted = normalise(catalog.filter((r) => group(r.id) === 'XHDR').map((r) => r.text).join(' '));
    for (const s of cells.flatMap(sentences)) expect(quoted.includes(s), s).toBe(true);
    for (const what of ['Channel Names', 'Collection Names']) {
      const r = catalog.find((x) => x.text.startsWith(`${what} MUST`));
      expect(r, what).toBeDefined();
      expect(r?.text.endsWith('^[A-Za-z0-9-]{1,128}$')).toBe(true);
      expect(r?.area).toBe('names');
    }
  });

  it('puts every RFC 2119 keyword of the spec inside a quote of its own level', () => {
    const spans = catalog.flatMap((r) => {
      const out: { start: number; end: number; r: Requirement }[] = [];
      for (let i = spec.indexOf(r.text); i >= 0; i = spec.indexOf(r.text, i + 1)) {
        out.push({ start: i, end: i + r.text.length, r });
      }
      return out;
    });
    const re = /\b(MUST NOT|MUST|SHOULD NOT|SHOULD|MAY)\b/g;
    let found = 0;
    for (let m = re.exec(spec); m; m = re.exec(spec)) {
      found++;
      const at = m.index;
      const kw = m[1] as Level;
      const covering = spans.filter((s) => s.start <= at && at + kw.length <= s.end);
      const context = spec.slice(Math.max(0, at - 60), at + 60);
      expect(covering.length, `uncovered ${kw}: …${context}…`).toBeGreaterThan(0);
      expect(covering.some((s) => s.r.level === kw), `no ${kw} requirement quotes …${context}…`).toBe(true);
    }
    // 17 sentences with MUST or MUST NOT (one with two), four with MAY.
    expect(found).toBe(22);
  });

  it('quotes every sentence with MUST, MUST NOT or MAY whole', () => {
    const units = specLines.flatMap((l) => l.split('\t').map(normalise)).flatMap(sentences);
    const keyword = units.filter((s) => /\b(MUST|SHOULD|MAY)\b/.test(s));
    expect(keyword.length).toBeGreaterThanOrEqual(20);
    for (const s of keyword) {
      if (SENTENCE_EXCEPTIONS[s]) continue;
      expect(texts.some((t) => t.includes(s)), `no requirement quotes: ${s}`).toBe(true);
    }
  });

  it('marks requirements on clients untestable', () => {
    for (const r of catalog) {
      if (/TAXII clients? (MUST|can also offer)/.test(r.text) || /the client can also offer/.test(r.text)) {
        expect(r.untestable, r.id).toMatch(/client/);
      }
    }
    for (const r of catalog.filter((x) => group(x.id) === 'POLICY')) expect(r.untestable, r.id).toBeDefined();
  });

  it('carries the statements the suite cites by name', () => {
    const must = [
      'TAXII Servers MUST have at least one API Base.',
      'Different API Bases MAY have different authentication requirements.',
      'All headers defined in this section are optional for clients to use and required for servers to support.',
      'This specification defines a mandatory to implement authentication method of HTTP Basic with JSON Web Tokens (JWT).',
      'The TAXII Protocol is "HTTPS only", meaning that communications over HTTP are not conformant with this specification.',
      'The service name for this version of TAXII is: "taxii".',
      'Future versions of TAXII may define alternate service names.',
      'Operators will deploy TAXII clients and servers per their local security policy.',
      'HTTP 202 - Message(s) accepted, message will be transmitted to the channel',
      'HTTP 204 - No new data',
    ];
    for (const t of must) expect(texts, t).toContain(t);
    expect(texts.some((t) => t.includes('https:// + hostname + : + port + /taxii/'))).toBe(true);
    expect(texts.some((t) => t.includes('MUST support the following query parameters: • name - channel name'))).toBe(true);
  });
});
