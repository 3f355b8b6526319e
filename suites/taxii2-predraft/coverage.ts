// The pre-draft's URL table (Section 3, "URL Summary") and the requirements that govern more
// than one of its URLs: docs/coverage-matrix.md is generated from this and the cases, and a
// test fails when a governed cell has no case and no reason here.
import type { CoverageSpec } from '../core/coverage.js';

const NAME = '[^/?]+';
const QUERY = '(\\?.*)?';
const D = '[Discovery]';
const A = '[API-Base]';
const CHANNELS = '[API-Base]/channels/';
const CHANNEL = '[API-Base]/channels/<channel-name>/';
const COLLECTIONS = '[API-Base]/collections/';
const COLLECTION = '[API-Base]/collections/<collection-name>/';

const get = (u: string): string => `GET ${u}`;
const post = (u: string): string => `POST ${u}`;
const GETS = [get(D), get(A), get(CHANNELS), get(CHANNEL), get(COLLECTIONS), get(COLLECTION)];
const POSTS = [post(CHANNELS), post(CHANNEL), post(COLLECTIONS), post(COLLECTION)];

export const PREDRAFT_COVERAGE: CoverageSpec = {
  urlKinds: [
    { id: 'get-discovery', name: get(D), method: 'GET', url: `^\\{discovery\\}${QUERY}$` },
    // An API Base is the run's, or one the run names itself at the origin (`{apiOrigin}/{prefix}…/`: one that cannot exist).
    { id: 'get-api-base', name: get(A), method: 'GET', url: `^(\\{apiBase\\}|\\{apiOrigin\\}/\\{prefix\\}${NAME}/)${QUERY}$` },
    { id: 'get-channels', name: get(CHANNELS), method: 'GET', url: `^\\{apiBase\\}channels/${QUERY}$` },
    { id: 'post-channels', name: post(CHANNELS), method: 'POST', url: `^\\{apiBase\\}channels/${QUERY}$` },
    { id: 'get-channel', name: get(CHANNEL), method: 'GET', url: `^\\{apiBase\\}channels/${NAME}/${QUERY}$` },
    { id: 'post-channel', name: post(CHANNEL), method: 'POST', url: `^\\{apiBase\\}channels/${NAME}/${QUERY}$` },
    { id: 'get-collections', name: get(COLLECTIONS), method: 'GET', url: `^\\{apiBase\\}collections/${QUERY}$` },
    { id: 'post-collections', name: post(COLLECTIONS), method: 'POST', url: `^\\{apiBase\\}collections/${QUERY}$` },
    { id: 'get-collection', name: get(COLLECTION), method: 'GET', url: `^\\{apiBase\\}collections/${NAME}/${QUERY}$` },
    { id: 'post-collection', name: post(COLLECTION), method: 'POST', url: `^\\{apiBase\\}collections/${NAME}/${QUERY}$` },
  ],
  governs: [
    {
      requirement: 'T2-STATUS-401',
      what: 'a request without valid credentials gets 401 (every endpoint)',
      urls: [...GETS, ...POSTS],
      reasons: {},
    },
    {
      requirement: 'T2-STATUS-406',
      what: 'an Accept without application/taxii+json gets 406 (every URL that answers a message)',
      urls: [...GETS, ...POSTS],
      reasons: {},
    },
    {
      requirement: 'T2-STATUS-415',
      what: 'a body of another Content-Type gets 415 (every POST)',
      urls: POSTS,
      reasons: {},
    },
    {
      requirement: 'T2-XHDR-03',
      what: 'the response is no larger than X-Max-Size (every GET returning TAXII data)',
      urls: [get(CHANNEL), get(COLLECTION)],
      reasons: {
        [get(CHANNEL)]: 'not yet checked: observing it needs over 9 MB posted to a channel and read back, a second 10 MiB case in every run (tried: too slow for the hostile-target bound on a loaded machine); max-size.honoured checks it on a collection',
      },
    },
    {
      requirement: 'T2-NAME-01',
      what: 'channel names follow ^[A-Za-z0-9-]{1,128}$ (every URL and body naming a channel)',
      urls: [post(CHANNELS), get(CHANNEL), post(CHANNEL)],
      reasons: {},
    },
    {
      requirement: 'T2-NAME-02',
      what: 'collection names follow ^[A-Za-z0-9-]{1,128}$ (every URL and body naming a collection)',
      urls: [post(COLLECTIONS), get(COLLECTION), post(COLLECTION)],
      reasons: {},
    },
    {
      requirement: 'T2-APIBASE-07',
      what: 'an unknown (validly named) API Base, channel or collection gets 404 (every URL naming one)',
      urls: [get(A), get(CHANNEL), post(CHANNEL), get(COLLECTION), post(COLLECTION)],
      reasons: {},
    },
  ],
};
