#!/usr/bin/env node
// The taxii-conform command line: a thin yargs shell over the engine and the mock.
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { commandsFor } from './commands/index.js';
import { EXIT, reportError, usageMessage } from './cli-errors.js';
import { TOOL } from '../suites/core/tool.js';

// A reader that stops reading (`| head`) is not an error of ours: end quietly.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
}

async function main(): Promise<void> {
  try {
    const args = hideBin(process.argv);
    const commands = await commandsFor(args);
    await yargs(args)
      .scriptName('taxii-conform')
      .usage('$0 <command> [options]\n\nConformance suite and reference mock server for TAXII.')
      .command(commands)
      .demandCommand(1, 'Name a command: run, mock, list, explain or discover.')
      .recommendCommands()
      .strict()
      .version(TOOL.version)
      .env(false)
      .epilog('Exit codes: 0 gate passed, 1 gate failed, 2 usage or config error, 3 target unreachable.')
      .fail((msg, err) => {
        // yargs' own errors (its validation, an option's parser such as --config's) are usage
        // errors; an error thrown by a command is the command's, mapped by reportError.
        // (A .check() that returns a message comes as that string in both arguments.)
        if (err instanceof Error && err.name !== 'YError') throw err;
        const typed = args.find((a) => !a.startsWith('-'));
        process.stderr.write(`taxii-conform: ${usageMessage(msg ?? (err instanceof Error ? err.message : String(err ?? '')), typed).replace(/\s*\n\s*/g, ' ')}\nRun "taxii-conform --help" for usage.\n`);
        process.exit(EXIT.usage);
      })
      .wrap(Math.min(110, process.stdout.columns || 100))
      .parseAsync();
  } catch (e) {
    process.exitCode = reportError(e);
  }
}

void main();
