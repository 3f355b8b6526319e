// URLs in a server's messages get the verdict of the case that governs them, and the cases
// that needed them skip saying which URL and why (issue 13). Real HTTPS against the mock,
// under the faults that list a Discovery's API Bases wrongly and the variant that serves
// Discovery elsewhere.
import https from 'node:https';
import { describe, expect, it } from 'vitest';
import { getPlugin } from '../../suites/registry.js';
import { runAgainst, startFor } from '../helpers/matrix-run.js';
import { runSuite } from '../../suites/core/runner.js';
import type { CaseResult } from '../../suites/core/types.js';

const plugin = getPlugin('taxii2-predraft');
/** The cases that read the Discovery message, and some that need the API Base it names. */
const CASES = ['discovery.get', 'discovery.api-bases-https', 'discovery.api-bases-urls', 'schemas.discovery', 'api-base.get', 'channels.list', 'collections.list', 'auth.token-issued'];

/** The status of GET `url` (the mock's certificate not checked: it is the mock's own). */
const statusOf = (url: string): Promise<number> =>
  new Promise((resolve, reject) => {
    https.get(url, { rejectUnauthorized: false, headers: { accept: 'application/taxii+json' } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    }).on('error', reject);
  });

interface Outcome {
  byId: Map<string, CaseResult>;
  notes: string[];
  url: string;
  /** Every URL a case sent a request to. */
  sentTo: string[];
  /** GET /taxii/ on the mock. */
  taxiiPathStatus: number;
}

async function runUnder(o: { faults?: string[]; variants?: string[] }): Promise<Outcome> {
  const mock = await startFor(plugin, { ...(o.faults ? { faults: o.faults } : {}), ...(o.variants ? { variants: o.variants } : {}), dnsPort: undefined });
  try {
    const report = await runAgainst(mock, plugin.suite, CASES);
    const sentTo = report.cases.flatMap((c) => c.evidence.flatMap((e) => (e.request ? [e.request.url] : [])));
    const taxiiPathStatus = await statusOf(new URL('/taxii/', mock.url).href);
    return { byId: new Map(report.cases.map((c) => [c.id, c])), notes: report.notes ?? [], url: mock.url, sentTo, taxiiPathStatus };
  } finally {
    await mock.close();
  }
}

describe('pre-draft: the API Bases a Discovery message lists', () => {
  it('a relative reference warns on discovery.api-bases-urls, naming it, and is resolved against the Discovery URL and tested', async () => {
    const { byId, notes } = await runUnder({ faults: ['api-bases-relative'] });
    const urls = byId.get('discovery.api-bases-urls')!;
    expect(urls.verdict).toBe('warn');
    expect(urls.message).toContain('"/trustgroup1/"');
    expect(urls.message).toMatch(/a relative reference, resolved to https:\/\/127\.0\.0\.1:\d+\/trustgroup1\/\): a relative reference, not an absolute URL/);
    // Resolved, it is https: the HTTPS case and the schema pass; the API Base is tested.
    for (const id of ['discovery.api-bases-https', 'schemas.discovery', 'api-base.get', 'channels.list', 'auth.token-issued']) expect(byId.get(id)?.verdict, id).toBe('pass');
    expect(notes.join('\n')).toMatch(/relative references, resolved against https:\/\/127\.0\.0\.1:\d+\/taxii\/ \(RFC 3986\): "\/trustgroup1\/"/);
  });

  it('an entry that is no URL fails discovery.api-bases-urls and the schema, naming it; the cases needing an API Base skip saying which and why', async () => {
    const { byId } = await runUnder({ faults: ['api-bases-malformed'] });
    const urls = byId.get('discovery.api-bases-urls')!;
    expect(urls.verdict).toBe('fail');
    expect(urls.message).toContain('"https://{host}/trustgroup1/" is not a URL');
    expect(byId.get('schemas.discovery')?.verdict).toBe('fail');
    for (const id of ['api-base.get', 'channels.list', 'collections.list', 'auth.token-issued']) {
      const c = byId.get(id)!;
      expect(c.verdict, id).toBe('skip');
      expect(c.message, id).toMatch(/^the Discovery message at https:\/\/127\.0\.0\.1:\d+\/taxii\/ lists no API Base the run can test: "https:\/\/\{host\}\/trustgroup1\/" is not a URL: it holds "\{", which RFC 3986 does not allow unencoded \(discovery\.api-bases-urls fails on it\)/);
      expect(c.message, id).not.toMatch(/setup problem|started from an API Base/);
    }
  });

  it('a plain-HTTP entry fails discovery.api-bases-https, is never sent to, and the cases needing an API Base say so', async () => {
    const { byId, sentTo } = await runUnder({ faults: ['api-bases-plain-http'] });
    expect(sentTo.length).toBeGreaterThan(0);
    expect(sentTo.filter((u) => u.startsWith('http:'))).toEqual([]);
    const https = byId.get('discovery.api-bases-https')!;
    expect(https.verdict).toBe('fail');
    expect(https.message).toMatch(/"http:\/\/127\.0\.0\.1:\d+\/trustgroup1\/"/);
    expect(byId.get('discovery.api-bases-urls')?.verdict).toBe('pass');
    for (const id of ['api-base.get', 'channels.list', 'auth.token-issued']) {
      const c = byId.get(id)!;
      expect(c.verdict, id).toBe('skip');
      expect(c.message, id).toMatch(/lists no API Base the run can test: "http:\/\/127\.0\.0\.1:\d+\/trustgroup1\/" is plain HTTP: the TAXII Protocol is "HTTPS only" \(discovery\.api-bases-https fails on it\)/);
    }
  });
});

