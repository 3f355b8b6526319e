// Where `list` and `explain` get a profile's catalog: the stamped one while the profile's data
// files are unchanged (no profile module loaded), else the profile itself, loaded.
import { freshProfileCatalog, stampedCatalog, type ProfileCatalog } from '../suites/core/stamped-catalog.js';

/** Every profile id, the default first. */
export async function profileIds(): Promise<readonly string[]> {
  return stampedCatalog()?.profileIds ?? (await import('../suites/registry.js')).PROFILE_IDS;
}

/** A profile's catalog; an unknown profile id is a usage error. */
export async function catalogOf(id: string): Promise<ProfileCatalog> {
  const fresh = freshProfileCatalog(id);
  if (fresh) return fresh;
  const [{ resolveProfile }, { profileCatalogOf }] = await Promise.all([import('./profiles.js'), import('./catalog-of.js')]);
  return profileCatalogOf(resolveProfile(id));
}
