import type { CommandServices } from '../../commands/services.ts';
import { createArchiveService } from '../../src/archive/archive-service.ts';
import { createBot, type Bot } from '../../src/bot/bot.ts';
import { indexConfig, type ConfigIndex } from '../../src/bot/config/config-index.ts';
import type { DeliveryHooks, PostDigestNowResult, ProbeFeedResult } from '../../src/bot/deps.ts';
import { createBudgetGuard } from '../../src/budget/workspace-budget.ts';
import { fetchDocument } from '../../src/ingest/fetch-document.ts';
import { configSchema } from '../../src/config/schema.ts';
import type { Channel } from '../../src/domain/channel.ts';
import { silentLogger } from '../../src/log/logger.ts';
import type { Store } from '../../src/store/store.ts';

/** What the fakes around a test bot were asked. */
export interface BotCalls {
  probeFeed: { location: string; allowLocalFiles: boolean }[];
  postDigestNow: Channel[];
  scheduleChanged: Channel[];
}

export interface TestBotOptions {
  /** Raw config (as the YAML would give it); the defaults fill the rest. */
  config?: unknown;
  /** The config file's path, as the "managed by" answers name it. */
  configPath?: string | null;
  now?: () => Date;
  probe?: (location: string) => ProbeFeedResult;
  post?: (channel: Channel) => PostDigestNowResult | Promise<PostDigestNowResult>;
  cwd?: string;
}

/** A real bot (use cases) on a real store, with the network and delivery seams faked and recorded. */
export function testBot(store: Store, options: TestBotOptions = {}): { bot: Bot; calls: BotCalls; index: ConfigIndex } {
  const calls: BotCalls = { probeFeed: [], postDigestNow: [], scheduleChanged: [] };
  const index = indexConfig(configSchema.parse(options.config ?? {}), options.configPath === undefined ? '/srv/bot/digest.config.yaml' : options.configPath);
  const delivery: DeliveryHooks = {
    async deliverNow(channel) {
      calls.postDigestNow.push(channel);
      return (await options.post?.(channel)) ?? { posted: false, reason: 'no new pieces since the last digest' };
    },
    scheduleChanged(channel) {
      calls.scheduleChanged.push(channel);
    },
  };
  const now = options.now ?? (() => new Date());
  const { cost } = index.config;
  const budget = createBudgetGuard({ store, defaultMonthlyTokens: cost.monthlyTokenBudget, warnAtRatio: cost.warnAtRatio, now });
  const bot = createBot({
    store,
    index,
    delivery,
    budget,
    logger: silentLogger(),
    now,
    cwd: options.cwd ?? '/srv/bot',
    async probeFeed(location, probeOptions) {
      calls.probeFeed.push({ location, allowLocalFiles: probeOptions.allowLocalFiles });
      return options.probe?.(location) ?? { ok: true, title: 'Example Feed', itemCount: 12 };
    },
    // The real fetcher under the config's rules (tests serving OPML on 127.0.0.1 set ingest.allowPrivateNetworks).
    fetchDocument: (url) => fetchDocument(url, index.config.ingest),
  });
  return { bot, calls, index };
}

/** Command services around a test bot. */
export function testServices(store: Store, options: TestBotOptions & { askPiece?: CommandServices['askPiece']; publicUrl?: string } = {}): { services: CommandServices; calls: BotCalls; bot: Bot } {
  const { bot, calls } = testBot(store, options);
  const now = options.now ?? (() => new Date());
  const archive = createArchiveService({ store, publicUrl: options.publicUrl ?? null, now });
  return { services: { bot, store, now, askPiece: options.askPiece ?? null, archive }, calls, bot };
}
