// The commands of the CLI: each one's usage line and description (all that the top-level
// --help shows), and how to load it. A command's module, with everything it imports (the
// engine, the mock, undici, x509, ajv), is loaded only when that command is typed, so that
// `--help` and the light commands start fast.
import type { CommandModule } from 'yargs';

export interface CommandHead {
  command: string;
  describe: string;
}

export const COMMAND_HEADS = {
  run: { command: 'run [url]', describe: 'Run the conformance suite against a TAXII server (a Discovery URL or an API Base URL)' },
  mock: { command: 'mock', describe: 'Start the reference TAXII mock server (HTTPS) until stopped' },
  list: { command: 'list', describe: 'List the cases and requirements of a profile, or preview what --area/--case select' },
  explain: { command: 'explain <id>', describe: 'Explain a case: the requirements it checks (quoted), its requests, how to reproduce it' },
  discover: {
    command: 'discover <domain>',
    describe: 'Print the Discovery URL(s) of a domain\'s SRV record (the profile\'s service label), in RFC 2782 order',
  },
} as const satisfies Record<string, CommandHead>;

export type CommandName = keyof typeof COMMAND_HEADS;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each command has its own argument type
type AnyCommand = CommandModule<object, any>;

const LOADERS: Record<CommandName, () => Promise<AnyCommand>> = {
  run: async () => (await import('./run.js')).runCommand,
  mock: async () => (await import('./mock.js')).mockCommand,
  list: async () => (await import('./list.js')).listCommand,
  explain: async () => (await import('./explain.js')).explainCommand,
  discover: async () => (await import('./discover.js')).discoverCommand,
};

/**
 * The commands to give yargs for these arguments: the full module of every command named
 * among them (only such a command can run, or show its own --help), the usage line and
 * description alone of the others (for the top-level --help and "did you mean").
 */
export async function commandsFor(args: readonly string[]): Promise<AnyCommand[]> {
  return Promise.all(
    (Object.keys(COMMAND_HEADS) as CommandName[]).map(async (name) =>
      args.includes(name) ? LOADERS[name]() : { ...COMMAND_HEADS[name], handler: () => undefined },
    ),
  );
}
