import { describe, expect, it } from 'vitest';
import { FaultSet, checkFaultNames, claim, defineFaults } from '../../mock-server/faults.js';
import { HOST_FAULTS } from '../../mock-server/host-faults.js';
import { ERRORS, ERROR_USES } from '../../mock-server/http-errors.js';
import { listFaults, PROFILE_IDS } from '../../suites/registry.js';

describe('mock fault catalog', () => {
  it('has unique kebab-case names, a profile of the registry, a description each and a breaks list', () => {
    const faults = listFaults();
    // A name is one profile's, except a host fault: it may break the cases of several profiles, each claiming it.
    const keys = faults.map((f) => `${f.profile}/${f.name}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const f of faults) if (faults.some((g) => g.name === f.name && g.profile !== f.profile)) expect(Object.keys(HOST_FAULTS), f.name).toContain(f.name);
    for (const f of faults) {
      expect(f.name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(PROFILE_IDS, f.name).toContain(f.profile);
      expect(f.description.length).toBeGreaterThan(10);
      expect(Array.isArray(f.breaks)).toBe(true);
    }
  });

  it('every host fault is claimed by a profile (or several), with the host\'s description', () => {
    const faults = listFaults();
    for (const [name, description] of Object.entries(HOST_FAULTS)) {
      const claimed = faults.filter((f) => f.name === name);
      expect(claimed.length, name).toBeGreaterThanOrEqual(1);
      for (const c of claimed) expect(c.description).toBe(description);
    }
  });

  it('a profile cannot claim a fault the host does not have', () => {
    expect(() => defineFaults('some-profile', { 'tls-weak-suites': claim(['tls.x']), 'no-such-host-fault': claim([]) })).toThrow(/no-such-host-fault.*no host fault/);
    expect(defineFaults('some-profile', { 'tls-weak-suites': claim(['tls.x']) })).toEqual([
      { name: 'tls-weak-suites', profile: 'some-profile', description: HOST_FAULTS['tls-weak-suites'], breaks: ['tls.x'] },
    ]);
  });

  it('refuses unknown names, listing the valid ones', () => {
    expect(() => checkFaultNames(['no-405', 'nope'], listFaults())).toThrow(/unknown fault "nope".*valid faults: .*no-405/);
    expect(() => checkFaultNames(['no-405'], listFaults())).not.toThrow();
    expect(new FaultSet(['no-405']).has('no-405')).toBe(true);
    expect(new FaultSet(['no-405']).has('bogus')).toBe(false);
  });

  it('error catalog: codes are UPPER_SNAKE, each documented', () => {
    for (const [code, e] of Object.entries(ERRORS)) {
      expect(code).toMatch(/^[A-Z][A-Z0-9_]*$/);
      expect(e.status).toBeGreaterThanOrEqual(400);
      expect(ERROR_USES[code as keyof typeof ERRORS]).toBeTruthy();
    }
  });
});
