// `explain`'s text of a case: what it checks, with the spec's words, and how to reproduce it
// by hand. Made from the loaded profile (its step kinds describe their steps): at build time
// for the stamped catalog, or when a profile's data files changed since.
import type { Step, LoadedCase } from '../suites/core/types.js';
import type { Profile } from '../suites/core/profile.js';
import { flatSteps } from '../suites/core/catalog.js';
import { describeAssertion } from '../suites/core/assertions.js';
import { KINDS, stepKindOf, stepSpec } from '../suites/core/steps.js';

/** Each line once, in the order first met. */
const once = (lines: (string | undefined)[]): string[] => [...new Set(lines.filter((l): l is string => l !== undefined))];

/** What evidence the steps leave: by step kind (in the registry's order), then by step. */
function evidenceLines(steps: Step[], p: Profile): string[] {
  return once(KINDS.flatMap((k) => steps.filter((s) => stepKindOf(s) === k).map((s) => k.explain.evidence(stepSpec(s, k), p))));
}

/** The commands that replay the steps by hand, where a tool can. */
function reproduceLines(steps: Step[], p: Profile): string[] {
  return once(
    steps.map((s) => {
      const k = stepKindOf(s);
      return k && !s.parallel ? k.explain.reproduce(stepSpec(s, k), p) : undefined;
    }),
  );
}

/** The explanation of case `c` of profile `p`, lines without a final newline. */
export function explainText(p: Profile, c: LoadedCase): string {
  const reqs = new Map(p.requirements().map((r) => [r.id, r]));
  const out = [`${c.id} — ${c.title}`, `area ${c.area}, level ${c.level}, spec section "${c.section}"`];
  if (c.description) out.push('', c.description);
  out.push('', 'Requirements:');
  for (const id of c.requirements) {
    const r = reqs.get(id);
    if (r) out.push(`  ${r.id} (${r.level}, ${r.section}):`, `    "${r.text}"`);
  }
  if (c.needs?.length) out.push('', `Needs: ${c.needs.join(', ')}`);
  if (c.info) out.push('', 'An observation: reported, never failed.');
  out.push('', 'Steps:');
  flatSteps(c.steps).forEach((s, i) => {
    // A step's name, where checks of other steps refer to it.
    const name = s.name ? `"${s.name}": ` : '';
    if (s.parallel) {
      const again = s.beforeRetry ? `; before each further attempt, again: ${s.beforeRetry.map((n) => `"${n}"`).join(', ')}` : '';
      const tries = (s.attempts ?? 1) > 1 ? ` (up to ${s.attempts} attempts while inconclusive, delays halved each time${again})` : '';
      out.push(`  ${i + 1}. ${name}at the same time${tries}:`);
      return;
    }
    const kind = stepKindOf(s);
    if (!kind) return;
    const [headline, ...details] = kind.explain.describe(stepSpec(s, kind), p);
    const each = s.forEach ? `  (for each {item} of {${s.forEach}})` : '';
    out.push(`  ${i + 1}. ${name}${headline}${s.delayMs ? `  after ${s.delayMs} ms` : ''}${each}`);
    for (const d of details) out.push(`       ${d}`);
    for (const pre of s.require ?? []) out.push(`       skip unless ${describeAssertion(pre)} (${pre.reason})`);
    for (const ch of s.expect ?? []) {
      out.push(`       ${ch.level.padEnd(8)} ${describeAssertion(ch)}   [${ch.requirement}]`);
      // A check weaker than the sentence it quotes says why, beside it.
      if (ch.weakerBecause) out.push(`                (${ch.requirement} is ${reqs.get(ch.requirement)?.level ?? '?'}; ${ch.level} because: ${ch.weakerBecause})`);
    }
  });
  const steps = flatSteps(c.steps);
  out.push('', 'Evidence (report.json, index.html; the console with --verbose):');
  for (const line of evidenceLines(steps, p)) out.push(`  ${line}`);
  out.push('', 'Reproduce:');
  for (const line of reproduceLines(steps, p)) out.push(`  ${line}`);
  const srv = c.needs?.includes('srv') ? ' --srv <domain> --dns-server <host:port>' : '';
  out.push(`  taxii-conform run <url>${srv} --profile ${p.id} --case ${c.id} --verbose`);
  return out.join('\n');
}
