// What the fault matrix expects of a fault scoped to one URL kind (`name@kind`), derived from
// the profile's coverage spec (suites/<profile>/coverage.ts) and the fault's own `breaks`: the
// cases checking its requirements on that URL kind (the coverage cells) that it breaks must not
// pass; the cases checking them only on other URL kinds must pass. A case of the cell the
// fault does not name (e.g. a forged token, which auth-disabled also lets in) is not judged.
import { coverageOf } from '../../suites/core/coverage.js';
import type { ProfilePlugin } from '../../suites/registry.js';
import type { Fault } from '../../suites/core/types.js';

export interface ScopedRun {
  fault: Fault;
  /** The URL kind's id (`get-collection`) and its row of the URL table (`GET [API-Base]/collections/<collection-name>/`). */
  scope: string;
  kindName: string;
  /** Every case checking one of the fault's requirements on any URL kind: the run's selection. */
  family: string[];
  /** Cases of the scope's cells the fault names: each must end in fail or warn. */
  mustNotPass: string[];
  /** Cases of the other URL kinds' cells only: each must pass. */
  mustPass: string[];
}

/** `name@kind`, as `mock --fault` takes it. */
export const scopedName = (r: Pick<ScopedRun, 'fault' | 'scope'>): string => `${r.fault.name}@${r.scope}`;

/**
 * Every scoped run of a profile: for each fault that takes scopes, each URL kind it governs
 * with a case of its cell that the fault breaks (a cell whose cases all hold under the fault,
 * or a cell without cases, has nothing to show: `idle` lists them).
 */
export function scopedRuns(plugin: ProfilePlugin): { runs: ScopedRun[]; idle: { fault: string; scope: string; why: string }[] } {
  const spec = plugin.suite.coverage;
  const runs: ScopedRun[] = [];
  const idle: { fault: string; scope: string; why: string }[] = [];
  if (!spec) return { runs, idle };
  const cov = coverageOf(plugin.suite.cases(), spec);
  for (const fault of plugin.faults.filter((f) => f.scopes?.length)) {
    const cells = (kindName: string) => [...new Set(fault.governs!.flatMap((r) => cov.get(r)?.get(kindName) ?? []))];
    const family = [...new Set(spec.urlKinds.flatMap((k) => cells(k.name)))];
    for (const scope of fault.scopes!) {
      const kind = spec.urlKinds.find((k) => k.id === scope)!;
      const cell = cells(kind.name);
      const mustNotPass = cell.filter((id) => fault.breaks.includes(id));
      if (mustNotPass.length === 0) {
        idle.push({ fault: fault.name, scope, why: cell.length === 0 ? 'no case checks it there (docs/coverage-matrix.md says why)' : `none of its cases there (${cell.join(', ')}) is one the fault names` });
        continue;
      }
      runs.push({ fault, scope, kindName: kind.name, family, mustNotPass, mustPass: family.filter((id) => !cell.includes(id)) });
    }
  }
  return { runs, idle };
}
