// docs/spec/ holds copies of the team's shared spec texts so the repository stands alone;
// where shared/spec/ is beside the repository, the copies must equal it.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const copies = join(root, 'docs/spec');
const shared = resolve(root, '../shared/spec');

describe('docs/spec copies', () => {
  it('hold the pre-draft text', () => {
    expect(readFileSync(join(copies, 'taxii-2.0-predraft-v0.2.md'), 'utf8')).toContain('TAXII 2.0 Specification Pre-Draft');
  });

  it.skipIf(!existsSync(shared))('equal shared/spec/ (skipped where shared/ is not beside the repository)', () => {
    const files = [
      ...readdirSync(shared).filter((n) => n.endsWith('.md')),
      ...readdirSync(join(shared, 'xsd')).map((n) => join('xsd', n)),
    ];
    for (const f of files) {
      expect(readFileSync(join(copies, f), 'utf8'), f).toBe(readFileSync(join(shared, f), 'utf8'));
    }
  });
});
