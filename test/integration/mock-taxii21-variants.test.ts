// Each conformant variant of the TAXII 2.1 mock makes the choice it describes, over real
// HTTPS: one probe per variant answers "does this server take that choice?", false against
// the reference mock and true against the mock with that variant on (whose answers the mock
// still validates against schemas/taxii21/ as it sends them). Whether the whole suite passes
// under each is the variant matrix's to check.
import https from 'node:https';
import { describe, expect, it } from 'vitest';
import { TAXII21_VARIANTS, type Taxii21VariantName } from '../../mock-server/taxii21/variants.js';
import { X509Certificate } from 'node:crypto';
import { Agent } from 'undici';

const insecureAgent = new Agent({ connect: { rejectUnauthorized: false } });
import { untrustedIdentity } from '../../suites/probes/client-certificate.js';
import { describeProbes, getWithCertificate, indicator, newId, Server, start, UNKNOWN_OBJECT } from '../helpers/taxii21-probe.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** An answer's header names as sent, in order (undici lower-cases them: node:https keeps rawHeaders), and its framing. */
function rawAnswer(s: Server, target: string): Promise<{ status: number; names: string[]; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = https.request({ host: '127.0.0.1', port: s.mock.port, path: target, rejectUnauthorized: false, headers: { accept: 'application/taxii+json;version=2.1' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, names: res.rawHeaders.filter((_, i) => i % 2 === 0), headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end();
  });
}

const PROBES: Record<Taxii21VariantName, (s: Server) => Promise<boolean>> = {
  'taxii21-ecdsa-certificate': async (s) => new X509Certificate(s.mock.certificate).publicKey.asymmetricKeyType === 'ec',
  // The certificate the mock issued for the main user authenticates it; one no one trusts does not.
  'taxii21-client-certificates': async (s) => {
    const own = s.mock.clientCertificates;
    if (!own) return false;
    return (await getWithCertificate(s, `${s.root}collections/`, own)) === 200 && (await getWithCertificate(s, `${s.root}collections/`, await untrustedIdentity())) === 401;
  },
  'taxii21-plain-http-redirect': async (s) => {
    const r = await fetch(`http://127.0.0.1:${s.mock.port}/taxii2/`, { redirect: 'manual' }).catch(() => undefined);
    return r?.status === 308 && r.headers.get('location') === `https://127.0.0.1:${s.mock.port}/taxii2/`;
  },
  'taxii21-roots-other-origin': async (s) => {
    const other = s.mock.otherOrigin;
    const listed = (await s.get('/taxii2/')).json.api_roots as string[];
    if (!other || !listed.every((u) => u.startsWith(`${other}/`))) return false;
    const r = await fetch(`${other}${s.root}`, { headers: { accept: 'application/taxii+json;version=2.1', authorization: `Basic ${Buffer.from(`${s.mock.credentials.user}:${s.mock.credentials.password}`).toString('base64')}` }, dispatcher: insecureAgent } as RequestInit);
    return r.status === 200 && other !== `https://127.0.0.1:${s.mock.port}`;
  },
  'taxii21-page-size-1': async (s) => (await s.objects(`${s.intel}objects/?limit=10`)).length === 1,
  'taxii21-page-size-2': async (s) => (await s.objects(`${s.intel}objects/?limit=10`)).length === 2,
  'taxii21-page-size-1000': async (s) => {
    const a = (await s.get(`${s.intel}objects/?limit=1000`)).json;
    return a.objects.length > 5 && a.more === false;
  },
  'taxii21-next-offset': async (s) => /^\d+$/.test((await s.get(`${s.intel}objects/?limit=1`)).json.next),
  'taxii21-next-server-side': async (s) => /^[0-9a-f-]{36}$/.test((await s.get(`${s.intel}objects/?limit=1`)).json.next),
  'taxii21-date-added-distinct': async (s) => {
    const dates = (await s.allRecords('')).map((r) => r.date_added);
    return new Set(dates).size === dates.length;
  },
  'taxii21-ties-reversed': async (s) => {
    const records = await s.allRecords('');
    const run = records.filter((r) => records.filter((x) => x.date_added === r.date_added).length > 1).map((r) => r.id);
    return run.length > 1 && run.join() === [...run].sort().reverse().join();
  },
  'taxii21-collections-reversed': async (s) => {
    const titles = ((await s.get(`${s.root}collections/`)).json.collections as any[]).map((c) => c.title);
    return titles.join() === [...titles].sort().reverse().join();
  },
  'taxii21-collections-by-id': async (s) => {
    const ids = ((await s.get(`${s.root}collections/`)).json.collections as any[]).map((c) => c.id);
    const titles = ((await s.get(`${s.root}collections/`)).json.collections as any[]).map((c) => c.title);
    return ids.join() === [...ids].sort().join() && titles.join() !== [...titles].sort().join();
  },
  'taxii21-roots-absolute': async (s) => (await s.get('/taxii2/')).json.api_roots.every((u: string) => u.startsWith('https://127.0.0.1:')),
  'taxii21-roots-other-paths': async (s) => (await s.get('/taxii2/')).json.api_roots[0] === '/taxii2/roots/a/' && (await s.get(`${s.intel}objects/`)).status === 200,
  'taxii21-no-default': async (s) => !('default' in (await s.get('/taxii2/')).json),
  'taxii21-discovery-authenticated': async (s) => (await s.get('/taxii2/', { authorization: null })).status === 401,
  'taxii21-auth-404': async (s) => (await s.get(`${s.root}collections/`, { authorization: null })).status === 404,
  'taxii21-denied-404': async (s) => (await s.get(`${s.dropBox}objects/`)).status === 404 && (await s.post([indicator(newId())], {}, s.feed)).status === 404,
  'taxii21-list-unusable': async (s) => ((await s.get(`${s.root}collections/`)).json.collections as any[]).some((c) => !c.can_read && !c.can_write),
  'taxii21-error-no-body': async (s) => (await s.get('/taxii2/nowhere/')).text === '',
  'taxii21-error-minimal': async (s) => Object.keys((await s.get('/taxii2/nowhere/')).json).join() === 'title',
  'taxii21-serve-any-accept': async (s) => (await s.get(s.root, { accept: '*/*' })).status === 200 && (await s.get(s.root, { accept: null })).status === 200,
  'taxii21-process-json': async (s) => (await s.post([indicator(newId())], { 'content-type': 'application/json' })).status === 202,
  'taxii21-bad-body-422': async (s) => (await s.req('POST', `${s.intel}objects/`, {}, '{"objects": [')).status === 422,
  'taxii21-bad-body-400': async (s) => (await s.req('POST', `${s.intel}objects/`, {}, '{"type": "bundle"}')).status === 400,
  'taxii21-unsupported-spec-422': async (s) => (await s.post([indicator(newId(), undefined, { spec_version: '9.9' })])).status === 422,
  'taxii21-status-complete-at-once': async (s) => (await s.post([indicator(newId())])).json.status === 'complete',
  'taxii21-status-pending-1s': async (s) => {
    const id = (await s.post([indicator(newId())])).json.id;
    await sleep(1100);
    // The reference is pending for two polls whatever the time; this one is complete once 1 s has passed.
    return (await s.get(`${s.root}status/${id}/`)).json.status === 'complete';
  },
  'taxii21-status-counts-only': async (s) => {
    const a = (await s.post([indicator(newId())])).json;
    return !('pendings' in a) && !('successes' in a) && a.total_count === 1;
  },
  'taxii21-no-request-timestamp': async (s) => !('request_timestamp' in (await s.post([indicator(newId())])).json),
  'taxii21-status-bad-id-400': async (s) => (await s.get(`${s.root}status/not-a-uuid/`)).status === 400,
  'taxii21-filtered-out-404': async (s) => {
    const id = (await s.records())[0].id;
    return (await s.get(`${s.intel}objects/${id}/?match[spec_version]=1.0`)).status === 404;
  },
  'taxii21-deleted-404': async (s) => {
    const id = newId();
    await s.post([indicator(id)]);
    await s.req('DELETE', `${s.intel}objects/${id}/`);
    return (await s.get(`${s.intel}objects/?match[id]=${id}`)).status === 404 && (await s.get(`${s.intel}objects/?match[id]=${UNKNOWN_OBJECT}`)).status === 200;
  },
  'taxii21-delete-latest-only': async (s) => {
    const id = newId();
    await s.post([indicator(id), indicator(id, '2022-01-02T00:00:00.000Z')]);
    await s.req('DELETE', `${s.intel}objects/${id}/`);
    return JSON.stringify((await s.get(`${s.intel}objects/${id}/versions/`)).json?.versions) === '["2022-01-01T00:00:00.000Z"]';
  },
  'taxii21-unknown-match-400': async (s) => (await s.get(`${s.intel}objects/?match[foo]=bar`)).status === 400,
  'taxii21-other-type-seeded': async (s) => (await s.objects(`${s.intel}objects/?match[type]=x-taxii-conform-widget`)).length === 1,
  'taxii21-alias-404': async (s) => (await s.get(`${s.root}collections/intel/`)).status === 404,
  'taxii21-slash-redirect': async (s) => {
    const a = await s.get(s.root.slice(0, -1));
    return a.status === 301 && a.headers['location'] === s.root;
  },
  'taxii21-slash-serve': async (s) => (await s.get(s.root.slice(0, -1))).status === 200,
  // Error answers too: a 401 without credentials (WWW-Authenticate), a 404 with an error body.
  'taxii21-lowercase-headers': async (s) => {
    const a = await rawAnswer(s, `${s.root}collections/`);
    return a.status === 401 && a.names[0] === 'content-type' && a.names.includes('www-authenticate') && !a.names.includes('WWW-Authenticate');
  },
  'taxii21-chunked-bodies': async (s) => {
    const a = await rawAnswer(s, `${s.root}collections/`);
    return a.status === 401 && a.headers['transfer-encoding'] === 'chunked' && a.headers['content-length'] === undefined && a.body.length > 0;
  },
  'taxii21-no-media-types': async (s) => !('media_types' in (await s.get(s.feed)).json) && !('media_type' in ((await s.objects(`${s.feed}manifest/`))[0] ?? {})),
  'taxii21-custom-properties': async (s) => 'x_taxii_conform_note' in (await s.get('/taxii2/')).json,
  'taxii21-empty-last-page': async (s) => {
    let next: string | undefined;
    for (let i = 0; i < 40; i++) {
      const p = (await s.get(`${s.intel}objects/${next ? `?next=${encodeURIComponent(next)}` : ''}`)).json;
      if (!p.more) return JSON.stringify(p) === '{}';
      next = p.next;
    }
    return false;
  },
  'taxii21-delete-everywhere': async (s) => {
    const id = newId();
    await s.post([indicator(id)]);
    await s.post([indicator(id)], {}, s.dropBox);
    await s.req('DELETE', `${s.intel}objects/${id}/`);
    // The main user cannot read the drop box: posting the object again there tells whether it is still stored (a duplicate says so).
    const again = (await s.post([indicator(id)], {}, s.dropBox)).json;
    return (again.pendings ?? again.successes)[0].message === undefined;
  },
  'taxii21-object-match-400': async (s) => (await s.get(`${s.intel}objects/${(await s.records())[0].id}/?match[type]=indicator`)).status === 400,
  'taxii21-root-params-400': async (s) => (await s.get(`${s.root}?x=1`)).status === 400,
  'taxii21-next-envelope-only': async (s) => {
    const m = (await s.get(`${s.intel}manifest/?limit=1`)).json;
    const dates = (await s.allRecords('match[version]=all')).map((r) => r.date_added);
    return m.more === true && m.next === undefined && (await s.get(`${s.intel}objects/?limit=1`)).json.next !== undefined && new Set(dates).size === dates.length;
  },
  'taxii21-custom-property-422': async (s) => (await s.post([indicator(newId(), undefined, { x_example_note: 'a note' })])).status === 422,
  'taxii21-auth-silent': async (s) => {
    try {
      await s.get(`${s.root}collections/`, { authorization: null });
      return false;
    } catch {
      return true; // the connection closed without an answer
    }
  },
  'taxii21-basic-only': async (s) => (await s.req('POST', '/taxii2/api2/token/', { accept: null })).status === 404,
  'taxii21-roots-per-user': async (s) => (await s.get('/taxii2/', { authorization: null })).json.api_roots.length === 1,
};

describeProbes('the TAXII 2.1 mock\'s conformant variants, each probed against the reference and against itself', 'variants', TAXII21_VARIANTS, PROBES);

describe('the TAXII 2.1 mock\'s conformant variants together', () => {
  it('every variant compatible with the others at once: the mock starts and serves', async () => {
    const names = TAXII21_VARIANTS.map((v) => v.name);
    const all = names.filter((n) => !TAXII21_VARIANTS.find((v) => v.name === n)!.conflicts.some((c) => names.indexOf(c) < names.indexOf(n)));
    const s = await new Server(await start({ variants: all })).init();
    try {
      expect((await s.get(`${s.intel}objects/`)).status).toBe(200);
    } finally {
      await s.mock.close();
    }
  });
});
