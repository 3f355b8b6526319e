// A minimal TAXII 2.0 pre-draft server that records every request it gets, for the tests of
// what the suite sends where: over HTTPS (or plain HTTP) on 127.0.0.1 and a free port. It
// answers setup's requests as a small server would (Discovery, API Base, token, channel and
// collection listings, a channel create), everything else with a TAXII error, and records
// method, path and Authorization of each request.
//
// With `echo`, every answer also carries back what a debug proxy or a WAF page would: the
// request's Authorization header (in a response header, in the body, and URL-encoded in a
// Location on errors), the Basic credentials decoded, URL-encoded and base64url-encoded, and
// the request body.
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { generateCertificate } from '../../mock-server/cert.js';

export interface RecordedRequest {
  method: string;
  path: string;
  authorization?: string;
}

export interface RecordingServerOptions {
  /** Plain HTTP instead of HTTPS. */
  plain?: boolean;
  /** The Discovery message's api-bases, given this server's origin (default: its own /api1/). */
  apiBases?: (origin: string) => string[];
  /** Echo the request's credentials and body in every answer. */
  echo?: boolean;
  /** Answer every request with 404 (a server that serves no TAXII). */
  nothing?: boolean;
  /** The token POST [API-Base]token/ issues. */
  token?: string;
  /** Called as each request arrives (to order it against other events of a test). */
  onRequest?: (r: RecordedRequest) => void;
}

export interface RecordingServer {
  /** https://127.0.0.1:PORT (or http://). */
  origin: string;
  port: number;
  /** The Discovery URL, <origin>/taxii/. */
  url: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

const MEDIA = 'application/taxii+json';

let certificate: Promise<{ cert: string; key: string }> | undefined;

/** What the pre-draft setup reads, answered for `origin`; undefined for anything else. */
function answer(method: string, path: string, o: RecordingServerOptions, origin: string): { status: number; body: Record<string, unknown> } | undefined {
  const p = path.split('?')[0] ?? path;
  if (method === 'GET' && p === '/taxii/') return { status: 200, body: { type: 'discovery', title: 'recording', 'api-bases': o.apiBases?.(origin) ?? [`${origin}/api1/`] } };
  if (method === 'GET' && p === '/api1/') return { status: 200, body: { type: 'api-status', title: 'recording' } };
  if (method === 'POST' && p === '/api1/token/') return { status: 200, body: { 'access-token': o.token ?? 'recording-issued-token', 'token-type': 'bearer', 'expires-in': 3600 } };
  if (method === 'GET' && p === '/api1/channels/') {
    const ch = (name: string, read: boolean, write: boolean): Record<string, unknown> => ({ name, 'can-read': read, 'can-write': write });
    return { status: 200, body: { type: 'channels', channels: [ch('rw', true, true), ch('ro', true, false), ch('wo', false, true), ch('none', false, false)] } };
  }
  if (method === 'GET' && p === '/api1/collections/') return { status: 200, body: { type: 'collections', collections: [{ name: 'coll', 'can-read': true }, { name: 'secret-coll', 'can-read': false }] } };
  if (method === 'POST' && p === '/api1/channels/') return { status: 201, body: { type: 'channel-status', status: 'created' } };
  return undefined;
}

function echoOf(req: http.IncomingMessage, body: string): Record<string, string> {
  const auth = req.headers.authorization ?? '';
  const basic = /^basic\s+(\S+)/i.exec(auth)?.[1];
  const decoded = basic ? Buffer.from(basic, 'base64').toString('utf8') : '';
  const password = decoded.slice(decoded.indexOf(':') + 1);
  const bearer = /^bearer\s+(\S+)/i.exec(auth)?.[1] ?? '';
  return {
    authorization: auth,
    credentials: decoded,
    password,
    'password-urlencoded': encodeURIComponent(password),
    'credentials-base64url': Buffer.from(decoded).toString('base64url'),
    'bearer-urlencoded': encodeURIComponent(bearer),
    message: `login as ${decoded} refused; token ${bearer} unknown. Request body: ${body}`,
  };
}

export async function startRecordingServer(o: RecordingServerOptions = {}): Promise<RecordingServer> {
  const requests: RecordedRequest[] = [];
  let origin = '';
  const handler = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const r: RecordedRequest = { method: req.method ?? '', path: req.url ?? '', ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}) };
      requests.push(r);
      o.onRequest?.(r);
      const body = Buffer.concat(chunks).toString('utf8');
      const a = o.nothing ? undefined : answer(r.method, r.path, o, origin);
      const out = a ?? { status: 404, body: { type: 'error', title: 'not found', description: `${r.method} ${r.path}` } };
      const headers: Record<string, string> = { 'content-type': MEDIA };
      if (o.echo) {
        const echo = echoOf(req, body);
        out.body = { ...out.body, echo };
        headers['x-echo-authorization'] = echo.authorization ?? '';
        headers['x-echo-credentials'] = echo.credentials ?? '';
        // A login redirect carrying the header along, URL-encoded (setup quotes a Location in its notes).
        if (out.status !== 200) headers.location = `https://login.invalid/?auth=${encodeURIComponent(echo.authorization ?? '')}&pw=${echo['password-urlencoded'] ?? ''}`;
      }
      res.writeHead(out.status, headers);
      res.end(JSON.stringify(out.body));
    });
  };
  const server = o.plain ? http.createServer(handler) : https.createServer(await (certificate ??= generateCertificate()), handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  origin = `${o.plain ? 'http' : 'https'}://127.0.0.1:${port}`;
  return {
    origin,
    port,
    url: `${origin}/taxii/`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
