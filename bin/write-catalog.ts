// Writes dist/catalog.json (run by `npm run build`, after tsc): every profile's catalog as
// `list` and `explain` print it, with the fingerprint of the data files it was made from.
import { writeFileSync } from 'node:fs';
import { PLUGINS } from '../suites/registry.js';
import { catalogFingerprint, stampedCatalogPath, type StampedCatalog } from '../suites/core/stamped-catalog.js';
import { profileCatalogOf } from './catalog-of.js';

const catalog: StampedCatalog = {
  profileIds: PLUGINS.map((p) => p.id),
  profiles: PLUGINS.map((p) => {
    const fingerprint = catalogFingerprint(p.id);
    if (fingerprint === undefined) throw new Error(`write-catalog: the data files of profile ${p.id} (suites/${p.id}/requirements.json, cases/) cannot be read`);
    return { ...profileCatalogOf(p.suite), fingerprint };
  }),
};
writeFileSync(stampedCatalogPath(), `${JSON.stringify(catalog)}\n`);
console.log(`write-catalog: ${stampedCatalogPath()}: ${catalog.profiles.map((p) => `${p.id} ${p.cases.length} cases`).join(', ')}`);
