// A profile's setup reads the target before any case runs. Whatever the target sends, setup
// ends in a result: an error the profile did not foresee is a setup problem (the gate fails,
// every report is written), never an exception that ends the run with the user's exit code
// (2). Its notes and problems are cut with the run's other notes, once scrubbed (runner.ts).
import type { Profile, SetupContext, SetupResult } from './profile.js';
import { clip } from './bounds.js';

export async function guardedSetup(profile: Profile, ctx: SetupContext): Promise<SetupResult> {
  let r: SetupResult;
  try {
    r = await profile.setup(ctx);
  } catch (e) {
    const why = (e as Error)?.message ?? String(e);
    r = { vars: new Map(), notes: [], problems: [`setup stopped on an unexpected error while reading ${ctx.target}: ${why}`] };
  }
  // The probe's words (and the URL) for a target that never answered: it goes into every case's message.
  return r.unreachable !== undefined ? { ...r, unreachable: clip(r.unreachable) } : r;
}
