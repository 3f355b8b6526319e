import { describe, expect, it } from 'vitest';
import { taxii2Predraft, PREDRAFT_AREAS } from '../../suites/taxii2-predraft/profile.js';
import { loadCases, CatalogError, flatSteps } from '../../suites/core/catalog.js';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

describe('the taxii2-predraft case catalog', () => {
  const cases = taxii2Predraft.cases();
  const reqs = new Map(taxii2Predraft.requirements().map((r) => [r.id, r]));

  it('loads at least 60 cases across the issue-2 areas', () => {
    expect(cases.length).toBeGreaterThanOrEqual(60);
    for (const area of ['discovery', 'api-base', 'status-codes', 'names', 'schemas', 'max-size', 'auth', 'collections', 'channels']) {
      expect(cases.filter((c) => c.area === area).length, area).toBeGreaterThan(0);
    }
  });

  it('has a status-codes case for every code of the table a request can provoke', () => {
    for (const code of [200, 201, 202, 204, 400, 401, 403, 405, 406, 415, 501]) {
      expect(cases.some((c) => c.area === 'status-codes' && c.requirements.includes(`T2-STATUS-${code}`)), String(code)).toBe(true);
    }
  });

  it('cites only catalog requirements, with no check stronger than its requirement', () => {
    const rank = { MUST: 3, 'MUST NOT': 3, SHOULD: 2, 'SHOULD NOT': 2, MAY: 1 } as const;
    for (const c of cases) {
      for (const ch of flatSteps(c.steps).flatMap((s) => s.expect ?? [])) {
        const r = reqs.get(ch.requirement);
        expect(r, `${c.id} cites ${ch.requirement}`).toBeDefined();
        expect(rank[ch.level] <= rank[r!.level], `${c.id}: ${ch.level} check on ${r!.level} ${r!.id}`).toBe(true);
      }
    }
  });

  it('derives a case level from its strongest check', () => {
    const c = cases.find((x) => x.id === 'status-codes.401-unauthorized')!;
    expect(c.level).toBe('MUST');
    expect(c.requirements).toEqual(expect.arrayContaining(['T2-STATUS-401', 'T2-AUTH-01']));
  });

  it('has cases that write undo what they create', () => {
    for (const c of cases) {
      const creating = c.steps.filter((s) => s.request?.method === 'POST' && s.request.json !== undefined && /(channels|collections)\/$/.test(s.request.url));
      for (const s of creating) expect(s.creates, `${c.id} creates without undo`).toBeDefined();
      if (creating.length) expect(c.needs ?? [], c.id).toContain('write');
    }
  });

  it('rejects malformed case data with a message naming the file and case', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tc-cases-'));
    const base = { id: 'discovery.x', area: 'discovery', title: 't', section: 's' };
    writeFileSync(join(dir, 'a.json'), JSON.stringify([{ ...base, steps: [{ request: { method: 'GET', url: '{discovery}' } }] }]));
    expect(() => loadCases(dir, taxii2Predraft.requirements(), PREDRAFT_AREAS)).toThrow(/no check/);
    writeFileSync(join(dir, 'a.json'), JSON.stringify([{ ...base, steps: [{ request: { method: 'GET', url: 'x' }, expect: [{ level: 'MUST', requirement: 'T2-NOPE-01', status: 200 }] }] }]));
    expect(() => loadCases(dir, taxii2Predraft.requirements(), PREDRAFT_AREAS)).toThrow(/unknown requirement "T2-NOPE-01"/);
    writeFileSync(join(dir, 'a.json'), JSON.stringify([{ ...base, steps: [{ request: { method: 'GET', url: 'x' }, expect: [{ level: 'MUST', requirement: 'T2-URL-01', status: 200, schema: 'x' }] }] }]));
    expect(() => loadCases(dir, taxii2Predraft.requirements(), PREDRAFT_AREAS)).toThrow(CatalogError);
    writeFileSync(join(dir, 'a.json'), '[{');
    expect(() => loadCases(dir, taxii2Predraft.requirements(), PREDRAFT_AREAS)).toThrow(/a\.json/);
  });

  it('checks a changed file in full again after its valid version was stamped', () => {
    const before = process.env.XDG_CACHE_HOME;
    process.env.XDG_CACHE_HOME = mkdtempSync(join(tmpdir(), 'tc-stamps-'));
    try {
      const dir = mkdtempSync(join(tmpdir(), 'tc-cases-'));
      const good = { id: 'discovery.x', area: 'discovery', title: 't', section: 's', steps: [{ request: { method: 'GET', url: '{discovery}' }, expect: [{ level: 'MUST', requirement: 'T2-URL-01', status: 200 }] }] };
      writeFileSync(join(dir, 'a.json'), JSON.stringify([good]));
      expect(loadCases(dir, taxii2Predraft.requirements(), PREDRAFT_AREAS).map((c) => c.id)).toEqual(['discovery.x']);
      expect(readdirSync(join(process.env.XDG_CACHE_HOME, 'taxii-conform', 'validated'))).toHaveLength(1);
      // Stamped: the same texts load without ajv. A misspelt field must still be caught.
      expect(loadCases(dir, taxii2Predraft.requirements(), PREDRAFT_AREAS)).toHaveLength(1);
      writeFileSync(join(dir, 'a.json'), JSON.stringify([{ ...good, titel: 't' }]));
      expect(() => loadCases(dir, taxii2Predraft.requirements(), PREDRAFT_AREAS)).toThrow(/unknown field "titel"/);
    } finally {
      if (before === undefined) delete process.env.XDG_CACHE_HOME;
      else process.env.XDG_CACHE_HOME = before;
    }
  });
});
