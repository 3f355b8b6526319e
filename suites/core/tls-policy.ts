// A profile's TLS cases grade each handshake as the profile's TLS policy says: a step that
// offers a class expects the handshake outcome the policy names for it (refused or accepted),
// and a class the policy only reports (info) is tried by observation cases alone. Checked
// when a profile's cases load, so that a case and its policy cannot drift apart.
import { flatSteps } from './catalog.js';
import type { TlsPolicy } from './profile.js';
import type { LoadedCase } from './types.js';

/** What in `cases` disagrees with `policy` (or is not graded by it); [] when nothing does. */
export function tlsPolicyProblems(cases: readonly LoadedCase[], policy: TlsPolicy | undefined): string[] {
  const problems: string[] = [];
  for (const c of cases) {
    for (const step of flatSteps(c.steps)) {
      const id = step.tls?.offerClass;
      if (id === undefined) continue;
      const grade = policy && Object.hasOwn(policy, id) ? policy[id] : undefined;
      if (!grade) {
        problems.push(`${c.id}: the profile's TLS policy does not grade the offer class "${id}"`);
        continue;
      }
      const expected = (step.expect ?? []).flatMap((ch) => (ch.handshake ? [ch.handshake] : []));
      if (grade.expect === 'info') {
        if (!c.info || expected.length > 0) problems.push(`${c.id}: the policy only reports class "${id}": an observation case with no handshake check tries it`);
      } else if (expected.length === 0 || expected.some((h) => h !== grade.expect)) {
        problems.push(`${c.id}: the policy says a server must have the "${id}" handshake ${grade.expect}; the case checks ${expected.join(', ') || 'nothing'}`);
      }
    }
  }
  return problems;
}

/** The cases, after checking them against the policy (an Error lists every disagreement). */
export function checkedAgainstTlsPolicy(cases: LoadedCase[], policy: TlsPolicy | undefined): LoadedCase[] {
  const problems = tlsPolicyProblems(cases, policy);
  if (problems.length > 0) throw new Error(`TLS cases disagree with their profile's TLS policy: ${problems.join('; ')}`);
  return cases;
}
