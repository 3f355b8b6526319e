// The TAXII 2.1 mock's state on a host: its API Roots and collections, the statuses of
// Add Objects, the `next` tokens it keeps, the faults and variants read as its own, and how
// its resources are written.
import type { RequestContext } from '../context.js';
import type { JsonState } from '../send.js';
import type { Taxii21Faults } from './faults.js';
import type { Statuses } from './status.js';
import type { ApiRoot } from './store.js';
import type { Clock } from './time.js';
import type { Taxii21Variants } from './variants.js';

export interface Taxii21State extends JsonState {
  faults: Taxii21Faults;
  variants: Taxii21Variants;
  /** Where the profile is mounted (/taxii2/). */
  prefix: string;
  roots: ApiRoot[];
  statuses: Statuses;
  clock: Clock;
  /** `next` tokens kept server-side: each with its bound query, and (next-trusted fault) what it was issued for. */
  tokens: Map<string, { offset: number; binding: string; replay?: unknown }>;
  /** Ids deleted per collection id (the deleted-404 variant). */
  deleted: Map<string, Set<string>>;
  /** Requests served per collection listing (the unstable-order fault). */
  listings: { count: number };
}

export type Taxii21Context = RequestContext<Taxii21State>;
