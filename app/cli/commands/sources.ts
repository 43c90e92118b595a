import { feedLocation } from '../../../src/rules/feed-location.ts';
import { probeFeed } from '../../../src/ingest/index.ts';
import { fallbackSourceName } from '../../../src/pipeline/sync-config.ts';
import { createAppContext } from '../../compose.ts';
import { EXIT, parseCommandArgs, UsageError, writeLine, type CliCommandHandler } from '../cli-io.ts';

export const sourcesCommand: CliCommandHandler = {
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, { name: { type: 'string' } }, true);
    const [action = 'list', target, ...extra] = positionals;
    if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`);
    if (!['list', 'add', 'remove'].includes(action)) throw new UsageError(`unknown action "${action}": use list, add or remove`);
    if (action !== 'list' && target === undefined) throw new UsageError(`sources ${action} needs ${action === 'add' ? 'a feed URL or file path' : 'a source id (see digest sources list)'}`);

    const app = await createAppContext(io, { configPath: values.config });
    try {
      const { store } = app;
      if (action === 'list') {
        const sources = await store.listSources();
        if (sources.length === 0) writeLine(io.stdout, 'No sources yet: add one with `digest sources add <url>`.');
        for (const s of sources) {
          const state = s.fetchState;
          const health = s.paused ? 'paused' : state.failing ? `FAILING (${state.consecutiveFailures}×: ${state.lastError ?? 'unknown error'})` : state.lastSuccessAt === null ? 'not fetched yet' : `ok, last ${state.lastSuccessAt.toISOString()}${state.fullTextNote === null ? '' : `; full text: ${state.fullTextNote}`}`;
          writeLine(io.stdout, `${s.id}  ${s.name}  ${s.url}  ${health}`);
        }
        return EXIT.ok;
      }
      if (action === 'add') {
        const url = target!;
        const valid = feedLocation.safeParse(url);
        if (!valid.success) throw new UsageError(`"${url}" ${valid.error.issues[0]?.message ?? 'is not a valid feed location'}`);
        if (await store.getSourceByUrl(url)) throw new UsageError(`${url} is already a source (see digest sources list)`);
        const probe = await probeFeed(url, app.config.ingest);
        if (!probe.ok) {
          writeLine(io.stderr, `Not added: ${probe.error}${probe.hint ? `\n${probe.hint}` : ''}`);
          return EXIT.failed;
        }
        const { source } = await store.addSource({ url, name: values.name ?? (probe.title.trim() || fallbackSourceName(url)) });
        for (const channel of await store.listChannels()) await store.subscribe({ channelId: channel.id, sourceId: source.id, origin: 'chat', fullText: app.config.ingest.fullTextBelowWords > 0 });
        writeLine(io.stdout, `Added ${source.id}: ${source.name} (${probe.itemCount} items). Every channel now reads it.`);
        return EXIT.ok;
      }
      const matching = (await store.listSubscriptions()).filter((s) => s.id === target || s.source.id === target);
      for (const subscription of matching) await store.unsubscribe(subscription.id);
      if (matching.length === 0) throw new UsageError(`no source with id "${target}" (see digest sources list)`);
      writeLine(io.stdout, `Removed ${target}. Pieces already ingested stay in past digests.`);
      return EXIT.ok;
    } finally {
      await app.close();
    }
  },
};
