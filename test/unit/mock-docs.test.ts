import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { listFaults } from '../../suites/registry.js';
import { ERRORS } from '../../mock-server/http-errors.js';

const doc = fs.readFileSync(new URL('../../docs/mock-server.md', import.meta.url), 'utf8');

describe('docs/mock-server.md keeps up with the code', () => {
  it('describes every fault with its description', () => {
    for (const f of listFaults()) expect(doc, f.name).toContain(`| \`${f.name}\` | ${f.description.replace(/\|/g, '\\|')} |`);
  });

  it('lists every error code with its status', () => {
    for (const [code, e] of Object.entries(ERRORS)) expect(doc, code).toContain(`| \`${code}\` | ${e.status} | ${e.title} |`);
  });
});
