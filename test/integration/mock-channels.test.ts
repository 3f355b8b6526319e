// The mock's channels over real HTTPS on loopback: the lifecycle, every status of the
// channel URLs, subscriptions and long polling (event-driven wake-ups, msg-age, deletion,
// shutdown, X-Max-Size), then each channel fault changing what it names. The in-memory log
// (trimming, the wait queue's timer) is checked directly at the end.
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent } from 'undici';
import { startMock, type MockOptions, type RunningMock } from '../../mock-server/index.js';
import { Channel, Store } from '../../mock-server/taxii2-predraft/store.js';
import { acknowledgeEchoed, acknowledgeWritten, addSubscription, sending, settled, subscriptionOf } from '../../mock-server/taxii2-predraft/subscriptions.js';
import { WaitQueue, now, type Waiter } from '../../mock-server/long-poll.js';
import { loadSchemaSet } from '../../schemas/validator.js';
import { rawTlsConnection, requestBytes } from '../helpers/leaving-client.js';

const T = 'application/taxii+json';
const schemas = loadSchemaSet('taxii2-predraft');
const certCacheDir = path.join(os.tmpdir(), 'taxii-conform-mock-cert-channels');
const agent = new Agent({ connect: { rejectUnauthorized: false }, connections: 64, headersTimeout: 20_000, bodyTimeout: 20_000 });
const CH = '/trustgroup1/channels/';

type Who = 'main' | 'reader';
interface CallOptions {
  method?: string;
  auth?: Who;
  headers?: Record<string, string>;
  json?: unknown;
  signal?: AbortSignal;
}
interface Answer {
  status: number;
  headers: Record<string, string>;
  text: string;
  json: any;
  ms: number;
}

async function call(mock: RunningMock, p: string, o: CallOptions = {}): Promise<Answer> {
  const c = o.auth === 'reader' ? mock.readonlyCredentials : mock.credentials;
  const headers: Record<string, string> = {
    accept: T,
    authorization: `Basic ${Buffer.from(`${c.user}:${c.password}`).toString('base64')}`,
    ...o.headers,
  };
  let body: string | undefined;
  if (o.json !== undefined) {
    body = JSON.stringify(o.json);
    headers['content-type'] = T;
  }
  const t0 = Date.now();
  const r = await agent.request({ origin: `https://127.0.0.1:${mock.port}`, path: p, method: (o.method ?? 'GET') as 'GET', headers, body, signal: o.signal });
  const text = await r.body.text();
  const flat: Record<string, string> = {};
  for (const [k, v] of Object.entries(r.headers)) flat[k] = Array.isArray(v) ? v.join(', ') : String(v);
  const json = text ? JSON.parse(text) : undefined;
  if (json !== undefined && typeof json.type === 'string') {
    expect(schemas.validate(json.type, json).errors, `${o.method ?? 'GET'} ${p}: invalid ${json.type}`).toEqual([]);
  }
  return { status: r.statusCode, headers: flat, text, json, ms: Date.now() - t0 };
}

