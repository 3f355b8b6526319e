// The published TAXII 1.0 and 1.1 XML Message Binding schemas (docs/spec/xsd, copies of
// shared/spec/xsd) as an independent judge of XML on the wire: xmllint --nonet --schema, one
// run per binding for many documents. The 2012 draft has no published schema.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { BindingId } from '../../suites/taxii1/bindings/index.js';

export const XSD_DIR = join(import.meta.dirname, '..', '..', 'docs', 'spec', 'xsd');

export const XSD_OF: Partial<Record<BindingId, string>> = {
  'xml-1.0': 'TAXII_XMLMessageBinding_Schema.xsd',
  'xml-1.1': 'TAXII_XMLMessageBinding_Schema_11.xsd',
};

/** Why the XSDs cannot judge here (the copies or xmllint are missing), or undefined. */
export function xsdUnavailable(): string | undefined {
  for (const f of Object.values(XSD_OF)) if (!existsSync(join(XSD_DIR, f!))) return `the published XSD ${f} is not in ${XSD_DIR}`;
  const v = spawnSync('xmllint', ['--version'], { encoding: 'utf8' });
  return v.error ? `xmllint is not installed (${v.error.message})` : undefined;
}

/**
 * Validates each document against binding `bid`'s XSD; what it refuses, by document name
 * (xmllint's words without the file name). A document xmllint did not judge fails the test.
 */
export function xsdFailures(bid: BindingId, docs: ReadonlyArray<{ name: string; xml: string }>): Record<string, string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'taxii1-xsd-'));
  try {
    const files = docs.map((d, i) => {
      const path = join(dir, `${bid}-${i}.xml`);
      writeFileSync(path, d.xml);
      return { name: d.name, path };
    });
    const run = spawnSync('xmllint', ['--nonet', '--noout', '--schema', join(XSD_DIR, XSD_OF[bid]!), ...files.map((f) => f.path)], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    expect(run.error).toBeUndefined();
    const out = run.stderr.split('\n');
    const failures: Record<string, string[]> = {};
    for (const f of files) {
      expect(out.filter((l) => l === `${f.path} validates` || l === `${f.path} fails to validate`), f.name).toHaveLength(1);
      if (out.includes(`${f.path} fails to validate`)) failures[f.name] = out.filter((l) => l.startsWith(`${f.path}:`)).map((l) => l.slice(f.path.length + 1));
    }
    return failures;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
