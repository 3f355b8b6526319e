// The registry of profiles a run can target.
import type { Profile } from './core/profile.js';
import type { ProfileId } from './core/types.js';
import { taxii2Predraft } from './taxii2-predraft/profile.js';
import { taxii1 } from './taxii1/profile.js';

const PROFILES: Partial<Record<ProfileId, Profile>> = {
  'taxii2-predraft': taxii2Predraft,
  taxii1,
};

export const PROFILE_IDS = Object.keys(PROFILES) as ProfileId[];
export const DEFAULT_PROFILE: ProfileId = 'taxii2-predraft';

export function getProfile(id: string): Profile | undefined {
  return PROFILES[id as ProfileId];
}
