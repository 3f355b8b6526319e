// The pre-draft's URL map. `{apiBase}` matches an existing API Base only; `{channel}` and
// `{collection}` match any segment and are checked against the name rule.
import type { Route } from '../router.js';
import { getApiStatus } from './api-base.js';
import { deleteChannel, getChannelDetails, postToChannel, putChannel, readChannel } from './channel.js';
import { createChannel, deleteChannelByQuery, listChannels } from './channels.js';
import { deleteCollection, postToCollection, readCollection } from './collection.js';
import { createCollection, listCollections } from './collections.js';
import { getDiscovery } from './discovery.js';
import { postToken } from './token.js';
import { DISCOVERY_SEGMENT } from './urls.js';

export const ROUTES: readonly Route[] = [
  { pattern: [DISCOVERY_SEGMENT], methods: { GET: getDiscovery } },
  { pattern: ['{apiBase}'], methods: { GET: getApiStatus } },
  { pattern: ['{apiBase}', 'token'], methods: { POST: postToken }, enabled: (f) => !f.has('no-token-endpoint') },
  { pattern: ['{apiBase}', 'channels'], methods: { GET: listChannels, POST: createChannel, DELETE: deleteChannelByQuery } },
  {
    pattern: ['{apiBase}', 'channels', '{channel}'],
    methods: { GET: readChannel, POST: postToChannel, PUT: putChannel, DELETE: deleteChannel },
  },
  {
    pattern: ['{apiBase}', 'channels', '{channel}', 'details'],
    methods: { GET: getChannelDetails },
    enabled: (f) => !f.has('no-channel-details'),
  },
  { pattern: ['{apiBase}', 'collections'], methods: { GET: listCollections, POST: createCollection } },
  {
    pattern: ['{apiBase}', 'collections', '{collection}'],
    methods: { GET: readCollection, POST: postToCollection, DELETE: deleteCollection },
  },
];
