// The TAXII 2.1 mock's own options over real HTTPS: the page size (`mock --page-size`) and
// how long a status stays pending (`mock --status-pending-ms`), which the page-size and
// pending variants set too; and their bounds, refused with one clear line.
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../mock-server/config.js';
import { indicator, newId, Server, start } from '../helpers/taxii21-probe.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('taxii21 mock options', () => {
  it('--page-size: a page holds that many items, whatever limit asks; a page-size variant wins', async () => {
    const s = await new Server(await start({ pageSize: 3 })).init();
    const v = await new Server(await start({ pageSize: 3, variants: ['taxii21-page-size-2'] })).init();
    try {
      expect((await s.objects(`${s.intel}objects/?limit=10`)).length).toBe(3);
      expect((await v.objects(`${v.intel}objects/?limit=10`)).length).toBe(2);
    } finally {
      await s.mock.close();
      await v.mock.close();
    }
  });

  it('--status-pending-ms: a status is pending until that time has passed since its POST, then complete', async () => {
    const s = await new Server(await start({ statusPendingMs: 400 })).init();
    try {
      const posted = await s.post([indicator(newId())]);
      expect(posted.status).toBe(202);
      const url = `${s.root}status/${posted.json.id}/`;
      // Read twice at once: the reference would be complete by now; this one is not.
      await s.get(url);
      expect((await s.get(url)).json.status).toBe('pending');
      let last = '';
      for (let i = 0; i < 40 && last !== 'complete'; i++) {
        await sleep(100);
        last = (await s.get(url)).json.status;
      }
      expect(last).toBe('complete');
    } finally {
      await s.mock.close();
    }
  });

  it('refuses values out of bounds with one line', () => {
    expect(() => resolveConfig({ pageSize: 0 })).toThrow('pageSize must be a whole number from 1 to 10000, got 0');
    expect(() => resolveConfig({ statusPendingMs: -1 })).toThrow('statusPendingMs must be a whole number from 0 to 600000, got -1');
  });
});
