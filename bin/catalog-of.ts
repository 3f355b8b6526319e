// A profile's catalog as `list` and `explain` print it, made from the loaded profile: written
// into dist/catalog.json at build time (write-catalog.ts), or made on the spot when a
// profile's data files changed since.
import type { Profile } from '../suites/core/profile.js';
import { CATALOG_FORMAT, catalogFingerprint, type ProfileCatalog, type StampedCatalog } from '../suites/core/stamped-catalog.js';
import { weakerChecks } from '../suites/core/catalog.js';
import { explainText } from './explain-text.js';

export function profileCatalogOf(p: Profile): ProfileCatalog {
  const cases = p.cases();
  return {
    id: p.id,
    title: p.title,
    areas: [...p.areas],
    cases: cases.map((c) => {
      const weaker = weakerChecks(c);
      return { id: c.id, area: c.area, level: c.level, title: c.title, section: c.section, requirements: c.requirements, ...(weaker.length ? { weakerChecks: weaker } : {}) };
    }),
    requirements: p.requirements(),
    explained: Object.fromEntries(cases.map((c) => [c.id, explainText(p, c)])),
  };
}

/** The stamped catalog of these profiles (the default first), in this code's format, each with the fingerprint of its data files. */
export function stampedCatalogOf(profiles: readonly Profile[]): StampedCatalog {
  return {
    format: CATALOG_FORMAT,
    profileIds: profiles.map((p) => p.id),
    profiles: profiles.map((p) => {
      const fingerprint = catalogFingerprint(p.id);
      if (fingerprint === undefined) throw new Error(`write-catalog: the data files of profile ${p.id} (suites/${p.id}/requirements.json, cases/) cannot be read`);
      return { ...profileCatalogOf(p), fingerprint };
    }),
  };
}
