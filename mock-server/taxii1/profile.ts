// TAXII 1.x as a mock profile, mounted at /taxii1/: its services (discovery, feed
// management, poll, inbox) speak every binding; its world is seeded from the host's seed.
import { Authenticator } from '../auth.js';
import type { HostState } from '../context.js';
import type { MockProfile, MountedProfile } from '../profile.js';
import { seedState } from './feeds.js';
import { handleTaxii1 } from './handler.js';
import type { Taxii1MockState } from './state.js';
import { TAXII1_PREFIX, discoveryUrl } from './urls.js';

function mount(host: HostState): MountedProfile<Taxii1MockState> {
  const state: Taxii1MockState = { ...host, variants: host.variants, world: seedState(host.config.seed), auth: new Authenticator(host.accounts) };
  // Errors are status messages in the negotiated binding: the handler answers every one itself.
  return { state, stages: [handleTaxii1] };
}

export const taxii1Mock: MockProfile = {
  id: 'taxii1',
  prefix: TAXII1_PREFIX,
  entryUrl: discoveryUrl,
  // No srvLabel: TAXII 1.x defines no DNS SRV record.
  previousVersion: 'taxii-1.1',
  mount,
};
