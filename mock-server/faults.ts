// Faults: named, documented deviations from the reference behaviour the mock can be switched
// into. Each profile keeps its own in mock-server/<id>/faults.ts, with the cases of its suite
// each one breaks (filled in by the suite's author; the fault-matrix test checks them), and
// claims there the host's faults (host-faults.ts) that break its cases. The registry
// (suites/registry.ts) assembles the catalog.
//
// A fault that breaks a requirement governing several URLs (the profile's coverage spec:
// suites/<id>/coverage.ts) names it in `governs`; it can then be switched on for one URL kind
// only, `name@kind` (e.g. `ignore-accept@get-collection`): the mock's router gives each
// request its URL kind, and the stages a profile builds from its faults are built once per
// URL kind from the faults as seen there (stages/scoped.ts, RequestContext.faults).
import { governedKinds, type CoverageSpec } from '../suites/core/coverage.js';
import type { Fault, ProfileId } from '../suites/core/types.js';
import { HOST_FAULTS, isHostFault, type HostFaultName } from './host-faults.js';

/** One fault of a profile's table: its own (described here), or a host fault it claims. */
export type FaultEntry =
  | { description: string; breaks: readonly string[]; governs?: readonly string[] }
  | { host: true; breaks: readonly string[] };

/** Between a fault's name and the URL kind it is scoped to: `ignore-accept@get-collection`. */
export const SCOPE_SEPARATOR = '@';

/** A fault as switched on: its name, and the URL kind it is scoped to, if any. */
export function parseFaultName(given: string): { name: string; scope?: string } {
  const at = given.indexOf(SCOPE_SEPARATOR);
  return at < 0 ? { name: given } : { name: given.slice(0, at), scope: given.slice(at + 1) };
}

/** A host fault claimed by a profile: its description is the host's, the cases are the profile's. */
export function claim(breaks: readonly string[]): { host: true; breaks: readonly string[] } {
  return { host: true, breaks };
}

/**
 * A profile's faults, in the table's order; a fault that `governs` requirements takes the URL
 * kinds they govern in `coverage` as its scopes. A claimed name that is no host fault, or a
 * governed requirement the coverage spec does not list, is a bug (throws).
 */
export function defineFaults(profile: ProfileId, table: Readonly<Record<string, FaultEntry>>, coverage?: CoverageSpec): Fault[] {
  return Object.entries(table).map(([name, f]) => {
    if ('host' in f && !isHostFault(name)) throw new Error(`${profile} claims "${name}", which is no host fault`);
    if (name.includes(SCOPE_SEPARATOR)) throw new Error(`${profile} fault "${name}": a fault's name holds no "${SCOPE_SEPARATOR}"`);
    const description = 'host' in f ? HOST_FAULTS[name as HostFaultName] : f.description;
    const governs = 'host' in f ? [] : [...(f.governs ?? [])];
    if (governs.length === 0) return { name, profile, description, breaks: [...f.breaks] };
    const scopes: string[] = [];
    for (const r of governs) {
      const kinds = coverage ? governedKinds(coverage, r) : [];
      if (kinds.length === 0) throw new Error(`${profile} fault "${name}" governs ${r}, which its coverage spec lists as governing no URLs`);
      for (const k of kinds) if (!scopes.includes(k.id)) scopes.push(k.id);
    }
    const order = coverage!.urlKinds.map((k) => k.id);
    return { name, profile, description, breaks: [...f.breaks], governs, scopes: scopes.sort((a, b) => order.indexOf(a) - order.indexOf(b)) };
  });
}

/**
 * Throws an Error naming every unknown fault and listing the valid ones; for a scoped one
 * (`name@kind`), a fault that takes no scope (listing those that do) or a URL kind it does
 * not govern (listing those it does).
 */
export function checkFaultNames(names: readonly string[], catalog: readonly Fault[]): void {
  const known = new Set(catalog.map((f) => f.name));
  const unknown = names.filter((n) => !known.has(parseFaultName(n).name));
  if (unknown.length > 0) {
    throw new Error(
      `unknown fault${unknown.length > 1 ? 's' : ''} ${unknown.map((n) => `"${n}"`).join(', ')}; ` +
        `valid faults: ${[...known].join(', ')}`,
    );
  }
  for (const given of names) {
    const { name, scope } = parseFaultName(given);
    if (scope === undefined) continue;
    const owners = catalog.filter((f) => f.name === name);
    const scopes = [...new Set(owners.flatMap((f) => f.scopes ?? []))];
    if (scopes.length === 0) {
      const scopable = [...new Set(catalog.filter((f) => f.scopes?.length).map((f) => f.name))];
      throw new Error(`the fault "${name}" cannot be scoped to one URL kind ("${given}"); faults that can: ${scopable.join(', ') || 'none'}`);
    }
    if (!scopes.includes(scope)) {
      throw new Error(`the fault "${name}" has no URL kind "${scope}" ("${given}"); its URL kinds: ${scopes.join(', ')}`);
    }
  }
}

/**
 * The faults a running mock has switched on. `N` names the faults a reader may ask about (a
 * profile reads its state's set as a set of its own fault names, so that a typo fails to compile).
 * A fault given as `name@kind` is on only where a request is of that URL kind: `has` sees it in
 * the view `at(kind)` returns, not in the whole set.
 */
export class FaultSet<N extends string = string> {
  private readonly on: ReadonlySet<string>;
  /** fault name → the URL kinds it is scoped to. */
  private readonly scoped: ReadonlyMap<string, ReadonlySet<string>>;
  private readonly given: readonly string[];
  private readonly views = new Map<string, FaultSet<N>>();
  constructor(names: readonly string[]) {
    this.given = [...new Set(names)];
    const on = new Set<string>();
    const scoped = new Map<string, Set<string>>();
    for (const n of names) {
      const { name, scope } = parseFaultName(n);
      if (scope === undefined) on.add(name);
      else scoped.set(name, (scoped.get(name) ?? new Set()).add(scope));
    }
    this.on = on;
    this.scoped = scoped;
  }
  /** On for every request (not scoped), or for this view's URL kind. */
  has(name: N): boolean {
    return this.on.has(name);
  }
  /** On anywhere, for every request or for one URL kind (what must hold for the whole mock, e.g. whether it validates what it sends). */
  anywhere(name: N): boolean {
    return this.on.has(name) || this.scoped.has(name);
  }
  /** The faults as a request of this URL kind sees them (this set itself where no scoped fault applies). */
  at(kind: string | undefined): FaultSet<N> {
    if (kind === undefined || this.scoped.size === 0) return this;
    const here = [...this.scoped].filter(([, kinds]) => kinds.has(kind)).map(([name]) => name);
    if (here.length === 0) return this;
    let view = this.views.get(kind);
    if (!view) this.views.set(kind, (view = new FaultSet<N>([...this.on, ...here])));
    return view;
  }
  /** As switched on (scoped ones as `name@kind`). */
  get names(): string[] {
    return [...this.given];
  }
}
