// The TAXII 1.x mock's world: seeded feeds of small STIX 1.1.1 packages (deterministic for
// a seed), who may use them, and the subscriptions made through the Feed Management
// service. One world per mounted profile (state.ts).
import type { StoredResult } from './parts.js';
import { createHash } from 'node:crypto';
import { READER } from '../config.js';
import type { ContentBinding, PushParameters, SubscriptionStatus } from '../../suites/taxii1/model.js';
import { IDS } from '../../suites/taxii1/model.js';
import { fromMicros, nowMicros } from './time.js';

/** Content bindings the mock's feeds hold and its Inbox accepts: STIX 1.x XML. */
export const STIX_BINDINGS: readonly string[] = [IDS.stix100, IDS.stix101, IDS.stix11, IDS.stix111, IDS.stix12];

/** Seeded content counts as recorded one minute apart from this instant. */
export const SEED_EPOCH_US = Date.parse('2016-01-01T00:00:00Z') * 1000;
const MINUTE_US = 60_000_000;

export interface StoredBlock {
  binding: ContentBinding;
  content: string;
  /** Timestamp label, microseconds. */
  at: number;
}

export type FeedBehaviour = 'normal' | 'pending' | 'failure';

export interface Feed {
  name: string;
  description: string;
  contentBindings: string[];
  blocks: StoredBlock[];
  /** The Inbox may add to it. */
  writable: boolean;
  /** When set, only these users may use it (others get DENIED). */
  users?: readonly string[];
  /** pending: every poll answers PENDING; failure: every poll answers FAILURE. */
  behaviour: FeedBehaviour;
}

export interface Subscription {
  id: string;
  user: string;
  feed: string;
  status: SubscriptionStatus;
  push?: PushParameters;
  contentBindings?: ContentBinding[];
}

export interface Taxii1State {
  feeds: Map<string, Feed>;
  subscriptions: Map<string, Subscription>;
  nextSubscription: number;
  /** Last timestamp label handed out, so that labels of new content strictly increase. */
  lastLabel: number;
  /** Poll results answered in parts (TAXII 1.1), by result id, and the next id's number (parts.ts). */
  results: Map<string, StoredResult>;
  nextResult: number;
}

/** PENDING answers ask the client to come back after this many seconds. */
export const RETRY_INTERVAL_S = 30;
/** The feed STIX messages go to when they name none. */
export const DEFAULT_INBOX_FEED = 'shared';

/** A label strictly later than every one handed out before (for content the Inbox stores). */
export function nextLabel(state: Taxii1State): number {
  const now = nowMicros();
  state.lastLabel = Math.max(now, state.lastLabel + 1);
  return state.lastLabel;
}

export function mayUse(feed: Feed, user: string): boolean {
  return feed.users === undefined || feed.users.includes(user);
}

// ---------------------------------------------------------------------------------------
// Seeded content

/** A UUID derived from the seed and a name: the same seed always gives the same content. */
function uuidOf(seed: number, name: string): string {
  const h = createHash('sha256').update(`taxii-conform:${seed}:${name}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${'89ab'[parseInt(h[16]!, 16) % 4]}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function byte(seed: number, name: string): number {
  return createHash('sha256').update(`${seed}:${name}`).digest()[0]!;
}

const STIX_NS =
  'xmlns:stix="http://stix.mitre.org/stix-1" xmlns:stixCommon="http://stix.mitre.org/common-1" ' +
  'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:example="http://example.com"';

function indicatorPackage(seed: number, feed: string, i: number, at: number): string {
  const ip = `198.51.100.${byte(seed, `${feed}:${i}:ip`) % 254 + 1}`;
  const ts = fromMicros(at).replace('.000000Z', 'Z');
  return (
    `<stix:STIX_Package ${STIX_NS} xmlns:indicator="http://stix.mitre.org/Indicator-2" ` +
    'xmlns:cybox="http://cybox.mitre.org/cybox-2" xmlns:AddressObj="http://cybox.mitre.org/objects#AddressObject-2" ' +
    `id="example:Package-${uuidOf(seed, `${feed}:${i}:package`)}" version="1.1.1" timestamp="${ts}">` +
    `<stix:STIX_Header><stix:Title>${feed} #${i + 1}</stix:Title></stix:STIX_Header>` +
    '<stix:Indicators>' +
    `<stix:Indicator xsi:type="indicator:IndicatorType" id="example:indicator-${uuidOf(seed, `${feed}:${i}:indicator`)}" timestamp="${ts}">` +
    `<indicator:Title>Command and control address ${ip}</indicator:Title>` +
    '<indicator:Type xsi:type="stixVocabs:IndicatorTypeVocab-1.1" xmlns:stixVocabs="http://stix.mitre.org/default_vocabularies-1">IP Watchlist</indicator:Type>' +
    `<indicator:Observable id="example:Observable-${uuidOf(seed, `${feed}:${i}:observable`)}">` +
    '<cybox:Object><cybox:Properties xsi:type="AddressObj:AddressObjectType" category="ipv4-addr">' +
    `<AddressObj:Address_Value>${ip}</AddressObj:Address_Value>` +
    '</cybox:Properties></cybox:Object></indicator:Observable>' +
    '</stix:Indicator></stix:Indicators></stix:STIX_Package>'
  );
}

