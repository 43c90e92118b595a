import { readFile } from 'node:fs/promises';
import { operator } from '../../../src/bot/actor.ts';
import { describeOrigin } from '../../../src/bot/describe-origin.ts';
import type { SourceChange, SourceView } from '../../../src/bot/use-cases/sources.ts';
import { subscriptionName } from '../../../src/domain/subscription.ts';
import { describePlanItem, summarisePlan } from '../../../src/opml/plan-import.ts';
import { createAppContext } from '../../compose.ts';
import { consoleChannel } from '../../console-channel.ts';
import { EXIT, parseCommandArgs, UsageError, writeLine, type CliCommandHandler } from '../cli-io.ts';

const ACTIONS = ['list', 'add', 'remove', 'pause', 'resume', 'set', 'export', 'import'] as const;
type Action = (typeof ACTIONS)[number];
const ARITY: Record<Action, number> = { list: 0, add: 1, remove: 1, pause: 1, resume: 1, set: 3, export: 0, import: 1 };

function health(view: SourceView): string {
  const { subscription } = view;
  const state = subscription.source.fetchState;
  if (subscription.paused) return 'paused';
  if (state.failing) return `FAILING (${state.consecutiveFailures}×: ${state.lastError ?? 'unknown error'})`;
  return state.lastSuccessAt === null ? 'not fetched yet' : `ok, last ${state.lastSuccessAt.toISOString()}`;
}

function sourceLine(view: SourceView, file: string): string {
  const { subscription, origins } = view;
  const from = (key: keyof typeof origins) => describeOrigin(origins[key]);
  const managed = view.fileKey === undefined ? 'added by command' : `${file}: ${view.fileKey}`;
  return [
    `${subscription.id}  ${view.name}  ${subscription.source.url}  ${health(view)}`,
    `          ${managed}; weight ${subscription.weight} (${from('weight')}), full text ${subscription.fullText ? 'on' : 'off'} (${from('fullText')}), name (${from('name')})`,
  ].join('\n');
}

function parseChange(setting: string, value: string): SourceChange {
  switch (setting.toLowerCase()) {
    case 'fulltext':
      if (!/^(on|off)$/i.test(value)) throw new UsageError(`fulltext takes on or off, not "${value}"`);
      return { key: 'fullText', value: value.toLowerCase() === 'on' };
    case 'weight':
      if (!/^\d+(\.\d+)?$/.test(value)) throw new UsageError(`weight takes a number from 0 to 10, not "${value}"`);
      return { key: 'weight', value: Number(value) };
    case 'name':
      return { key: 'name', value: /^(default|reset|none)$/i.test(value) ? null : value };
    default:
      throw new UsageError(`unknown setting "${setting}": use fulltext, weight or name`);
  }
}

/**
 * The operator's view of every channel's sources: the CLI acts as the server owner (docs/adr/0007-subscriptions-and-ownership.md), on
 * every channel or the ones --channel names. Each action is the same use case `/digest sources` calls.
 */
