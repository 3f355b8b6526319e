// The mock's request path, as fast as it can be without losing a check: sockets without
// Nagle's delay, outgoing messages validated once per distinct content, and a collection's
// answer kept per version of its objects and per selection (mock-server/kept-answers.ts).
import net from 'node:net';
import { Agent, request } from 'undici';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startMock, type RunningMock } from '../../mock-server/index.js';

afterEach(() => vi.restoreAllMocks());

describe('the mock accepts its connections', () => {
  it('with Nagle off (noDelay): the last record of an answer is not held for the client\'s delayed ACK', async () => {
    const created = vi.spyOn(net, 'createServer');
    const mock = await startMock({ port: 0, log: () => {} });
    try {
      // The listening server is the one that accepts: its options decide for every socket.
      const opts = created.mock.calls.map((c) => (typeof c[0] === 'object' ? c[0] : {}));
      expect(opts.length).toBeGreaterThan(0);
      expect(opts.every((o) => (o as net.ServerOpts).noDelay === true)).toBe(true);
    } finally {
      await mock.close();
    }
  });
});

describe("a collection's answer, kept per content", () => {
  const agent = new Agent({ connect: { rejectUnauthorized: false } });
  const INDICATORS = '/trustgroup1/collections/indicators/';
  async function call(mock: RunningMock, p: string, o: { method?: string; json?: unknown; headers?: Record<string, string> } = {}) {
    const { user, password } = mock.credentials;
    const r = await request(`https://127.0.0.1:${mock.port}${p}`, {
      dispatcher: agent,
      method: (o.method ?? 'GET') as 'GET',
      headers: {
        authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`,
        accept: 'application/taxii+json',
        ...(o.json !== undefined ? { 'content-type': 'application/taxii+json' } : {}),
        ...o.headers,
      },
      ...(o.json !== undefined ? { body: JSON.stringify(o.json) } : {}),
    });
    const text = await r.body.text();
    return { status: r.statusCode, headers: r.headers, text, json: text ? JSON.parse(text) : undefined };
  }
  const indicator = (n: number) => ({ type: 'indicator', id: `indicator--00000000-0000-4000-8000-${String(n).padStart(12, '0')}` });

  it('a POST, a DELETE and a new collection of the same name are seen by the next GET; filters and X-Max-Size select apart', async () => {
    const mock = await startMock({ port: 0, log: () => {} });
    try {
      const first = await call(mock, INDICATORS);
      expect((await call(mock, INDICATORS)).text).toBe(first.text);
      const n = first.json.objects.length;
      const byType = await call(mock, `${INDICATORS}?type=indicator`);
      expect(byType.json.objects).toHaveLength(n);
      expect((await call(mock, `${INDICATORS}?type=malware`)).json.objects).toEqual([]);
      // X-Max-Size is part of the selection (fitting itself needs 9 MiB of objects: the suite's max-size case).
      expect((await call(mock, INDICATORS, { headers: { 'x-max-size': '9437184' } })).text).toBe(first.text);
      expect((await call(mock, INDICATORS, { headers: { 'x-max-size': '12' } })).status).toBe(400);

      expect((await call(mock, INDICATORS, { method: 'POST', json: { type: 'taxii-data', objects: [indicator(1)] } })).status).toBe(202);
      const after = await call(mock, INDICATORS);
      expect(after.json.objects).toHaveLength(n + 1);
      expect(after.json.objects[n]).toEqual(indicator(1));
      expect((await call(mock, `${INDICATORS}?type=indicator`)).json.objects).toHaveLength(n + 1);
      expect((await call(mock, `${INDICATORS}?id=${indicator(1).id}`)).json.objects).toEqual([indicator(1)]);

      // Deleted and made again under the same name: another collection, empty.
      expect((await call(mock, INDICATORS, { method: 'DELETE' })).status).toBe(200);
      expect((await call(mock, '/trustgroup1/collections/', { method: 'POST', json: { type: 'collection-create', name: 'indicators' } })).status).toBe(201);
      expect((await call(mock, INDICATORS)).json.objects).toEqual([]);
    } finally {
      await mock.close();
    }
  });

  it('under a variant (content-newest-first) the kept answer is the variant\'s, and a POST is first in the next', async () => {
    const mock = await startMock({ port: 0, log: () => {}, variants: ['content-newest-first'] });
    try {
      const before = await call(mock, INDICATORS);
      expect((await call(mock, INDICATORS)).text).toBe(before.text);
      expect((await call(mock, INDICATORS, { method: 'POST', json: { type: 'taxii-data', objects: [indicator(2)] } })).status).toBe(202);
      const after = await call(mock, INDICATORS);
      expect(after.json.objects).toEqual([indicator(2), ...before.json.objects]);
    } finally {
      await mock.close();
    }
  });
});
