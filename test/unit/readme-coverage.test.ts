// The README's claim about how much of the pre-draft the cases check, against the catalog.
import fs from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { taxii2Predraft } from '../../suites/taxii2-predraft/profile.js';

it("the README's requirement coverage figures are the catalog's", () => {
  const readme = fs.readFileSync(path.resolve(import.meta.dirname, '../../README.md'), 'utf8').replace(/\s+/g, ' ');
  const reqs = taxii2Predraft.requirements();
  const cited = new Set(taxii2Predraft.cases().flatMap((c) => c.requirements));
  const covered = reqs.filter((r) => cited.has(r.id));
  const untestable = reqs.filter((r) => !cited.has(r.id) && r.untestable);
  const none = reqs.filter((r) => !cited.has(r.id) && !r.untestable);
  const must = none.filter((r) => r.level.startsWith('MUST'));
  expect(readme).toContain(`requirement with a stable id (${reqs.length}), and declarative cases check ${covered.length} of them`);
  expect(readme).toContain(`${untestable.length} cannot be checked from the server side (they bind clients) and ${none.length} (${must.length} of them MUST) have no case yet`);
});
