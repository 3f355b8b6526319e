// The taxii21 requirements data (suites/taxii21/requirements.json, client-requirements.json)
// checked against the TAXII 2.1 facts sheet itself (docs/spec/taxii-2.1-facts.md, §10 and §12):
// every catalog id once, in the sheet's order, its paraphrase word for word, its level and
// testability code as the sheet gives them (or mapped as documented), its ambiguities; and
// docs/taxii21.md, the plan built on it: a reading of every ambiguity, tied to the same
// requirements, and a planned case for every requirement a black-box client can test.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Level, Requirement } from '../../suites/core/types.js';
import { TESTABILITY_CODES } from '../../suites/core/case-format.js';
import { loadRequirements } from '../../suites/core/catalog.js';
import { TAXII21_AREAS } from '../../suites/taxii21/catalog-types.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const sheetRaw = readFileSync(join(repoRoot, 'docs/spec/taxii-2.1-facts.md'), 'utf8');
const docRaw = readFileSync(join(repoRoot, 'docs/taxii21.md'), 'utf8');
// Through the loader: the requirement format checks each row's fields and codes first.
const load = (f: string): Requirement[] => loadRequirements(join(repoRoot, 'suites/taxii21', f));
const server = load('requirements.json');
const client = load('client-requirements.json');

const LEVELS: readonly Level[] = ['MUST', 'MUST NOT', 'SHOULD', 'SHOULD NOT', 'MAY'];
const KEYS = ['id', 'level', 'sheetLevel', 'section', 'text', 'area', 'testability', 'sheetTestability', 'untestable', 'ambiguities'];
/**
 * The sheet's levels that are not one keyword, and the level a black-box verdict of them
 * deserves (docs/taxii21.md, "Levels"). A pair of keywords takes the first.
 */
const LEVEL_MAP: Record<string, Level> = {
  rule: 'MUST',
  table: 'MUST',
  allowance: 'MAY',
  'rule, MAY': 'MUST',
  'rule (may)': 'MAY',
  'rule (implied)': 'SHOULD',
  'MUST, MUST NOT': 'MUST',
  'MUST NOT, MUST': 'MUST NOT',
  'MUST, SHOULD': 'MUST',
  'MAY, MUST': 'MUST',
  'MUST (RFC 7235 §3.1)': 'MUST',
};
/** Rows whose mapped level departs from LEVEL_MAP, with why (also in docs/taxii21.md). */
const LEVEL_EXCEPTIONS: Record<string, Level> = {
  'T21-ADD-06': 'MAY', // table row "gets 415", but §3.1 lets an undefined Content-Type be processed (MAY)
};

