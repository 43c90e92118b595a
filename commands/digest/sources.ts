import { channelAdmin } from '../../src/bot/actor.ts';
import { describeOrigin } from '../../src/bot/describe-origin.ts';
import type { SourceView } from '../../src/bot/use-cases/sources.ts';
import type { Subscription } from '../../src/domain/subscription.ts';
import { subscriptionName } from '../../src/domain/subscription.ts';
import { defineGroup, defineSubcommand, option } from '../define-command.ts';
import { CommandError } from '../dispatch-with.ts';
import { okReply } from '../reply.ts';
import { exportSources, importSources } from './sources-opml.ts';

const idOption = option.string('id', 'Source id (see /digest sources list)', { required: true, maxLength: 64 });

/** The feed's health as this channel sees it (a paused subscription is paused here, whatever others do). */
function health(subscription: Subscription): string {
  const state = subscription.source.fetchState;
  if (subscription.paused) return 'paused';
  if (state.failing) return `failing (${state.consecutiveFailures} failures${state.lastError === null ? '' : `: ${state.lastError}`})`;
  if (state.consecutiveFailures > 0) return `${state.consecutiveFailures} recent ${state.consecutiveFailures === 1 ? 'failure' : 'failures'}${state.lastError === null ? '' : `: ${state.lastError}`}`;
  if (state.lastSuccessAt === null) return 'not fetched yet';
  return state.fullTextNote === null ? 'ok' : `ok; full text: ${state.fullTextNote}`;
}

/** Two lines per source: id, name and health; then the URL and where each value comes from. */
export function sourceLines(view: SourceView, fileLabel: string): string {
  const { subscription, origins } = view;
  const from = (key: keyof typeof origins) => describeOrigin(origins[key]);
  const managed = view.fileKey === undefined ? 'added in chat' : `from ${fileLabel} (${view.fileKey})`;
  const values = [managed, `weight ${subscription.weight} (${from('weight')})`, `full text ${subscription.fullText ? 'on' : 'off'} (${from('fullText')})`, `name (${from('name')})`];
  return `• \`${subscription.id}\` **${view.name}** — ${health(subscription)}\n  ${subscription.source.url}\n  ${values.join(' · ')}`;
}

const list = defineSubcommand({
  name: 'list',
  description: 'Sources of this channel (or workspace), their health and where each value comes from',
  permission: 'admin',
  options: [option.choice('where', 'channel (default) or workspace', ['channel', 'workspace'] as const)],
  async run(args, ctx) {
    const { bot } = ctx.services;
    const workspace = args.where === 'workspace';
    const views = await bot.sources.list(workspace ? channelAdmin(ctx.record, { scope: 'workspace' }) : ctx.actor);
    const file = bot.deps.index.fileLabel;
    if (views.length === 0) {
      return okReply(`${workspace ? 'No channel of this workspace reads' : 'This channel reads no'} sources yet. Add one with \`/digest sources add <url> [name]\`.`);
    }
    if (!workspace) return okReply([`**Sources of this channel (${views.length})**`, ...views.map((v) => sourceLines(v, file))].join('\n'));
    const lines = [`**Sources of this workspace (${views.length})**`];
    for (const channelId of [...new Set(views.map((v) => v.channel.id))]) {
      const own = views.filter((v) => v.channel.id === channelId);
      lines.push(`_Channel ${own[0]?.channel.ref.channelId ?? channelId}_`, ...own.map((v) => sourceLines(v, file)));
    }
    return okReply(lines.join('\n'));
  },
});

