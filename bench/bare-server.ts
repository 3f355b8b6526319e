// The baseline of the throughput benchmark: a bare node:https server that answers each path
// with bytes fixed in advance (status, headers, body), as fast as Node can — what any TAXII
// server written on Node could at best do. Forked by mock-throughput.ts with its answers over
// IPC ({type: "answers", cert, key, answers: {path: {status, headers, body (base64)}}}); it
// replies {type: "ready", port}, answers {type: "stats"} with its cpuUsage like
// mock-process.ts, and exits on disconnect.
import https from 'node:https';

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

process.on('message', (m: { type?: string }) => {
  if (m.type === 'stats') process.send?.({ type: 'stats', cpu: process.cpuUsage() });
});
process.once('message', (m: { cert: string; key: string; answers: Record<string, Answer> }) => {
  const answers = new Map(Object.entries(m.answers).map(([p, a]) => [p, { ...a, bytes: Buffer.from(a.body, 'base64') }]));
  const server = https.createServer({ cert: m.cert, key: m.key, keepAliveTimeout: 30_000 }, (req, res) => {
    const a = answers.get(req.url ?? '');
    if (!a) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(a.status, a.headers);
    res.end(a.bytes);
  });
  server.listen(0, '127.0.0.1', () => process.send?.({ type: 'ready', port: (server.address() as { port: number }).port }));
});
process.on('disconnect', () => process.exit(0));
process.on('SIGTERM', () => process.exit(0)); // exits cleanly: a --cpu-prof profile is written