const obj = (n: number, type = 'indicator', extra: Record<string, unknown> = {}) => ({
  type,
  id: `${type}--00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  ...extra,
});
const data = (objects: unknown[]) => ({ type: 'taxii-data', objects });
const ids = (a: Answer): string[] => a.json.objects.map((o: any) => o.id);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let started: RunningMock[] = [];
async function start(opts: MockOptions = {}): Promise<RunningMock> {
  const m = await startMock({ port: 0, certCacheDir, longPollMs: 300, log: () => {}, ...opts });
  started.push(m);
  return m;
}
let nextName = 0;
async function newChannel(mock: RunningMock, fields: Record<string, unknown> = {}): Promise<string> {
  const name = `c${++nextName}`;
  const a = await call(mock, CH, { method: 'POST', json: { type: 'channel-create', name, ...fields } });
  expect(a.status, a.text).toBe(201);
  return `${CH}${name}/`;
}
const post = (mock: RunningMock, url: string, objects: unknown[]) => call(mock, url, { method: 'POST', json: data(objects) });

afterAll(async () => {
  await Promise.all(started.map((m) => m.close()));
  started = [];
  await agent.close();
});

describe('channels (reference mock)', () => {
  let mock: RunningMock;
  beforeAll(async () => {
    mock = await start();
  });

  it('lifecycle: create 201, list ?name=, details, PUT modifies, DELETE ?name=', async () => {
    const c = await call(mock, CH, { method: 'POST', json: { type: 'channel-create', name: 'life', description: 'd1', 'msg-age': '60' } });
    expect(c.status).toBe(201);
    expect(c.headers.location).toBe(`https://127.0.0.1:${mock.port}${CH}life/`);
    const listed = await call(mock, `${CH}?name=life`);
    expect(listed.json.channels).toEqual([
      expect.objectContaining({ type: 'channel-information', name: 'life', description: 'd1', 'can-read': true, 'can-write': true, subscribers: [], mode: 'read-write' }),
    ]);
    expect((await call(mock, `${CH}life/details/`)).json).toEqual({ type: 'channel-details', name: 'life', 'long-poll': true, 'msg-age': '60', description: 'd1', mode: 'read-write' });
    const put = await call(mock, `${CH}life/`, { method: 'PUT', json: { type: 'channel-create', name: 'life', 'msg-age': '5', 'long-poll': false, description: 'd2', mode: 'write-only' } });
    expect(put.status).toBe(200);
    expect(put.json).toMatchObject({ type: 'channel-status', status: 'updated' });
    expect((await call(mock, `${CH}life/details/`)).json).toEqual({ type: 'channel-details', name: 'life', 'long-poll': false, 'msg-age': '5', description: 'd2', mode: 'write-only' });
    expect((await call(mock, `${CH}life/`)).status).toBe(501); // now write-only
    const del = await call(mock, `${CH}?name=life`, { method: 'DELETE' });
    expect(del.json).toMatchObject({ type: 'channel-status', name: 'life', status: 'deleted' });
    expect((await call(mock, `${CH}?name=life`)).json.channels).toEqual([]);
    expect((await call(mock, `${CH}life/`)).status).toBe(404);
  });

  it('POST: 202 with the count; 400 for a bad body; 403 without the right; 501 on a read-only channel', async () => {
    const url = await newChannel(mock);
    const ok = await post(mock, url, [obj(1), obj(2)]);
    expect(ok.status).toBe(202);
    expect(ok.json).toEqual({ type: 'taxii-status', status: 'accepted', 'accepted-count': 2 });
    expect((await call(mock, url, { method: 'POST', json: { type: 'taxii-data', objects: [{ type: 'indicator' }] } })).status).toBe(400);
    expect((await call(mock, url, { method: 'POST', json: { type: 'channel-create', name: 'x' } })).status).toBe(400);
    const forbidden = await call(mock, url, { method: 'POST', auth: 'reader', json: data([obj(3)]) });
    expect(forbidden.status).toBe(403);
    expect((await post(mock, `${CH}bulletins/`, [obj(4)])).status).toBe(501);
  });

  it('GET: 204 after waiting; 403 without the right; 501 on a write-only channel', async () => {
    const url = await newChannel(mock);
    const a = await call(mock, url);
    expect(a.status).toBe(204);
    expect(a.text).toBe('');
    expect(a.ms).toBeGreaterThanOrEqual(280);
    expect(a.headers['x-taxii-subscriber']).toMatch(/^sub-/);
    expect((await call(mock, `${CH}restricted/`)).status).toBe(403);
    expect((await call(mock, `${CH}drop-box/`)).status).toBe(501);
    expect((await call(mock, `${CH}nope/`)).status).toBe(404);
  });

  it('listing: can-read, can-write and subscribers are true for the caller', async () => {
    const url = await newChannel(mock);
    const name = url.split('/')[3]!;
    const [m, r] = await Promise.all([call(mock, url), call(mock, url, { auth: 'reader' })]);
    const main = (await call(mock, `${CH}?name=${name}`)).json.channels[0];
    const reader = (await call(mock, `${CH}?name=${name}`, { auth: 'reader' })).json.channels[0];
    expect(main).toMatchObject({ 'can-read': true, 'can-write': true });
    expect(reader).toMatchObject({ 'can-read': true, 'can-write': false });
    expect(new Set(main.subscribers)).toEqual(new Set([m.headers['x-taxii-subscriber'], r.headers['x-taxii-subscriber']]));
    expect(reader.subscribers).toEqual(main.subscribers);
  });

  it('a subscription per caller, channel and query string (parameter order ignored, unknown parameters filter nothing)', async () => {
    const url = await newChannel(mock);
    const first = await Promise.all([call(mock, `${url}?sub=1&x=2`), call(mock, `${url}?x=2&sub=1`), call(mock, `${url}?sub=2`), call(mock, url, { auth: 'reader' })]);
    const subs = first.map((a) => a.headers['x-taxii-subscriber']);
    expect(subs[0]).toBe(subs[1]);
    expect(new Set(subs).size).toBe(3);
    await post(mock, url, [obj(1), obj(2, 'malware')]);
    for (const [p, who] of [[`${url}?x=2&sub=1`, 'main'], [`${url}?sub=2`, 'main'], [url, 'reader']] as const) {
      expect(ids(await call(mock, p, { auth: who }))).toEqual([obj(1).id, obj(2, 'malware').id]);
    }
    expect((await call(mock, `${url}?sub=1&x=2`)).status).toBe(204); // delivered once
  });

  it('long poll: a waiting GET answers as soon as a message arrives (event-driven)', async () => {
    const slow = await start({ longPollMs: 5000 });
    const url = await newChannel(slow);
    const waiting = [call(slow, url), call(slow, url, { auth: 'reader' })];
    await sleep(150);
    const t0 = Date.now();
    await post(slow, url, [obj(7)]);
    const got = await Promise.all(waiting);
    for (const a of got) {
      expect(a.status).toBe(200);
      expect(ids(a)).toEqual([obj(7).id]);
    }
    expect(Date.now() - t0).toBeLessThan(500);
  }, 15_000);

  it('long-poll false (PUT): a GET with nothing new answers 204 at once', async () => {
    const url = await newChannel(mock, { 'long-poll': false });
    const a = await call(mock, url);
    expect(a.status).toBe(204);
    expect(a.ms).toBeLessThan(200);
  });

  it('every message once, in acceptance order, across concurrent producers and several subscribers', async () => {
    const url = await newChannel(mock);
    const readers = ['?r=1', '?r=2', '?r=3'];
    await Promise.all(readers.map((q) => call(mock, url + q)));
    const got = new Map<string, string[]>(readers.map((q) => [q, []]));
    const total = 4 * 10 * 2;
    const until = Date.now() + 15_000;
    const loops = readers.map(async (q) => {
      const mine = got.get(q)!;
      while (mine.length < total && Date.now() < until) {
        const a = await call(mock, url + q);
        if (a.status === 200) mine.push(...ids(a));
      }
      expect((await call(mock, url + q)).status).toBe(204); // and nothing more
    });
    const accepted: string[][] = [];
    await Promise.all(
      [0, 1, 2, 3].map(async (p) => {
        for (let i = 0; i < 10; i++) {
          const batch = [obj(p * 1000 + i * 10), obj(p * 1000 + i * 10 + 1)];
          expect((await post(mock, url, batch)).status).toBe(202);
          accepted.push(batch.map((o) => o.id)); // in 202 order
        }
      }),
    );
    await Promise.all(loops);
    const all = accepted.flat();
    for (const q of readers) {
      const stream = got.get(q)!;
      expect(stream).toHaveLength(all.length);
      expect(new Set(stream).size).toBe(all.length);
      // Each producer's order and each batch's order are kept.
      for (let p = 0; p < 4; p++) {
        const mine = stream.filter((id) => Number(id.slice(-12)) >= p * 1000 && Number(id.slice(-12)) < p * 1000 + 1000);
        expect(mine).toEqual(all.filter((id) => mine.includes(id)));
      }
    }
  }, 20_000);

  it('X-Max-Size: a partial answer (more, X-TAXII-Objects-Omitted); the rest comes on the next GET, once', async () => {
    const url = await newChannel(mock);
    expect((await call(mock, url)).status).toBe(204);
    const pad = 'p'.repeat(1024 * 1024);
    const objects = Array.from({ length: 11 }, (_, i) => obj(i, 'indicator', { x_pad: pad }));
    await post(mock, url, objects.slice(0, 6));
    await post(mock, url, objects.slice(6));
    const a = await call(mock, url, { headers: { 'x-max-size': '9437184' } });
    expect(Buffer.byteLength(a.text)).toBeLessThanOrEqual(9437184);
    expect(a.json.more).toBe(true);
    const n = a.json.objects.length;
    expect(a.headers['x-taxii-objects-omitted']).toBe(String(11 - n));
    const b = await call(mock, url, { headers: { 'x-max-size': '9437184' } });
    expect([...ids(a), ...ids(b)]).toEqual(objects.map((o) => o.id));
    expect(b.json.more).toBe(false);
    expect((await call(mock, url)).status).toBe(204);
  });

  it('msg-age: messages are purged after it; a subscriber away longer misses them and is told (X-TAXII-Messages-Missed)', async () => {
    const url = await newChannel(mock, { 'msg-age': '1' });
    await Promise.all([call(mock, `${url}?s=late`), call(mock, `${url}?s=early`)]);
    await post(mock, url, [obj(1), obj(2)]);
    expect(ids(await call(mock, `${url}?s=early`))).toEqual([obj(1).id, obj(2).id]);
    await sleep(1200);
    await post(mock, url, [obj(3)]);
    const late = await call(mock, `${url}?s=late`);
    expect(late.status).toBe(200);
    expect(ids(late)).toEqual([obj(3).id]);
    expect(late.headers['x-taxii-messages-missed']).toBe('2');
    expect((await call(mock, `${url}?s=late`)).headers['x-taxii-messages-missed']).toBeUndefined();
  }, 10_000);

  it('msg-age "0": what arrives goes to the GETs waiting for it, and to no one later', async () => {
    const url = await newChannel(mock, { 'msg-age': '0' });
    expect((await call(mock, `${url}?s=away`)).status).toBe(204);
    const waiting = call(mock, `${url}?s=here`);
    await sleep(100);
    await post(mock, url, [obj(1)]);
    expect(ids(await waiting)).toEqual([obj(1).id]);
    await sleep(20);
    const away = await call(mock, `${url}?s=away`);
    expect(away.status).toBe(204);
    expect(away.headers['x-taxii-messages-missed']).toBe('1');
  });

  it('deleting a channel answers its waiting GETs at once with 404', async () => {
    const slow = await start({ longPollMs: 5000 });
    const url = await newChannel(slow);
    const waiting = [call(slow, url), call(slow, `${url}?b=1`)];
    await sleep(150);
    const t0 = Date.now();
    expect((await call(slow, `${CH}?name=${url.split('/')[3]}`, { method: 'DELETE' })).status).toBe(200);
    for (const a of await Promise.all(waiting)) {
      expect(a.status).toBe(404);
      expect(a.json).toMatchObject({ type: 'error', 'error-code': 'NOT_FOUND' });
    }
    expect(Date.now() - t0).toBeLessThan(500);
  }, 15_000);

  it('a client that leaves a waiting GET loses nothing: the next GET gets what came', async () => {
    const url = await newChannel(mock);
    expect((await call(mock, url)).status).toBe(204);
    const gone = new AbortController();
    const left = call(mock, url, { signal: gone.signal }).catch((e: Error) => e.name);
    await sleep(50);
    gone.abort();
    expect(await left).toBe('AbortError');
    await sleep(50);
    await post(mock, url, [obj(1)]);
    expect(ids(await call(mock, url))).toEqual([obj(1).id]);
  });

  it('X-TAXII-Cursor: on every answer; echoing an earlier one delivers again what followed it, the latest acknowledges', async () => {
    const url = await newChannel(mock);
    const echo = (cursor: string) => ({ headers: { 'x-taxii-cursor': cursor } });
    const s0 = await call(mock, url, echo('0'));
    expect(s0.status).toBe(204);
    const c0 = s0.headers['x-taxii-cursor']!;
    expect(c0).toMatch(/^[0-9]+$/);
    await post(mock, url, [obj(1), obj(2)]);
    const a = await call(mock, url, echo(c0));
    expect(ids(a)).toEqual([obj(1).id, obj(2).id]);
    const c1 = a.headers['x-taxii-cursor']!;
    expect(Number(c1)).toBeGreaterThan(Number(c0));
    const again = await call(mock, url, echo(c0)); // "I did not get it"
    expect(ids(again)).toEqual([obj(1).id, obj(2).id]);
    expect(again.headers['x-taxii-cursor']).toBe(c1);
    await post(mock, url, [obj(3)]);
    const b = await call(mock, url, echo(c1));
    expect(ids(b)).toEqual([obj(3).id]);
    const c2 = b.headers['x-taxii-cursor']!;
    expect((await call(mock, url, echo(c1))).status).toBe(200); // not acknowledged yet: again
    const none = await call(mock, url, echo(c2));
    expect(none.status).toBe(204);
    expect(none.headers['x-taxii-cursor']).toBe(c2);
    expect((await call(mock, url, echo('0'))).status).toBe(204); // acknowledged stays acknowledged
    await post(mock, url, [obj(4)]);
    expect(ids(await call(mock, url, echo('999999999')))).toEqual([obj(4).id]); // beyond what was sent skips nothing
    for (const bad of ['abc', '-1', '1.5', '1, 2']) {
      const r = await call(mock, url, echo(bad));
      expect(r.status, bad).toBe(400);
      expect(r.json).toMatchObject({ type: 'error', 'error-code': 'INVALID_PARAMETER' });
      expect(r.json.description).toContain('X-TAXII-Cursor');
    }
  });

  it('a GET echoing X-TAXII-Cursor ends the subscription\'s GET still waiting (204 at once): nothing goes to a GET its client left', async () => {
    const slow = await start({ longPollMs: 5000 });
    const url = await newChannel(slow);
    const c = (await call(slow, url, { signal: AbortSignal.timeout(100) }).catch(() => undefined), '0');
    const left = call(slow, url, { headers: { 'x-taxii-cursor': c } });
    await sleep(150);
    const t0 = Date.now();
    const back = call(slow, url, { headers: { 'x-taxii-cursor': c } });
    const old = await left;
    expect(old.status).toBe(204);
    expect(Date.now() - t0).toBeLessThan(2000);
    await post(slow, url, [obj(1)]);
    expect(ids(await back)).toEqual([obj(1).id]);
  }, 15_000);

  it('a plain subscriber whose answer could not be written (its client reset the connection first) gets it on its next GET', async () => {
    const url = await newChannel(mock);
    const name = url.split('/')[3]!;
    const basic = `Basic ${Buffer.from(`${mock.credentials.user}:${mock.credentials.password}`).toString('base64')}`;
    expect((await call(mock, url)).status).toBe(204); // subscribed
    const connected = (c: ReturnType<typeof rawTlsConnection>) => new Promise<void>((r) => c.socket.once('secureConnect', () => r()));
    const subscriber = rawTlsConnection(mock.port);
    const producer = rawTlsConnection(mock.port);
    for (const c of [subscriber, producer]) c.socket.on('error', () => {});
    await Promise.all([connected(subscriber), connected(producer)]);
    subscriber.socket.write(requestBytes('GET', url, { Accept: T, Authorization: basic }));
    await sleep(50); // it waits now (longPollMs 300)
    // The race of a busy mock, made certain: the POST is read in one poll phase; before the
    // wake-up round that answers the waiting GET, its client sends a TCP RST and the RST has
    // reached the mock's socket, unread: the answer is written to a connection already gone.
    await new Promise<void>((resolve) => {
      setImmediate(() => {
        producer.socket.write(requestBytes('POST', url, { Accept: T, 'Content-Type': T, Authorization: basic }, JSON.stringify(data([obj(1)]))));
        setImmediate(() => {
          subscriber.raw.resetAndDestroy();
          const until = performance.now() + 30;
          while (performance.now() < until); // hold the event loop while the RST arrives
          resolve();
        });
      });
    });
    await sleep(50);
    producer.raw.destroy();
    const next = await call(mock, url);
    expect(next.status).toBe(200);
    expect(ids(next)).toEqual([obj(1).id]);
    expect((await call(mock, `${CH}?name=${name}`)).json.channels[0].subscribers).toHaveLength(1);
  });

  it('closing the mock answers every waiting GET at once', async () => {
    const slow = await start({ longPollMs: 10_000 });
    const url = await newChannel(slow);
    const waiting = Array.from({ length: 20 }, (_, i) => call(slow, `${url}?w=${i}`));
    // Until all 20 wait (each has its subscription then): under load the handshakes take a while.
    const name = url.slice(CH.length, -1);
    while ((await call(slow, `${CH}?name=${name}`)).json.channels[0].subscribers.length < 20) await sleep(50);
    const t0 = Date.now();
    await slow.close();
    const answers = await Promise.all(waiting);
    expect(answers.map((a) => a.status)).toEqual(answers.map(() => 204));
    expect(Date.now() - t0).toBeLessThan(1000);
  }, 15_000);
});

