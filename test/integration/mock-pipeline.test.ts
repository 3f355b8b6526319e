// The host and its reusable stages with a toy profile: an exception in a handler or a
// message that fails its own schema ends as a 500 error message (and a log line), never a
// crash; one item of an answer that cannot be sent is left out of it (and logged), not a 500.
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent } from 'undici';
import { Authenticator } from '../../mock-server/auth.js';
import type { HostState } from '../../mock-server/context.js';
import { startHost, type RunningMock } from '../../mock-server/host.js';
import { baseHeaders, fitToMaxSize, renderFor, sendMessage, validateOutgoing, writeRendered, type JsonState } from '../../mock-server/send.js';
import type { MockProfile, MountedProfile } from '../../mock-server/profile.js';
import type { Route } from '../../mock-server/router.js';
import { authenticate } from '../../mock-server/stages/authenticate.js';
import { handleOperation, route } from '../../mock-server/stages/route.js';

const logged: string[] = [];
const routes: Route<JsonState>[] = [
  { pattern: ['good'], methods: { GET: { authorize: () => {}, handle: (ctx) => sendMessage(ctx, 200, 'thing', { ok: true }) } } },
  { pattern: ['invalid'], methods: { GET: { authorize: () => {}, handle: (ctx) => sendMessage(ctx, 200, 'thing', { ok: false }) } } },
  { pattern: ['throws'], methods: { GET: { authorize: () => {}, handle: () => { throw new TypeError('boom'); } } } },
  { pattern: ['rejects'], methods: { GET: { authorize: () => {}, handle: async () => { await Promise.reject(new Error('async boom')); } } } },
  {
    pattern: ['items'],
    methods: {
      GET: {
        authorize: () => {},
        handle: (ctx) => {
          const cyclic: Record<string, unknown> = { id: 'cyclic' };
          cyclic['self'] = cyclic;
          const items = [{ id: 'a' }, cyclic, { id: 'b' }, { id: 'invalid', bad: true }, { id: 'c' }];
          const fit = fitToMaxSize(ctx, 'list', items, (prefix) => ({ ok: true, items: [...prefix] }));
          validateOutgoing(ctx, 'list', fit.message);
          writeRendered(ctx, 200, fit.rendered, { 'x-count': String(fit.count) });
        },
      },
    },
  },
];

/** A profile of the host's reusable parts only: a route table, Basic authentication, JSON messages of its own media type. */
const toy: MockProfile = {
  id: 'toy',
  prefix: '/',
  entryUrl: (origin) => `${origin}/good/`,
  mount(host: HostState): MountedProfile<JsonState> {
    const state: JsonState = {
      ...host,
      messages: {
        contentType: 'application/toy+json',
        validate: (type, m) => {
          const { ok, items } = m as { ok?: unknown; items?: { bad?: boolean }[] };
          if (ok !== true) return { valid: false, errors: [`/ok must be true in ${type}`] };
          if (items?.some((i) => i.bad)) return { valid: false, errors: [`/items: a bad item in ${type}`] };
          return { valid: true, errors: [] };
        },
        mutate: (_t, m) => m,
        honourMaxSize: true,
      },
    };
    const authenticator = new Authenticator(host.accounts);
    return {
      state,
      stages: [
        route({ routes, isApiBase: () => false, unknownMethod: 'method-not-allowed' }),
        authenticate({ authenticator, policy: () => ({ schemes: ['Basic'], audiences: [] }) }),
        handleOperation,
      ],
      errorAnswer: (e) => {
        const r = renderFor(state, 'error', { ok: true, status: e.status, code: e.code });
        return { status: e.status, headers: { ...baseHeaders(), 'Content-Type': r.contentType }, body: r.body };
      },
    };
  },
};

let mock: RunningMock;
let server: { port: number };
const agent = new Agent({ connect: { rejectUnauthorized: false } });
const auth = `Basic ${Buffer.from('taxii:taxii-password').toString('base64')}`;

beforeAll(async () => {
  mock = await startHost({ port: 0, certCacheDir: path.join(os.tmpdir(), 'taxii-conform-mock-cert-test'), log: (l) => logged.push(l) }, [toy], []);
  server = { port: mock.port };
});

afterAll(async () => {
  await mock.close();
  await agent.close();
});

async function get(p: string) {
  const r = await agent.request({ origin: `https://127.0.0.1:${server.port}`, path: p, method: 'GET', headers: { authorization: auth } });
  return { status: r.statusCode, type: r.headers['content-type'], json: JSON.parse(await r.body.text()) };
}

describe('mock pipeline with a toy profile', () => {
  it('an item that cannot be serialised or fails the schema is left out of the answer with a log line; the rest is sent', async () => {
    logged.length = 0;
    const r = await agent.request({ origin: `https://127.0.0.1:${server.port}`, path: '/items/', method: 'GET', headers: { authorization: auth } });
    expect(r.statusCode).toBe(200);
    expect(JSON.parse(await r.body.text())).toEqual({ ok: true, items: [{ id: 'a' }, { id: 'b' }, { id: 'c' }] });
    expect(r.headers['x-count']).toBe('5'); // every item is covered: a channel's cursor moves past the bad ones
    expect(logged.join('\n')).toMatch(/object "cyclic" is left out of the answer: it cannot be sent \(Converting circular structure/);
    expect(logged.join('\n')).toMatch(/object "invalid" is left out of the answer: it cannot be sent \(the mock built an invalid list message/);
  });

  it('serves the profile media type', async () => {
    expect(await get('/good/')).toEqual({ status: 200, type: 'application/toy+json', json: { ok: true } });
  });

  it.each(['/invalid/', '/throws/', '/rejects/'])('%s ends as 500 INTERNAL_ERROR, logged, and the server lives on', async (p) => {
    logged.length = 0;
    const a = await get(p);
    expect(a.status).toBe(500);
    expect(a.json).toEqual({ ok: true, status: 500, code: 'INTERNAL_ERROR' });
    expect(logged.join('\n')).toMatch(p === '/invalid/' ? /invalid thing message: \/ok must be true/ : /boom/);
    expect((await get('/good/')).status).toBe(200);
  });
});
