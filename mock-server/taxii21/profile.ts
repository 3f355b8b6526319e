// TAXII 2.1 as a mock profile, mounted at /taxii2/ (Discovery there, §4.1, and the API Roots
// below it): its state on the host (the seeded roots and collections, statuses, faults and
// variants read as its own), its stages, its `error` resource.
import type { HostState } from '../context.js';
import type { MockProfile, MountedProfile } from '../profile.js';
import type { Taxii21Faults } from './faults.js';
import { rootPaths, seedWorld } from './seed-data.js';
import { taxii21Stages } from './stages.js';
import type { Taxii21State } from './state.js';
import { Statuses, type Completion } from './status.js';
import { Clock, taxiiTimestamp } from './time.js';
import { statusPendingMsOf, type Taxii21Variants } from './variants.js';
import { errorAnswer, jsonMessages } from './wire.js';

export const TAXII21_PREFIX = '/taxii2/';
/** The DNS SRV label of TAXII 2.1 (§3.9): service taxii2, protocol tcp. */
export const TAXII21_SRV_LABEL = '_taxii2._tcp';

function completion(faults: Taxii21Faults, variants: Taxii21Variants, pendingMsOption?: number): Completion {
  if (faults.has('taxii21-status-never-final')) return { kind: 'never' };
  if (variants.has('taxii21-status-complete-at-once')) return { kind: 'polls', polls: 0 };
  const ms = statusPendingMsOf(variants, pendingMsOption);
  if (ms !== undefined) return { kind: 'time', ms };
  return { kind: 'polls', polls: 2 };
}

function mount(host: HostState): MountedProfile<Taxii21State> {
  const faults: Taxii21Faults = host.faults;
  const variants: Taxii21Variants = host.variants;
  const roots = seedWorld(host.config, rootPaths(TAXII21_PREFIX, variants.has('taxii21-roots-other-paths')), {
    distinctDates: variants.has('taxii21-date-added-distinct') || variants.has('taxii21-next-envelope-only'),
    otherType: variants.has('taxii21-other-type-seeded'),
    duplicateAlias: faults.has('taxii21-alias-duplicate'),
    basicOnly: variants.has('taxii21-basic-only'),
  });
  if (faults.has('taxii21-unversioned-on-date-added')) {
    // The fault: objects without `modified` take their date_added as their version.
    for (const r of roots) for (const c of r.collections) for (const e of c.entries) {
      if (e.object['modified'] === undefined && e.object['created'] !== undefined) Object.assign(e, { version: taxiiTimestamp(e.dateAdded), versionAt: e.dateAdded });
    }
  }
  const state: Taxii21State = {
    ...host,
    faults,
    variants,
    prefix: TAXII21_PREFIX,
    roots,
    statuses: new Statuses(completion(faults, variants, host.config.statusPendingMs)),
    clock: new Clock(),
    tokens: new Map(),
    deleted: new Map(),
    listings: { count: 0 },
    messages: jsonMessages(host.config, faults, variants),
  };
  return { state, stages: taxii21Stages(state), shape: state.messages, errorAnswer: (err) => errorAnswer(state, err) };
}

export const taxii21Mock: MockProfile = {
  id: 'taxii21',
  prefix: TAXII21_PREFIX,
  entryUrl: (origin) => `${origin}${TAXII21_PREFIX}`,
  srvLabel: TAXII21_SRV_LABEL,
  hostNeeds: (faults, variants) => ({
    ecdsaCertificate: variants.has('taxii21-ecdsa-certificate'),
    requestClientCertificates: variants.has('taxii21-client-certificates') || faults.has('taxii21-client-certificate-any'),
    plainHttpRedirect: variants.has('taxii21-plain-http-redirect'),
    otherOrigin: variants.has('taxii21-roots-other-origin'),
  }),
  mount,
};
