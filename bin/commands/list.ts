// `taxii-conform list`: the cases and requirements of a profile.
import type { Argv, CommandModule } from 'yargs';
import { profileOption, resolveProfile } from '../options.js';

interface ListArgs {
  profile: string;
  format: string;
  requirements: boolean;
}

export const listCommand: CommandModule<object, ListArgs> = {
  command: 'list',
  describe: 'List the cases and requirements of a profile',
  builder: (y: Argv) =>
    y
      .option('profile', profileOption)
      .option('format', { type: 'string', default: 'text', choices: ['text', 'json'], describe: 'text for people, json for tools' })
      .option('requirements', { type: 'boolean', default: false, describe: 'List the requirements catalog instead of the cases' }) as unknown as Argv<ListArgs>,
  handler: (args) => {
    const p = resolveProfile(args.profile);
    const cases = p.cases();
    const reqs = p.requirements();
    if (args.format === 'json') {
      const data = {
        profile: p.id,
        cases: cases.map((c) => ({ id: c.id, area: c.area, level: c.level, title: c.title, section: c.section, requirements: c.requirements })),
        requirements: reqs.map((r) => ({ ...r, cases: cases.filter((c) => c.requirements.includes(r.id)).map((c) => c.id) })),
      };
      process.stdout.write(`${JSON.stringify(data, null, 2)}\n`);
      return;
    }
    const out: string[] = [];
    if (args.requirements) {
      for (const r of reqs) {
        const by = cases.filter((c) => c.requirements.includes(r.id)).map((c) => c.id);
        out.push(`${r.id.padEnd(16)} ${r.level.padEnd(10)} ${r.section}`);
        out.push(`    "${r.text}"`);
        out.push(r.untestable ? `    not testable: ${r.untestable}` : `    cases: ${by.length ? by.join(', ') : '(none yet)'}`);
      }
      out.push(`${reqs.length} requirements in ${p.title}`);
    } else {
      for (const area of p.areas) {
        const inArea = cases.filter((c) => c.area === area);
        if (!inArea.length) continue;
        out.push(`${area} (${inArea.length})`);
        for (const c of inArea) out.push(`  ${c.id.padEnd(44)} ${c.level.padEnd(8)} ${c.title}`);
      }
      out.push(`${cases.length} cases, ${reqs.length} requirements in ${p.title} (--requirements lists the catalog)`);
    }
    process.stdout.write(`${out.join('\n')}\n`);
  },
};
