// TAXII 1.x (the 2012 talk's data model over three XML bindings) as one plug-in of the
// registry (suites/registry.ts).
import type { ProfilePlugin } from '../registry.js';
import { taxii1Mock } from '../../mock-server/taxii1/profile.js';
import { TAXII1_FAULTS } from '../../mock-server/taxii1/faults.js';
import { TAXII1_VARIANTS } from '../../mock-server/taxii1/variants.js';
import { taxii1 } from './profile.js';

export const taxii1Plugin: ProfilePlugin = {
  id: 'taxii1',
  suite: taxii1,
  mock: taxii1Mock,
  schemasDir: 'schemas/taxii1',
  faults: TAXII1_FAULTS,
  variants: TAXII1_VARIANTS,
};
