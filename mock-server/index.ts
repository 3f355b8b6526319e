// The mock server's public API: start a reference TAXII server (or a faulty one) mounting
// the registry's profiles, list its faults and conformant variants, stop it.
import { listFaults as catalog, listVariants as variantCatalog, mockProfiles } from '../suites/registry.js';
import type { Fault, Variant } from '../suites/core/types.js';
import type { MockOptions } from './config.js';
import { startHost, type RunningMock } from './host.js';

export type { MockOptions } from './config.js';
export type { RunningMock } from './host.js';
export type { MountedEntry } from './context.js';

/** Starts the mock with `opts.profiles` mounted (default: every profile); rejects before listening on bad options. */
export async function startMock(opts: MockOptions = {}): Promise<RunningMock> {
  return startHost(opts, mockProfiles(opts.profiles), catalog(), variantCatalog());
}

/** Every fault the mock can be switched into, each with its profile. */
export function listFaults(): Fault[] {
  return catalog();
}

/** Every conformant variant the mock can be switched into, each with its profile and the freedom it takes. */
export function listVariants(): Variant[] {
  return variantCatalog();
}
