// The stamped catalog is used only while a profile's data files are the texts it was made from.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { catalogFingerprint } from '../../suites/core/stamped-catalog.js';

let root: string | undefined;
afterEach(() => {
  if (root) fs.rmSync(root, { recursive: true, force: true });
  root = undefined;
});

function profileDir(): string {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'tc-catalog-'));
  const dir = path.join(root, 'suites', 'p');
  fs.mkdirSync(path.join(dir, 'cases'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'requirements.json'), '[]');
  fs.writeFileSync(path.join(dir, 'cases', 'a.json'), '[{"id":"a.one"}]');
  return dir;
}

describe('catalogFingerprint', () => {
  it('is the same for the same files, and changes with a case file changed, added or renamed, or the requirements', () => {
    const dir = profileDir();
    const first = catalogFingerprint('p', root);
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    expect(catalogFingerprint('p', root)).toBe(first);
    fs.writeFileSync(path.join(dir, 'cases', 'a.json'), '[{"id":"a.two"}]');
    const changed = catalogFingerprint('p', root);
    expect(changed).not.toBe(first);
    fs.writeFileSync(path.join(dir, 'cases', 'b.json'), '[]');
    const added = catalogFingerprint('p', root);
    expect(added).not.toBe(changed);
    fs.renameSync(path.join(dir, 'cases', 'b.json'), path.join(dir, 'cases', 'c.json'));
    expect(catalogFingerprint('p', root)).not.toBe(added);
    const renamed = catalogFingerprint('p', root);
    fs.writeFileSync(path.join(dir, 'requirements.json'), '[ ]');
    expect(catalogFingerprint('p', root)).not.toBe(renamed);
    fs.writeFileSync(path.join(dir, 'cases', 'notes.txt'), 'not a case file');
    expect(catalogFingerprint('p', root)).toBe(catalogFingerprint('p', root));
  });

  it('is undefined when the files cannot be read (the profile is then loaded)', () => {
    profileDir();
    expect(catalogFingerprint('absent', root)).toBeUndefined();
  });
});
