// The TAXII 2.0 pre-draft as a mock profile, mounted at "/" (so that the Discovery URL an
// SRV record names, https://<target>:<port>/taxii/, is served): its state on the host (the
// seeded store, a token issuer, its faults), its stages, its error message.
import { Authenticator } from '../auth.js';
import { BASELINE_CIPHER } from '../server.js';
import type { HostState } from '../context.js';
import type { MockProfile, MountedProfile } from '../profile.js';
import { PREDRAFT_SRV } from '../../suites/taxii2-predraft/profile.js';
import type { PredraftFaults } from './faults.js';
import { tokenAlgorithm, type PredraftVariants } from './variants.js';
import { seedStore } from './seed-data.js';
import { predraftStages } from './stages.js';
import type { PredraftState } from './state.js';
import { discoveryUrl } from './urls.js';
import { contentSpec, errorAnswer, jsonMessages } from './wire.js';

function mount(host: HostState): MountedProfile<PredraftState> {
  const faults: PredraftFaults = host.faults;
  const variants: PredraftVariants = host.variants;
  const store = seedStore(host.config, contentSpec(), variants);
  store.quota.limit(host.config.maxStoredBytes, host.config.maxStoredBytesPerResource);
  const auth = new Authenticator(host.accounts, {
    refuseBearer: faults.has('no-bearer'),
    acceptUnsigned: faults.has('jwt-alg-none'),
    skipSignature: faults.has('jwt-no-signature-check'),
    algorithmOnly: faults.has('jwt-algorithm-only'),
    ignoreExpiry: faults.has('jwt-ignore-exp'),
  }, { algorithm: tokenAlgorithm(variants), moreClaims: tokenAlgorithm(variants) !== 'HS256' });
  const state: PredraftState = { ...host, faults, variants, store, auth, received: { count: 0 }, messages: jsonMessages(host.config, faults, variants) };
  return {
    state,
    stages: predraftStages(state),
    shape: state.messages,
    errorAnswer: (err) => errorAnswer(state, err),
    close: () => store.wakeAll(),
  };
}

export const taxii2PredraftMock: MockProfile = {
  id: 'taxii2-predraft',
  prefix: '/',
  entryUrl: discoveryUrl,
  srvLabel: PREDRAFT_SRV.label,
  // A Discovery URL an SRV record cannot lead to (https://host:port/taxii/) gets no record.
  srvAdvertised: (variants) => !variants.has('discovery-elsewhere'),
  // The pre-draft mandates TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384.
  tlsCiphers: [BASELINE_CIPHER],
  mount,
};
