// schemas/report.schema.json: a JSON Schema 2020-12 of report.json that CI tooling can rely
// on — published in the package, strict enough to reject a report that breaks the contract.
// Real reports (passing, failing, baselined, interrupted, all-skipped runs) are validated
// against it in test/integration/output-agreement.test.ts.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsImport from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import type { RunReport } from '../../suites/core/types.js';
import { reportOf } from '../helpers/report-fixtures.js';

const addFormats = ((addFormatsImport as unknown as { default?: unknown }).default ?? addFormatsImport) as (a: Ajv2020) => void;
const root = path.resolve(import.meta.dirname, '../..');
const schema = JSON.parse(fs.readFileSync(path.join(root, 'schemas/report.schema.json'), 'utf8')) as { $schema: string };
const ajv = new Ajv2020({ strict: true, allErrors: true });
addFormats(ajv);
const validate = ajv.compile(schema);

function sample(): RunReport {
  return reportOf(
    [
      {
        id: 'discovery.get', area: 'discovery', level: 'MUST', title: 't', requirements: ['T2-DISC-01'], verdict: 'fail', durationMs: 3, message: 'm',
        checks: [{ requirement: 'T2-DISC-01', level: 'MUST', ok: false, expected: 'status 200', actual: 'status 500' }],
        evidence: [{ kind: 'http', request: { method: 'GET', url: 'https://t/', headers: {} }, response: { status: 500, headers: {}, body: '', bodyBytes: 0, truncated: false }, curl: "curl 'https://t/'", durationMs: 2 }],
        known: true,
      },
      { id: 'tls.tls13', area: 'tls', level: 'MAY', title: 't', requirements: [], verdict: 'info', durationMs: 1, message: 'seen', checks: [], evidence: [] },
      { id: 'auth.x', area: 'auth', level: 'MUST', title: 't', requirements: [], verdict: 'error', durationMs: 0, message: 'not run: interrupted', checks: [], evidence: [], notRun: true },
    ],
    {
      requirements: [{ id: 'T2-DISC-01', level: 'MUST', section: 's', text: 'x', cases: ['discovery.get'], verdict: 'fail' }],
      baseline: { file: 'known.json', known: ['discovery.get'], newFailures: [], nowPassing: [], notRun: [], reasons: { 'discovery.get': 'ticket 1' } },
      notes: ['n'],
      leftovers: [],
      interrupted: true,
    },
  );
}

describe('schemas/report.schema.json', () => {
  it('is JSON Schema 2020-12 and accepts a report with every optional part', () => {
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    const ok = validate(sample());
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it.each<[string, (r: RunReport) => void]>([
    ['a verdict outside the contract', (r) => ((r.cases[0] as { verdict: string }).verdict = 'passed')],
    ['a summary without its not-run count', (r) => delete (r.summary as Partial<RunReport['summary']>).notRun],
    ['a gate that is neither passed nor failed', (r) => ((r.summary as { gate: string }).gate = 'ok')],
    ['a field the contract does not name', (r) => ((r as unknown as Record<string, unknown>).password = 'x')],
    ['run options holding an object', (r) => ((r.run.options as Record<string, unknown>).creds = { user: 'u' })],
    ['evidence of an unknown kind', (r) => ((r.cases[0]!.evidence[0] as { kind: string }).kind = 'smtp')],
    ['a catalog version that is not a hash', (r) => (r.catalog.version = '1.0')],
  ])('rejects %s', (_what, spoil) => {
    const r = sample();
    spoil(r);
    expect(validate(r)).toBe(false);
  });

  it('is published in the package', () => {
    const p = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8' });
    expect(p.status, p.stderr).toBe(0);
    const files = (JSON.parse(p.stdout) as { files: { path: string }[] }[])[0]!.files.map((f) => f.path);
    expect(files).toContain('schemas/report.schema.json');
    // and importable by its package path (`taxii-conform/schemas/report.schema.json`).
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { exports: Record<string, unknown> };
    expect(pkg.exports['./schemas/report.schema.json']).toBe('./schemas/report.schema.json');
  });
});
