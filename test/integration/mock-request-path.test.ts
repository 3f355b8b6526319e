// The mock's request path, as fast as it can be without losing a check: sockets without
// Nagle's delay, and outgoing messages validated once per distinct content.
import net from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startMock } from '../../mock-server/index.js';

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
