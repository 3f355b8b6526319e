import { describe, expect, it } from 'vitest';
import { FAULTS, FaultSet, checkFaultNames } from '../../mock-server/faults.js';
import { ERRORS, ERROR_USES } from '../../mock-server/http-errors.js';

describe('mock fault catalog', () => {
  it('has unique kebab-case names, a description each and a breaks list', () => {
    const names = FAULTS.map((f) => f.name);
    expect(new Set(names).size).toBe(names.length);
    for (const f of FAULTS) {
      expect(f.name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(f.description.length).toBeGreaterThan(10);
      expect(Array.isArray(f.breaks)).toBe(true);
    }
  });

  it('refuses unknown names, listing the valid ones', () => {
    expect(() => checkFaultNames(['no-405', 'nope'])).toThrow(/unknown fault "nope".*valid faults: .*no-405/);
    expect(() => new FaultSet(['bogus'])).toThrow(/bogus/);
    expect(new FaultSet(['no-405']).has('no-405')).toBe(true);
  });

  it('error catalog: codes are UPPER_SNAKE, each documented', () => {
    for (const [code, e] of Object.entries(ERRORS)) {
      expect(code).toMatch(/^[A-Z][A-Z0-9_]*$/);
      expect(e.status).toBeGreaterThanOrEqual(400);
      expect(ERROR_USES[code as keyof typeof ERRORS]).toBeTruthy();
    }
  });
});
