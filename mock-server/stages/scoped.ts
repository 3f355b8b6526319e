// Faults scoped to one URL kind: a profile builds its stages from its faults once, when it is
// mounted (`f.has('ignore-accept') ? 'ignore' : ...`). `scoped` builds them once more for
// each URL kind a scoped fault applies to (`mock --fault ignore-accept@get-collection`), from
// the faults as seen there, and runs for each request the stages of its URL kind (set by the
// route stage, which runs before). A profile without scoped faults builds one list.
import type { HostState, RequestContext } from '../context.js';
import type { FaultSet } from '../faults.js';
import type { Stage, StageResult } from '../profile.js';

/** The stages `build` makes from the faults as the request's URL kind sees them (ctx.faults), run in order. */
export function scoped<S extends HostState, F extends FaultSet<string>>(faults: F, build: (f: F) => Stage<S>[]): Stage<S> {
  const built = new Map<FaultSet<string>, readonly Stage<S>[]>();
  const stagesFor = (ctx: RequestContext<S>): readonly Stage<S>[] => {
    const view = faults.at(ctx.urlKind);
    let stages = built.get(view);
    if (!stages) built.set(view, (stages = build(view as F)));
    return stages;
  };
  return (ctx) => runStages(stagesFor(ctx), ctx, 0);
}

/**
 * Runs stages from `i` in order until one answers. A stage that decides at once is not
 * awaited; one that returns a promise is followed by `then` (no suspended async frame per
 * waiting request, which a long poll's 10,000 waiting GETs would each keep).
 */
function runStages<S extends HostState>(stages: readonly Stage<S>[], ctx: RequestContext<S>, i: number): StageResult | Promise<StageResult> {
  for (; i < stages.length; i++) {
    const r = stages[i]!(ctx);
    if (r instanceof Promise) return r.then((v) => (v === 'answered' ? 'answered' : runStages(stages, ctx, i + 1)));
    if (r === 'answered') return 'answered';
  }
  return undefined;
}
