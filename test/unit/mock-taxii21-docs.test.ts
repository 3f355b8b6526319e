// docs/mock-server.md describes every fault and variant of the TAXII 2.1 mock, in the rows
// test/unit/mock-docs.test.ts checks for the registry's profiles (the taxii21 profile joins
// the registry with its suite half; then that test covers it and this one can go).
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TAXII21_FAULTS } from '../../mock-server/taxii21/faults.js';
import { TAXII21_VARIANTS } from '../../mock-server/taxii21/variants.js';

const doc = fs.readFileSync(new URL('../../docs/mock-server.md', import.meta.url), 'utf8');
const cell = (t: string): string => t.replace(/\|/g, '\\|');

describe('docs/mock-server.md keeps up with the TAXII 2.1 mock', () => {
  it('describes every fault with its description', () => {
    for (const f of TAXII21_FAULTS) expect(doc, f.name).toContain(`| \`${f.name}\` | ${cell(f.description)} |`);
  });

  it('describes every variant with its description and freedom', () => {
    for (const v of TAXII21_VARIANTS) expect(doc, v.name).toContain(`| \`${v.name}\` | ${cell(v.description)} | ${cell(v.freedom)} |`);
  });
});
