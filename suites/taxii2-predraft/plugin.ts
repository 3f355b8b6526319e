// The TAXII 2.0 pre-draft as one plug-in of the registry (suites/registry.ts).
import type { ProfilePlugin } from '../registry.js';
import { taxii2PredraftMock } from '../../mock-server/taxii2-predraft/profile.js';
import { PREDRAFT_FAULTS } from '../../mock-server/taxii2-predraft/faults.js';
import { PREDRAFT_VARIANTS } from '../../mock-server/taxii2-predraft/variants.js';
import { taxii2Predraft } from './profile.js';

export const predraftPlugin: ProfilePlugin = {
  id: 'taxii2-predraft',
  suite: taxii2Predraft,
  mock: taxii2PredraftMock,
  schemasDir: 'schemas/taxii2-predraft',
  faults: PREDRAFT_FAULTS,
  variants: PREDRAFT_VARIANTS,
};
