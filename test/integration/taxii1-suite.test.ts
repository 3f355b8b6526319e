// The taxii1 profile of the suite against the reference mock, over real HTTPS on loopback,
// in each of the three XML bindings: every case passes, or skips because its exchange does
// not exist in the binding (saying so). Then the taxii1-* faults: under each, every case it
// names fails or warns in every binding where it does not skip for that binding reason.
// Last, the CLI path once (`run --profile taxii1 --binding xml-1.0`).
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listFaults, startMock, type RunningMock } from '../../mock-server/index.js';
import { runSuite } from '../../suites/core/runner.js';
import { getProfile } from '../../suites/profiles.js';
import type { Profile } from '../../suites/core/profile.js';
import type { CaseResult, RunReport } from '../../suites/core/types.js';
import { BINDING_IDS, type BindingId } from '../../suites/taxii1/bindings/index.js';
import { run } from '../../bin/commands/run.js';

const certCacheDir = join(tmpdir(), 'taxii-conform-mock-cert-test');
const taxii1 = getProfile('taxii1')!;
const profiles = Object.fromEntries(BINDING_IDS.map((b) => [b, taxii1.configure!({ binding: b })])) as Record<BindingId, Profile>;

/** The cases each binding has no exchange for: they skip, saying why. */
const BINDING_SKIPS: Record<BindingId, string[]> = {
  'xml-1.1': ['feed-management.modify', 'messages.draft-binding'],
  'xml-1.0': [
    'feed-management.pause',
    'feed-management.resume',
    'feed-management.modify',
    'feed-management.subscription-status',
    'inbox.destination',
    'messages.draft-binding',
  ],
  'xml-1.0-draft': ['feed-management.subscription-status', 'inbox.destination', 'errors.action-of-another-binding', 'headers.services-header'],
};

const discoveryOf = (mock: RunningMock): string => `${mock.url.replace(/\/taxii\/?$/, '')}/taxii1/discovery`;

async function runAgainst(mock: RunningMock, binding: BindingId, caseIds?: string[]): Promise<RunReport> {
  const { report, unreachable } = await runSuite({
    profile: profiles[binding],
    target: discoveryOf(mock),
    creds: { user: mock.credentials.user, password: mock.credentials.password },
    insecure: true,
    ...(caseIds ? { caseIds } : {}),
    gate: 'must',
    concurrency: 8,
    timeoutMs: 15_000,
    readOnly: false,
  });
  expect(unreachable).toBeUndefined();
  return report;
}

const show = (r: CaseResult): string => `${r.id}: ${r.verdict} — ${r.message}`;

describe('the profile', () => {
  it('is registered and configurable per binding; an unknown binding is an error naming the valid ones', () => {
    expect(taxii1.id).toBe('taxii1');
    expect(taxii1.mediaType).toBe('application/xml');
    expect(taxii1.configure!({}).title).toBe(taxii1.title);
    expect(profiles['xml-1.0'].title).toMatch(/TAXII 1\.0 XML/);
    expect(() => taxii1.configure!({ binding: 'json-2.0' })).toThrow(/xml-1\.1, xml-1\.0, xml-1\.0-draft/);
    expect(() => taxii1.configure!({ colour: 'blue' })).toThrow(/no option "colour"/);
  });

  it('encodes a data-model message in the binding with its headers, and decodes any binding', () => {
    const enc = profiles['xml-1.0'].encode!({ type: 'discovery-request' });
    expect(enc.body).toContain('<taxii:Discovery_Request xmlns:taxii="http://taxii.mitre.org/messages/taxii_xml_binding-1"');
    expect(enc.headers['x-taxii-content-type']).toBe('urn:taxii.mitre.org:message:xml:1.0');
    expect(enc.headers['x-taxii-services']).toBe('urn:taxii.mitre.org:services:1.0');
    const draft = profiles['xml-1.0-draft'].encode!({ type: 'discovery-request' });
    expect(draft.headers['x-taxii-services']).toBeUndefined();
    // The 1.1 profile reads a 1.0 body (negotiation may ask for one).
    const d = profiles['xml-1.1'].decode!(Buffer.from(enc.body), {});
    expect(d.ok && (d.value as { type: string }).type).toBe('discovery-request');
    const bad = profiles['xml-1.1'].decode!(Buffer.from('<not-closed'), {});
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.why).toMatch(/Bad Message/);
    expect(() => taxii1.generate('taxii-data', 10, new Map())).toThrow(/no generator/);
  });
});

