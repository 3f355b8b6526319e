// A client of the TAXII 2.1 mock for probes over real HTTPS: the profile alone on a host,
// requests as the main user by default, the paths of its collections, walks of its pages.
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent } from 'undici';
import { startHost, type RunningMock } from '../../mock-server/host.js';
import { taxii21Mock } from '../../mock-server/taxii21/profile.js';
import { TAXII21_FAULTS } from '../../mock-server/taxii21/faults.js';
import { TAXII21_VARIANTS } from '../../mock-server/taxii21/variants.js';

export const T21 = 'application/taxii+json;version=2.1';
const certCacheDir = path.join(os.tmpdir(), 'taxii-conform-mock-cert-test');
const agent = new Agent({ connect: { rejectUnauthorized: false }, headersTimeout: 20_000, bodyTimeout: 20_000 });
export const basic = (u: string, p: string) => `Basic ${Buffer.from(`${u}:${p}`).toString('base64')}`;
const MAIN = basic('taxii', 'taxii-password');

export function start(opts: { faults?: string[]; variants?: string[]; pageSize?: number; statusPendingMs?: number } = {}): Promise<RunningMock> {
  return startHost({ port: 0, certCacheDir, log: () => {}, ...opts }, [taxii21Mock], TAXII21_FAULTS, TAXII21_VARIANTS);
}

export interface Answer {
  status: number;
  headers: Record<string, string>;
  text: string;
  json: any;
}

/** One server under probe: requests as the main user by default, and the paths of its collections. */
export class Server {
  intel = '';
  feed = '';
  dropBox = '';
  vault = '';
  constructor(readonly mock: RunningMock) {}

  /** The first API Root Discovery lists (its path). */
  root = '/taxii2/api1/';

  async init(): Promise<this> {
    const d = (await this.get('/taxii2/')).json;
    if (Array.isArray(d?.api_roots)) this.root = new URL(d.api_roots[0], 'https://127.0.0.1').pathname;
    const list = async (auth: string) => ((await this.get(`${this.root}collections/`, { authorization: auth })).json?.collections ?? []) as any[];
    const main = await list(MAIN);
    const reader = await list(basic('reader', 'reader-password'));
    const at = (l: any[], t: string) => `${this.root}collections/${l.find((c) => c.title.startsWith(t))?.id}/`;
    [this.intel, this.feed, this.dropBox, this.vault] = [at(main, 'Intel'), at(main, 'Feed'), at(main, 'Drop box'), at(reader, 'Vault')];
    return this;
  }

  async req(method: string, target: string, headers: Record<string, string | null> = {}, body?: string): Promise<Answer> {
    const h: Record<string, string> = { accept: T21, authorization: MAIN, 'user-agent': 'probe/1', ...(body !== undefined ? { 'content-type': T21 } : {}) };
    for (const [k, v] of Object.entries(headers)) if (v === null) delete h[k];
    else h[k] = v;
    const r = await agent.request({ origin: `https://127.0.0.1:${this.mock.port}`, path: target, method: method as 'GET', headers: h, body });
    const text = await r.body.text();
    let json: any;
    try {
      json = text === '' ? undefined : JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: r.statusCode, headers: Object.fromEntries(Object.entries(r.headers).map(([k, v]) => [k, String(v)])), text, json };
  }

  get(target: string, headers: Record<string, string | null> = {}): Promise<Answer> {
    return this.req('GET', target, headers);
  }

  post(objects: unknown[], headers: Record<string, string | null> = {}, collection = this.intel): Promise<Answer> {
    return this.req('POST', `${collection}objects/`, headers, JSON.stringify({ objects }));
  }

  /** The intel collection's manifest records under these parameters (first page only). */
  async records(params = ''): Promise<any[]> {
    return (await this.get(`${this.intel}manifest/?limit=1000${params}`)).json?.objects ?? [];
  }

