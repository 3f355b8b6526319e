// Faults: named, documented deviations from the reference behaviour the mock can be switched
// into. Each profile keeps its own in mock-server/<id>/faults.ts, with the cases of its suite
// each one breaks (filled in by the suite's author; the fault-matrix test checks them), and
// claims there the host's faults (host-faults.ts) that break its cases. The registry
// (suites/registry.ts) assembles the catalog.
import type { Fault, ProfileId } from '../suites/core/types.js';
import { HOST_FAULTS, isHostFault, type HostFaultName } from './host-faults.js';

/** One fault of a profile's table: its own (described here), or a host fault it claims. */
export type FaultEntry = { description: string; breaks: readonly string[] } | { host: true; breaks: readonly string[] };

/** A host fault claimed by a profile: its description is the host's, the cases are the profile's. */
export function claim(breaks: readonly string[]): { host: true; breaks: readonly string[] } {
  return { host: true, breaks };
}

/** A profile's faults, in the table's order. A claimed name that is no host fault is a bug (throws). */
export function defineFaults(profile: ProfileId, table: Readonly<Record<string, FaultEntry>>): Fault[] {
  return Object.entries(table).map(([name, f]) => {
    if ('host' in f && !isHostFault(name)) throw new Error(`${profile} claims "${name}", which is no host fault`);
    const description = 'host' in f ? HOST_FAULTS[name as HostFaultName] : f.description;
    return { name, profile, description, breaks: [...f.breaks] };
  });
}

/** Throws an Error naming every unknown fault and listing the valid ones. */
export function checkFaultNames(names: readonly string[], catalog: readonly Fault[]): void {
  const known = new Set(catalog.map((f) => f.name));
  const unknown = names.filter((n) => !known.has(n));
  if (unknown.length > 0) {
    throw new Error(
      `unknown fault${unknown.length > 1 ? 's' : ''} ${unknown.map((n) => `"${n}"`).join(', ')}; ` +
        `valid faults: ${[...known].join(', ')}`,
    );
  }
}

/**
 * The faults a running mock has switched on. `N` names the faults a reader may ask about (a
 * profile reads its state's set as a set of its own fault names, so that a typo fails to compile).
 */
export class FaultSet<N extends string = string> {
  private readonly on: ReadonlySet<string>;
  constructor(names: readonly string[]) {
    this.on = new Set(names);
  }
  has(name: N): boolean {
    return this.on.has(name);
  }
  get names(): string[] {
    return [...this.on];
  }
}
