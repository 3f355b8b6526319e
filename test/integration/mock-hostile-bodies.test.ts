// The mock against hostile request bodies, over real HTTPS on loopback: one message nested
// too deep to be served back, invalid UTF-8, and content past the storage quotas. None of
// them may poison a channel or collection (every read after them still answers, with the
// messages around them) or take the mock's memory (it refuses, and keeps serving).
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent } from 'undici';
import { startMock, type MockOptions, type RunningMock } from '../../mock-server/index.js';

const T = 'application/taxii+json';
const certCacheDir = path.join(os.tmpdir(), 'taxii-conform-mock-cert-test');
const agent = new Agent({ connect: { rejectUnauthorized: false }, headersTimeout: 30_000, bodyTimeout: 30_000 });

interface Answer {
  status: number;
  json: any;
  headers: Record<string, string | string[] | undefined>;
}

const started: RunningMock[] = [];
async function start(opts: MockOptions): Promise<{ mock: RunningMock; logged: string[] }> {
  const logged: string[] = [];
  const mock = await startMock({ port: 0, certCacheDir, longPollMs: 200, log: (l) => logged.push(l), ...opts });
  started.push(mock);
  return { mock, logged };
}
afterAll(async () => {
  await Promise.all(started.map((m) => m.close()));
  await agent.close();
});

async function call(mock: RunningMock, p: string, method = 'GET', body?: string | Buffer): Promise<Answer> {
  const r = await agent.request({
    origin: `https://127.0.0.1:${mock.port}`,
    path: p,
    method: method as 'GET',
    headers: {
      accept: T,
      authorization: `Basic ${Buffer.from(`${mock.credentials.user}:${mock.credentials.password}`).toString('base64')}`,
      ...(body === undefined ? {} : { 'content-type': T }),
    },
    body,
  });
  const text = await r.body.text();
  return { status: r.statusCode, json: text ? JSON.parse(text) : undefined, headers: r.headers };
}

const post = (mock: RunningMock, p: string, objects: unknown[]) => call(mock, p, 'POST', JSON.stringify({ type: 'taxii-data', objects }));

let n = 0;
/** A content object, `pad` characters of payload. */
function object(pad = 0): Record<string, unknown> {
  n++;
  return { type: 'indicator', id: `indicator--00000000-0000-4000-8000-${String(n).padStart(12, '0')}`, 'x-pad': 'p'.repeat(pad) };
}

/** `{"type":"indicator","id":…,"x-deep":[[[…]]]}` nested `depth` levels below the object, as text. */
function deepObjectText(depth: number): string {
  const o = object();
  return `${JSON.stringify(o).slice(0, -1)},"x-deep":${'['.repeat(depth)}${']'.repeat(depth)}}`;
}

function expectError(a: Answer, status: number, code: string, description: RegExp): void {
  expect(a.status, JSON.stringify(a.json)).toBe(status);
  expect(a.json).toMatchObject({ type: 'error', 'http-status': status, 'error-code': code });
  expect(a.json.description).toMatch(description);
}

const ids = (a: Answer): string[] => (a.json?.objects ?? []).map((o: { id: string }) => o.id);

describe('one message cannot poison a channel or a collection', () => {
  let mock: RunningMock;
  beforeAll(async () => {
    ({ mock } = await start({}));
  });

  it.each(['/trustgroup1/channels/alerts/', '/trustgroup1/collections/malware/'])(
    'an object nested 10,000 levels deep is refused at %s with 400 naming the limit; reads go on with the messages around it',
    async (p) => {
      const channel = p.includes('/channels/');
      if (channel) expect((await call(mock, p)).status).toBe(204); // subscribe before the POSTs
      const before = object();
      const after = object();
      expect((await post(mock, p, [before])).status).toBe(202);
      const deep = await call(mock, p, 'POST', `{"type":"taxii-data","objects":[${deepObjectText(10_000)}]}`);
      expectError(deep, 400, 'JSON_TOO_DEEP', /deeper than 100 levels .*maxJsonDepth/);
      expect((await post(mock, p, [after])).status).toBe(202);
      const read = await call(mock, p);
      expect(read.status).toBe(200);
      const got = ids(read);
      expect(channel ? got : got.slice(-2)).toEqual([before['id'], after['id']]);
    },
  );

  it('invalid UTF-8 in a body is refused with 400, not stored altered', async () => {
    const o = object();
    const text = JSON.stringify({ type: 'taxii-data', objects: [{ ...o, name: 'bad: XX' }] });
    const body = Buffer.from(text, 'utf8');
    const at = body.indexOf('XX');
    body[at] = 0xc3; // a lead byte followed by ASCII: not UTF-8
    body[at + 1] = 0x28;
    expectError(await call(mock, '/trustgroup1/collections/indicators/', 'POST', body), 400, 'BAD_JSON', /not valid UTF-8/);
    expect(ids(await call(mock, '/trustgroup1/collections/indicators/'))).not.toContain(o['id']);
  });

  it('a JSON body exactly at the depth limit is accepted', async () => {
    // taxii-data { objects [ object { x-deep: 97 levels } ] } = 100 levels.
    const a = await call(mock, '/trustgroup1/collections/indicators/', 'POST', `{"type":"taxii-data","objects":[${deepObjectText(97)}]}`);
    expect(a.status, JSON.stringify(a.json)).toBe(202);
    const b = await call(mock, '/trustgroup1/collections/indicators/', 'POST', `{"type":"taxii-data","objects":[${deepObjectText(98)}]}`);
    expectError(b, 400, 'JSON_TOO_DEEP', /deeper than 100 levels/);
  });

  it('brackets inside strings do not count as depth', async () => {
    const o = { ...object(), 'x-text': '[[[[{{{{'.repeat(100) + '\\"]]' };
    expect((await post(mock, '/trustgroup1/collections/indicators/', [o])).status).toBe(202);
  });
});

