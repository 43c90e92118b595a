#!/usr/bin/env node
// The `digest` command line. Errors the user can fix print as lines (exit 2 for bad input or config,
// 1 for a failed job) — never a stack trace, unless DIGEST_DEBUG asks for one.
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ConfigError, DigestError, INPUT_ERROR_CODES } from '../../src/errors.ts';
import { EXIT, UsageError, writeLine, type CliCommand, type CliIo } from './cli-io.ts';
import { commandCommand } from './commands/command.ts';
import { ingestCommand } from './commands/ingest.ts';
import { migrateCommand } from './commands/migrate.ts';
import { previewCommand } from './commands/preview.ts';
import { runCommand } from './commands/run.ts';
import { serveCommand } from './commands/serve.ts';
import { siteCommand } from './commands/site.ts';
import { sourcesCommand } from './commands/sources.ts';

export const CLI_COMMANDS: readonly CliCommand[] = [runCommand, serveCommand, siteCommand, previewCommand, ingestCommand, sourcesCommand, commandCommand, migrateCommand];

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
    return await command.run(rest, io);
  } catch (error) {
    return reportError(error, command, io);
  }
}

function reportError(error: unknown, command: CliCommand, io: CliIo): number {
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
    writeLine(io.stderr, `digest ${command.name}: ${error.message}`);
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