const MALWARE_NAMES = ['Poison Ivy', 'Zeus', 'DarkComet', 'PlugX', 'Gh0st RAT'];

function malwarePackage(seed: number, feed: string, i: number, at: number): string {
  const name = MALWARE_NAMES[byte(seed, `${feed}:${i}:name`) % MALWARE_NAMES.length]!;
  const ts = fromMicros(at).replace('.000000Z', 'Z');
  return (
    `<stix:STIX_Package ${STIX_NS} xmlns:ttp="http://stix.mitre.org/TTP-1" ` +
    `id="example:Package-${uuidOf(seed, `${feed}:${i}:package`)}" version="1.1.1" timestamp="${ts}">` +
    `<stix:STIX_Header><stix:Title>${feed} #${i + 1}</stix:Title></stix:STIX_Header>` +
    '<stix:TTPs>' +
    `<stix:TTP xsi:type="ttp:TTPType" id="example:ttp-${uuidOf(seed, `${feed}:${i}:ttp`)}" timestamp="${ts}">` +
    `<ttp:Title>${name}</ttp:Title>` +
    `<ttp:Behavior><ttp:Malware><ttp:Malware_Instance><ttp:Name>${name}</ttp:Name></ttp:Malware_Instance></ttp:Malware></ttp:Behavior>` +
    '</stix:TTP></stix:TTPs></stix:STIX_Package>'
  );
}

function seeded(seed: number, feed: string, count: number, make: typeof indicatorPackage): StoredBlock[] {
  return Array.from({ length: count }, (_, i) => {
    const at = SEED_EPOCH_US + i * MINUTE_US;
    return { binding: { 'binding-id': IDS.stix111 }, content: make(seed, feed, i, at), at };
  });
}

export function seedState(seed: number): Taxii1State {
  const feed = (f: Omit<Feed, 'contentBindings' | 'behaviour'> & Partial<Pick<Feed, 'behaviour'>>): Feed => ({
    contentBindings: [IDS.stix111],
    behaviour: 'normal',
    ...f,
  });
  const feeds = [
    feed({ name: 'indicators', description: 'Seeded STIX 1.1.1 indicators (5 packages, one a minute from 2016-01-01T00:00:00Z).', blocks: seeded(seed, 'indicators', 5, indicatorPackage), writable: false }),
    feed({ name: 'malware', description: 'Seeded STIX 1.1.1 TTPs (3 packages).', blocks: seeded(seed, 'malware', 3, malwarePackage), writable: false }),
    feed({ name: 'restricted', description: 'Only the reader account may use this feed: the main account gets DENIED.', blocks: seeded(seed, 'restricted', 2, indicatorPackage), writable: false, users: [READER.user] }),
    feed({ name: DEFAULT_INBOX_FEED, description: 'Empty at start; STIX messages sent to the Inbox land here (or in the feed they name) and can be polled.', blocks: [], writable: true }),
    feed({ name: 'slow', description: `Every poll answers PENDING: repeat the request after ${RETRY_INTERVAL_S} seconds.`, blocks: [], writable: false, behaviour: 'pending' }),
    feed({ name: 'broken', description: 'Every poll answers FAILURE.', blocks: [], writable: false, behaviour: 'failure' }),
  ];
  return {
    feeds: new Map(feeds.map((f) => [f.name, f])),
    subscriptions: new Map(),
    nextSubscription: 1,
    lastLabel: 0,
    results: new Map(),
    nextResult: 1,
  };
}
