import { fallbackSourceName } from '../../src/pipeline/sync-config.ts';
import { subscriptionName, type Subscription } from '../../src/domain/subscription.ts';
import { defineGroup, defineSubcommand, option, type RunContext } from '../define-command.ts';
import { CommandError } from '../dispatch-with.ts';
import { okReply } from '../reply.ts';
import { closest } from '../parse-command-text.ts';

const idOption = option.string('id', 'Source id, as `/digest sources list` shows it', { required: true, maxLength: 64 });

function health(subscription: Subscription): string {
  const state = subscription.source.fetchState;
  if (subscription.paused) return 'paused';
  if (state.failing) return `failing (${state.consecutiveFailures} failures${state.lastError === null ? '' : `: ${state.lastError}`})`;
  if (state.consecutiveFailures > 0) return `${state.consecutiveFailures} recent ${state.consecutiveFailures === 1 ? 'failure' : 'failures'}${state.lastError === null ? '' : `: ${state.lastError}`}`;
  if (state.lastSuccessAt === null) return 'not fetched yet';
  return state.fullTextNote === null ? 'ok' : `ok; full text: ${state.fullTextNote}`;
}

function sourceLine(subscription: Subscription): string {
  return `• \`${subscription.id}\` **${subscriptionName(subscription)}** — ${health(subscription)}\n  ${subscription.source.url}`;
}

/** Finds one of this channel's subscriptions by exact id or unique id prefix; other channels' ids are never seen. */
async function findSource(ctx: RunContext, id: string): Promise<Subscription> {
  const own = await ctx.services.store.listSubscriptions({ channelIds: [ctx.record.id] });
  const wanted = id.toLowerCase();
  const exact = own.find((s) => s.id.toLowerCase() === wanted);
  if (exact !== undefined) return exact;
  const byPrefix = own.filter((s) => s.id.toLowerCase().startsWith(wanted));
  if (byPrefix.length === 1 && byPrefix[0] !== undefined) return byPrefix[0];
  const guess = closest(wanted, own.map((s) => s.id.toLowerCase()));
  throw new CommandError(`There is no source with id \`${id}\` in this channel.${guess === undefined ? '' : ` Did you mean \`${guess}\`?`}`, { code: 'not-found', hint: '`/digest sources list` shows the ids.' });
}

const list = defineSubcommand({
  name: 'list',
  description: "List this channel's sources with their health",
  permission: 'admin',
  async run(_args, ctx) {
    const own = await ctx.services.store.listSubscriptions({ channelIds: [ctx.record.id] });
    if (own.length > 0) return okReply([`**Sources of this channel (${own.length})**`, ...own.map(sourceLine)].join('\n'));
    return okReply('This channel reads no sources yet. Add one with `/digest sources add <url> [name]`.');
  },
});

const add = defineSubcommand({
  name: 'add',
  description: 'Add a feed: it is fetched once and checked before anything is saved',
  permission: 'admin',
  slow: true,
  options: [option.url('url', 'The feed URL (RSS or Atom)', { required: true }), option.words('name', 'Display name (default: the feed title)', { maxLength: 100 })],
  async run(args, ctx) {
    const { store } = ctx.services;
    const url = args.url;
    // Local paths and file: URLs are for the operator's console, never for chat users.
    if (ctx.channel.platform !== 'console' && !/^https?:\/\//i.test(url)) {
      throw new CommandError(`"${url}" is not an http(s) URL.`, { hint: 'Give the feed address, e.g. https://example.org/feed.xml.' });
    }
    const own = await store.listSubscriptions({ channelIds: [ctx.record.id] });
    const already = own.find((s) => s.source.url === url);
    if (already !== undefined) {
      throw new CommandError(`That feed is already a source here: \`${already.id}\` **${subscriptionName(already)}**. Nothing was changed.`, { code: 'already-exists' });
    }
    const probe = await ctx.services.probeFeed(url);
    if (!probe.ok) {
      throw new CommandError(`Could not add ${url}: ${probe.error}. Nothing was saved.`, probe.hint === undefined ? undefined : { hint: probe.hint });
    }
    const subscription = await store.transaction(async (tx) => {
      const { source } = await tx.addSource({ url, name: probe.title.trim() || fallbackSourceName(url) });
      const name = args.name === undefined ? null : args.name;
      return (await tx.subscribe({ channelId: ctx.record.id, sourceId: source.id, origin: 'chat', fullText: false, nameOverride: name, chatKeys: name === null ? [] : ['name'] })).subscription;
    });
    return okReply(`Added \`${subscription.id}\` **${subscriptionName(subscription)}**: "${probe.title}" has ${probe.itemCount} ${probe.itemCount === 1 ? 'item' : 'items'} now. New pieces appear from the next ingest.`);
  },
});

const remove = defineSubcommand({
  name: 'remove',
  description: 'Stop reading a source in this channel',
  permission: 'admin',
  options: [idOption],
  async run(args, ctx) {
    const subscription = await findSource(ctx, args.id);
    await ctx.services.store.unsubscribe(subscription.id);
    return okReply(`Removed \`${subscription.id}\` **${subscriptionName(subscription)}** from this channel. Pieces already digested stay in the history.`);
  },
});

function pauseCommand(paused: boolean) {
  return defineSubcommand({
    name: paused ? 'pause' : 'resume',
    description: paused ? 'Stop fetching a source for now' : 'Fetch a paused source again',
    permission: 'admin',
    options: [idOption],
    async run(args, ctx) {
      const subscription = await findSource(ctx, args.id);
      const name = subscriptionName(subscription);
      if (subscription.paused === paused) return okReply(`\`${subscription.id}\` **${name}** is already ${paused ? 'paused' : 'active'}; nothing changed.`);
      await ctx.services.store.updateSubscription(subscription.id, { paused, chatKeys: [...subscription.chatKeys, 'paused'] });
      return okReply(`${paused ? 'Paused' : 'Resumed'} \`${subscription.id}\` **${name}**.`);
    },
  });
}

/** `/digest sources list | add | remove | pause | resume` (admin). */
export const sourcesGroup = defineGroup({
  name: 'sources',
  description: 'Manage the feeds this channel reads (admin)',
  subcommands: [list, add, remove, pauseCommand(true), pauseCommand(false)],
});
