#!/usr/bin/env node
// The `digest` command line. Errors the user can fix print as lines (exit 2 for bad input or config,
// 1 for a failed job) — never a stack trace, unless DIGEST_DEBUG asks for one.
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ConfigError, DigestError, INPUT_ERROR_CODES } from '../../src/errors.ts';
import { EXIT, UsageError, writeLine, type CliCommand, type CliIo } from './cli-io.ts';
import { CLI_COMMANDS } from './command-list.ts';

// Nothing else is imported here: a command's module (and what it needs) loads only when that command runs.
export { CLI_COMMANDS };

export function usage(): string {
  const width = Math.max(...CLI_COMMANDS.map((c) => c.name.length));
  return [
    'digest — the few research pieces worth your time, in the channel where your team talks.',
    '',
    'Usage: digest <command> [options]',
    '',
    ...CLI_COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Every command takes --config FILE (default: ./digest.config.yaml, else the embedded default) and --help.',
  ].join('\n');
}

/** Runs the CLI and returns its exit code. */
export async function main(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    writeLine(name === undefined ? io.stderr : io.stdout, usage());
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  const command = CLI_COMMANDS.find((c) => c.name === name);
  if (command === undefined) {
    writeLine(io.stderr, `digest: unknown command "${name}"\n\n${usage()}`);
    return EXIT.usage;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    writeLine(io.stdout, `${command.summary}.\n\nUsage: ${command.usage}`);
    return EXIT.ok;
  }
  try {
    return await (await command.load()).run(rest, io);
  } catch (error) {
    return await reportError(error, command, io);
  }
}

async function reportError(error: unknown, command: CliCommand, io: CliIo): Promise<number> {
  if (error instanceof ConfigError) {
    writeLine(io.stderr, 'digest: invalid configuration');
    for (const problem of error.problems) writeLine(io.stderr, `  ${problem}`);
    if (error.hint !== undefined) writeLine(io.stderr, error.hint);
    return EXIT.usage;
  }
  if (error instanceof UsageError) {
    writeLine(io.stderr, `digest ${command.name}: ${error.message}\nUsage: ${command.usage}`);
    return EXIT.usage;
  }
  if (error instanceof DigestError) {
    // A use case's message is marked for chat; a terminal shows it without the marks (loaded only on this path).
    const { terminalText } = await import('../../adapters/console/terminal-markup.ts');
    writeLine(io.stderr, `digest ${command.name}: ${terminalText(error.message, { color: false })}`);
    if (error.hint !== undefined) writeLine(io.stderr, error.hint);
    return INPUT_ERROR_CODES.has(error.code) ? EXIT.usage : EXIT.failed;
  }
  const debug = io.environment.DIGEST_DEBUG !== undefined && io.environment.DIGEST_DEBUG !== '';
  writeLine(io.stderr, `digest ${command.name}: unexpected error: ${error instanceof Error ? error.message : String(error)}`);
  if (debug && error instanceof Error && error.stack !== undefined) writeLine(io.stderr, error.stack);
  else writeLine(io.stderr, 'This is a bug; rerun with DIGEST_DEBUG=1 for the stack trace and report it.');
  return EXIT.failed;
}

/** Runs the CLI against this process's argv, streams and environment. */
export async function runFromProcess(): Promise<void> {
  // `digest preview | head` closes the pipe early; that is the reader's choice, not an error.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(EXIT.ok);
    throw error;
  });
  const code = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, environment: process.env, cwd: process.cwd() });
  // `run` with platforms resolves only at shutdown; everything else ends here.
  process.exitCode = code;
}

if (process.argv[1] !== undefined && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) await runFromProcess();
