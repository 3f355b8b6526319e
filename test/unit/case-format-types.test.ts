// The TypeScript types of the case format agree with its schema, both ways, on real data:
// tsc checks every cases and requirements file of the project as a literal of the derived
// types (what the schema accepts, the types accept), and values the schema rejects are type
// errors too (each under @ts-expect-error: an unused one fails the compile).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const tsc = join(repoRoot, 'node_modules/typescript/bin/tsc');

/** Every data file of the profiles: [kind, path]. */
function dataFiles(): ['cases' | 'requirements', string][] {
  const out: ['cases' | 'requirements', string][] = [];
  const suites = join(repoRoot, 'suites');
  for (const p of readdirSync(suites, { withFileTypes: true }).filter((d) => d.isDirectory())) {
    const dir = join(suites, p.name);
    for (const f of readdirSync(dir).filter((x) => x.endsWith('requirements.json'))) out.push(['requirements', join(dir, f)]);
    let cases: string[] = [];
    try {
      cases = readdirSync(join(dir, 'cases')).filter((x) => x.endsWith('.json'));
    } catch {
      continue;
    }
    for (const f of cases) out.push(['cases', join(dir, 'cases', f)]);
  }
  return out;
}

describe('the case format types', () => {
  it('accept every data file of the project and reject what the schema rejects', () => {
    const files = dataFiles();
    expect(files.filter(([k]) => k === 'cases').length).toBeGreaterThanOrEqual(20);
    const types = JSON.stringify(join(repoRoot, 'suites/core/types.js'));
    const lines = [`import type { CaseDef, Check, Requirement, Step } from ${types};`];
    files.forEach(([kind, path], i) => {
      const data = JSON.parse(readFileSync(path, 'utf8')) as unknown;
      const entries = Array.isArray(data) ? data : (data as Record<string, unknown>)[kind];
      lines.push(`// ${path}`, `export const data${i} = ${JSON.stringify(entries)} satisfies ${kind === 'cases' ? 'CaseDef' : 'Requirement'}[];`);
    });
    lines.push(
      '// @ts-expect-error a status is a number',
      "export const bad1: Check = { level: 'MUST', requirement: 'T2-X-01', status: '200' };",
      '// @ts-expect-error not an assertion',
      "export const bad2: Check = { level: 'MUST', requirement: 'T2-X-01', statsu: 200 };",
      '// @ts-expect-error a request needs a url',
      "export const bad3: Step = { request: { method: 'GET' } };",
      '// @ts-expect-error not a level',
      "export const bad4: Requirement = { id: 'T2-X-01', level: 'must', section: 's', text: 't', area: 'a' };",
      '// @ts-expect-error not a step kind',
      "export const bad5: Step = { ftp: { url: 'x' } };",
      '// @ts-expect-error not a TLS step field',
      "export const bad6: Step = { tls: { offerClass: 'baseline', port: 1 } };",
      '// @ts-expect-error not an auth mode',
      "export const bad7: Step = { request: { method: 'GET', url: 'x', auth: 'root' } };",
      '// @ts-expect-error a parallel group holds steps',
      'export const bad8: Step = { parallel: [1, 2] };',
    );
    const dir = mkdtempSync(join(tmpdir(), 'tc-case-types-'));
    const file = join(dir, 'data.ts');
    writeFileSync(file, `${lines.join('\n')}\n`);
    let output = '';
    try {
      execFileSync(process.execPath, [tsc, '--noEmit', '--strict', '--noUncheckedIndexedAccess', '--skipLibCheck', '--target', 'ES2022', '--module', 'NodeNext', '--moduleResolution', 'NodeNext', file], {
        cwd: repoRoot,
        encoding: 'utf8',
        stdio: 'pipe',
      });
    } catch (e) {
      output = `${(e as { stdout?: string }).stdout ?? ''}${(e as { stderr?: string }).stderr ?? ''}`;
    }
    expect(output, output.slice(0, 2000)).toBe('');
  }, 180_000);
});
