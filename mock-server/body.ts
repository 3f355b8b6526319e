// Reads a request body up to a limit. Past the limit it stops reading and reports it, so a
// huge upload costs the mock no more than the limit in memory.
import type { IncomingMessage } from 'node:http';

export type BodyResult = { ok: true; body: Buffer } | { ok: false; tooLarge: true; received: number } | { ok: false; tooLarge: false; error: string };

/** True when the request announces a body (a Content-Length above 0, or chunked coding). */
export function announcesBody(req: IncomingMessage): boolean {
  const len = req.headers['content-length'];
  if (len !== undefined && Number(len) > 0) return true;
  return req.headers['transfer-encoding'] !== undefined;
}

/** The declared Content-Length, if any. */
export function declaredLength(req: IncomingMessage): number | undefined {
  const len = req.headers['content-length'];
  return len === undefined ? undefined : Number(len);
}

export function readBody(req: IncomingMessage, limit: number): Promise<BodyResult> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let received = 0;
    let settled = false;
    const finish = (r: BodyResult): void => {
      if (settled) return;
      settled = true;
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('aborted', onAborted);
      resolve(r);
    };
    const onData = (chunk: Buffer): void => {
      received += chunk.length;
      if (received > limit) {
        chunks.length = 0;
        req.pause();
        finish({ ok: false, tooLarge: true, received });
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => finish({ ok: true, body: Buffer.concat(chunks) });
    const onError = (e: Error): void => finish({ ok: false, tooLarge: false, error: e.message });
    const onAborted = (): void => finish({ ok: false, tooLarge: false, error: 'the client aborted the request' });
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('aborted', onAborted);
  });
}
