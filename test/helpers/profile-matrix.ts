// What the fault matrix (test/integration/fault-matrix.test.ts) needs to know per profile
// beyond the registry: the configurations to run each profile in (every combination of the
// choices of its run options), the cases a configuration has no exchange for (they skip,
// saying why), and the cases only a test server can break.
import type { Profile } from '../../suites/core/profile.js';
import type { ProfileId } from '../../suites/core/types.js';
import { TEST_SERVER_BREAKS, type LegacyConfig } from './legacy-tls-server.js';

/** Run options of a profile, by name; {} is the profile as registered. */
export type Configuration = Record<string, string>;

/** Every combination of the choices of the profile's run options ([{}] when it has none). */
export function configurations(profile: Profile): Configuration[] {
  let all: Configuration[] = [{}];
  for (const o of profile.runOptions ?? []) {
    if (!o.choices) continue;
    all = all.flatMap((c) => o.choices!.map((v) => ({ ...c, [o.name]: v })));
  }
  return all;
}

/** `binding=xml-1.0`, or `default`. */
export function configName(c: Configuration): string {
  return Object.entries(c).map(([k, v]) => `${k}=${v}`).join(',') || 'default';
}

export function configured(profile: Profile, c: Configuration): Profile {
  return Object.keys(c).length === 0 ? profile : profile.configure!(c);
}

/** Cases each configuration has no exchange for: they skip, saying why. */
export const CONFIG_SKIPS: Readonly<Record<ProfileId, Readonly<Record<string, readonly string[]>>>> = {
  taxii1: {
    'binding=xml-1.1': ['feed-management.modify', 'messages.draft-binding'],
    'binding=xml-1.0': [
      'poll.multi-part',
      'feed-management.pause',
      'feed-management.resume',
      'feed-management.modify',
      'feed-management.subscription-status',
      'inbox.destination',
      'messages.draft-binding',
    ],
    'binding=xml-1.0-draft': ['poll.multi-part', 'feed-management.subscription-status', 'inbox.destination', 'errors.action-of-another-binding', 'headers.services-header'],
  },
};

/** What the message of such a skip says. */
export const SKIP_REASONS: Readonly<Record<ProfileId, RegExp>> = { taxii1: /binding|draft/i };

export function skipsIn(profile: ProfileId, c: Configuration): readonly string[] {
  return CONFIG_SKIPS[profile]?.[configName(c)] ?? [];
}

/** Cases no mock fault can make fail (the mock's OpenSSL cannot accept what they offer): a test server breaks each. */
export const TEST_SERVER_ONLY: Readonly<Record<ProfileId, Readonly<Record<string, LegacyConfig>>>> = {
  'taxii2-predraft': TEST_SERVER_BREAKS,
};

/**
 * Cases the reference mock skips because it takes a MAY the other way (the skip saying so),
 * each with the variants that take it: under those the case must run and pass.
 */
export const REFERENCE_SKIPS: Readonly<Record<ProfileId, Readonly<Record<string, { reason: RegExp; offeredBy: readonly string[] }>>>> = {
  taxii21: { 'tls.client-certificate': { reason: /asks for no client certificate/, offeredBy: ['taxii21-client-certificates'] } },
};

/** The cases the mock skips with these variants on (none of their variants among them). */
export function referenceSkips(profile: ProfileId, variants: readonly string[] = []): string[] {
  return Object.entries(REFERENCE_SKIPS[profile] ?? {})
    .filter(([, s]) => !s.offeredBy.some((v) => variants.includes(v)))
    .map(([id]) => id);
}

/** Cases no mock can break (node:tls cannot serve what they look for) that OpenSSL's s_server breaks: how it runs. */
export const S_SERVER_BREAKS: Readonly<Record<ProfileId, Readonly<Record<string, { extraArgs: string[]; www: boolean; why: string }>>>> = {
  taxii21: { 'tls.no-early-data': { extraArgs: ['-early_data'], www: false, why: 'node:tls cannot allow 0-RTT: `openssl s_server -early_data` issues tickets allowing it' } },
};
