import { findSubcommand } from './define-command.ts';
import { digestCommand } from './digest-command.ts';
import { dispatchTextWith, dispatchWith, type StructuredInvocation } from './dispatch-with.ts';
import type { CommandContext } from './invocation.ts';
import type { Reply } from './reply.ts';

export type { StructuredInvocation } from './dispatch-with.ts';

/** Runs `/digest <text>` typed on Slack or the console (the text after `/digest`). Never rejects. */
export function dispatchText(text: string, ctx: CommandContext): Promise<Reply> {
  return dispatchTextWith(digestCommand, text, ctx);
}

/** Runs a Discord interaction: path = [subcommandGroup?, subcommand]. Never rejects. */
export function dispatchStructured(input: StructuredInvocation, ctx: CommandContext): Promise<Reply> {
  return dispatchWith(digestCommand, input, ctx);
}

/** True when adapters should acknowledge/defer first (ask, post, sources add). */
export function isSlowCommand(path: string[]): boolean {
  return findSubcommand(digestCommand, path.map((p) => p.toLowerCase()))?.sub.slow === true;
}
