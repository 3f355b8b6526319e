// The baseline of the long-poll benchmark: a bare node:https server that holds every GET
// and, on a POST, answers all of them at once on the next turn of the event loop (as the
// mock does), each with the answer the mock sent a subscriber (status, header names and
// values, body) with the POSTed object's id in it. No auth, no routing, no store: what any
// TAXII server written on Node could at best do with one connection per subscriber.
//
// Forked by long-poll.ts (with --expose-gc), which sends {type: "setup", cert, key, status,
// headers: [[name, value]], body, placeholder}; replies {type: "ready", port}; answers
// {type: "stats", gc?} with its memoryUsage, cpuUsage and how many GETs it holds, and exits
// on {type: "close"} or disconnect.
import https from 'node:https';
import type { ServerResponse } from 'node:http';

interface Setup {
  type: 'setup';
  cert: string;
  key: string;
  status: number;
  /** The mock's headers, Node's own (Date, Connection, Keep-Alive, Content-Length) left out: Node adds them here too, Content-Length is added last. */
  headers: [string, string][];
  /** The mock's body, with `placeholder` where the delivered object's id was. */
  body: string;
  placeholder: string;
}

let held: ServerResponse[] = [];

process.on('message', (m: { type?: string; gc?: boolean }) => {
  if (m.type === 'stats') {
    if (m.gc) (globalThis as { gc?: () => void }).gc?.();
    process.send?.({ type: 'stats', memory: process.memoryUsage(), cpu: process.cpuUsage(), held: held.length });
  } else if (m.type === 'close') {
    process.exit(0);
  } else if (m.type === 'setup') {
    start(m as Setup);
  }
});
process.on('disconnect', () => process.exit(0));
process.on('SIGTERM', () => process.exit(0)); // exits cleanly: a --cpu-prof profile is written

function start(s: Setup): void {
  const flat = s.headers.flat();
  const [before, after] = s.body.split(s.placeholder) as [string, string | undefined];
  const answerAll = (id: string): void => {
    const body = Buffer.from(after === undefined ? before : before + id + after);
    // Last, as the mock writes it (a head written by writeHead alone would otherwise be chunked).
    const head = [...flat, 'Content-Length', String(body.length)];
    const now = held;
    held = [];
    for (const res of now) {
      if (res.destroyed) continue;
      res.writeHead(s.status, head);
      res.end(body);
    }
  };
  const server = https.createServer({ cert: s.cert, key: s.key, keepAliveTimeout: 3_600_000 }, (req, res) => {
    if (req.method === 'GET') {
      req.resume();
      held.push(res);
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let id = '';
      try {
        id = String((JSON.parse(Buffer.concat(chunks).toString()) as { objects: { id: string }[] }).objects[0]!.id);
      } catch {
        res.writeHead(400).end();
        return;
      }
      res.writeHead(202, { 'Content-Length': '0' }).end();
      setImmediate(() => answerAll(id));
    });
  });
  // Node's per-request timeouts off, as the mock's long polls outlast them.
  server.requestTimeout = 0;
  server.headersTimeout = 0;
  server.listen(0, '127.0.0.1', () => process.send?.({ type: 'ready', port: (server.address() as { port: number }).port }));
}
