import { MessageFlags, PermissionFlagsBits, type ChatInputCommandInteraction, type CommandInteractionOption, type Interaction, type PermissionResolvable } from 'discord.js';
import type { CommandContext } from '../../commands/invocation.ts';
import type { Reply } from '../../commands/reply.ts';
import type { CommandServices } from '../../commands/services.ts';
import type { Logger } from '../../src/log/logger.ts';
import { PLATFORM_LIMITS } from '../../src/text/platform-limits.ts';
import { splitText } from '../../src/text/split-text.ts';
import { mapLiterals } from '../../src/text/literal-text.ts';
import { escapeFeedText, neutraliseDiscordMentions } from './escape-discord-text.ts';

/** The command runner the handler calls; `dispatchStructured` from commands/dispatch.ts in the app. */
export type StructuredDispatcher = (input: { path: string[]; options: Record<string, string | number | boolean> }, ctx: CommandContext) => Promise<Reply>;

export interface InteractionHandlerOptions {
  services: CommandServices;
  dispatch: StructuredDispatcher;
  /** True for commands that may take more than Discord's 3 s (ask, post, sources add): they are deferred first. */
  isSlowCommand(path: string[]): boolean;
  /** Permission an admin command needs; Manage Server by default. */
  adminPermission?: PermissionResolvable;
  /** A fast command still running after this long is deferred, so Discord's 3 s window is never missed. Default 2000. */
  ackAfterMs?: number;
  logger: Logger;
}

/**
 * Answers `/digest …` interactions: acknowledges in time, runs the platform-neutral command and
 * replies (privately when the Reply is ephemeral). Never throws: a failure is logged and, when the
 * interaction is still answerable, reported to the user.
 */
export function createInteractionHandler(options: InteractionHandlerOptions): (interaction: Interaction) => Promise<void> {
  const adminPermission = options.adminPermission ?? PermissionFlagsBits.ManageGuild;
  return async (interaction) => {
    if (!interaction.isChatInputCommand()) return;
    try {
      await answer(interaction, options, adminPermission);
    } catch (error) {
      options.logger.error({ err: error, channelId: interaction.channelId, command: interaction.commandName }, 'discord interaction failed');
      await reportFailure(interaction, options.logger);
    }
  };
}

async function answer(interaction: ChatInputCommandInteraction, options: InteractionHandlerOptions, adminPermission: PermissionResolvable): Promise<void> {
  const { path, values } = readInvocation(interaction);
  const ctx: CommandContext = {
    channel: { platform: 'discord', workspaceId: interaction.guildId ?? 'dm', channelId: interaction.channelId },
    // A DM (or a group DM with the bot) has no guild: commands there read, and make no channel row.
    direct: interaction.guildId === null,
    user: {
      id: interaction.user.id,
      name: interaction.user.username,
      // Read at run time from the interaction itself, so a role change applies at once.
      isAdmin: async () => interaction.memberPermissions?.has(adminPermission) ?? false,
    },
    services: options.services,
    // Channel ids are global on Discord: a setting that posts somewhere must name a channel of this server.
    async channelInWorkspace(channelId) {
      if (interaction.guildId === null || !/^\d{1,25}$/.test(channelId)) return false;
      const channel = interaction.guild?.channels.cache.get(channelId) ?? (await interaction.client.channels.fetch(channelId).catch(() => null));
      return channel !== null && channel !== undefined && 'guildId' in channel && channel.guildId === interaction.guildId;
    },
  };
  // A deferred reply's visibility is fixed before the command runs; private is the safe default.
  const defer = (): Promise<unknown> => interaction.deferReply({ flags: MessageFlags.Ephemeral });
  let slow = options.isSlowCommand(path);
  if (slow) await defer();
  const pending = options.dispatch({ path, options: values }, ctx);
  if (!slow && (await settlesWithin(pending, options.ackAfterMs ?? 2000)) === false) {
    await defer();
    slow = true;
  }
  const reply = await pending;
  const chunks = splitText(toDiscordMarkdown(reply.text), PLATFORM_LIMITS.discord.content);
  if (chunks.length === 0) chunks.push('Done.');
  const ephemeral = reply.visibility === 'ephemeral';
  const flags = ephemeral ? MessageFlags.Ephemeral | MessageFlags.SuppressEmbeds : MessageFlags.SuppressEmbeds;
  const [first, ...rest] = chunks as [string, ...string[]];
  if (slow && ephemeral) {
    await interaction.editReply({ content: first });
  } else if (slow) {
    // The private "thinking…" placeholder cannot turn public: replace it with a public follow-up.
    await interaction.followUp({ content: first, flags });
    await interaction.deleteReply().catch(() => undefined);
  } else {
    await interaction.reply({ content: first, flags });
  }
  for (const chunk of rest) await interaction.followUp({ content: chunk, flags });
}

/** Whether the promise settles (either way) within `ms`; never rejects. */
async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([promise.then(() => true, () => true), late]);
  } finally {
    clearTimeout(timer);
  }
}

/** The command path ([group?, subcommand]) and the leaf option values of an interaction. */
export function readInvocation(interaction: ChatInputCommandInteraction): { path: string[]; values: Record<string, string | number | boolean> } {
  const group = interaction.options.getSubcommandGroup(false);
  const sub = interaction.options.getSubcommand(false);
  const path = [group, sub].filter((p): p is string => typeof p === 'string');
  const values: Record<string, string | number | boolean> = {};
  const collect = (list: readonly CommandInteractionOption[]): void => {
    for (const option of list) {
      if (option.options) collect(option.options);
      else if (option.value !== undefined && option.value !== null) values[option.name] = option.value;
    }
  };
  collect(interaction.options.data);
  return { path, values };
}

/**
 * Reply text is already Discord-flavoured markdown. Feed text marked literal (titles, source names) is escaped
 * as in the digest, so it cannot style itself or mask a link; mentions are defused everywhere.
 */
export function toDiscordMarkdown(text: string): string {
  return mapLiterals(text, { inLiteral: escapeFeedText, outside: neutraliseDiscordMentions });
}

async function reportFailure(interaction: ChatInputCommandInteraction, logger: Logger): Promise<void> {
  const content = 'Something went wrong running that command; the error is in the bot log.';
  try {
    if (interaction.deferred || interaction.replied) await interaction.followUp({ content, flags: MessageFlags.Ephemeral });
    else await interaction.reply({ content, flags: MessageFlags.Ephemeral });
  } catch (error) {
    logger.warn({ err: error, channelId: interaction.channelId }, 'could not tell the user a command failed');
  }
}
