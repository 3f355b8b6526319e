// A profile's catalog as `list` and `explain` print it, made from the loaded profile: written
// into dist/catalog.json at build time (write-catalog.ts), or made on the spot when a
// profile's data files changed since.
import type { Profile } from '../suites/core/profile.js';
import type { ProfileCatalog } from '../suites/core/stamped-catalog.js';
import { explainText } from './explain-text.js';

export function profileCatalogOf(p: Profile): ProfileCatalog {
  const cases = p.cases();
  return {
    id: p.id,
    title: p.title,
    areas: [...p.areas],
    cases: cases.map((c) => ({ id: c.id, area: c.area, level: c.level, title: c.title, section: c.section, requirements: c.requirements })),
    requirements: p.requirements(),
    explained: Object.fromEntries(cases.map((c) => [c.id, explainText(p, c)])),
  };
}
