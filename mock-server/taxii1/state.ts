// The TAXII 1.x mock's state on a host: its world (feeds, subscriptions), the faults read
// and variants as its own, and its authenticator (HTTP Basic against the host's accounts).
import type { Authenticator } from '../auth.js';
import type { HostState, RequestContext } from '../context.js';
import type { Taxii1Faults } from './faults.js';
import type { Taxii1State } from './feeds.js';
import type { Taxii1Variants } from './variants.js';

export interface Taxii1MockState extends HostState {
  faults: Taxii1Faults;
  variants: Taxii1Variants;
  world: Taxii1State;
  auth: Authenticator;
}

export type Taxii1Context = RequestContext<Taxii1MockState>;