describe('the reference mock, in each binding', () => {
  let mock: RunningMock;
  const reports = new Map<BindingId, RunReport>();
  beforeAll(async () => {
    mock = await startMock({ port: 0, certCacheDir, log: () => {} });
    // The three bindings at once: each run's writes carry its own prefix.
    await Promise.all(BINDING_IDS.map(async (b) => reports.set(b, await runAgainst(mock, b))));
  });
  afterAll(async () => {
    await mock?.close();
  });

  for (const b of BINDING_IDS) {
    it(`${b}: every case passes, or skips because the binding lacks its exchange`, () => {
      const report = reports.get(b)!;
      expect(report.profile).toBe('taxii1');
      expect(report.cases).toHaveLength(taxii1.cases().length);
      const notPassed = report.cases.filter((r) => r.verdict !== 'pass' && !(r.verdict === 'skip' && BINDING_SKIPS[b].includes(r.id))).map(show);
      expect(notPassed).toEqual([]);
      const skipped = report.cases.filter((r) => r.verdict === 'skip');
      expect(skipped.map((r) => r.id).sort()).toEqual([...BINDING_SKIPS[b]].sort());
      for (const r of skipped) expect(r.message, r.id).toMatch(/binding|draft/i);
      expect(report.summary.gate).toBe('passed');
      expect(report.leftovers).toEqual([]);
    });
  }
});

describe.concurrent('under each taxii1 fault, the cases it names fail or warn', () => {
  for (const fault of listFaults().filter((f) => f.name.startsWith('taxii1-') && f.breaks.length > 0)) {
    it(fault.name, async () => {
      const mock = await startMock({ port: 0, certCacheDir, log: () => {}, faults: [fault.name] });
      try {
        const caught = new Set<string>();
        for (const b of BINDING_IDS) {
          const report = await runAgainst(mock, b, fault.breaks);
          expect(report.cases.map((r) => r.id).sort()).toEqual([...fault.breaks].sort());
          for (const r of report.cases) {
            if (BINDING_SKIPS[b].includes(r.id)) {
              expect(r.verdict, `${b}: ${show(r)}`).toBe('skip');
              continue;
            }
            expect(['fail', 'warn'], `${fault.name} under ${b} did not catch ${show(r)}`).toContain(r.verdict);
            expect(r.message.length, `${r.id} says what was wrong`).toBeGreaterThan(10);
            caught.add(r.id);
          }
        }
        expect([...caught].sort()).toEqual([...fault.breaks].sort());
      } finally {
        await mock.close();
      }
    });
  }
});

describe('the CLI', () => {
  let mock: RunningMock;
  beforeAll(async () => {
    mock = await startMock({ port: 0, certCacheDir, log: () => {} });
  });
  afterAll(async () => {
    await mock?.close();
  });

  it('run --profile taxii1 --binding xml-1.0 <discovery URL> exits 0 and writes the report', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tc-taxii1-cli-'));
    const printed: string[] = [];
    const code = await run(
      {
        url: discoveryOf(mock),
        profile: 'taxii1',
        binding: 'xml-1.0',
        user: mock.credentials.user,
        password: mock.credentials.password,
        insecure: true,
        gate: 'must',
        'report-dir': dir,
        format: 'json',
        concurrency: '8',
        timeout: '15000',
        'read-only': false,
        verbose: false,
        progress: false,
      },
      (s) => printed.push(s),
    );
    expect(code, printed.join('')).toBe(0);
    const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as RunReport;
    expect(report.profile).toBe('taxii1');
    expect(report.summary.failed).toBe(0);
    expect(report.summary.skipped).toBe(BINDING_SKIPS['xml-1.0'].length);
    expect(report.notes?.some((n) => n.includes('TAXII 1.0 XML Message Binding'))).toBe(true);
  });

  it('setup: a target that does not answer is unreachable; one that answers no Discovery Response is a setup problem', async () => {
    const base = { profile: taxii1, creds: { user: mock.credentials.user, password: mock.credentials.password }, insecure: true, gate: 'must' as const, concurrency: 4, timeoutMs: 5_000, readOnly: true };
    const down = await runSuite({ ...base, target: 'https://127.0.0.1:1/taxii1/discovery' });
    expect(down.unreachable).toMatch(/127\.0\.0\.1:1/);
    // The 2.0 pre-draft Discovery URL: HTTPS, but no TAXII 1.x service there.
    const wrong = await runSuite({ ...base, target: mock.url, caseIds: ['discovery.request', 'poll.open-range'] });
    expect(wrong.unreachable).toBeUndefined();
    expect(wrong.report.summary.gate).toBe('failed');
    expect(wrong.report.notes?.some((n) => /setup problem: .*no Discovery Response/.test(n)), JSON.stringify(wrong.report.notes)).toBe(true);
    expect(wrong.report.cases.find((c) => c.id === 'discovery.request')?.verdict).toBe('fail');
    expect(wrong.report.cases.find((c) => c.id === 'poll.open-range')?.verdict).toBe('skip');
  });

  it('refuses an unknown --binding as a usage error', async () => {
    await expect(run({ url: discoveryOf(mock), profile: 'taxii1', binding: 'xml-9', insecure: true, gate: 'must', 'report-dir': tmpdir(), format: 'json', concurrency: '1', timeout: '1000', 'read-only': false, verbose: false, progress: false })).rejects.toThrow(/--binding: unknown binding "xml-9"/);
  });
});
