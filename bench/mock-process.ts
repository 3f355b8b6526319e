// The mock in a process of its own, so that a benchmark measures its memory (RSS) and CPU
// apart from the load generator. `node dist/bench/mock-process.js ['{"longPollMs": 60000}']`
// starts it with those options (JSON) and prints `{"port": N}` on stdout. Forked with an IPC
// channel it also answers {type: "stats"} with its memoryUsage and cpuUsage, and closes on
// {type: "close"}, on disconnect or on SIGINT/SIGTERM ({type: "stats", gc: true} collects
// garbage first when node runs with --expose-gc).
import { startMock, type MockOptions } from '../mock-server/index.js';

const opts = JSON.parse(process.argv[2] ?? '{}') as MockOptions;
const mock = await startMock({ port: 0, log: () => {}, ...opts });
console.log(JSON.stringify({ port: mock.port }));
process.send?.({ type: 'ready', port: mock.port, credentials: mock.credentials });

let closing = false;
async function stop(): Promise<void> {
  if (closing) return;
  closing = true;
  await mock.close();
  process.exit(0);
}

process.on('message', (m: { type?: string; gc?: boolean }) => {
  if (m.type === 'stats') {
    if (m.gc) (globalThis as { gc?: () => void }).gc?.(); // with --expose-gc

    process.send?.({ type: 'stats', memory: process.memoryUsage(), cpu: process.cpuUsage() });
  } else if (m.type === 'close') {
    void stop();
  }
});
process.on('disconnect', () => void stop());
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
