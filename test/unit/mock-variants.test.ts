import { describe, expect, it } from 'vitest';
import { checkVariants, defineVariants, VariantSet } from '../../mock-server/variants.js';
import { listVariants } from '../../suites/registry.js';

const freedom = 'the spec leaves this open';
const table = {
  'paths-deep': { description: 'API Bases at deeper paths', freedom },
  'paths-flat': { description: 'API Bases at the root', freedom, conflicts: ['paths-deep'] },
  'rs256-tokens': { description: 'tokens signed RS256', freedom, skips: { 'auth.x': 'no token endpoint here' } },
};

describe('conformant variants', () => {
  const catalog = defineVariants('taxii2-predraft', table);

  it('carry their profile, and a conflict goes both ways whichever side wrote it', () => {
    expect(catalog.map((v) => [v.name, v.profile, v.conflicts])).toEqual([
      ['paths-deep', 'taxii2-predraft', ['paths-flat']],
      ['paths-flat', 'taxii2-predraft', ['paths-deep']],
      ['rs256-tokens', 'taxii2-predraft', []],
    ]);
    expect(catalog[2]!.skips).toEqual({ 'auth.x': 'no token endpoint here' });
  });

  it('a conflict with no variant of the table is a bug', () => {
    expect(() => defineVariants('taxii1', { a: { description: 'a', freedom, conflicts: ['b'] } })).toThrow(/"a" conflicts with "b", which is no variant of taxii1/);
  });

  it('switching on: unknown names, profiles not mounted and conflicts are refused, naming them', () => {
    expect(() => checkVariants(['nope', 'paths-deep'], ['taxii2-predraft'], catalog)).toThrow(/unknown variant "nope"; valid variants: paths-deep, paths-flat, rs256-tokens/);
    expect(() => checkVariants(['paths-deep'], ['taxii1'], catalog)).toThrow(/the variant "paths-deep" is the taxii2-predraft profile's, which is not mounted \(mounted: taxii1\)/);
    expect(() => checkVariants(['paths-flat', 'paths-deep'], ['taxii2-predraft'], catalog)).toThrow(/"paths-flat" and "paths-deep" take the same freedom two ways/);
    expect(() => checkVariants(['paths-deep', 'rs256-tokens'], ['taxii2-predraft', 'taxii1'], catalog)).not.toThrow();
  });

  it('a set answers for the names switched on only', () => {
    const on = new VariantSet(['paths-deep']);
    expect(on.has('paths-deep')).toBe(true);
    expect(on.has('paths-flat')).toBe(false);
  });

  it('a name is one variant of one profile across the whole catalog (mock --variant NAME names one)', () => {
    const names = listVariants().map((v) => `${v.name}`);
    expect(names.filter((n, i) => names.indexOf(n) !== i)).toEqual([]);
  });

  it('the registry lists copies: a caller cannot change the catalog', () => {
    const first = listVariants();
    expect(first.length).toBeGreaterThan(0);
    first[0]!.conflicts.push('x');
    first[0]!.skips['y'] = 'z';
    expect(listVariants()[0]!.conflicts).not.toContain('x');
    expect(listVariants()[0]!.skips).not.toHaveProperty('y');
  });
});
