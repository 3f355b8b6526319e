// The pre-draft's rule for channel and collection names: "^[A-Za-z0-9-]{1,128}$".
import type { PredraftFaults } from './faults.js';

export const NAME_PATTERN = /^[A-Za-z0-9-]{1,128}$/;

/** standard: the pre-draft's rule; lax: anything goes; strict: a narrower, wrong rule (see the strict-names fault). */
export type NameMode = 'standard' | 'lax' | 'strict';

export function nameModeOf(faults: PredraftFaults): NameMode {
  return faults.has('lax-names') ? 'lax' : faults.has('strict-names') ? 'strict' : 'standard';
}

/** Why `name` is not a valid name (a phrase to follow the name), or undefined when it is. */
export function nameProblem(name: string, mode: NameMode = 'standard'): string | undefined {
  if (mode === 'lax') return undefined;
  if (!NAME_PATTERN.test(name)) {
    if (name.length === 0) return 'is empty: names have 1 to 128 characters matching ^[A-Za-z0-9-]{1,128}$';
    const bad = [...name].find((c) => !/^[A-Za-z0-9-]$/.test(c));
    if (bad !== undefined) {
      return `contains ${JSON.stringify(bad)}: names contain only A-Z, a-z, 0-9 and "-" (^[A-Za-z0-9-]{1,128}$)`;
    }
    return `has ${name.length} characters: names have at most 128 (^[A-Za-z0-9-]{1,128}$)`;
  }
  if (mode === 'strict') {
    if (name.length === 1) return 'is refused: names of a single character are not accepted here';
    if (name.length === 128) return 'is refused: names of 128 characters are not accepted here';
    if (/^[0-9]+$/.test(name)) return 'is refused: names made only of digits are not accepted here';
    if (name.startsWith('-') || name.endsWith('-')) return 'is refused: names may not start or end with a hyphen here';
    if (/[A-Z]/.test(name)) return 'is refused: names are lower case here';
  }
  return undefined;
}
