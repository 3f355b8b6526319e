// The pre-draft's URL map. `{apiBase}` matches an existing API Base only; `{channel}` and
// `{collection}` match any segment and are checked against the name rule. `kind` names the
// row of the pre-draft's URL table (suites/taxii2-predraft/coverage.ts): with the method, a
// request's URL kind (`get-channel`), which a fault can be scoped to.
import type { PredraftRoute } from './state.js';
import { getApiStatus } from './api-base.js';
import { deleteChannel, getChannelDetails, postToChannel, putChannel, readChannel } from './channel.js';
import { createChannel, deleteChannelByQuery, listChannels } from './channels.js';
import { deleteCollection, postToCollection, readCollection } from './collection.js';
import { createCollection, listCollections } from './collections.js';
import { getDiscovery } from './discovery.js';
import { postToken } from './token.js';
import { DISCOVERY_ELSEWHERE_SEGMENTS, DISCOVERY_SEGMENTS } from './urls.js';

/** [API-Base]: its URL kind is also that of an unknown API Base (stages.ts, unknown-is-200). */
export const API_BASE_ROUTE: PredraftRoute = { pattern: ['{apiBase}'], kind: 'api-base', methods: { GET: getApiStatus } };

export const ROUTES: readonly PredraftRoute[] = [
  // Where Discovery is: the path an SRV record leads to, or (discovery-elsewhere) another one.
  { pattern: DISCOVERY_SEGMENTS, kind: 'discovery', methods: { GET: getDiscovery }, enabled: (s) => !s.variants.has('discovery-elsewhere') },
  { pattern: DISCOVERY_ELSEWHERE_SEGMENTS, kind: 'discovery', methods: { GET: getDiscovery }, enabled: (s) => s.variants.has('discovery-elsewhere') },
  API_BASE_ROUTE,
  { pattern: ['{apiBase}', 'token'], methods: { POST: postToken }, enabled: (s) => !s.faults.has('no-token-endpoint') },
  { pattern: ['{apiBase}', 'channels'], kind: 'channels', methods: { GET: listChannels, POST: createChannel, DELETE: deleteChannelByQuery } },
  {
    pattern: ['{apiBase}', 'channels', '{channel}'],
    kind: 'channel',
    methods: { GET: readChannel, POST: postToChannel, PUT: putChannel, DELETE: deleteChannel },
  },
  {
    pattern: ['{apiBase}', 'channels', '{channel}', 'details'],
    methods: { GET: getChannelDetails },
    enabled: (s) => !s.faults.has('no-channel-details'),
  },
  { pattern: ['{apiBase}', 'collections'], kind: 'collections', methods: { GET: listCollections, POST: createCollection } },
  {
    pattern: ['{apiBase}', 'collections', '{collection}'],
    kind: 'collection',
    methods: { GET: readCollection, POST: postToCollection, DELETE: deleteCollection },
  },
];
