// Each fault of the TAXII 2.1 mock makes the deviation it describes, over real HTTPS: one
// probe per fault answers "does this server deviate?", false against the reference mock and
// true against the mock with that fault on. (The suite's cases and the fault matrix check the
// cases each fault names; this checks the faults themselves.)
import { randomUUID } from 'node:crypto';
import { isHostFault } from '../../mock-server/host-faults.js';
import { TAXII21_FAULTS, type Taxii21FaultName } from '../../mock-server/taxii21/faults.js';
import { MAX_CONTENT_LENGTH } from '../../mock-server/taxii21/seed-data.js';
import { untrustedIdentity } from '../../suites/probes/client-certificate.js';
import { basic, describeProbes, indicator, newId, pollUntilComplete, type Server, T21, UNKNOWN_OBJECT, getWithCertificate } from '../helpers/taxii21-probe.js';

/** Does the server deviate in the fault's way? */
const PROBES: Record<Taxii21FaultName, (s: Server) => Promise<boolean>> = {
  'taxii21-discovery-no-title': async (s) => !('title' in (await s.get('/taxii2/')).json),
  'taxii21-default-not-listed': async (s) => {
    const d = (await s.get('/taxii2/')).json;
    return !d.api_roots.includes(d.default);
  },
  'taxii21-api-roots-http': async (s) => (await s.get('/taxii2/')).json.api_roots.some((u: string) => u.startsWith('http:')),
  'taxii21-api-roots-path-relative': async (s) => ((await s.get('/taxii2/')).json.api_roots as string[]).every((u) => !u.startsWith('/') && !/^[a-z]+:/i.test(u)),
  'taxii21-api-roots-malformed': async (s) => ((await s.get('/taxii2/')).json.api_roots as string[]).some((u) => u.includes('{host}')),
  'taxii21-discovery-anonymous-400': async (s) => (await s.get('/taxii2/', { authorization: null })).status === 400,
  'taxii21-api-root-no-21': async (s) => !(await s.get('/taxii2/api1/')).json.versions.includes(T21),
  'taxii21-api-roots-duplicate': async (s) => {
    const urls = ((await s.get('/taxii2/')).json.api_roots as string[]).map((u) => new URL(u, 'https://127.0.0.1').pathname);
    return new Set(urls).size !== urls.length;
  },
  'taxii21-unknown-root-200': async (s) => (await s.get('/taxii2/nowhere/')).status === 200,
  'taxii21-quoted-booleans': async (s) => typeof (await s.get('/taxii2/api1/collections/')).json.collections[0].can_read === 'string',
  'taxii21-collections-unstable-order': async (s) => {
    const ids = async () => ((await s.get('/taxii2/api1/collections/')).json.collections as any[]).map((c) => c.id).join();
    return (await ids()) !== (await ids());
  },
  'taxii21-empty-collections-list': async (s) => 'collections' in (await s.get('/taxii2/empty/collections/')).json,
  'taxii21-collection-flags-differ': async (s) => (await s.get(s.intel)).json.can_write !== true,
  'taxii21-unknown-collection-200': async (s) => (await s.get(`/taxii2/api1/collections/${randomUUID()}/`)).status === 200,
  'taxii21-alias-duplicate': async (s) => {
    const aliases = ((await s.get('/taxii2/api1/collections/')).json.collections as any[]).flatMap((c) => (c.alias ? [c.alias] : []));
    return new Set(aliases).size !== aliases.length;
  },
  'taxii21-bundle-not-envelope': async (s) => (await s.get(`${s.intel}objects/`)).json.type === 'bundle',
  'taxii21-nothing-matches-404': async (s) => (await s.get(`${s.intel}objects/?match[id]=${UNKNOWN_OBJECT}`)).status === 404,
  'taxii21-get-one-ignores-id': async (s) => {
    const id = (await s.records())[0].id;
    return (await s.objects(`${s.intel}objects/${id}/`)).some((o) => o.id !== id);
  },
  'taxii21-get-one-latest-only': async (s) => {
    const { id } = await s.ind3();
    return (await s.objects(`${s.intel}objects/${id}/?match[version]=all`)).length === 1;
  },
  'taxii21-unknown-object-empty': async (s) => (await s.get(`${s.intel}objects/${UNKNOWN_OBJECT}/`)).status === 200,
  'taxii21-spec-version-ignored': async (s) => (await s.objects(`${s.intel}objects/?match[spec_version]=2.0&limit=100`)).some((o) => o.spec_version === '2.1'),
  'taxii21-every-spec-version': async (s) => {
    const sv20 = (await s.allRecords('match[spec_version]=2.0'))[0].id;
    return (await s.allRecords('match[type]=indicator', 'objects')).filter((o) => o.id === sv20).length === 2;
  },
  'taxii21-malformed-params-ignored': async (s) => (await s.get(`${s.intel}objects/?limit=0`)).status === 200,
  'taxii21-repeated-params-accepted': async (s) => (await s.get(`${s.intel}objects/?match[type]=indicator&match[type]=malware`)).status === 200,
  'taxii21-added-after-inclusive': async (s) => {
    const r = (await s.records())[1];
    return (await s.records(`&added_after=${r.date_added}`)).some((x) => x.id === r.id);
  },
  'taxii21-added-after-on-modified': async (s) => {
    const first = (await s.records())[0];
    return !(await s.records('&added_after=2021-01-01T12:00:00.000000Z')).some((x) => x.id === first.id);
  },
  'taxii21-match-and-within': async (s) => {
    const [a, b] = await s.records();
    return (await s.objects(`${s.intel}objects/?match[id]=${a.id},${b.id}`)).length === 0;
  },
  'taxii21-match-or-across': async (s) => {
    const identity = (await s.records()).find((r) => r.id.startsWith('identity--'))!.id;
    return (await s.objects(`${s.intel}objects/?match[type]=malware&match[id]=${identity}`)).some((o) => o.id === identity);
  },
  'taxii21-unknown-type-400': async (s) => (await s.get(`${s.intel}objects/?match[type]=grouping`)).status === 400,
  'taxii21-all-versions-by-default': async (s) => {
    const ids = (await s.allRecords('')).map((r) => r.id);
    return new Set(ids).size !== ids.length;
  },
  'taxii21-first-last-swapped': async (s) => {
    const { id, versions } = await s.ind3();
    return (await s.objects(`${s.intel}objects/${id}/?match[version]=first`))[0].modified !== versions[0];
  },
  'taxii21-version-one-value-only': async (s) => {
    const { id, versions } = await s.ind3();
    return (await s.objects(`${s.intel}objects/${id}/?match[version]=${versions[0]},${versions[2]}`)).length !== 2;
  },
  'taxii21-version-exact-ignored': async (s) => {
    const { id, versions } = await s.ind3();
    return (await s.objects(`${s.intel}objects/${id}/?match[version]=${versions[0]}`))[0]?.modified !== versions[0];
  },
  'taxii21-first-last-twice': async (s) => {
    const id = (await s.records()).find((r) => r.id.startsWith('malware--'))!.id;
    return (await s.objects(`${s.intel}objects/${id}/?match[version]=first,last`)).length === 2;
  },
  'taxii21-unversioned-on-date-added': async (s) => {
    const md = (await s.objects(`${s.intel}objects/?match[type]=marking-definition`))[0];
    return (await s.get(`${s.intel}objects/${md.id}/versions/`)).json.versions[0] !== md.created;
  },
  'taxii21-newest-first': async (s) => {
    const dates = (await s.records()).map((r) => r.date_added);
    return dates.join() !== [...dates].sort().join();
  },
  'taxii21-limit-off-by-one': async (s) => (await s.objects(`${s.intel}objects/?limit=2`)).length === 3,
  'taxii21-more-missing': async (s) => (await s.get(`${s.intel}objects/?limit=2`)).json.more === undefined,
  'taxii21-next-ignored': async (s) => {
    const p1 = (await s.get(`${s.intel}manifest/?limit=2`)).json;
    const p2 = (await s.get(`${s.intel}manifest/?limit=2&next=${encodeURIComponent(p1.next)}`)).json;
    return JSON.stringify(p2.objects) === JSON.stringify(p1.objects);
  },
  // Get an Object and Versions of the three-version indicator, one a page: `more` is missing there while the manifest keeps it.
  'taxii21-object-more-missing': async (s) => {
    const { id } = await s.ind3();
    const one = (await s.get(`${s.intel}objects/${id}/?match[version]=all&limit=1`)).json;
    const versions = (await s.get(`${s.intel}objects/${id}/versions/?limit=1`)).json;
    return one.more === undefined && versions.more === undefined && (await s.get(`${s.intel}manifest/?limit=1`)).json.more === true;
  },
  'taxii21-object-next-ignored': async (s) => {
    const { id } = await s.ind3();
    const p1 = (await s.get(`${s.intel}objects/${id}/versions/?limit=1`)).json;
    const p2 = (await s.get(`${s.intel}objects/${id}/versions/?limit=1&next=${encodeURIComponent(p1.next)}`)).json;
    const m1 = (await s.get(`${s.intel}manifest/?limit=1`)).json;
    const m2 = (await s.get(`${s.intel}manifest/?limit=1&next=${encodeURIComponent(m1.next)}`)).json;
    return JSON.stringify(p2.versions) === JSON.stringify(p1.versions) && JSON.stringify(m2.objects) !== JSON.stringify(m1.objects);
  },
  'taxii21-no-next': async (s) => {
    const p = await s.get(`${s.intel}manifest/?limit=3`);
    const last = p.json.objects[2].date_added;
    return p.json.more === true && (p.json.next === undefined || p.headers['x-taxii-date-added-last'] !== last);
  },
  'taxii21-more-forever': async (s) => {
    let next: string | undefined;
    for (let i = 0; i < 20; i++) {
      const p = (await s.get(`${s.intel}objects/?limit=5${next ? `&next=${encodeURIComponent(next)}` : ''}`)).json;
      if (!p.more) return false;
      if (!p.objects) return true; // more: true on an empty page
      next = p.next;
    }
    return true;
  },
  'taxii21-next-trusted': async (s) => {
    const next = (await s.get(`${s.intel}objects/?limit=1`)).json.next;
    return (await s.get(`${s.feed}objects/?limit=1&next=${encodeURIComponent(next)}`)).status === 200;
  },
  'taxii21-manifest-wrong-media-type': async (s) => (await s.records())[0].media_type !== 'application/stix+json;version=2.1',
  'taxii21-empty-lists': async (s) => 'objects' in (await s.get(`${s.intel}manifest/?match[id]=${UNKNOWN_OBJECT}`)).json,
  'taxii21-manifest-latest-only': async (s) => {
    const ids = (await s.allRecords()).map((r) => r.id);
    return new Set(ids).size === ids.length;
  },
  'taxii21-manifest-filters-ignored': async (s) => (await s.records('&match[type]=malware')).some((r) => !r.id.startsWith('malware--')),
  'taxii21-manifest-version-created': async (s) => {
    const { id, versions } = await s.ind3();
    return (await s.records(`&match[id]=${id}`))[0].version !== versions[2];
  },
  'taxii21-versions-missing-first': async (s) => {
    const { id } = await s.ind3();
    return (await s.get(`${s.intel}objects/${id}/versions/`)).json.versions.length !== 3;
  },
  'taxii21-post-200': async (s) => (await s.post([indicator(newId())])).status === 200,
  'taxii21-content-type-exact': async (s) => (await s.post([indicator(newId())], { 'content-type': 'application/taxii+json; version=2.1' })).status === 415,
  'taxii21-max-content-kib': async (s) => (await s.post([indicator(newId())])).status === 413,
  'taxii21-no-413': async (s) => {
    const body = (pad: number) => JSON.stringify({ objects: [indicator(newId())], x_pad: 'a'.repeat(pad) });
    const base = Buffer.byteLength(body(0));
    return (await s.req('POST', `${s.intel}objects/`, {}, body(MAX_CONTENT_LENGTH - base + 1))).status === 202;
  },
  'taxii21-duplicate-failure': async (s) => {
    const o = indicator(newId());
    await s.post([o]);
    return (await s.post([o])).json.failure_count === 1;
  },
  'taxii21-malformed-202': async (s) => (await s.req('POST', `${s.intel}objects/`, {}, '{"objects": [')).status === 202,
  'taxii21-any-spec-version-stored': async (s) => (await s.post([indicator(newId(), undefined, { spec_version: '9.9' })])).json.failure_count !== 1,
  'taxii21-status-counts-strings': async (s) => typeof (await s.post([indicator(newId())])).json.total_count === 'string',
  'taxii21-status-never-final': async (s) => (await pollUntilComplete(s, (await s.post([indicator(newId())])).json.id)).json.status === 'pending',
  'taxii21-status-forgotten': async (s) => {
    const id = (await s.post([indicator(newId())])).json.id;
    await pollUntilComplete(s, id);
    return (await s.get(`/taxii2/api1/status/${id}/`)).status === 404;
  },
  'taxii21-unknown-status-200': async (s) => (await s.get(`/taxii2/api1/status/${randomUUID()}/`)).status === 200,
  'taxii21-delete-204': async (s) => {
    const id = newId();
    await s.post([indicator(id)]);
    return (await s.req('DELETE', `${s.intel}objects/${id}/`)).status === 204;
  },
  'taxii21-delete-ignored': async (s) => {
    const id = newId();
    await s.post([indicator(id)]);
    await s.req('DELETE', `${s.intel}objects/${id}/`);
    return (await s.get(`${s.intel}objects/${id}/`)).status === 200;
  },
  'taxii21-delete-every-version': async (s) => {
    const id = newId();
    await s.post([indicator(id), indicator(id, '2022-01-02T00:00:00.000Z')]);
    await s.req('DELETE', `${s.intel}objects/${id}/?match[version]=2022-01-01T00:00:00.000Z`);
    return (await s.get(`${s.intel}objects/${id}/`)).status === 404;
  },
  'taxii21-delete-unknown-200': async (s) => (await s.req('DELETE', `${s.intel}objects/${UNKNOWN_OBJECT}/`)).status === 200,
  'taxii21-delete-403-for-404': async (s) => (await s.req('DELETE', `${s.vault}objects/${UNKNOWN_OBJECT}/`)).status === 403,
  'taxii21-delete-404-for-403': async (s) => (await s.req('DELETE', `${s.feed}objects/${UNKNOWN_OBJECT}/`)).status === 404,
  'taxii21-error-no-title': async (s) => !('title' in (await s.get('/taxii2/nowhere/')).json),
  'taxii21-http-status-integer': async (s) => typeof (await s.get('/taxii2/nowhere/')).json.http_status === 'number',
  'taxii21-wrong-media-type': async (s) => (await s.get('/taxii2/')).headers['content-type'] === 'application/json',
  'taxii21-no-version-parameter': async (s) => (await s.get('/taxii2/')).headers['content-type'] !== T21,
  'taxii21-bare-accept-406': async (s) => (await s.get('/taxii2/api1/', { accept: 'application/taxii+json' })).status === 406,
  'taxii21-accept-exact': async (s) => (await s.get('/taxii2/api1/', { accept: 'application/taxii+json; version=2.1' })).status === 406,
  'taxii21-accept-q-refused': async (s) => (await s.get('/taxii2/api1/', { accept: `${T21};q=0.5, */*;q=0.1` })).status === 406,
  'taxii21-no-date-added-headers': async (s) => (await s.get(`${s.intel}manifest/`)).headers['x-taxii-date-added-first'] === undefined,
  'taxii21-date-added-millis': async (s) => !/\.\d{6}Z$/.test((await s.records())[0].date_added),
  'taxii21-user-agent-required': async (s) => (await s.get('/taxii2/api1/', { 'user-agent': null })).status === 400,
  'taxii21-bad-custom-property': async (s) => 'X-Mock' in (await s.get('/taxii2/')).json,
  'taxii21-auth-failure-403': async (s) => (await s.get('/taxii2/api1/collections/', { authorization: null })).status === 403,
  'taxii21-wrong-password-accepted': async (s) => (await s.get('/taxii2/api1/collections/', { authorization: basic('taxii', 'nope') })).status === 200,
  'taxii21-api-root-anonymous': async (s) => (await s.get('/taxii2/api1/', { authorization: null })).status === 200,
  'taxii21-no-www-authenticate': async (s) => (await s.get('/taxii2/api1/', { authorization: null })).headers['www-authenticate'] === undefined,
  'taxii21-no-basic': async (s) => (await s.get('/taxii2/api1/')).status === 401,
  'taxii21-read-not-checked': async (s) => (await s.get(`${s.dropBox}objects/`)).status === 200,
  'taxii21-client-certificate-any': async (s) => (await getWithCertificate(s, `${s.root}collections/`, await untrustedIdentity())) === 200,
  'taxii21-write-not-checked': async (s) => (await s.post([indicator(newId())], {}, s.feed)).status === 202,
};

// The host's faults it claims (TLS, plain HTTP, DNS) are the host's to apply; the fault matrix runs them.
describeProbes('the TAXII 2.1 mock\'s faults, each probed against the reference and against itself', 'faults', TAXII21_FAULTS.filter((f) => !isHostFault(f.name)), PROBES);
