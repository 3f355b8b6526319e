// Cleanup that is true, in every binding: after a whole taxii1 run against the mock (real
// HTTPS on loopback), the mock holds nothing of the run that its report does not list. Every
// subscription the run made is ended (a STATUS lists none live); every package it sent to the
// Inbox, which TAXII 1.x cannot take back, is listed in the report's leftovers by its id.
import { Agent, request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningMock } from '../../mock-server/index.js';
import { getPlugin } from '../../suites/registry.js';
import { BINDINGS, BINDING_IDS } from '../../suites/taxii1/bindings/index.js';
import { requestHeaders } from '../../suites/taxii1/headers.js';
import type { Taxii1Message } from '../../suites/taxii1/model.js';
import { OWN_CONTENT_NAMESPACE } from '../../suites/taxii1/setup.js';
import { runAgainst, startFor } from '../helpers/matrix-run.js';

const plugin = getPlugin('taxii1')!;
const b11 = BINDINGS['xml-1.1'];
const agent = new Agent({ connect: { rejectUnauthorized: false } });

/** One TAXII 1.1 exchange with the mock as its main account. */
async function ask(mock: RunningMock, path: string, m: Record<string, unknown>): Promise<Taxii1Message> {
  const body = b11.serialize({ 'message-id': b11.newMessageId(), ...m } as unknown as Taxii1Message);
  const auth = Buffer.from(`${mock.credentials.user}:${mock.credentials.password}`).toString('base64');
  const res = await request(`https://127.0.0.1:${mock.port}${path}`, { method: 'POST', body, headers: { ...requestHeaders(b11), authorization: `Basic ${auth}` }, dispatcher: agent });
  const parsed = b11.parse(await res.body.text());
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.message;
}

describe('taxii1: a run leaves nothing behind that its report does not list', () => {
  let mock: RunningMock;
  beforeAll(async () => {
    mock = await startFor(plugin);
  });
  afterAll(async () => {
    await mock?.close();
    await agent.close();
  });

  for (const id of BINDING_IDS) {
    it(id, async () => {
      const report = await runAgainst(mock, plugin.suite.configure!({ binding: id }));
      expect(report.summary.gate).toBe('passed');
      const leftovers = report.leftovers ?? [];
      // Only what cannot be undone is left, each saying why.
      for (const l of leftovers) expect(l).toMatch(/^Inbox content .* \(from [a-z.-]+\): left behind: TAXII 1\.x has no message that takes content back from an Inbox$/);
      const prefix = /tc-[0-9a-f]{8}/.exec(leftovers.join(' '))?.[0];
      expect(prefix, 'the run listed the content it sent').toBeDefined();

      const info = await ask(mock, '/taxii1/collection-management', { type: 'feed-information-request' });
      expect(info.type).toBe('feed-information-response');
      const feeds = info.type === 'feed-information-response' ? info.feeds.map((f) => f['feed-name']) : [];
      for (const feed of feeds) {
        // No live subscription of the run's account is left on any feed.
        const status = await ask(mock, '/taxii1/collection-management', { type: 'manage-feed-subscription-request', action: 'STATUS', 'feed-name': feed });
        if (status.type === 'manage-feed-subscription-response') {
          expect(status.subscriptions.filter((s) => s.status !== 'UNSUBSCRIBED'), `${id}: subscriptions left on ${feed}`).toEqual([]);
        }
        // Every package of this run in any feed is listed by its id.
        const polled = await ask(mock, '/taxii1/poll', { type: 'poll-request', 'feed-name': feed, 'content-bindings': [] });
        if (polled.type !== 'poll-response') continue;
        for (const block of polled['content-blocks'].filter((x) => x.content.includes(OWN_CONTENT_NAMESPACE) && x.content.includes(prefix!))) {
          const pkg = / id="([^"]+)"/.exec(block.content)![1]!;
          expect(leftovers.some((l) => l.includes(pkg)), `${id}: ${pkg} in ${feed} is not in the report's leftovers`).toBe(true);
        }
      }
    });
  }
});