describe('subscription quotas', () => {
  it('per caller (429) and per channel (507), as TAXII errors; held subscriptions still read; deleting a channel gives room back', async () => {
    const m = await start({ maxSubscriptionsPerCaller: 3, maxSubscriptionsPerChannel: 4, longPollMs: 50 });
    const url = await newChannel(m);
    for (const q of ['?q=1', '?q=2', '?q=3']) expect((await call(m, url + q, { auth: 'reader' })).status).toBe(204);
    const caller = await call(m, `${url}?q=4`, { auth: 'reader' });
    expect(caller.status).toBe(429);
    expect(caller.json).toMatchObject({ type: 'error', 'http-status': 429, title: 'Too Many Requests', 'error-code': 'TOO_MANY_SUBSCRIPTIONS' });
    expect(caller.json.description).toContain('holds 3 subscriptions');
    expect((await call(m, `${url}?q=2`, { auth: 'reader' })).status).toBe(204); // its own: always
    expect((await call(m, url)).status).toBe(204); // the main user has its own quota: the channel now has 4
    const full = await call(m, `${url}?m=2`);
    expect(full.status).toBe(507);
    expect(full.json).toMatchObject({ type: 'error', 'http-status': 507, title: 'Insufficient Storage', 'error-code': 'CHANNEL_FULL' });
    expect(full.json.description).toContain(`channel "${url.split('/')[3]}" has 4 subscriptions`);
    await post(m, url, [obj(1)]);
    expect(ids(await call(m, `${url}?q=3`, { auth: 'reader' }))).toEqual([obj(1).id]); // held ones are served as before
    const other = await newChannel(m);
    expect((await call(m, other, { auth: 'reader' })).status).toBe(429);
    expect((await call(m, `${CH}?name=${url.split('/')[3]}`, { method: 'DELETE' })).status).toBe(200);
    expect((await call(m, other, { auth: 'reader' })).status).toBe(204); // the deleted channel's subscriptions no longer count
  });

  it('at the quota, a subscription unread for longer than its channel\'s msg-age is forgotten to make room', async () => {
    const m = await start({ maxSubscriptionsPerCaller: 2, longPollMs: 50 });
    const url = await newChannel(m, { 'msg-age': '1' });
    await call(m, `${url}?q=1`, { auth: 'reader' });
    await call(m, `${url}?q=2`, { auth: 'reader' });
    expect((await call(m, `${url}?q=3`, { auth: 'reader' })).status).toBe(429);
    await sleep(1100);
    expect((await call(m, `${url}?q=2`, { auth: 'reader' })).status).toBe(204); // read again: kept
    expect((await call(m, `${url}?q=3`, { auth: 'reader' })).status).toBe(204); // q=1 made room
    expect((await call(m, `${url}?q=1`, { auth: 'reader' })).status).toBe(429); // q=2 and q=3 are fresh: q=1 cannot come back
  }, 10_000);
});

