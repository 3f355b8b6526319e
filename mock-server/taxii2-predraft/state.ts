// The pre-draft mock's state on a host: its channels-and-collections store, its own token
// issuer (a secret per start), the faults read as its own, and how its JSON messages are
// written. A request to it carries this state (ctx.mock).
import type { Authenticator } from '../auth.js';
import type { RequestContext } from '../context.js';
import type { Operation, Route } from '../router.js';
import type { JsonState } from '../send.js';
import type { PredraftFaults } from './faults.js';
import type { PredraftVariants } from './variants.js';
import type { Store } from './store.js';

export interface PredraftState extends JsonState {
  faults: PredraftFaults;
  variants: PredraftVariants;
  store: Store;
  auth: Authenticator;
  /** Objects received by POSTs so far (the lose-messages fault drops every second one). */
  received: { count: number };
}

export type PredraftContext = RequestContext<PredraftState>;
export type PredraftOperation = Operation<PredraftState>;
export type PredraftRoute = Route<PredraftState>;
