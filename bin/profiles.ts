// The profiles of the registry as the CLI's options name them (loads every profile: for the
// commands that run one; list and explain start from the stamped catalog instead).
import type { Profile } from '../suites/core/profile.js';
import { PROFILE_IDS, getProfile } from '../suites/registry.js';
import { profileOptionFor, unknownProfile } from './options.js';

export const profileOption = profileOptionFor(PROFILE_IDS);

export function resolveProfile(id: string): Profile {
  const p = getProfile(id);
  if (!p) throw unknownProfile(id, PROFILE_IDS);
  return p;
}