describe('channel faults', () => {
  it('long-poll-no-wait: 204 at once', async () => {
    const m = await start({ faults: ['long-poll-no-wait'], longPollMs: 2000 });
    const a = await call(m, await newChannel(m));
    expect(a.status).toBe(204);
    expect(a.ms).toBeLessThan(500);
  });

  it('long-poll-late: a POST does not wake a waiting GET; it answers when its wait ends', async () => {
    const m = await start({ faults: ['long-poll-late'], longPollMs: 1500 });
    const url = await newChannel(m);
    const t0 = Date.now();
    const waiting = call(m, url);
    await sleep(100);
    await post(m, url, [obj(1)]);
    const a = await waiting;
    expect(a.status).toBe(200);
    expect(ids(a)).toEqual([obj(1).id]);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(1400);
  }, 10_000);

  it('msg-age-ignored: nothing is purged', async () => {
    const m = await start({ faults: ['msg-age-ignored'] });
    const url = await newChannel(m, { 'msg-age': '1' });
    await call(m, url);
    await post(m, url, [obj(1)]);
    await sleep(1200);
    const a = await call(m, url);
    expect(ids(a)).toEqual([obj(1).id]);
    expect(a.headers['x-taxii-messages-missed']).toBeUndefined();
  }, 10_000);

  it('deliver-twice: the last message of a delivery comes again', async () => {
    const m = await start({ faults: ['deliver-twice'] });
    const url = await newChannel(m);
    await call(m, url);
    await post(m, url, [obj(1), obj(2)]);
    expect(ids(await call(m, url))).toEqual([obj(1).id, obj(2).id]);
    expect(ids(await call(m, url))).toEqual([obj(2).id]);
    expect((await call(m, url)).status).toBe(204);
  });

  it('deliver-out-of-order: a batch comes reversed', async () => {
    const m = await start({ faults: ['deliver-out-of-order'] });
    const url = await newChannel(m);
    await call(m, url);
    await post(m, url, [obj(1), obj(2), obj(3)]);
    expect(ids(await call(m, url))).toEqual([obj(3).id, obj(2).id, obj(1).id]);
  });

  it('one-subscriber-only: a second subscriber gets nothing', async () => {
    const m = await start({ faults: ['one-subscriber-only'] });
    const url = await newChannel(m);
    await call(m, url);
    await call(m, url, { auth: 'reader' });
    await post(m, url, [obj(1)]);
    expect(ids(await call(m, url))).toEqual([obj(1).id]);
    expect((await call(m, url, { auth: 'reader' })).status).toBe(204);
  });

  it('long-poll-stale-204: a waiting GET is not woken and answers 204; the news comes with the next GET', async () => {
    const m = await start({ faults: ['long-poll-stale-204'], longPollMs: 600 });
    const url = await newChannel(m);
    await call(m, url);
    const waiting = call(m, url);
    await sleep(100);
    expect((await post(m, url, [obj(1)])).status).toBe(202);
    expect((await waiting).status).toBe(204);
    expect(ids(await call(m, url))).toEqual([obj(1).id]);
  });

  it('wake-first-waiter-only: a POST wakes one of two waiting subscribers; the other answers when its wait ends', async () => {
    const m = await start({ faults: ['wake-first-waiter-only'], longPollMs: 3000 });
    const url = await newChannel(m);
    await Promise.all([call(m, `${url}?s=a`), call(m, `${url}?s=b`)]);
    const settled: string[] = [];
    const waits = ['a', 'b'].map((s) => call(m, `${url}?s=${s}`).then((a) => (settled.push(s), a)));
    await sleep(100);
    await post(m, url, [obj(1)]);
    const first = await Promise.race(waits);
    // The other is still waiting when the first has its answer; it gets the news later.
    expect(settled).toHaveLength(1);
    expect(ids(first)).toEqual([obj(1).id]);
    for (const a of await Promise.all(waits)) expect(ids(a)).toEqual([obj(1).id]);
  }, 10_000);

  it('deliver-twice-after-wake: what a woken GET got comes again; a GET that did not wait gets it once', async () => {
    const m = await start({ faults: ['deliver-twice-after-wake'], longPollMs: 600 });
    const url = await newChannel(m);
    await call(m, url);
    await post(m, url, [obj(1)]);
    expect(ids(await call(m, url))).toEqual([obj(1).id]);
    const waiting = call(m, url);
    await sleep(100);
    await post(m, url, [obj(2)]);
    expect(ids(await waiting)).toEqual([obj(2).id]);
    expect(ids(await call(m, url))).toEqual([obj(2).id]);
    expect((await call(m, url)).status).toBe(204);
  });

  it('deliver-sorted: a delivery comes sorted by id', async () => {
    const m = await start({ faults: ['deliver-sorted'] });
    const url = await newChannel(m);
    await call(m, url);
    await post(m, url, [obj(3), obj(1)]);
    await post(m, url, [obj(2)]);
    expect(ids(await call(m, url))).toEqual([obj(1).id, obj(2).id, obj(3).id]);
  });

  it('msg-age-purged-on-write: a GET delivers what is older than msg-age until something is posted', async () => {
    const m = await start({ faults: ['msg-age-purged-on-write'] });
    const url = await newChannel(m, { 'msg-age': '1' });
    await call(m, url);
    await post(m, url, [obj(1)]);
    await sleep(1200);
    expect(ids(await call(m, url))).toEqual([obj(1).id]);
    await post(m, url, [obj(2)]);
    await sleep(1200);
    await post(m, url, [obj(3)]);
    const a = await call(m, url);
    expect(ids(a)).toEqual([obj(3).id]);
    expect(a.headers['x-taxii-messages-missed']).toBe('1');
  }, 10_000);

  it('lose-messages: every second object is dropped after a 202', async () => {
    const m = await start({ faults: ['lose-messages'] });
    const url = await newChannel(m);
    await call(m, url);
    const p = await post(m, url, [obj(1), obj(2), obj(3), obj(4)]);
    expect(p.json['accepted-count']).toBe(4);
    expect(ids(await call(m, url))).toEqual([obj(1).id, obj(3).id]);
  });

  it('no-204: 200 with an empty taxii-data at once', async () => {
    const m = await start({ faults: ['no-204'], longPollMs: 2000 });
    const a = await call(m, await newChannel(m));
    expect(a.status).toBe(200);
    expect(a.json).toEqual({ type: 'taxii-data', objects: [], more: false });
    expect(a.ms).toBeLessThan(500);
  });
});

