import { terminalOptions, type TerminalOptions } from '../../adapters/console/terminal-options.ts';
import { readEnv } from '../../src/config/env.ts';
import type { CliIo } from './cli-io.ts';

/** Width and colour for stdout, honouring NO_COLOR and non-TTY output. */
export function stdoutTerminal(io: CliIo): TerminalOptions {
  const env = readEnv(io.environment);
  return terminalOptions({ isTTY: io.stdout.isTTY === true, columns: io.stdout.columns, noColor: env.success ? env.data.NO_COLOR : undefined });
}
