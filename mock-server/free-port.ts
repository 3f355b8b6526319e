// A TCP port nothing listens on at the time of asking: bound on `host`, read, released.
// The mock's dns-dead-port fault points its SRV record there; tests and benchmarks start a
// server on one, or use one as a closed loopback port ("unreachable").
import net from 'node:net';

export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, host, () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}
