// `taxii-conform list`: the cases and requirements of a profile; with --area/--case, what a
// run with the same options would select (a dry run: nothing is sent). From the stamped
// catalog while it is fresh (catalog-view.ts).
import type { Argv, CommandModule } from 'yargs';
import { COMMAND_HEADS } from './index.js';
import { profileOptionFor, selection, valueOptions } from '../options.js';
import { catalogOf, profileIds } from '../catalog-view.js';

interface ListArgs {
  profile: string;
  format: string;
  requirements: boolean;
  area?: string[];
  case?: string[];
}

const profileOption = profileOptionFor(await profileIds());

export const listCommand: CommandModule<object, ListArgs> = {
  ...COMMAND_HEADS.list,
  builder: (y: Argv) =>
    valueOptions(
      y
        .option('profile', profileOption)
        .option('format', { type: 'string', default: 'text', choices: ['text', 'json'], describe: 'text for people, json for tools' })
        .option('requirements', { type: 'boolean', default: false, describe: 'List the requirements catalog instead of the cases' })
        .option('area', { type: 'string', array: true, describe: 'Only these areas, as `run --area` takes them: a preview of the run\'s selection' })
        .option('case', { type: 'string', array: true, describe: 'Only these case ids, as `run --case` takes them' }),
    ) as unknown as Argv<ListArgs>,
  handler: async (args) => {
    const p = await catalogOf(args.profile);
    const filtered = args.area !== undefined || args.case !== undefined;
    const { cases } = selection({ areas: p.areas, cases: () => p.cases }, args.area, args.case);
    const reqs = p.requirements;
    if (args.format === 'json') {
      const data = {
        profile: p.id,
        cases: cases.map((c) => ({ id: c.id, area: c.area, level: c.level, title: c.title, section: c.section, requirements: c.requirements, ...(c.weakerChecks ? { weakerChecks: c.weakerChecks } : {}) })),
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
        out.push(r.untestable ? `    not testable: ${r.untestable}` : `    cases: ${by.length ? by.join(', ') : filtered ? '(none selected)' : '(none yet)'}`);
      }
      out.push(`${reqs.length} requirements in ${p.title}`);
    } else {
      for (const area of p.areas) {
        const inArea = cases.filter((c) => c.area === area);
        if (!inArea.length) continue;
        out.push(`${area} (${inArea.length})`);
        for (const c of inArea) out.push(`  ${c.id.padEnd(44)} ${c.level.padEnd(8)} ${c.title}`);
      }
      const all = p.cases.length;
      out.push(
        filtered
          ? `${cases.length} of ${all} cases selected (a preview: \`run\` with the same --area/--case runs these; nothing was sent)`
          : `${cases.length} cases, ${reqs.length} requirements in ${p.title} (--requirements lists the catalog)`,
      );
    }
    process.stdout.write(`${out.join('\n')}\n`);
  },
};