export const sourcesCommand: CliCommandHandler = {
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, { name: { type: 'string' }, channel: { type: 'string', multiple: true }, 'dry-run': { type: 'boolean' } }, true);
    const [given = 'list', ...args] = positionals;
    const action = ACTIONS.find((a) => a === given);
    if (action === undefined) throw new UsageError(`unknown action "${given}": use ${ACTIONS.join(', ')}`);
    const arity = ARITY[action];
    if (action === 'set' ? args.length < arity : args.length !== arity) {
      throw new UsageError(
        arity === 0
          ? `sources ${action} takes no argument`
          : `sources ${action} needs ${action === 'add' ? 'a feed URL or file path' : action === 'import' ? 'an OPML file' : action === 'set' ? 'an id, a setting and a value' : 'a source id (see digest sources list)'}`,
      );
    }
    const app = await createAppContext(io, { configPath: values.config });
    try {
      const bot = app.bot({ deliverNow: async () => ({ posted: false, reason: 'not from this command' }), scheduleChanged: () => undefined });
      // The operator always has the console channel to add to, whatever channels the config declares.
      await consoleChannel(app);
      const actor = operator(values.channel);
      const file = app.index.fileLabel;
      const [target = '', setting = '', ...rest] = args;
      switch (action) {
        case 'list': {
          const views = await bot.sources.list(actor);
          if (views.length === 0) writeLine(io.stdout, 'No channel reads a source yet: add one with `digest sources add <url or path>`.');
          for (const channelId of [...new Set(views.map((v) => v.channel.id))]) {
            writeLine(io.stdout, `${channelId}`);
            for (const view of views.filter((v) => v.channel.id === channelId)) writeLine(io.stdout, `  ${sourceLine(view, file).replace(/\n/g, '\n  ')}`);
          }
          return EXIT.ok;
        }
        case 'add': {
          const result = await bot.sources.add(actor, { location: target, ...(values.name === undefined ? {} : { name: values.name }) });
          for (const s of result.subscriptions) writeLine(io.stdout, `Added ${s.id}: ${subscriptionName(s)} to ${s.channelId} (full text ${s.fullText ? 'on' : 'off'}).`);
          for (const s of result.alreadyThere) writeLine(io.stdout, `${s.channelId} already reads it as ${s.id}.`);
          writeLine(io.stdout, `"${result.title}" has ${result.itemCount} items now.`);
          return EXIT.ok;
        }
        case 'remove': {
          const removed = await bot.sources.remove(actor, target);
          writeLine(io.stdout, `Removed ${removed.id} (${subscriptionName(removed)}) from ${removed.channelId}. Pieces already ingested stay in past digests.`);
          return EXIT.ok;
        }
        case 'pause':
        case 'resume': {
          const { subscription, changed } = await bot.sources.setPaused(actor, target, action === 'pause');
          writeLine(io.stdout, changed ? `${action === 'pause' ? 'Paused' : 'Resumed'} ${subscription.id} in ${subscription.channelId}.` : `${subscription.id} is already ${action === 'pause' ? 'paused' : 'active'}; nothing changed.`);
          return EXIT.ok;
        }
        case 'set': {
          const updated = await bot.sources.update(actor, target, parseChange(setting, rest.join(' ')));
          writeLine(io.stdout, `${updated.id} in ${updated.channelId}: ${subscriptionName(updated)}, weight ${updated.weight}, full text ${updated.fullText ? 'on' : 'off'}.`);
          return EXIT.ok;
        }
        case 'export':
          io.stdout.write(await bot.sources.exportOpml(actor));
          return EXIT.ok;
        case 'import': {
          const text = await readFile(target, 'utf8').catch((error: NodeJS.ErrnoException) => {
            throw new UsageError(`cannot read ${target}: ${error.code ?? error.message}`);
          });
          const dryRun = values['dry-run'] === true;
          const result = await bot.sources.importOpml(actor, text, { dryRun });
          const verbs = dryRun ? { add: 'would add', skip: 'would skip', refuse: 'would refuse' } : undefined;
          for (const item of result.items) writeLine(item.action === 'add' ? io.stdout : io.stderr, describePlanItem(item, verbs ?? { add: `added (${item.ids.join(', ')})`, skip: 'skipped', refuse: 'refused' }));
          for (const problem of result.problems) writeLine(io.stderr, problem);
          const counts = summarisePlan(result.items);
          if (dryRun) writeLine(io.stdout, `Dry run: ${counts.add} would be added (each is fetched once when imported), ${counts.skip} skipped, ${counts.refuse} refused. Nothing was changed.`);
          else writeLine(io.stdout, `${counts.add} added, ${counts.skip} skipped, ${counts.refuse} refused.`);
          return counts.add === 0 && counts.refuse > 0 ? EXIT.failed : EXIT.ok;
        }
      }
    } finally {
      await app.close();
    }
  },
};
