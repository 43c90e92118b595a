import { channelAdmin } from '../src/bot/actor.ts';
import { DigestError, type DigestErrorCode } from '../src/errors.ts';
import { findSubcommand, resolveOptions, usageLine, type CommandDecl } from './define-command.ts';
import type { CommandContext } from './invocation.ts';
import { parseCommandText } from './parse-command-text.ts';
import { errorReply, type Reply } from './reply.ts';

/** Raised by a handler for a problem the user can fix (N out of range, no digest yet); becomes a private error reply. */
export class CommandError extends DigestError {
  constructor(message: string, options?: { code?: DigestErrorCode; hint?: string; cause?: unknown }) {
    super(message, { code: 'invalid-input', ...options });
  }
}

/** Structured input from a platform that parses options itself (Discord). */
export interface StructuredInvocation {
  path: string[];
  options: Record<string, string | number | boolean>;
}

/** Runs a subcommand of `decl`: validate → permission → ensure channel → run. Never rejects. */
export async function dispatchWith(decl: CommandDecl, input: StructuredInvocation, ctx: CommandContext): Promise<Reply> {
  const path = input.path.map((p) => p.toLowerCase());
  const found = findSubcommand(decl, path);
  if (found === undefined) return errorReply(`Unknown command \`/${[decl.name, ...input.path].join(' ').slice(0, 80)}\`. See \`/${decl.name} help\`.`);
  const { sub } = found;
  const usage = usageLine(decl, path, sub);
  const resolved = resolveOptions(sub, input.options, usage);
  if (!resolved.ok) return errorReply(resolved.error);
  try {
    if (sub.permission === 'admin') {
      const admin = await ctx.user.isAdmin();
      if (!admin) return errorReply(`\`/${decl.name} ${path.join(' ')}\` is for admins only; nothing was changed. Ask a server or workspace admin.`);
    }
    const record = ctx.direct === true && sub.permission === 'member' ? await ctx.services.bot.readChannel(ctx.channel) : await ctx.services.bot.ensureChannel(ctx.channel);
    const actor = channelAdmin(record, ctx.typedBy === undefined ? {} : { typedBy: ctx.typedBy });
    return await sub.run(resolved.value, { ...ctx, record, actor });
  } catch (error) {
    if (error instanceof DigestError) return errorReply(error.hint === undefined ? error.message : `${error.message} ${asSentence(error.hint)}`, error.code);
    ctx.services.logger?.error({ err: error, command: path.join(' '), channel: ctx.channel }, 'command failed');
    return errorReply(`Sorry, \`/${decl.name} ${path.join(' ')}\` failed unexpectedly. The error was logged; try again later.`);
  }
}

/** Parses Slack/console text, then dispatches it. Never rejects. */
export async function dispatchTextWith(decl: CommandDecl, text: string, ctx: CommandContext): Promise<Reply> {
  let parsed;
  try {
    parsed = parseCommandText(decl, text);
  } catch (error) {
    ctx.services.logger?.error({ err: error }, 'command parser failed');
    return errorReply(`Sorry, I could not read that command. See \`/${decl.name} help\`.`);
  }
  if (!parsed.ok) return errorReply(parsed.error);
  return dispatchWith(decl, parsed.value, ctx);
}

/** A hint written to follow a dash ("check the path…") as a sentence of its own after the message. */
function asSentence(hint: string): string {
  const text = hint.charAt(0).toUpperCase() + hint.slice(1);
  return /[.!?)`]$/.test(text) ? text : `${text}.`;
}
