// Conformant variants: named ways of being conformant that the reference mock does not take
// (a freedom the spec leaves). Each profile keeps its own in mock-server/<id>/variants.ts; the
// registry (suites/registry.ts) assembles the catalog. A profile's mock half reads the ones
// switched on through its own variant names, as it reads its faults.
import type { ProfileId, Variant } from '../suites/core/types.js';
import { FaultSet } from './faults.js';

/** One variant of a profile's table. */
export interface VariantEntry {
  description: string;
  freedom: string;
  conflicts?: readonly string[];
  skips?: Readonly<Record<string, string>>;
}

/** A profile's variants, in the table's order. A conflict naming no variant of the table is a bug (throws). */
export function defineVariants(profile: ProfileId, table: Readonly<Record<string, VariantEntry>>): Variant[] {
  return Object.entries(table).map(([name, v]) => {
    for (const c of v.conflicts ?? []) if (!(c in table)) throw new Error(`${profile} variant "${name}" conflicts with "${c}", which is no variant of ${profile}`);
    // A conflict goes both ways, whichever side the table wrote it on.
    const conflicts = Object.entries(table).filter(([n, o]) => n !== name && ((v.conflicts ?? []).includes(n) || (o.conflicts ?? []).includes(name))).map(([n]) => n);
    return { name, profile, description: v.description, freedom: v.freedom, conflicts, skips: { ...(v.skips ?? {}) } };
  });
}

/**
 * Throws an Error when a name is no variant (listing the valid ones), a variant's profile is
 * not mounted, or two variants switched on conflict.
 */
export function checkVariants(names: readonly string[], mounted: readonly string[], catalog: readonly Variant[]): void {
  const unknown = names.filter((n) => !catalog.some((v) => v.name === n));
  if (unknown.length > 0) {
    throw new Error(
      `unknown variant${unknown.length > 1 ? 's' : ''} ${unknown.map((n) => `"${n}"`).join(', ')}; ` +
        `valid variants: ${catalog.map((v) => v.name).join(', ') || 'none'}`,
    );
  }
  for (const name of names) {
    const v = catalog.find((x) => x.name === name)!;
    if (!mounted.includes(v.profile)) throw new Error(`the variant "${name}" is the ${v.profile} profile's, which is not mounted (mounted: ${mounted.join(', ')})`);
    const clash = v.conflicts.find((c) => names.includes(c));
    if (clash !== undefined) throw new Error(`the variants "${name}" and "${clash}" take the same freedom two ways: switch on one of them`);
  }
}

/** The variants a running mock has switched on; `N` names the ones a reader may ask about. */
export class VariantSet<N extends string = string> extends FaultSet<N> {}
