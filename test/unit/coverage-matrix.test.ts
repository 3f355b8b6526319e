// docs/coverage-matrix.md: for every profile with a URL table, each requirement that governs
// several URLs and the cases that check it on each. A governed cell with no case needs a
// written reason (the profile's coverage spec); this test fails on an empty one and keeps the
// doc current. To rewrite it:
//   UPDATE_DOCS=1 npx vitest run test/unit/coverage-matrix.test.ts
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { coverageMarkdown, coverageOf, emptyCells, urlKindOf } from '../../suites/core/coverage.js';
import { PLUGINS } from '../../suites/registry.js';
import type { LoadedCase } from '../../suites/core/types.js';

const file = path.resolve(import.meta.dirname, '../../docs/coverage-matrix.md');
const withCoverage = PLUGINS.filter((p) => p.suite.coverage);

function render(): string {
  const lines = [
    '# Requirement × URL coverage',
    '',
    'A requirement that holds for every endpoint (authentication, Accept, Content-Type, X-Max-Size,',
    "names) is checked on each URL of the spec's URL table it governs, at the URL the spec defines.",
    "Generated from each profile's coverage spec (`suites/<profile>/coverage.ts`: its URL table and",
    'the requirements governing several URLs) and its cases by `test/unit/coverage-matrix.test.ts`,',
    'which fails when a governed cell has no case and no written reason.',
    '',
  ];
  for (const p of withCoverage) lines.push(...coverageMarkdown(p.id, p.suite.cases(), p.suite.coverage!));
  return `${lines.join('\n').trimEnd()}\n`;
}

describe('requirement × URL coverage', () => {
  it('docs/coverage-matrix.md matches the cases', () => {
    const want = render();
    if (process.env.UPDATE_DOCS) fs.writeFileSync(file, want);
    const have = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
    expect(have, 'docs/coverage-matrix.md is stale: UPDATE_DOCS=1 npx vitest run test/unit/coverage-matrix.test.ts').toBe(want);
  });

  for (const p of withCoverage) {
    it(`${p.id}: every governed cell has a case or a written reason`, () => {
      expect(emptyCells(p.suite.cases(), p.suite.coverage!)).toEqual([]);
    });

    it(`${p.id}: the spec names real requirements and URL kinds, and no reason stands beside a case`, () => {
      const spec = p.suite.coverage!;
      const reqs = new Set(p.suite.requirements().map((r) => r.id));
      const kinds = new Set(spec.urlKinds.map((k) => k.name));
      const cov = coverageOf(p.suite.cases(), spec);
      for (const g of spec.governs) {
        expect(reqs.has(g.requirement), g.requirement).toBe(true);
        for (const u of g.urls) expect(kinds.has(u), `${g.requirement} governs ${u}`).toBe(true);
        for (const u of Object.keys(g.reasons ?? {})) expect(cov.get(g.requirement)?.get(u) ?? [], `${g.requirement} @ ${u} has cases: drop its reason`).toEqual([]);
      }
    });
  }

  it('counts a case only where its step is sent to that URL kind and cites the requirement', () => {
    const spec = withCoverage[0]!.suite.coverage!;
    const mk = (url: string, requirement: string): LoadedCase =>
      ({ id: `x${url}`, area: 'a', title: 't', level: 'MUST', requirements: [requirement], steps: [{ request: { method: 'GET', url }, expect: [{ level: 'MUST', requirement, status: 401 }] }] }) as unknown as LoadedCase;
    expect(urlKindOf(spec, 'GET', '{apiBase}channels/{channel}/')?.name).toBe('GET [API-Base]/channels/<channel-name>/');
    expect(urlKindOf(spec, 'GET', '{apiBase}channels/{channel}/details/')).toBeUndefined();
    const cov = coverageOf([mk('{apiBase}channels/{channel}/details/', 'T2-STATUS-401'), mk('{apiBase}', 'T2-STATUS-401')], spec);
    expect([...(cov.get('T2-STATUS-401')?.keys() ?? [])]).toEqual(['GET [API-Base]']);
  });
});
