// The registry of profiles: each plug-in is whole and consistent, and shared code names no
// profile — every profile-specific fact (id, SRV label, Discovery path) is found through the
// registry, so adding a profile touches only its own folders and one registry line.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSchemaSet } from '../../schemas/validator.js';
import { DEFAULT_PROFILE, getPlugin, getProfile, listFaults, mockProfiles, PLUGINS, PROFILE_IDS } from '../../suites/registry.js';

const root = path.resolve(import.meta.dirname, '../..');

/** The shared code: the engine, the probes, the reports, the mock host's files, the commands. */
const SHARED = ['suites/core', 'suites/probes', 'reports', 'mock-server/*.ts', 'mock-server/stages', 'bin/commands'];

function sourceFiles(dirs: readonly string[]): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.ts$/.test(e.name)) out.push(p);
    }
  };
  for (const s of dirs) {
    if (s.endsWith('/*.ts')) {
      const dir = path.join(root, s.slice(0, -5));
      for (const f of fs.readdirSync(dir)) if (f.endsWith('.ts')) out.push(path.join(dir, f));
    } else walk(path.join(root, s));
  }
  return out;
}

describe('the profile registry', () => {
  it('each plug-in is one profile: its suite and mock halves, faults and variants carry its id; its schemas load', () => {
    expect(PLUGINS.length).toBeGreaterThanOrEqual(2);
    expect(new Set(PROFILE_IDS).size).toBe(PROFILE_IDS.length);
    expect(DEFAULT_PROFILE).toBe(PLUGINS[0]!.id);
    for (const p of PLUGINS) {
      expect(p.suite.id, p.id).toBe(p.id);
      expect(p.mock.id, p.id).toBe(p.id);
      for (const f of p.faults) expect(f.profile, f.name).toBe(p.id);
      for (const v of p.variants) expect(v.profile, v.name).toBe(p.id);
      expect(p.schemasDir).toBe(`schemas/${p.id}`);
      expect(fs.statSync(path.join(root, p.schemasDir)).isDirectory()).toBe(true);
      expect(loadSchemaSet(p.id).names.length, p.id).toBeGreaterThan(0);
      expect(getPlugin(p.id)).toBe(p);
      expect(getProfile(p.id)).toBe(p.suite);
    }
    expect(getProfile('taxii9')).toBeUndefined();
  });

  it('mounts each profile at its own prefix; a profile with an SRV service has its mock advertise the same label', () => {
    const prefixes = PLUGINS.map((p) => p.mock.prefix);
    expect(new Set(prefixes).size).toBe(prefixes.length);
    for (const p of PLUGINS) {
      expect(p.mock.prefix, p.id).toMatch(/^\/([a-z0-9-]+\/)?$/);
      expect(p.mock.srvLabel, p.id).toBe(p.suite.srv?.label);
      // The Discovery URL an SRV record names is served where the profile is mounted.
      if (p.suite.srv) expect(p.suite.srv.path.startsWith(p.mock.prefix), p.id).toBe(true);
    }
  });

  it('chooses the mock halves to mount, in registry order; an unknown id is refused naming the known ones', () => {
    expect(mockProfiles().map((m) => m.id)).toEqual(PROFILE_IDS);
    expect(mockProfiles([...PROFILE_IDS].reverse()).map((m) => m.id)).toEqual(PROFILE_IDS);
    expect(mockProfiles([PROFILE_IDS[1]!]).map((m) => m.id)).toEqual([PROFILE_IDS[1]]);
    expect(() => mockProfiles(['taxii9'])).toThrow(new RegExp(`unknown profile "taxii9" \\(known: ${PROFILE_IDS.join(', ')}\\)`));
  });

  it('assembles the fault catalog from the plug-ins', () => {
    expect(listFaults().map((f) => `${f.profile}/${f.name}`)).toEqual(PLUGINS.flatMap((p) => p.faults.map((f) => `${p.id}/${f.name}`)));
  });

  it('shared code names no profile: no id, SRV label or Discovery path of one (comments included)', () => {
    const literals = PLUGINS.flatMap((p) => [p.id, ...(p.suite.srv ? [p.suite.srv.label, `'${p.suite.srv.path}'`] : [])]);
    const found: string[] = [];
    for (const file of sourceFiles(SHARED)) {
      fs.readFileSync(file, 'utf8').split('\n').forEach((line, i) => {
        for (const l of literals) if (line.includes(l)) found.push(`${path.relative(root, file)}:${i + 1}: ${l}`);
      });
    }
    expect(found).toEqual([]);
  });

  it('no code anywhere branches on a profile id', () => {
    const found: string[] = [];
    for (const file of sourceFiles(['bin', 'suites', 'mock-server', 'reports'])) {
      fs.readFileSync(file, 'utf8').split('\n').forEach((line, i) => {
        if (/\bprofile(Id|\.id)?\s*[!=]==?\s*['"`]|['"`][\w-]+['"`]\s*[!=]==?\s*\w*profile(Id|\.id)?\b/.test(line)) found.push(`${path.relative(root, file)}:${i + 1}`);
      });
    }
    expect(found).toEqual([]);
  });
});
