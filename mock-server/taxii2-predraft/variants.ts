// The pre-draft's conformant variants: ways of meeting the pre-draft that the reference mock
// does not take, each with the sentence (or the silence) that allows it. The whole suite
// passes under each (test/integration/variant-matrix.test.ts).
import { defineVariants, type VariantEntry, type VariantSet } from '../variants.js';

const TABLE = {
  'long-poll-wait-4s': {
    description: 'A channel GET with nothing new waits 4 s for news (whatever --long-poll-ms says) before answering 204.',
    freedom: 'Long Polling: "TAXII does long polling. Need to specify things related to long polling here." The pre-draft sets no wait: a server picks its own.',
  },
} as const satisfies Record<string, VariantEntry>;

/** A variant name of this profile (typos in `variants.has(...)` fail to compile). */
export type PredraftVariantName = keyof typeof TABLE;
export type PredraftVariants = VariantSet<PredraftVariantName>;

export const PREDRAFT_VARIANTS = defineVariants('taxii2-predraft', TABLE);

/** How long a channel GET waits under the variants switched on, or `configured` (ms). */
export function longPollWaitMs(variants: PredraftVariants, configured: number): number {
  return variants.has('long-poll-wait-4s') ? 4000 : configured;
}
