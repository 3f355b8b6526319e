// The taxii1 profile of the suite: configured per binding, encoding and decoding, against
// the reference mock over real HTTPS on loopback through the CLI (`run --profile taxii1
// --binding xml-1.0`) and its setup. The reference run and the faults in each binding are
// the fault matrix's (test/integration/fault-matrix.test.ts, over the registry).
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMock, type RunningMock } from '../../mock-server/index.js';
import { runSuite } from '../../suites/core/runner.js';
import { getProfile } from '../../suites/registry.js';
import type { Profile } from '../../suites/core/profile.js';
import type { RunReport } from '../../suites/core/types.js';
import { skipsIn } from '../helpers/profile-matrix.js';
import { BINDING_IDS, type BindingId } from '../../suites/taxii1/bindings/index.js';
import { run } from '../../bin/commands/run.js';

const certCacheDir = join(tmpdir(), 'taxii-conform-mock-cert-test');
const taxii1 = getProfile('taxii1')!;
const profiles = Object.fromEntries(BINDING_IDS.map((b) => [b, taxii1.configure!({ binding: b })])) as Record<BindingId, Profile>;

/** The mounted taxii1 profile's entry URL: its Discovery service. */
const discoveryOf = (mock: RunningMock): string => mock.mounted.find((m) => m.profile === 'taxii1')!.url;

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
    expect(report.summary.skipped).toBe(skipsIn('taxii1', { binding: 'xml-1.0' }).length);
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