  /** Every item of intel's manifest (or objects) under these parameters, page by page (at most 40 pages). */
  async allRecords(params = 'match[version]=all', endpoint = 'manifest'): Promise<any[]> {
    const out: any[] = [];
    let next: string | undefined;
    for (let i = 0; i < 40; i++) {
      const a = await this.get(`${this.intel}${endpoint}/?${params}${next ? `&next=${encodeURIComponent(next)}` : ''}`);
      out.push(...(a.json?.objects ?? []));
      if (!a.json?.next) return out;
      next = a.json.next;
    }
    return out;
  }

  /** The id and versions (`modified`, ascending) of the object with three versions, from Get Objects. */
  async ind3(): Promise<{ id: string; versions: string[] }> {
    const all = await this.allRecords('match[version]=all&match[type]=indicator', 'objects');
    const id = all.find((r) => all.filter((x) => x.id === r.id).length === 3)!.id as string;
    return { id, versions: all.filter((r) => r.id === id).map((r) => r.modified).sort() };
  }

  async objects(target: string): Promise<any[]> {
    return (await this.get(target)).json?.objects ?? [];
  }
}

export const indicator = (id: string, modified = '2022-01-01T00:00:00.000Z', extra: Record<string, unknown> = {}) => ({
  type: 'indicator',
  spec_version: '2.1',
  id,
  created: '2022-01-01T00:00:00.000Z',
  modified,
  pattern: "[domain-name:value = 'example.test']",
  pattern_type: 'stix',
  valid_from: '2022-01-01T00:00:00Z',
  ...extra,
});
export const newId = () => `indicator--${randomUUID()}`;
export const UNKNOWN_OBJECT = 'indicator--6b3a9c3e-7a1b-4c2d-8e9f-0a1b2c3d4e5f';

export async function pollUntilComplete(s: Server, statusId: string): Promise<Answer> {
  let a = await s.get(`${s.root}status/${statusId}/`);
  for (let i = 0; i < 5 && a.json?.status === 'pending'; i++) a = await s.get(`${s.root}status/${statusId}/`);
  return a;
}


/** Does a server make the choice (or the mistake) probed? */
export type Probe = (s: Server) => Promise<boolean>;

/**
 * One test per fault or variant: its probe is false against the reference mock and true
 * against the mock with it switched on. A fault's mock reuses the reference's collection
 * paths (same seed: same ids), since a fault may bend the listing it would find them in.
 */
export function describeProbes(title: string, kind: 'faults' | 'variants', items: readonly { name: string; description: string }[], probes: Readonly<Record<string, Probe>>): void {
  describe(title, () => {
    let reference: Server;
    beforeAll(async () => {
      reference = await new Server(await start()).init();
    });
    afterAll(async () => {
      await reference?.mock.close();
    });

    it(`has a probe for every one of its ${kind}`, () => {
      expect(Object.keys(probes).sort()).toEqual(items.map((i) => i.name).sort());
    });

    for (const item of items) {
      it(item.name, async () => {
        const probe = probes[item.name]!;
        expect(await probe(reference), 'the reference mock already does this').toBe(false);
        const other = new Server(await start({ [kind]: [item.name] }));
        try {
          if (kind === 'variants') await other.init();
          else Object.assign(other, { intel: reference.intel, feed: reference.feed, dropBox: reference.dropBox, vault: reference.vault });
          expect(await probe(other), `${item.name}: ${item.description}`).toBe(true);
        } finally {
          await other.mock.close();
        }
      });
    }
  });
}

/** A GET over its own TLS connection presenting a client certificate (PEM), without an Authorization header: the status. */
export function getWithCertificate(s: Server, target: string, id: { cert: string; key: string }): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = https.request(
      { host: '127.0.0.1', port: s.mock.port, path: target, method: 'GET', headers: { accept: T21 }, cert: id.cert, key: id.key, rejectUnauthorized: false, agent: false },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end();
  });
}
