// The seeded world: two API Bases with different auth policies, their channels and
// collections, and who may do what. Collection content is generated (seed.ts).
import { READER, type MockConfig } from '../config.js';
import { generateContent, type ContentSpec } from '../seed.js';
import { Channel, Collection, Store, type RightsTable } from './store.js';
import { DEFAULT_MSG_AGE } from './channels.js';
import { apiBasePath, msgAgeOf, type PredraftVariants } from './variants.js';

const RW = { read: true, write: true };
const R = { read: true, write: false };

/** Seeded objects are "added" one minute apart from this instant, so added-after is predictable. */
export const SEED_EPOCH = Date.parse('2016-01-01T00:00:00Z');

/** How many objects a seeded collection holds: `count`, or what a content variant says. */
function seededCount(variants: PredraftVariants, count: number): number {
  return variants.has('content-small') ? 1 : variants.has('content-large') ? 1500 : count;
}

/** A valid name of 128 characters (the longest the name rule allows). */
export const LONGEST_NAME = `edge-${'n'.repeat(123)}`;

export function seedStore(config: MockConfig, content: ContentSpec, variants: PredraftVariants): Store {
  const main = config.user;
  const store = new Store();
  const msgAge = msgAgeOf(variants, DEFAULT_MSG_AGE);
  // Readable by the reader only: the main user gets 403 (a resource it knows of but may not use).
  const restricted: RightsTable = { [READER.user]: R };
  const channel = (name: string, description: string, mode: 'read-write' | 'read-only' | 'write-only', rights?: RightsTable) =>
    new Channel(name, { description, mode, longPoll: true, msgAge }, rights);
  const collection = (name: string, description: string, type: string, count: number, stream: number, rights?: RightsTable) => {
    const c = new Collection(name, description, rights);
    generateContent(content, type, seededCount(variants, count), config.seed, stream).forEach((o, i) => c.add([o], new Date(SEED_EPOCH + i * 60_000)));
    return c;
  };

  if (variants.has('api-bases-deeper')) {
    // Listed first, and not the one to test: the main user may not use it (403).
    store.addApiBase({
      name: apiBasePath(variants, 'archive'),
      title: 'Archive',
      description: 'An API Base only the reader may read.',
      schemes: ['Basic', 'Bearer'],
      rights: { [READER.user]: R },
    });
  }
  const tg1 = store.addApiBase({
    name: apiBasePath(variants, 'trustgroup1'),
    title: 'Trust group 1',
    description: 'Basic or Bearer; the main user may read and write.',
    schemes: ['Basic', 'Bearer'],
    rights: { [main]: RW, [READER.user]: R },
  });
  const edge = variants.has('seed-names-edge');
  for (const ch of [
    ...(edge ? [channel('c', 'Read-write channel with a one-character name.', 'read-write')] : []),
    channel('alerts', 'Read-write channel for alerts.', 'read-write'),
    channel('bulletins', 'Read-only channel: POST answers 501.', 'read-only'),
    channel('drop-box', 'Write-only channel: GET answers 501.', 'write-only'),
    channel('restricted', 'Channel the main user may not use (403).', 'read-write', restricted),
  ]) {
    tg1.channels.set(ch.name, ch);
  }
  for (const c of [
    ...(edge ? [collection(LONGEST_NAME, 'Seeded indicators, under a name of 128 characters.', 'indicator', 20, 5)] : []),
    collection('indicators', 'Seeded indicators.', 'indicator', 20, 1),
    collection('malware', 'Seeded malware.', 'malware', 10, 2),
    collection('restricted-intel', 'Collection the main user may not use (403).', 'indicator', 5, 3, restricted),
  ]) {
    tg1.collections.set(c.name, c);
  }

  const tg2 = store.addApiBase({
    name: apiBasePath(variants, 'trustgroup2'),
    title: 'Trust group 2',
    description: 'Bearer tokens only (get one from POST token/ with Basic); read-only for every user.',
    schemes: ['Bearer'],
    rights: { [main]: R, [READER.user]: R },
  });
  const announcements = channel('announcements', 'Read-write channel; the main user may only read it here.', 'read-write');
  tg2.channels.set(announcements.name, announcements);
  const shared = collection('shared-intel', 'Seeded reports, read-only.', 'report', 5, 4);
  tg2.collections.set(shared.name, shared);
  return store;
}
