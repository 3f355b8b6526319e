// Writes dist/catalog.json (run by `npm run build`, after tsc): every profile's catalog as
// `list` and `explain` print it, with the fingerprint of the data files it was made from.
import { writeFileSync } from 'node:fs';
import { PLUGINS } from '../suites/registry.js';
import { stampedCatalogPath } from '../suites/core/stamped-catalog.js';
import { stampedCatalogOf } from './catalog-of.js';

const catalog = stampedCatalogOf(PLUGINS.map((p) => p.suite));
writeFileSync(stampedCatalogPath(), `${JSON.stringify(catalog)}\n`);
console.log(`write-catalog: ${stampedCatalogPath()}: ${catalog.profiles.map((p) => `${p.id} ${p.cases.length} cases`).join(', ')}`);
