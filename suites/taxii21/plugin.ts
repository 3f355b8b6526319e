// OASIS TAXII 2.1 as one plug-in of the registry (suites/registry.ts).
import type { ProfilePlugin } from '../registry.js';
import { taxii21Mock } from '../../mock-server/taxii21/profile.js';
import { TAXII21_FAULTS } from '../../mock-server/taxii21/faults.js';
import { TAXII21_VARIANTS } from '../../mock-server/taxii21/variants.js';
import { taxii21 } from './profile.js';

export const taxii21Plugin: ProfilePlugin = {
  id: 'taxii21',
  suite: taxii21,
  mock: taxii21Mock,
  schemasDir: 'schemas/taxii21',
  faults: TAXII21_FAULTS,
  variants: TAXII21_VARIANTS,
};
