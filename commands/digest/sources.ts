import type { Source } from '../../src/domain/source.ts';
import { fallbackSourceName } from '../../src/pipeline/sync-config.ts';
import { defineGroup, defineSubcommand, option, type RunContext } from '../define-command.ts';
import { CommandError } from '../dispatch-with.ts';
import { okReply } from '../reply.ts';
import { closest } from '../parse-command-text.ts';

const idOption = option.string('id', 'Source id, as `/digest sources list` shows it', { required: true, maxLength: 64 });

function health(source: Source): string {
  const state = source.fetchState;
  if (source.paused) return 'paused';
  if (state.failing) return `failing (${state.consecutiveFailures} failures${state.lastError === null ? '' : `: ${state.lastError}`})`;
  if (state.consecutiveFailures > 0) return `${state.consecutiveFailures} recent ${state.consecutiveFailures === 1 ? 'failure' : 'failures'}${state.lastError === null ? '' : `: ${state.lastError}`}`;
  if (state.lastSuccessAt === null) return 'not fetched yet';
  return state.fullTextNote === null ? 'ok' : `ok; full text: ${state.fullTextNote}`;
}

function sourceLine(source: Source): string {
  return `• \`${source.id}\` **${source.name}** — ${health(source)}\n  ${source.url}`;
}

/** Finds a source by exact id or unique id prefix; throws a CommandError with a suggestion otherwise. */
async function findSource(ctx: RunContext, id: string): Promise<Source> {
  const { store } = ctx.services;
  const exact = await store.getSource(id);
  if (exact !== undefined) return exact;
  const all = await store.listSources();
  const wanted = id.toLowerCase();
  const byPrefix = all.filter((s) => s.id.toLowerCase().startsWith(wanted));
  if (byPrefix.length === 1 && byPrefix[0] !== undefined) return byPrefix[0];
  const guess = closest(wanted, all.map((s) => s.id.toLowerCase()));
  throw new CommandError(`There is no source with id \`${id}\`.${guess === undefined ? '' : ` Did you mean \`${guess}\`?`}`, { hint: '`/digest sources list` shows the ids.' });
}

const list = defineSubcommand({
  name: 'list',
  description: "List this channel's sources with their health",
  permission: 'admin',
  async run(_args, ctx) {
    const own = await ctx.services.store.listChannelSources(ctx.record.id);
    if (own.length > 0) return okReply([`**Sources of this channel (${own.length})**`, ...own.map(sourceLine)].join('\n'));
    const known = (await ctx.services.store.listSources()).length;
    const others = known === 0 ? '' : ` (the bot knows ${known} ${known === 1 ? 'source' : 'sources'} from other channels or the config file; add one here by its URL)`;
    return okReply(`This channel reads no sources yet${others}. Add one with \`/digest sources add <url> [name]\`.`);
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
    const existing = await store.getSourceByUrl(url);
    if (existing !== undefined) {
      const own = await store.listChannelSources(ctx.record.id);
      if (own.some((s) => s.id === existing.id)) {
        throw new CommandError(`That feed is already a source here: \`${existing.id}\` **${existing.name}**. Nothing was changed.`);
      }
    }
    const probe = await ctx.services.probeFeed(url);
    if (!probe.ok) {
      throw new CommandError(`Could not add ${url}: ${probe.error}. Nothing was saved.`, probe.hint === undefined ? undefined : { hint: probe.hint });
    }
    const { source } = await store.addSource({ url, name: args.name ?? (probe.title.trim() || fallbackSourceName(url)) });
    await store.subscribe(ctx.record.id, source.id);
    const note = existing === undefined ? '' : ' (it was already known; this channel now reads it too)';
    return okReply(`Added \`${source.id}\` **${source.name}**${note}: "${probe.title}" has ${probe.itemCount} ${probe.itemCount === 1 ? 'item' : 'items'} now. New pieces appear from the next ingest.`);
  },
});

const remove = defineSubcommand({
  name: 'remove',
  description: 'Stop reading a source in this channel',
  permission: 'admin',
  options: [idOption],
  async run(args, ctx) {
    const { store } = ctx.services;
    const source = await findSource(ctx, args.id);
    await store.unsubscribe(ctx.record.id, source.id);
    // Delete the source itself only when no other channel still reads it by name.
    const channels = await store.listChannels();
    let usedElsewhere = false;
    for (const channel of channels) {
      if (channel.id === ctx.record.id) continue;
      if ((await store.listChannelSources(channel.id)).some((s) => s.id === source.id)) {
        usedElsewhere = true;
        break;
      }
    }
    if (!usedElsewhere) await store.removeSource(source.id);
    return okReply(`Removed \`${source.id}\` **${source.name}** from this channel. Pieces already digested stay in the history.`);
  },
});

function pauseCommand(paused: boolean) {
  return defineSubcommand({
    name: paused ? 'pause' : 'resume',
    description: paused ? 'Stop fetching a source for now' : 'Fetch a paused source again',
    permission: 'admin',
    options: [idOption],
    async run(args, ctx) {
      const source = await findSource(ctx, args.id);
      if (source.paused === paused) return okReply(`\`${source.id}\` **${source.name}** is already ${paused ? 'paused' : 'active'}; nothing changed.`);
      await ctx.services.store.updateSource(source.id, { paused });
      return okReply(`${paused ? 'Paused' : 'Resumed'} \`${source.id}\` **${source.name}**.`);
    },
  });
}

/** `/digest sources list | add | remove | pause | resume` (admin). */
export const sourcesGroup = defineGroup({
  name: 'sources',
  description: 'Manage the feeds this channel reads (admin)',
  subcommands: [list, add, remove, pauseCommand(true), pauseCommand(false)],
});