const add = defineSubcommand({
  name: 'add',
  description: 'Add a feed: it is fetched once and checked before anything is saved',
  permission: 'admin',
  slow: true,
  options: [option.url('url', 'The feed URL (RSS or Atom)', { required: true }), option.words('name', 'Display name (default: the feed title)', { maxLength: 100 })],
  async run(args, ctx) {
    const { subscriptions: [made], title, itemCount } = await ctx.services.bot.sources.add(ctx.actor, { location: args.url, ...(args.name === undefined ? {} : { name: args.name }) });
    if (made === undefined) throw new CommandError('That feed is already a source here. Nothing was changed.', { code: 'already-exists' });
    const fullText = made.fullText ? 'full text on' : 'full text off';
    return okReply(`Added \`${made.id}\` **${subscriptionName(made)}** (${fullText}): "${title}" has ${itemCount} ${itemCount === 1 ? 'item' : 'items'} now. New pieces appear from the next ingest.`);
  },
});

const remove = defineSubcommand({
  name: 'remove',
  description: 'Stop reading a source in this channel',
  permission: 'admin',
  options: [idOption],
  async run(args, ctx) {
    const removed = await ctx.services.bot.sources.remove(ctx.actor, args.id);
    return okReply(`Removed \`${removed.id}\` **${subscriptionName(removed)}** from this channel. Pieces already digested stay in the history.`);
  },
});

function pauseCommand(paused: boolean) {
  return defineSubcommand({
    name: paused ? 'pause' : 'resume',
    description: paused ? 'Pause a source in this channel' : 'Read a paused source again',
    permission: 'admin',
    options: [idOption],
    async run(args, ctx) {
      const { subscription, changed } = await ctx.services.bot.sources.setPaused(ctx.actor, args.id, paused);
      const name = subscriptionName(subscription);
      if (!changed) return okReply(`\`${subscription.id}\` **${name}** is already ${paused ? 'paused' : 'active'}; nothing changed.`);
      return okReply(`${paused ? 'Paused' : 'Resumed'} \`${subscription.id}\` **${name}**.`);
    },
  });
}

const ON = new Set(['on', 'yes', 'true', '1']);
const OFF = new Set(['off', 'no', 'false', '0']);

const set = defineSubcommand({
  name: 'set',
  description: "Set a source's full text, weight or name in this channel",
  permission: 'admin',
  options: [
    idOption,
    option.choice('setting', 'What to change', ['fulltext', 'weight', 'name'] as const, { required: true }),
    option.words('value', 'on|off, 0–10 (1 is neutral), or a name ("default" resets it)', { required: true, maxLength: 100 }),
  ],
  async run(args, ctx) {
    const { bot } = ctx.services;
    const value = args.value.trim();
    let updated: Subscription;
    if (args.setting === 'fulltext') {
      const lower = value.toLowerCase();
      if (!ON.has(lower) && !OFF.has(lower)) throw new CommandError(`fulltext takes on or off; got "${value.slice(0, 20)}".`);
      updated = await bot.sources.update(ctx.actor, args.id, { key: 'fullText', value: ON.has(lower) });
      return okReply(`Full text is now ${updated.fullText ? 'on' : 'off'} for \`${updated.id}\` **${subscriptionName(updated)}** in this channel, from the next ingest.`);
    }
    if (args.setting === 'weight') {
      if (!/^\d+(\.\d+)?$/.test(value)) throw new CommandError(`weight takes a number from 0 to 10 (1 is neutral); got "${value.slice(0, 20)}".`);
      updated = await bot.sources.update(ctx.actor, args.id, { key: 'weight', value: Number(value) });
      return okReply(`\`${updated.id}\` **${subscriptionName(updated)}** now weighs ${updated.weight} in this channel's selection (1 is neutral).`);
    }
    updated = await bot.sources.update(ctx.actor, args.id, { key: 'name', value: /^(default|reset|none)$/i.test(value) ? null : value });
    return okReply(`\`${updated.id}\` is now shown as **${subscriptionName(updated)}** in this channel.`);
  },
});

/** `/digest sources list | add | remove | pause | resume | set` (admin). */
export const sourcesGroup = defineGroup({
  name: 'sources',
  description: 'Manage the feeds this channel reads (admin)',
  subcommands: [list, add, remove, pauseCommand(true), pauseCommand(false), set, importSources, exportSources],
});
