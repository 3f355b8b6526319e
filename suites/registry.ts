// The registry of profiles: one plug-in per specification, each bringing its suite half
// (suites/<id>/), its mock half (mock-server/<id>/), its schemas (schemas/<id>/), its faults
// and its conformant variants. The one place that names every profile: shared code finds a
// profile's parts here, by id. Adding a profile adds its folders and one line to PLUGINS.
import type { Profile } from './core/profile.js';
import type { Fault, ProfileId, Variant } from './core/types.js';
import type { MockProfile } from '../mock-server/profile.js';
import { predraftPlugin } from './taxii2-predraft/plugin.js';
import { taxii1Plugin } from './taxii1/plugin.js';
import { taxii21Plugin } from './taxii21/plugin.js';

export interface ProfilePlugin {
  id: ProfileId;
  /** Requirements, cases, setup, media types, SRV service, TLS policy, run options. */
  suite: Profile;
  /** Prefix, routes and stages, store, error message shape. */
  mock: MockProfile;
  /** Its message schemas (shared by the suite and the mock), relative to the package root. */
  schemasDir: string;
  /** Its faults (its own and the host's it claims), each naming the cases of its suite it breaks. */
  faults: readonly Fault[];
  /** Conformant choices the mock can be switched into, each with the freedom of the spec it takes. */
  variants: readonly Variant[];
}

/** Every profile; the first is the default. */
export const PLUGINS: readonly ProfilePlugin[] = [predraftPlugin, taxii1Plugin, taxii21Plugin];

export const PROFILE_IDS: readonly ProfileId[] = PLUGINS.map((p) => p.id);
export const DEFAULT_PROFILE: ProfileId = PLUGINS[0]!.id;

/** The plug-in of a profile id, or undefined when the registry has none. */
export function getPlugin(id: string): ProfilePlugin | undefined {
  return PLUGINS.find((p) => p.id === id);
}

/** The suite half of a profile, or undefined for an unknown id. */
export function getProfile(id: string): Profile | undefined {
  return getPlugin(id)?.suite;
}

/** Every fault of every profile, in registry order (copies: a caller may change them). */
export function listFaults(): Fault[] {
  return PLUGINS.flatMap((p) => p.faults.map((f) => ({ ...f, breaks: [...f.breaks] })));
}

/** Every variant of every profile. */
export function listVariants(): Variant[] {
  return PLUGINS.flatMap((p) => p.variants.map((v) => ({ ...v, conflicts: [...v.conflicts], skips: { ...v.skips } })));
}

/** The mock halves of these profile ids, in registry order (default: every profile); an unknown id throws, naming the known ones. */
export function mockProfiles(ids?: readonly string[]): MockProfile[] {
  for (const id of ids ?? []) if (!getPlugin(id)) throw new Error(`unknown profile "${id}" (known: ${PROFILE_IDS.join(', ')})`);
  const chosen = ids === undefined || ids.length === 0 ? PLUGINS : PLUGINS.filter((p) => ids.includes(p.id));
  return chosen.map((p) => p.mock);
}
