// Data safety of the mock's channels under load, over real HTTPS on loopback.
//
// 1. 20 producers POST 500 messages each (in batches of 1 to 20) while 50 subscribers
//    long-poll the same channel concurrently, 40 reading everything and 10 through a ?type=
//    filter, as two users, a third of them slow readers (random pauses), producers pausing at
//    random too. Plain pre-draft clients: they know nothing of X-TAXII-Cursor.
// 2. Subscribers that leave: while 10 producers POST 400 messages each (paced), 24 subscribers keep
//    walking away from their GETs (a TCP RST, a close, a half-close, an abort; before the
//    answer's headers or right after them, the body unread) and come back, echoing the
//    X-TAXII-Cursor of the last answer they read in full; 2 plain subscribers read along.
// Then every subscriber's stream is checked: nothing lost, nothing twice, each producer's
// order kept, and more: every unfiltered stream is the same sequence (the order the server
// accepted the messages in), and every filtered one is that sequence's matching part.
// Bounded: 60 s at most each, one undici Agent with a connection per client.
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent } from 'undici';
import { startMock, type RunningMock } from '../../mock-server/index.js';
import { leavingGet, type LeaveHow, type LeaveWhen, type RawAnswer } from '../helpers/leaving-client.js';

const T = 'application/taxii+json';
const DEADLINE_MS = 60_000;

const agent = new Agent({
  connect: { rejectUnauthorized: false },
  connections: 100,
  headersTimeout: 30_000,
  bodyTimeout: 30_000,
});

let mock: RunningMock;
beforeAll(async () => {
  mock = await startMock({ port: 0, longPollMs: 1000, log: (l) => console.error(l), certCacheDir: path.join(os.tmpdir(), 'taxii-conform-mock-cert-safety') });
});
afterAll(async () => {
  await mock?.close();
  await agent.close();
});

type Who = 'main' | 'reader';

function auth(who: Who): string {
  const c = who === 'reader' ? mock.readonlyCredentials : mock.credentials;
  return `Basic ${Buffer.from(`${c.user}:${c.password}`).toString('base64')}`;
}

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  json: any;
}

async function request(p: string, o: { method?: 'GET' | 'POST'; who?: Who; json?: unknown; headers?: Record<string, string> } = {}): Promise<Reply> {
  const headers: Record<string, string> = { accept: T, authorization: auth(o.who ?? 'main'), ...o.headers };
  if (o.json !== undefined) headers['content-type'] = T;
  const r = await agent.request({
    origin: `https://127.0.0.1:${mock.port}`,
    path: p,
    method: o.method ?? 'GET',
    headers,
    body: o.json === undefined ? undefined : JSON.stringify(o.json),
  });
  const text = await r.body.text();
  return { status: r.statusCode, headers: r.headers, json: text ? JSON.parse(text) : undefined };
}

/** The id of producer p's message n: the producer in the 4th group, the number in the 5th. */
const idOf = (p: number, n: number, type: string) =>
  `${type}--00000000-0000-4000-${(0x8000 + p).toString(16)}-${String(n).padStart(12, '0')}`;
const typeOf = (p: number, n: number) => ((p + n) % 3 === 0 ? 'malware' : 'indicator');
const parse = (id: string) => ({ p: parseInt(id.split('-')[5]!, 16) - 0x8000, n: Number(id.split('-')[6]) });

/** A deterministic PRNG (mulberry32) for batch sizes and choices. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Stream {
  query: string;
  who: Who;
  filtered: boolean;
  ids: string[];
  gets: number;
  missedHeaders: number;
  unexpected: string[];
  /** One line per GET (the leaving subscribers'): shown when a check fails. */
  history: string[];
}

function streamsOf(n: number, filtered: number, query: (i: number) => string): Stream[] {
  return Array.from({ length: n }, (_, i) => ({
    query: i < filtered ? `${query(i)}&type=indicator` : query(i),
    who: i % 2 === 0 ? 'main' : 'reader',
    filtered: i < filtered,
    ids: [],
    gets: 0,
    missedHeaders: 0,
    unexpected: [],
    history: [],
  }));
}

/** What a subscriber takes from a complete answer. */
function take(s: Stream, a: Reply): void {
  s.gets++;
  if (a.headers['x-taxii-messages-missed'] !== undefined) s.missedHeaders++;
  if (a.status === 200) for (const o of a.json.objects) s.ids.push(o.id);
  else if (a.status !== 204) s.unexpected.push(`${a.status}`);
}

