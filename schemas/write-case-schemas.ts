// `npm run schemas`: writes schemas/case.schema.json and schemas/requirements.schema.json from
// suites/core/case-format.ts (after a step or assertion kind is added or changed).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../suites/core/paths.js';
import { caseSchemaFiles } from './case-schemas.js';

for (const f of caseSchemaFiles()) {
  writeFileSync(join(packageRoot(), f.path), f.text);
  process.stdout.write(`wrote ${f.path}\n`);
}