describe('a message that cannot be served back is refused even when the depth limit lets it in', () => {
  it('maxJsonDepth 100,000: an object nested 90,000 levels deep gets 400 and the channel reads on', async () => {
    const { mock } = await start({ maxJsonDepth: 100_000 });
    const p = '/trustgroup1/channels/alerts/';
    expect((await call(mock, p)).status).toBe(204);
    const deep = await call(mock, p, 'POST', `{"type":"taxii-data","objects":[${deepObjectText(90_000)}]}`);
    expectError(deep, 400, 'INVALID_MESSAGE', /cannot be serialised back/);
    const after = object();
    expect((await post(mock, p, [after])).status).toBe(202);
    expect(ids(await call(mock, p))).toEqual([after['id']]);
  });
});

describe('storage quotas', () => {
  it('a channel filled to its quota refuses the next POST with 507; the mock keeps serving, and what was read and acknowledged frees room', async () => {
    const { mock } = await start({ maxStoredBytesPerResource: 200_000 });
    const p = '/trustgroup1/channels/alerts/';
    expect((await call(mock, p)).status).toBe(204); // a subscriber: what it has not read is kept
    const sent: string[] = [];
    for (let i = 0; i < 3; i++) {
      const o = object(60_000);
      expect((await post(mock, p, [o])).status).toBe(202);
      sent.push(o['id'] as string);
    }
    const full = await post(mock, p, [object(60_000)]);
    expectError(full, 507, 'STORAGE_FULL', /channel "alerts" holds \d+ octets.*quota of 200000 \(maxStoredBytesPerResource\)/);

    expect((await call(mock, '/taxii/')).status).toBe(200);
    const read = await call(mock, p);
    expect(ids(read)).toEqual(sent); // nothing accepted was lost, nothing refused was kept
    expect((await post(mock, p, [object(60_000)])).status).toBe(507); // read, not yet acknowledged: kept in case it did not arrive
    expect((await call(mock, p)).status).toBe(204); // the subscriber's next GET acknowledges what it read
    const again = object(60_000);
    expect((await post(mock, p, [again])).status).toBe(202);
    expect(ids(await call(mock, p))).toEqual([again['id']]);
  });

  it('a POST larger than a resource may ever hold gets 413', async () => {
    const { mock } = await start({ maxStoredBytesPerResource: 100_000 });
    expectError(await post(mock, '/trustgroup1/collections/malware/', [object(150_000)]), 413, 'REQUEST_TOO_LARGE', /more than the 100000 a collection may hold/);
  });

  it('the total quota counts every collection and channel; deleting one frees its share', async () => {
    const { mock } = await start({ maxStoredBytes: 400_000, maxStoredBytesPerResource: 300_000 });
    for (const name of ['one', 'two']) {
      expect((await call(mock, '/trustgroup1/collections/', 'POST', JSON.stringify({ type: 'collection-create', name }))).status).toBe(201);
    }
    expect((await post(mock, '/trustgroup1/collections/one/', [object(250_000)])).status).toBe(202);
    const full = await post(mock, '/trustgroup1/collections/two/', [object(250_000)]);
    expectError(full, 507, 'STORAGE_FULL', /the mock holds \d+ octets.*total quota of 400000 \(maxStoredBytes\)/);
    expect((await call(mock, '/trustgroup1/collections/one/', 'DELETE')).status).toBe(200);
    expect((await post(mock, '/trustgroup1/collections/two/', [object(250_000)])).status).toBe(202);
  });
});