describe('pre-draft: Discovery at another path (discovery-elsewhere)', () => {
  it('the mock reports /disco/v2/, /taxii/ answers 404, and the run from the reported URL passes', async () => {
    const { byId, url, taxiiPathStatus } = await runUnder({ variants: ['discovery-elsewhere'] });
    expect(new URL(url).pathname).toBe('/disco/v2/');
    expect(taxiiPathStatus).toBe(404);
    for (const id of CASES) expect(byId.get(id)?.verdict, `${id}: ${byId.get(id)?.message}`).toBe('pass');
  });
});

describe('TAXII 2.1: the API Roots a Discovery resource lists', () => {
  const t21 = getPlugin('taxii21');
  const CASES21 = ['discovery.get', 'discovery.api-root-urls', 'api-root.get', 'collections.list'];
  async function run21(faults: string[]): Promise<{ byId: Map<string, CaseResult>; origin: string }> {
    const mock = await startFor(t21, { faults, dnsPort: undefined });
    try {
      const report = await runAgainst(mock, t21.suite, CASES21);
      return { byId: new Map(report.cases.map((c) => [c.id, c])), origin: new URL(mock.url).origin };
    } finally {
      await mock.close();
    }
  }

  // Each: the fault, and what the skip says of the entry (given the mock's origin).
  const FAULTS: Array<[string, (origin: string) => string]> = [
    ['taxii21-api-roots-malformed', () => '"https://{host}/taxii2/api1/" is not a URL: it holds "{", which RFC 3986 does not allow unencoded'],
    ['taxii21-api-roots-path-relative', (o) => `"api1/" (a relative reference, resolved to ${o}/taxii2/api1/) is a relative URL that does not start with exactly one "/"`],
    ['taxii21-api-roots-http', (o) => `"${o.replace('https:', 'http:')}/taxii2/api1/" is plain HTTP: an absolute API Root URL MUST be https`],
  ];
  for (const [fault, said] of FAULTS) {
    it(`${fault}: discovery.api-root-urls fails naming the entry; the API Root cases skip saying which and why`, async () => {
      const { byId, origin } = await run21([fault]);
      const urls = byId.get('discovery.api-root-urls')!;
      expect(urls.verdict).toBe('fail');
      expect(urls.message).toContain(said(origin).slice(0, said(origin).indexOf('" ') + 1));
      for (const id of ['api-root.get', 'collections.list']) {
        const c = byId.get(id)!;
        expect(c.verdict, id).toBe('skip');
        expect(c.message, id).toContain(`the Discovery resource at ${origin}/taxii2/ lists no API Root the run can test: ${said(origin)} (discovery.api-root-urls fails on it)`);
      }
    });
  }
});

describe('a Discovery URL that refuses the run says so to the cases that needed it', () => {
  for (const [id, variants, discoveryCase] of [
    ['taxii2-predraft', [], 'discovery.api-bases-https'],
    ['taxii21', ['taxii21-discovery-authenticated'], 'discovery.api-root-urls'],
  ] as const) {
    it(`${id}: 401 to a wrong password, not "the run started from an API Base URL"`, async () => {
      const p = getPlugin(id);
      const mock = await startFor(p, { variants: [...variants], dnsPort: undefined });
      try {
        const { report } = await runSuite({
          profile: p.suite,
          target: mock.url,
          creds: { user: mock.credentials.user, password: 'not-the-password' },
          insecure: true,
          caseIds: [discoveryCase],
          gate: 'must',
          concurrency: 2,
          timeoutMs: 15_000,
          readOnly: true,
        });
        const c = report.cases.find((x) => x.id === discoveryCase)!;
        expect(c.verdict).toBe('skip');
        expect(c.message).toBe(`${mock.url} answered 401 to the run's credentials: neither its Discovery nor its ${id === 'taxii21' ? 'API Root resource' : 'API Base message'} could be read`);
      } finally {
        await mock.close();
      }
    });
  }
});

describe('taxii1: the service addresses a Discovery Response advertises', () => {
  it('taxii1-address-malformed: discovery.service-records fails naming the address; the services\' cases skip saying which and why', async () => {
    const t1 = getPlugin('taxii1');
    const mock = await startFor(t1, { faults: ['taxii1-address-malformed'] });
    try {
      const report = await runAgainst(mock, t1.suite, ['discovery.service-records', 'feed-management.information', 'poll.open-range']);
      const byId = new Map(report.cases.map((c) => [c.id, c]));
      const records = byId.get('discovery.service-records')!;
      expect(records.verdict).toBe('fail');
      expect(records.message).toMatch(/"https:\/\/\{host\}\/taxii1\/[^"]*" is not a URL: it holds "\{"/);
      for (const [id, type] of [['feed-management.information', 'FEED-MANAGEMENT'], ['poll.open-range', 'POLL']] as const) {
        const c = byId.get(id)!;
        expect(c.verdict, id).toBe('skip');
        expect(c.message, id).toMatch(new RegExp(`^the ${type} service's address in the Discovery Response: "https://\\{host\\}/taxii1/[^"]*" is not a URL: .* \\(discovery\\.service-records fails on it\\)$`));
      }
    } finally {
      await mock.close();
    }
  });
});
