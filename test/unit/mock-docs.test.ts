import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { listFaults, listVariants } from '../../suites/registry.js';
import { ERRORS } from '../../mock-server/http-errors.js';

const doc = fs.readFileSync(new URL('../../docs/mock-server.md', import.meta.url), 'utf8');

describe('docs/mock-server.md keeps up with the code', () => {
  it('describes every fault with its description', () => {
    for (const f of listFaults()) expect(doc, f.name).toContain(`| \`${f.name}\` | ${f.description.replace(/\|/g, '\\|')} |`);
  });

  it('describes every conformant variant with its description and freedom', () => {
    const cell = (t: string): string => t.replace(/\|/g, '\\|');
    for (const v of listVariants()) expect(doc, v.name).toContain(`| \`${v.name}\` | ${cell(v.description)} | ${cell(v.freedom)} |`);
  });

  it('lists every error code with its status', () => {
    for (const [code, e] of Object.entries(ERRORS)) expect(doc, code).toContain(`| \`${code}\` | ${e.status} | ${e.title} |`);
  });
});
