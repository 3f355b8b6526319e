// `taxii-conform explain <case-id>`: what a case checks, with the spec's words, and how to
// reproduce it by hand.
import type { Argv, CommandModule } from 'yargs';
import { COMMAND_HEADS } from './index.js';
import { UsageError } from '../cli-errors.js';
import { profileOption, resolveProfile, valueOptions } from '../options.js';
import type { Step } from '../../suites/core/types.js';
import type { Profile } from '../../suites/core/profile.js';
import { flatSteps } from '../../suites/core/catalog.js';
import { describeAssertion } from '../../suites/core/assertions.js';
import { KINDS, stepKindOf, stepSpec } from '../../suites/core/steps.js';

interface ExplainArgs {
  id: string;
  profile: string;
}

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

export const explainCommand: CommandModule<object, ExplainArgs> = {
  ...COMMAND_HEADS.explain,
  builder: (y: Argv) =>
    valueOptions(y.positional('id', { type: 'string', describe: 'Case id (see `taxii-conform list`)' }).option('profile', profileOption), ['id']) as unknown as Argv<ExplainArgs>,
  handler: (args) => {
    const p = resolveProfile(args.profile);
    const c = p.cases().find((x) => x.id === args.id);
    if (!c) {
      const near = p.cases().filter((x) => x.id.includes(args.id.split('.').pop() ?? args.id)).slice(0, 5).map((x) => x.id);
      throw new UsageError(`unknown case id "${args.id}"${near.length ? ` (did you mean ${near.join(', ')}?)` : ''}`);
    }
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
    process.stdout.write(`${out.join('\n')}\n`);
  },
};
