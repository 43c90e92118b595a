import { parseArgs, type ParseArgsConfig } from 'node:util';
import { DigestError } from '../../src/errors.ts';

/** Exit codes: 0 ok, 1 the job failed, 2 the user's input (arguments or config) is wrong. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

/** Output streams and the environment a CLI command runs against; tests pass their own. */
export interface CliIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  environment: NodeJS.ProcessEnv;
  cwd: string;
}

/**
 * A subcommand of `digest` as the command list declares it: what `--help` shows, and how to load the code that runs
 * it. Loaded only when it runs, so `digest --help` (and every other command) never loads what it does not need.
 */
export interface CliCommand {
  name: string;
  summary: string;
  usage: string;
  load(): Promise<CliCommandHandler>;
}

/** The code of a subcommand, exported by its module under app/cli/commands/. */
export interface CliCommandHandler {
  /** Returns the exit code. */
  run(argv: string[], io: CliIo): Promise<number>;
}

/** Wrong arguments: printed with the usage line, exit 2. */
export class UsageError extends DigestError {
  constructor(message: string, options?: { hint?: string; cause?: unknown }) {
    super(message, { code: 'usage', ...options });
  }
}

type Options = NonNullable<ParseArgsConfig['options']>;

/** node:util parseArgs with `--help` handling and errors turned into UsageError. */
export function parseCommandArgs<T extends Options>(argv: string[], options: T, allowPositionals = false) {
  try {
    return parseArgs({ args: argv, options: { ...options, help: { type: 'boolean', short: 'h' }, config: { type: 'string', short: 'c' } }, allowPositionals, strict: true });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message.replace(/^TypeError \[[A-Z_]+\]: /, '') : String(error));
  }
}

export function writeLine(stream: NodeJS.WritableStream, text = ''): void {
  stream.write(`${text}\n`);
}
