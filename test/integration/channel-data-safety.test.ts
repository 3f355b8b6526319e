// Data safety of the mock's channels under load, over real HTTPS on loopback: 20 producers
// POST 500 messages each (in batches of 1 to 20) while 50 subscribers long-poll the same
// channel concurrently, 40 reading everything and 10 through a ?type= filter, as two users,
// a third of them slow readers (random pauses), producers pausing at random too.
// Then every subscriber's stream is checked: nothing lost, nothing twice, each producer's
// order kept, and more: every unfiltered stream is the same sequence (the order the server
// accepted the messages in), and every filtered one is that sequence's matching part.
// Bounded: 60 s at most, one undici Agent with a connection per client.
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent } from 'undici';
import { startMock, type RunningMock } from '../../mock-server/index.js';

const T = 'application/taxii+json';
const PRODUCERS = 20;
const PER_PRODUCER = 500;
const SUBSCRIBERS = 50;
const FILTERED = 10; // subscribers reading ?type=indicator
const TOTAL = PRODUCERS * PER_PRODUCER;
const DEADLINE_MS = 60_000;
const URL_PATH = '/trustgroup1/channels/safety/';

const agent = new Agent({
  connect: { rejectUnauthorized: false },
  connections: SUBSCRIBERS + PRODUCERS + 8,
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

function auth(who: 'main' | 'reader'): string {
  const c = who === 'reader' ? mock.readonlyCredentials : mock.credentials;
  return `Basic ${Buffer.from(`${c.user}:${c.password}`).toString('base64')}`;
}

async function request(p: string, o: { method?: 'GET' | 'POST'; who?: 'main' | 'reader'; json?: unknown } = {}) {
  const headers: Record<string, string> = { accept: T, authorization: auth(o.who ?? 'main') };
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

/** A deterministic PRNG (mulberry32) for batch sizes. */
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
  who: 'main' | 'reader';
  filtered: boolean;
  slow: boolean;
  ids: string[];
  gets: number;
  missedHeaders: number;
  unexpected: string[];
}

describe('channel data safety: 20 producers x 500 messages, 50 long-polling subscribers', () => {
  it('every subscriber gets every message once, in acceptance order', async () => {
    const t0 = Date.now();
    const until = t0 + DEADLINE_MS;
    const created = await request('/trustgroup1/channels/', { method: 'POST', json: { type: 'channel-create', name: 'safety' } });
    expect(created.status).toBe(201);

    const streams: Stream[] = Array.from({ length: SUBSCRIBERS }, (_, i) => {
      const filtered = i < FILTERED;
      return {
        query: filtered ? `?sub=${i}&type=indicator` : `?sub=${i}`,
        who: i % 2 === 0 ? 'main' : 'reader',
        filtered,
        slow: i % 3 === 2,
        ids: [],
        gets: 0,
        missedHeaders: 0,
        unexpected: [],
      };
    });
    const expectedFiltered = (() => {
      let n = 0;
      for (let p = 0; p < PRODUCERS; p++) for (let i = 0; i < PER_PRODUCER; i++) if (typeOf(p, i) === 'indicator') n++;
      return n;
    })();

    // Subscribers: long-poll from the start until they have everything (or the deadline).
    const subscribers = streams.map(async (s) => {
      const want = s.filtered ? expectedFiltered : TOTAL;
      while (s.ids.length < want && Date.now() < until) {
        // A third of them are slow readers: they fall behind and get bigger backlogs.
        if (s.slow) await new Promise((r) => setTimeout(r, Math.random() * 8));
        const a = await request(URL_PATH + s.query, { who: s.who });
        s.gets++;
        if (a.headers['x-taxii-messages-missed'] !== undefined) s.missedHeaders++;
        if (a.status === 200) for (const o of a.json.objects) s.ids.push(o.id);
        else if (a.status !== 204) s.unexpected.push(`${a.status}`);
      }
    });

    // Producers start once every subscription exists (the first GETs made them and wait).
    for (;;) {
      const l = await request('/trustgroup1/channels/?name=safety');
      if (l.json.channels[0].subscribers.length === SUBSCRIBERS) break;
      expect(Date.now()).toBeLessThan(until);
      await new Promise((r) => setTimeout(r, 20));
    }
    let accepted = 0;
    const producers = Array.from({ length: PRODUCERS }, async (_, p) => {
      const next = rng(p + 1);
      let n = 0;
      while (n < PER_PRODUCER) {
        const size = Math.min(PER_PRODUCER - n, 1 + Math.floor(next() * 20));
        const objects = Array.from({ length: size }, (_, k) => ({ type: typeOf(p, n + k), id: idOf(p, n + k, typeOf(p, n + k)), name: `p${p} n${n + k}` }));
        if (next() < 0.2) await new Promise((r) => setTimeout(r, Math.random() * 3)); // timing differs run to run
        const a = await request(URL_PATH, { method: 'POST', json: { type: 'taxii-data', objects } });
        expect(a.status).toBe(202);
        accepted += a.json['accepted-count'];
        n += size;
      }
    });
    await Promise.all(producers);
    expect(accepted).toBe(TOTAL);
    await Promise.all(subscribers);
    // Nothing more for anyone (a second delivery would show here).
    const after = await Promise.all(streams.map((s) => request(URL_PATH + s.query, { who: s.who })));
    expect(after.map((a) => a.status)).toEqual(after.map(() => 204));
    const elapsed = Date.now() - t0;

    const reference = streams.find((s) => !s.filtered)!.ids;
    for (const s of streams) {
      const label = `subscriber ${s.query} (${s.who})`;
      expect(s.unexpected, label).toEqual([]);
      expect(s.missedHeaders, label).toBe(0);
      expect(s.ids.length, label).toBe(s.filtered ? expectedFiltered : TOTAL);
      expect(new Set(s.ids).size, `${label}: duplicates`).toBe(s.ids.length);
      // Per producer: 0, 1, 2, ... of the messages this subscriber wants, in order.
      const last = new Array<number>(PRODUCERS).fill(-1);
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
    const gets = streams.reduce((n, s) => n + s.gets, 0);
    console.log(`data safety: ${TOTAL} messages x ${SUBSCRIBERS} subscribers in ${elapsed} ms, ${gets} GETs`);
    expect(elapsed).toBeLessThan(DEADLINE_MS);
  }, DEADLINE_MS + 15_000);
});
