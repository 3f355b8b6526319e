// The seeded world: two API Bases with different auth policies, their channels and
// collections, and who may do what. Collection content is generated (seed.ts).
import { READER, type MockConfig } from '../config.js';
import { generateContent, type ContentSpec } from '../seed.js';
import { Channel, Collection, Store, type RightsTable } from './store.js';
import { DEFAULT_MSG_AGE } from './channels.js';

const RW = { read: true, write: true };
const R = { read: true, write: false };

/** Seeded objects are "added" one minute apart from this instant, so added-after is predictable. */
export const SEED_EPOCH = Date.parse('2016-01-01T00:00:00Z');

export function seedStore(config: MockConfig, content: ContentSpec): Store {
  const main = config.user;
  const store = new Store();
  // Readable by the reader only: the main user gets 403 (a resource it knows of but may not use).
  const restricted: RightsTable = { [READER.user]: R };
  const channel = (name: string, description: string, mode: 'read-write' | 'read-only' | 'write-only', rights?: RightsTable) =>
    new Channel(name, { description, mode, longPoll: true, msgAge: DEFAULT_MSG_AGE }, rights);
  const collection = (name: string, description: string, type: string, count: number, stream: number, rights?: RightsTable) => {
    const c = new Collection(name, description, rights);
    generateContent(content, type, count, config.seed, stream).forEach((o, i) => c.add([o], new Date(SEED_EPOCH + i * 60_000)));
    return c;
  };

  const tg1 = store.addApiBase({
    name: 'trustgroup1',
    title: 'Trust group 1',
    description: 'Basic or Bearer; the main user may read and write.',
    schemes: ['Basic', 'Bearer'],
    rights: { [main]: RW, [READER.user]: R },
  });
  for (const ch of [
    channel('alerts', 'Read-write channel for alerts.', 'read-write'),
    channel('bulletins', 'Read-only channel: POST answers 501.', 'read-only'),
    channel('drop-box', 'Write-only channel: GET answers 501.', 'write-only'),
    channel('restricted', 'Channel the main user may not use (403).', 'read-write', restricted),
  ]) {
    tg1.channels.set(ch.name, ch);
  }
  for (const c of [
    collection('indicators', 'Seeded indicators.', 'indicator', 20, 1),
    collection('malware', 'Seeded malware.', 'malware', 10, 2),
    collection('restricted-intel', 'Collection the main user may not use (403).', 'indicator', 5, 3, restricted),
  ]) {
    tg1.collections.set(c.name, c);
  }

  const tg2 = store.addApiBase({
    name: 'trustgroup2',
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
