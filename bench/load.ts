// The load generator of the throughput benchmark: `connections` keep-alive HTTPS connections
// (undici), each sending one GET after another for a fixed time and checking every answer
// (status and length), so that the same bytes are asked of every server it is pointed at.
import { Pool } from 'undici';

export interface LoadResult {
  requests: number;
  perSecond: number;
  errors: number;
  p50Ms: number;
  p99Ms: number;
}

export async function drive(
  origin: string,
  path: string,
  opts: { connections: number; durationMs: number; headers: Record<string, string>; expectBytes: number },
): Promise<LoadResult> {
  const pool = new Pool(origin, { connections: opts.connections, pipelining: 1, connect: { rejectUnauthorized: false } });
  const lat: number[] = [];
  let errors = 0;
  const end = performance.now() + opts.durationMs;
  const t0 = performance.now();
  const worker = async (): Promise<void> => {
    while (performance.now() < end) {
      const s = performance.now();
      try {
        const r = await pool.request({ path, method: 'GET', headers: opts.headers });
        const body = Buffer.from(await r.body.arrayBuffer());
        if (r.statusCode !== 200 || body.length !== opts.expectBytes) errors++;
        else lat.push(performance.now() - s);
      } catch {
        errors++;
      }
    }
  };
  await Promise.all(Array.from({ length: opts.connections }, worker));
  const secs = (performance.now() - t0) / 1000;
  await pool.close();
  lat.sort((a, b) => a - b);
  const pct = (p: number): number => lat[Math.min(lat.length - 1, Math.floor((p / 100) * lat.length))] ?? NaN;
  return { requests: lat.length, perSecond: lat.length / secs, errors, p50Ms: pct(50), p99Ms: pct(99) };
}