/** Markdown formatting away (bold, code marks), whitespace collapsed. */
function normalise(s: string): string {
  return s.replace(/\*\*/g, '').replace(/`/g, '').replace(/\s+/g, ' ').trim();
}

interface SheetRow {
  id: string;
  level: string;
  section: string;
  text: string;
  test: string;
  notes: string;
}

const sheetLines = sheetRaw.split('\n');
const lineOf = (prefix: string, after = 0): number => {
  const i = sheetLines.findIndex((l, n) => n >= after && l.startsWith(prefix));
  if (i < 0) throw new Error(`the sheet has no line starting with ${prefix}`);
  return i;
};
function sheetRows(from: number, to: number): SheetRow[] {
  return sheetLines
    .slice(from, to)
    .filter((l) => l.startsWith('| T21-'))
    .map((l) => {
      const c = l.split('|').slice(1, -1).map((x) => x.trim());
      expect(c, l).toHaveLength(6);
      return { id: c[0]!, level: c[1]!, section: c[2]!, text: c[3]!, test: c[4]!, notes: c[5]! };
    });
}
const s101 = lineOf('### 10.1');
const s102 = lineOf('### 10.2');
const totals = lineOf('Totals:', s102);
const sheetServer = sheetRows(s101, s102);
const sheetClient = sheetRows(s102, totals);

/** §12: which ambiguity entry names which catalog ids. */
const s12 = lineOf('## 12.');
const appendixA = lineOf('## Appendix A');
const AMBIGUITIES: string[] = [];
const sheetCites = new Map<string, Set<string>>();
{
  let current = '';
  for (const l of sheetLines.slice(s12, appendixA)) {
    const m = /^\*\*(A-\d\d) /.exec(l);
    if (m) AMBIGUITIES.push((current = m[1]!));
    if (!current) continue;
    for (const id of l.match(/T21-[A-Z]+(?:-[A-Z]+)?-\d\d/g) ?? []) {
      if (!sheetCites.has(id)) sheetCites.set(id, new Set());
      sheetCites.get(id)!.add(current);
    }
  }
}

describe.each([
  ['server side (§10.1)', server, sheetServer, 'requirements.json'],
  ['client side (§10.2)', client, sheetClient, 'client-requirements.json'],
] as const)('taxii21 catalog, %s', (_side, catalog, sheet, file) => {
  const byId = new Map(catalog.map((r) => [r.id, r]));

  it('holds every id of the sheet exactly once, in the sheet\'s order, and nothing else', () => {
    expect(sheet.length).toBeGreaterThan(30);
    const ids = catalog.map((r) => r.id);
    expect(new Set(ids).size, `${file} repeats an id`).toBe(ids.length);
    expect(ids).toEqual(sheet.map((r) => r.id));
  });

  it('has only known keys, each well typed', () => {
    for (const r of catalog) {
      for (const k of Object.keys(r)) expect(KEYS, `${r.id}: unknown key ${k}`).toContain(k);
      expect(LEVELS, r.id).toContain(r.level);
      expect(TAXII21_AREAS as readonly string[], r.id).toContain(r.area);
      expect(TESTABILITY_CODES as readonly string[], r.id).toContain(r.testability);
      expect(r.text, `${r.id}: text is not normalised`).toBe(normalise(r.text));
    }
  });

  it('quotes the sheet\'s paraphrase word for word, with its section', () => {
    const sheetText = normalise(sheetRaw);
    for (const row of sheet) {
      const r = byId.get(row.id)!;
      expect(r.text, row.id).toBe(normalise(row.text));
      expect(sheetText.includes(r.text), `${row.id}: not in the sheet`).toBe(true);
      expect(r.section, row.id).toBe(/^\d/.test(row.section) ? `§${row.section}` : row.section);
    }
  });

  it('takes the sheet\'s level, or maps it as documented and keeps the original', () => {
    for (const row of sheet) {
      const r = byId.get(row.id)!;
      if ((LEVELS as readonly string[]).includes(row.level)) {
        expect(r.level, row.id).toBe(row.level);
        expect(r.sheetLevel, row.id).toBeUndefined();
      } else {
        expect(r.sheetLevel, row.id).toBe(row.level);
        expect(LEVEL_MAP[row.level], `${row.id}: no mapping for the sheet level "${row.level}"`).toBeDefined();
        expect(r.level, row.id).toBe(LEVEL_EXCEPTIONS[row.id] ?? LEVEL_MAP[row.level]);
      }
    }
  });

  it('takes the sheet\'s testability code, and keeps a qualified cell as it is', () => {
    for (const row of sheet) {
      const r = byId.get(row.id)!;
      if ((TESTABILITY_CODES as readonly string[]).includes(row.test)) {
        expect(r.testability, row.id).toBe(row.test);
        expect(r.sheetTestability, row.id).toBeUndefined();
      } else {
        expect(r.sheetTestability, row.id).toBe(row.test);
        const codes = row.test.match(/\b(?:B-[DWP]|B|T|D|I|N|M)\b/g) ?? [];
        expect(codes, `${row.id}: the cell names no code`).toContain(r.testability);
      }
    }
  });

  it('says why exactly the N and meta rows have no case, in the sheet\'s words where it has some', () => {
    for (const row of sheet) {
      const r = byId.get(row.id)!;
      if (r.testability === 'N' || r.testability === 'meta') {
        expect(r.untestable, row.id).toMatch(/^\S.{20,}\.$/);
        if (r.testability === 'N' && row.notes !== '') {
          expect(r.untestable!.toLowerCase(), row.id).toContain(normalise(row.notes).toLowerCase());
        }
      } else {
        expect(r.untestable, row.id).toBeUndefined();
      }
    }
  });

  it('lists the ambiguities the sheet ties to each statement', () => {
    for (const row of sheet) {
      const r = byId.get(row.id)!;
      const got = r.ambiguities ?? [];
      expect(got, `${row.id}: ambiguities are sorted and unique`).toEqual([...new Set(got)].sort());
      for (const a of got) expect(AMBIGUITIES, row.id).toContain(a);
      const cited = [...(row.notes.match(/A-\d\d/g) ?? []), ...(sheetCites.get(row.id) ?? [])];
      for (const a of cited) expect(got, `${row.id} should list ${a}`).toContain(a);
      if (r.ambiguities) expect(r.ambiguities.length, row.id).toBeGreaterThan(0);
    }
  });
});

describe('taxii21 catalog, the two sides', () => {
  it('has as many rows as the sheet\'s totals say', () => {
    const table = sheetLines.slice(totals, totals + 8).filter((l) => /^\| (Server|Client) \|/.test(l));
    const rows = Object.fromEntries(table.map((l) => l.split('|').map((c) => c.trim())).map((c) => [c[1], Number(c[2])]));
    expect(rows).toEqual({ Server: 173, Client: 38 });
    expect(server).toHaveLength(rows.Server!);
    expect(client).toHaveLength(rows.Client!);
  });

  it('keeps client statements (M) out of the server file, and server codes out of the client file', () => {
    expect(server.filter((r) => r.testability === 'M').map((r) => r.id)).toEqual([]);
    const clientCodes = new Set(client.map((r) => r.testability));
    for (const c of clientCodes) expect(['M', 'I', 'N', 'meta'], c).toContain(c);
    for (const r of client) expect(r.id).toMatch(/^T21-C-/);
    for (const r of server) expect(r.id).not.toMatch(/^T21-C-/);
  });

  it('finds every one of the sheet\'s 43 ambiguities', () => {
    expect(AMBIGUITIES).toEqual(Array.from({ length: 43 }, (_, i) => `A-${String(i + 1).padStart(2, '0')}`));
  });
});

// ---------------------------------------------------------------------------------------
// docs/taxii21.md: the readings and the plan

const all = [...server, ...client];
const allIds = new Set(all.map((r) => r.id));
const docLines = docRaw.split('\n');

const SECTIONS = ['Levels and fields', 'Readings of the ambiguities', 'Areas and cases to build', 'Mock freedoms'];
/** The lines of one `## ` section of docs/taxii21.md, without its heading (none if it is missing). */
function docSection(title: string): string[] {
  const start = docLines.findIndex((l) => l === `## ${title}`);
  if (start < 0) return [];
  const next = docLines.findIndex((l, i) => i > start && l.startsWith('## '));
  return docLines.slice(start + 1, next < 0 ? undefined : next);
}

interface Reading {
  id: string;
  lines: string[];
}
const readings: Reading[] = [];
{
  let cur: Reading | undefined;
  for (const l of docSection('Readings of the ambiguities')) {
    const m = /^### (A-\d\d) \S/.exec(l);
    if (m) readings.push((cur = { id: m[1]!, lines: [] }));
    else cur?.lines.push(l);
  }
}
const field = (r: Reading, name: string): string | undefined =>
  r.lines.find((l) => l.startsWith(`- **${name}**: `))?.slice(`- **${name}**: `.length);

describe('docs/taxii21.md', () => {
  it('has its sections', () => {
    const headings = docLines.filter((l) => l.startsWith('## ')).map((l) => l.slice(3));
    for (const t of SECTIONS) expect(headings, t).toContain(t);
  });

  it('has a note that the catalog quotes the sheet\'s paraphrase, not the standard', () => {
    const head = docRaw.slice(0, docRaw.indexOf('\n## '));
    expect(head).toMatch(/paraphrase/);
    expect(head).toMatch(/docs\/spec\/taxii-2\.1-facts\.md/);
  });

  it('reads every ambiguity once, in order, with its question, reading, grade and requirements', () => {
    expect(readings.map((r) => r.id)).toEqual(AMBIGUITIES);
    for (const r of readings) {
      for (const name of ['Question', 'Reading', 'Grade', 'Requirements']) {
        expect(field(r, name), `${r.id}: no "${name}"`).toMatch(/\S{2}/);
      }
    }
  });

  it('never grades the ambiguous point above SHOULD', () => {
    for (const r of readings) {
      const grade = field(r, 'Grade')!;
      // The grade starts with what the ambiguous point gets; MUST-level parts that are not
      // ambiguous are named after it ("… ; unambiguous: …").
      const head = grade.split(/;\s*unambiguous/i)[0]!;
      expect(head, r.id).not.toMatch(/\b(MUST|fail(?:s|ed)?)\b/);
      expect(head, r.id).toMatch(/\b(SHOULD|MAY|warn|info|skips?|pass(?:es)?|no check)\b/);
    }
  });

  it('ties each reading to the same requirements as the data does', () => {
    for (const r of readings) {
      const listed = (field(r, 'Requirements')!.match(/T21-[A-Z-]+\d\d/g) ?? []).sort();
      expect(listed.length, r.id).toBeGreaterThan(0);
      const fromData = all.filter((q) => q.ambiguities?.includes(r.id)).map((q) => q.id).sort();
      expect(listed, `${r.id}: the Requirements line and the data disagree`).toEqual(fromData);
    }
  });

  it('names only requirement ids that exist', () => {
    for (const id of docRaw.match(/T21-(?!IOP-)[A-Z]+(?:-[A-Z]+)?-\d\d/g) ?? []) {
      expect(allIds.has(id), `docs/taxii21.md names ${id}, which is in no catalog`).toBe(true);
    }
  });

  describe('Areas and cases to build', () => {
    const rows = docSection('Areas and cases to build')
      .filter((l) => /^\| `[a-z0-9-]+\.[a-z0-9-]+` \|/.test(l))
      .map((l) => l.split('|').slice(1, -1).map((c) => c.trim()));
    const cases = rows.map((c) => ({
      id: c[0]!.replace(/`/g, ''),
      probes: c[1]!,
      requirements: c[2]!.match(/T21-[A-Z-]+\d\d/g) ?? [],
      fixture: c[3]!,
    }));

    it('plans cases with unique ids, each in an area of the profile, each citing known server requirements', () => {
      expect(cases.length).toBeGreaterThan(60);
      const ids = cases.map((c) => c.id);
      expect(new Set(ids).size).toBe(ids.length);
      const serverIds = new Set(server.map((r) => r.id));
      for (const c of cases) {
        expect(TAXII21_AREAS as readonly string[], c.id).toContain(c.id.split('.')[0]);
        expect(c.probes.length, c.id).toBeGreaterThan(10);
        expect(c.fixture.length, c.id).toBeGreaterThan(0);
        expect(c.requirements.length, c.id).toBeGreaterThan(0);
        for (const q of c.requirements) expect(serverIds.has(q), `${c.id} cites ${q}`).toBe(true);
      }
    });

    it('gives every server requirement a black-box client can test at least one case, and none to N or meta', () => {
      const cited = new Set(cases.flatMap((c) => c.requirements));
      for (const r of server) {
        if (r.testability === 'N' || r.testability === 'meta') expect(cited.has(r.id), `${r.id} is ${r.testability}`).toBe(false);
        else expect(cited.has(r.id), `no planned case checks ${r.id} (${r.testability})`).toBe(true);
      }
    });
  });
});
