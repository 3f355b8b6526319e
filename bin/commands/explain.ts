// `taxii-conform explain <case-id>`: what a case checks, with the spec's words, and how to
// reproduce it by hand (the text: explain-text.ts, from the stamped catalog when it is fresh).
import type { Argv, CommandModule } from 'yargs';
import { COMMAND_HEADS } from './index.js';
import { UsageError } from '../cli-errors.js';
import { profileOptionFor, valueOptions } from '../options.js';
import { catalogOf, profileIds } from '../catalog-view.js';

interface ExplainArgs {
  id: string;
  profile: string;
}

const profileOption = profileOptionFor(await profileIds());

export const explainCommand: CommandModule<object, ExplainArgs> = {
  ...COMMAND_HEADS.explain,
  builder: (y: Argv) =>
    valueOptions(y.positional('id', { type: 'string', describe: 'Case id (see `taxii-conform list`)' }).option('profile', profileOption), ['id']) as unknown as Argv<ExplainArgs>,
  handler: async (args) => {
    const p = await catalogOf(args.profile);
    const text = Object.hasOwn(p.explained, args.id) ? p.explained[args.id] : undefined;
    if (text === undefined) {
      const near = p.cases.filter((x) => x.id.includes(args.id.split('.').pop() ?? args.id)).slice(0, 5).map((x) => x.id);
      throw new UsageError(`unknown case id "${args.id}"${near.length ? ` (did you mean ${near.join(', ')}?)` : ''}`);
    }
    process.stdout.write(`${text}\n`);
  },
};