const wanted = (producers: number, perProducer: number, filtered: boolean): number => {
  let n = 0;
  for (let p = 0; p < producers; p++) for (let i = 0; i < perProducer; i++) if (!filtered || typeOf(p, i) === 'indicator') n++;
  return n;
};

async function createChannel(name: string): Promise<string> {
  const created = await request('/trustgroup1/channels/', { method: 'POST', json: { type: 'channel-create', name } });
  expect(created.status).toBe(201);
  return `/trustgroup1/channels/${name}/`;
}

/** Until the channel has n subscriptions (the subscribers' first GETs made them and wait). */
async function subscribed(name: string, n: number, until: number): Promise<void> {
  for (;;) {
    const l = await request(`/trustgroup1/channels/?name=${name}`);
    if (l.json.channels[0].subscribers.length === n) return;
    expect(Date.now()).toBeLessThan(until);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * `producers` producers POST `perProducer` messages each in batches of 1 to `maxBatch`,
 * pausing up to `pauseMs` before a fifth of their POSTs (before all of them with `paced`);
 * resolves with what the 202s accepted.
 */
async function produce(url: string, producers: number, perProducer: number, o: { maxBatch: number; pauseMs: number; paced?: boolean }): Promise<number> {
  let accepted = 0;
  await Promise.all(
    Array.from({ length: producers }, async (_, p) => {
      const next = rng(p + 1);
      let n = 0;
      while (n < perProducer) {
        const size = Math.min(perProducer - n, 1 + Math.floor(next() * o.maxBatch));
        const objects = Array.from({ length: size }, (_, k) => ({ type: typeOf(p, n + k), id: idOf(p, n + k, typeOf(p, n + k)), name: `p${p} n${n + k}` }));
        if (o.paced || next() < 0.2) await new Promise((r) => setTimeout(r, Math.random() * o.pauseMs)); // timing differs run to run
        const a = await request(url, { method: 'POST', json: { type: 'taxii-data', objects } });
        expect(a.status).toBe(202);
        accepted += a.json['accepted-count'];
        n += size;
      }
    }),
  );
  return accepted;
}

/** The history lines around the GET that brought the stream's first duplicate (else its last ones). */
function around(s: Stream): string[] {
  const seen = new Set<string>();
  const first = s.ids.findIndex((id) => seen.size === seen.add(id).size);
  const at = first < 0 ? s.history.length : s.history.findIndex((h) => Number(/^#(\d+)/.exec(h)?.[1] ?? -1) > first);
  const end = at < 0 ? s.history.length : at;
  return s.history.slice(Math.max(0, end - 10), end + 2);
}

/** Messages a stream lacks, and those it got more than once. */
function losses(s: Stream, producers: number, perProducer: number): { lost: number; duplicated: number } {
  const unique = new Set(s.ids).size;
  return { lost: wanted(producers, perProducer, s.filtered) - unique, duplicated: s.ids.length - unique };
}

/** Every stream complete, once each, in each producer's order, and all in one acceptance order. */
function checkStreams(streams: Stream[], producers: number, perProducer: number): void {
  const reference = streams.find((s) => !s.filtered)!.ids;
  for (const s of streams) {
    const label = `subscriber ${s.query} (${s.who}), its GETs around the first problem:\n${around(s).join('\n')}\n`;
    expect(s.unexpected, label).toEqual([]);
    expect(s.missedHeaders, label).toBe(0);
    expect(losses(s, producers, perProducer), label).toEqual({ lost: 0, duplicated: 0 });
    // Per producer: 0, 1, 2, ... of the messages this subscriber wants, in order.
    const last = new Array<number>(producers).fill(-1);
    const bad: string[] = [];
    for (const id of s.ids) {
      const { p, n } = parse(id);
      let expectedN = last[p]! + 1;
      if (s.filtered) while (typeOf(p, expectedN) !== 'indicator') expectedN++;
      if (n !== expectedN) bad.push(`${id} after ${last[p]}`);
      last[p] = n;
    }
    expect(bad.slice(0, 5), `${label}: producer order`).toEqual([]);
    // One acceptance order for everyone.
    const same = s.filtered ? reference.filter((id) => id.startsWith('indicator--')) : reference;
    expect(s.ids.join(',') === same.join(','), `${label}: differs from the acceptance order`).toBe(true);
  }
}

describe('channel data safety: 20 producers x 500 messages, 50 long-polling subscribers', () => {
  it('every subscriber gets every message once, in acceptance order', async () => {
    const PRODUCERS = 20;
    const PER_PRODUCER = 500;
    const t0 = Date.now();
    const until = t0 + DEADLINE_MS;
    const url = await createChannel('safety');
    const streams = streamsOf(50, 10, (i) => `?sub=${i}`);

    // Subscribers: long-poll from the start until they have everything (or the deadline).
    const subscribers = streams.map(async (s, i) => {
      const want = wanted(PRODUCERS, PER_PRODUCER, s.filtered);
      while (s.ids.length < want && Date.now() < until) {
        // A third of them are slow readers: they fall behind and get bigger backlogs.
        if (i % 3 === 2) await new Promise((r) => setTimeout(r, Math.random() * 8));
        take(s, await request(url + s.query, { who: s.who }));
      }
    });

    await subscribed('safety', streams.length, until);
    expect(await produce(url, PRODUCERS, PER_PRODUCER, { maxBatch: 20, pauseMs: 3 })).toBe(PRODUCERS * PER_PRODUCER);
    await Promise.all(subscribers);
    // Nothing more for anyone (a second delivery would show here).
    const after = await Promise.all(streams.map((s) => request(url + s.query, { who: s.who })));
    expect(after.map((a) => a.status)).toEqual(after.map(() => 204));
    const elapsed = Date.now() - t0;

    checkStreams(streams, PRODUCERS, PER_PRODUCER);
    const gets = streams.reduce((n, s) => n + s.gets, 0);
    console.log(`data safety: ${PRODUCERS * PER_PRODUCER} messages x ${streams.length} subscribers in ${elapsed} ms, ${gets} GETs`);
    expect(elapsed).toBeLessThan(DEADLINE_MS);
  }, DEADLINE_MS + 15_000);
});

/** The ways a subscriber leaves a GET in the second test. */
const LEAVES: readonly { how: LeaveHow | 'abort'; when: LeaveWhen }[] = [
  { how: 'reset', when: 'before-headers' },
  { how: 'reset', when: 'after-headers' },
  { how: 'close', when: 'before-headers' },
  { how: 'close', when: 'after-headers' },
  { how: 'half-close', when: 'before-headers' },
  { how: 'half-close', when: 'after-headers' },
  { how: 'abort', when: 'before-headers' },
  { how: 'abort', when: 'after-headers' },
];

describe('channel data safety: subscribers that leave their GETs and come back', () => {
  it('every subscriber that echoes X-TAXII-Cursor gets every message once, in acceptance order, however it left', async () => {
    const PRODUCERS = 10;
    const PER_PRODUCER = 400;
    const PLAIN = 2; // read along without leaving or echoing: the acceptance order
    const t0 = Date.now();
    const until = t0 + DEADLINE_MS;
    const url = await createChannel('leaving');
    const streams = streamsOf(26, 6, (i) => `?leaving=${i}`);
    const plain = streams.slice(-PLAIN);
    const leaving = streams.slice(0, -PLAIN);
    const leaves = new Map<string, number>(LEAVES.map((l) => [`${l.how} ${l.when}`, 0]));
    let answersLeft = 0; // answers that came to a GET the client then left (their objects unread)
    const cursors = new Map<Stream, string>(); // each leaving subscriber's X-TAXII-Cursor of the last answer it read in full

    const subscribers = [
      ...plain.map(async (s) => {
        const want = wanted(PRODUCERS, PER_PRODUCER, s.filtered);
        while (s.ids.length < want && Date.now() < until) take(s, await request(url + s.query, { who: s.who }));
      }),
      ...leaving.map(async (s, i) => {
        const next = rng(1000 + i);
        const want = wanted(PRODUCERS, PER_PRODUCER, s.filtered);
        cursors.set(s, '0'); // none read yet
        const read = (a: Reply, how = 'read'): void => {
          const n = a.status === 200 ? a.json.objects.length : 0;
          s.history.push(`#${s.ids.length + n} ${how}: echo ${cursors.get(s)} -> ${a.status} cursor ${a.headers['x-taxii-cursor']}, ${n} objects${n ? ` from ${a.json.objects[0].id.slice(-17)}` : ''}`);
          take(s, a);
          cursors.set(s, String(a.headers['x-taxii-cursor']));
        };
        const headers = (): Record<string, string> => ({ accept: T, authorization: auth(s.who), 'x-taxii-cursor': cursors.get(s)! });
        read(await request(url + s.query, { who: s.who, headers: headers() })); // subscribes
        while (new Set(s.ids).size < want && Date.now() < until) {
          if (next() < 0.4) {
            read(await request(url + s.query, { who: s.who, headers: headers() }));
            continue;
          }
          const leave = LEAVES[Math.floor(next() * LEAVES.length)]!;
          leaves.set(`${leave.how} ${leave.when}`, leaves.get(`${leave.how} ${leave.when}`)! + 1);
          const afterMs = Math.floor(next() * 40);
          const how = `${leave.how} ${leave.when} ${afterMs} ms`;
          if (leave.how === 'abort') {
            const ac = new AbortController();
            const timer = leave.when === 'before-headers' ? setTimeout(() => ac.abort(), afterMs) : undefined;
            try {
              const r = await agent.request({ origin: `https://127.0.0.1:${mock.port}`, path: url + s.query, method: 'GET', headers: headers(), signal: ac.signal });
              if (leave.when === 'after-headers') {
                s.history.push(`#${s.ids.length} ${how}: echo ${cursors.get(s)} -> left after ${r.statusCode} cursor ${r.headers['x-taxii-cursor']}`);
                answersLeft += r.statusCode === 200 ? 1 : 0;
                ac.abort(); // headers seen, body never read
                await r.body.text().catch(() => undefined);
              } else {
                const text = await r.body.text();
                read({ status: r.statusCode, headers: r.headers, json: text ? JSON.parse(text) : undefined }, how);
              }
            } catch (e) {
              if ((e as Error).name !== 'AbortError') throw e;
              s.history.push(`#${s.ids.length} ${how}: echo ${cursors.get(s)} -> left`);
            } finally {
              clearTimeout(timer);
            }
            continue;
          }
          const outcome = await leavingGet({ port: mock.port, path: url + s.query, headers: headers(), how: leave.how, when: leave.when, afterMs });
          if (outcome.answer) read(fromRaw(outcome.answer), how);
          else {
            s.history.push(`#${s.ids.length} ${how}: echo ${cursors.get(s)} -> left${outcome.sawHeaders ? ' after the headers' : ''}`);
            if (outcome.sawHeaders) answersLeft++;
          }
        }
      }),
    ];

    await subscribed('leaving', streams.length, until);
    // Paced (about 8 s of POSTs): the subscribers leave and come back many times meanwhile.
    expect(await produce(url, PRODUCERS, PER_PRODUCER, { maxBatch: 8, pauseMs: 100, paced: true })).toBe(PRODUCERS * PER_PRODUCER);
    await Promise.all(subscribers);
    // Nothing more for anyone: no answer was left pending to be delivered twice.
    const after = await Promise.all(streams.map((s) => request(url + s.query, { who: s.who, headers: cursors.has(s) ? { 'x-taxii-cursor': cursors.get(s)! } : {} })));
    const more = after.flatMap((a, i) => (a.status === 204 ? [] : [`${streams[i]!.query} (echo ${cursors.get(streams[i]!)}): ${a.status} ${a.json?.objects?.length ?? ''} ${around(streams[i]!).join('\n')}`]));
    expect(more).toEqual([]);
    const elapsed = Date.now() - t0;

    const total = [...leaves.values()].reduce((a, b) => a + b, 0);
    const sum = leaving.map((s) => losses(s, PRODUCERS, PER_PRODUCER)).reduce((a, b) => ({ lost: a.lost + b.lost, duplicated: a.duplicated + b.duplicated }));
    const deliveries = leaving.reduce((n, s) => n + wanted(PRODUCERS, PER_PRODUCER, s.filtered), 0);
    console.log(
      `data safety, leaving subscribers: ${PRODUCERS * PER_PRODUCER} messages x ${streams.length} subscribers in ${elapsed} ms; ${total} GETs left (${[...leaves].map(([k, v]) => `${k} ${v}`).join(', ')}), ${answersLeft} of them after a 200's headers; of ${deliveries} deliveries to leaving subscribers ${sum.lost} lost, ${sum.duplicated} duplicated`,
    );
    checkStreams([...plain, ...leaving], PRODUCERS, PER_PRODUCER);
    expect(elapsed).toBeLessThan(DEADLINE_MS);
  }, DEADLINE_MS + 15_000);
});

function fromRaw(a: RawAnswer): Reply {
  const text = a.body.toString('utf8');
  return { status: a.status, headers: a.headers, json: text ? JSON.parse(text) : undefined };
}