describe('channel log and wait queue (in memory)', () => {
  const settings = { description: '', mode: 'read-write' as const, longPoll: true, msgAge: '60' };

  it('trims what every subscription has acknowledged, keeps what one has not, and purges by msg-age', () => {
    const ch = new Channel('t', { ...settings });
    for (let i = 0; i < 3000; i++) ch.append([obj(i)]);
    expect(ch.length).toBeLessThan(1024); // nobody subscribed: nothing to keep
    const slow = addSubscription(ch, 'u', 'a', null);
    for (let i = 0; i < 3000; i++) ch.append([obj(i)]);
    expect(ch.length).toBe(3000); // the slow subscription has read none of it
    slow.cursor = slow.floor = ch.nextSeq - 10;
    for (let i = 0; i < 3000; i++) ch.append([obj(i)]);
    expect(ch.length).toBeLessThanOrEqual(3010);
    expect(ch.entryAt(slow.cursor)?.object).toEqual(obj(2990));
    ch.purge(now() + 61_000);
    expect(ch.length).toBe(0);
    ch.catchUp(slow);
    expect(slow.missed).toBe(3010);
    expect(slow.cursor).toBe(ch.nextSeq);
  });

  it('what was sent but not acknowledged stays in the log; an answer that did not arrive is sent again', () => {
    const ch = new Channel('t', { ...settings });
    const sub = addSubscription(ch, 'u', 'a', null);
    const first = sub.cursor;
    for (let i = 0; i < 3000; i++) ch.append([obj(i)]);
    const flight = sending(sub, ch.nextSeq); // written, not yet acknowledged
    sub.missed = 0;
    for (let i = 0; i < 3000; i++) ch.append([obj(i)]);
    expect(ch.entryAt(first)?.object).toEqual(obj(0)); // kept: the subscriber may not have it
    acknowledgeWritten(sub);
    expect(sub.floor).toBe(first); // in flight: a GET does not acknowledge it yet
    settled(sub, flight, false);
    expect(sub.cursor).toBe(first); // did not finish: sent again
    const again = sending(sub, flight.to);
    settled(sub, again, true);
    expect(sub.cursor).toBe(flight.to);
    acknowledgeWritten(sub);
    expect(sub.floor).toBe(flight.to);
    for (let i = 0; i < 3000; i++) ch.append([obj(i)]);
    expect(ch.entryAt(first)).toBeUndefined(); // acknowledged: trimmed
  });

  it('an echoed cursor resumes delivery there, never before what was acknowledged nor past what was sent', () => {
    const ch = new Channel('t', { ...settings });
    const sub = addSubscription(ch, 'u', 'a', null);
    const start = sub.cursor;
    ch.append([obj(1), obj(2), obj(3)]);
    const flight = sending(sub, start + 2);
    acknowledgeEchoed(sub, start); // "I did not get it"
    expect([sub.floor, sub.cursor, sub.inFlight]).toEqual([start, start, null]);
    settled(sub, flight, true); // the superseded answer's fate no longer matters
    expect(sub.cursor).toBe(start);
    sending(sub, start + 3);
    acknowledgeEchoed(sub, 10 ** 12); // past what was sent: only what was sent is acknowledged
    expect([sub.floor, sub.cursor]).toEqual([start + 3, start + 3]);
    acknowledgeEchoed(sub, 0); // before what was acknowledged: nothing comes back
    expect([sub.floor, sub.cursor]).toEqual([start + 3, start + 3]);
  });

  it('a late GET echoing an old cursor cannot make the subscriber read again what it has', () => {
    const ch = new Channel('t', { ...settings });
    const sub = addSubscription(ch, 'u', 'a', null);
    const start = sub.cursor;
    ch.append([obj(1), obj(2), obj(3)]);
    settled(sub, sending(sub, start + 3), true); // the client read it
    acknowledgeEchoed(sub, start); // a GET it had left before arrives late, with the old cursor
    expect(sub.cursor).toBe(start); // (nothing acknowledged yet: the mock must believe it)
    settled(sub, sending(sub, start + 3), false); // written to that GET's dead connection
    acknowledgeEchoed(sub, start + 3); // the client's next GET: it has all three
    expect([sub.floor, sub.cursor]).toEqual([start + 3, start + 3]);
  });

  it('subscription quotas: per caller over all channels, per channel; stale idle ones make room, busy ones never', () => {
    const store = new Store();
    const base = store.addApiBase({ name: 'b', title: 'b', description: '', schemes: ['Basic'], rights: {} });
    const a = new Channel('a', { ...settings, msgAge: '60' });
    const b = new Channel('b', { ...settings, msgAge: '60' });
    base.channels.set('a', a);
    base.channels.set('b', b);
    const limits = { perCaller: 2, perChannel: 3 };
    const t = now();
    const quotas = store.subscriptionQuotas;
    const made = (r: ReturnType<typeof quotas.subscribe>) => ('subscription' in r ? r.created : r.refused);
    expect(made(quotas.subscribe(store, a, 'u', 'q1', null, limits, t))).toBe(true);
    expect(made(quotas.subscribe(store, b, 'u', 'q2', null, limits, t))).toBe(true);
    expect(made(quotas.subscribe(store, a, 'u', 'q3', null, limits, t))).toBe('caller');
    expect(made(quotas.subscribe(store, a, 'u', 'q1', null, limits, t))).toBe(false); // its own: always
    expect(made(quotas.subscribe(store, a, 'v', 'q1', null, limits, t))).toBe(true);
    expect(made(quotas.subscribe(store, a, 'w', 'q1', null, limits, t))).toBe(true);
    expect(made(quotas.subscribe(store, a, 'x', 'q1', null, limits, t))).toBe('channel');
    // 61 s later (msg-age is 60 s) every one is stale; u's on a is busy (a GET waits).
    [...a.subscriptions.values()][0]!.waiting = 1;
    const later = t + 61_000;
    expect(made(quotas.subscribe(store, a, 'x', 'q1', null, limits, later))).toBe(true); // v's, the oldest idle one, made room
    expect([...a.subscriptions.values()].map((s) => s.user)).toEqual(['u', 'w', 'x']);
    expect(made(quotas.subscribe(store, a, 'u', 'q3', null, limits, later))).toBe(true); // u's on b, then w's on a made room
    expect(b.subscriptions.size).toBe(0);
    expect([...a.subscriptions.values()].map((s) => `${s.user} ${s.query}`)).toEqual(['u q1', 'x q1', 'u q3']);
    expect([quotas.heldBy('u'), quotas.heldBy('v'), quotas.heldBy('w'), quotas.heldBy('x')]).toEqual([2, 0, 0, 1]);
    quotas.release(a.subscriptions.values()); // what deleting channel a does
    expect([quotas.heldBy('u'), quotas.heldBy('x')]).toEqual([0, 0]);
  });

  it('one timer for all waiters, cleared when the last one leaves; waiters end in deadline order', async () => {
    const q = new WaitQueue();
    const ended: number[] = [];
    const mk = (n: number, at: number): Waiter => ({ deadline: at, prev: null, next: null, queued: false, wake: () => false, end: () => void ended.push(n) });
    const t = now();
    const ws = [mk(1, t + 30), mk(2, t + 60), mk(3, t + 10_000)];
    for (const w of ws) q.add(w);
    await sleep(120);
    expect(ended).toEqual([1, 2]);
    expect(q.size).toBe(1);
    q.remove(ws[2]!);
    expect(q.size).toBe(0);
    expect((q as unknown as { timer: unknown }).timer).toBeUndefined();
  });
});
