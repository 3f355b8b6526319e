// Where each taxii1 requirement's level comes from (docs/taxii1-suite.md, "Where the
// requirements' levels come from"): the sentence's own word (must, should, may…), or, for a
// sentence without one, a row of the doc's table naming it at its level. Every requirement is
// one or the other, and the table names no requirement twice, none at another level and none
// that does not exist.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Level } from '../../suites/core/types.js';
import { taxii1 } from '../../suites/taxii1/profile.js';

const root = path.resolve(import.meta.dirname, '../..');
const doc = fs.readFileSync(path.join(root, 'docs/taxii1-suite.md'), 'utf8');

/** The level the sentence's own word gives, the first of the doc's words it holds; undefined without one. */
function wordLevel(text: string): Level | undefined {
  if (/\bmust\b/i.test(text)) return 'MUST';
  if (/\bshould\b/i.test(text)) return 'SHOULD';
  if (/\b(may|might|optional|optionally|can)\b/i.test(text)) return 'MAY';
  return undefined;
}

/** The doc's table: each requirement it names, with the level of its row. */
function tableLevels(): { id: string; level: string }[] {
  const table = /<!-- level-sources -->\n([\s\S]*?)<!-- \/level-sources -->/.exec(doc)?.[1];
  if (!table) throw new Error('docs/taxii1-suite.md has no level-sources table');
  return table
    .split('\n')
    .filter((l) => /^\| (MUST|SHOULD|MAY)/.test(l))
    .flatMap((l) => {
      const cells = l.split('|').map((c) => c.trim());
      return cells[3]!.split(', ').map((id) => ({ id, level: cells[1]! }));
    });
}

describe('taxii1 requirement levels: their sources', () => {
  const reqs = taxii1.requirements();
  const listed = tableLevels();

  it('names each requirement of the table once, at its catalog level', () => {
    const byId = new Map(reqs.map((r) => [r.id, r]));
    expect(listed.length).toBeGreaterThan(50);
    expect(new Set(listed.map((l) => l.id)).size).toBe(listed.length);
    for (const { id, level } of listed) expect([id, byId.get(id)?.level]).toEqual([id, level]);
  });

  it('gives every other requirement the level of its own word', () => {
    const inTable = new Set(listed.map((l) => l.id));
    for (const r of reqs) {
      if (inTable.has(r.id)) continue;
      expect([r.id, wordLevel(r.text)], r.text).toEqual([r.id, r.level]);
    }
    // The word rule carries some of them: the table is not the whole catalog.
    expect(reqs.length - inTable.size).toBeGreaterThan(20);
  });

  it('lists in the table only sentences without a word, or whose word the table explains', () => {
    const worded = listed.filter(({ id }) => wordLevel(reqs.find((r) => r.id === id)!.text) !== undefined).map((l) => l.id);
    expect(worded).toEqual(['T1-FEED-05']);
  });
});
