import type { BudgetGuard } from '../budget/workspace-budget.ts';
import type { Channel } from '../domain/channel.ts';
import type { Digest } from '../domain/digest.ts';
import type { Logger } from '../log/logger.ts';
import type { ChannelStore } from '../store/ports/channels.ts';
import type { OperationsStores } from '../store/ports/operations.ts';
import type { SourceStore } from '../store/ports/sources.ts';
import type { SubscriptionStore } from '../store/ports/subscriptions.ts';
import type { Store } from '../store/store.ts';
import type { ConfigIndex } from './config/config-index.ts';

/** What probing a feed URL once (under the ingest safety rules) found. */
export type ProbeFeedResult = { ok: true; title: string; itemCount: number } | { ok: false; error: string; hint?: string };

/** Outcome of posting a digest now. */
export type PostDigestNowResult =
  /** `failedPieces`: pieces the platform refused for good; the others were posted. */
  | { posted: true; digest: Digest; failedPieces?: { position: number; title: string; reason: string }[] }
  /** `partly`: the header (and maybe some pieces) did reach the channel before it failed. */
  | { posted: false; reason: string; partly?: boolean };

/** How use cases reach delivery: the runtime (platforms) or the console implements it. */
export interface DeliveryHooks {
  /** Builds and posts the channel's next digest now. */
  deliverNow(channel: Channel): Promise<PostDigestNowResult>;
  /** Tells the scheduler a channel's schedule changed. */
  scheduleChanged(channel: Channel): void;
}

/** The store ports the use cases touch: channels and settings, feeds, subscriptions, workspace settings, and transactions of them. */
export type BotStore = ChannelStore & SourceStore & SubscriptionStore & Pick<OperationsStores, 'workspaces'> & Pick<Store, 'transaction'>;

/** Everything the use cases need; the app wires the real parts, tests pass a real store and small fakes. */
export interface BotDeps {
  store: BotStore;
  /** The config file as the config-vs-chat rule reads it. */
  index: ConfigIndex;
  now(): Date;
  logger: Logger;
  /** Fetches and parses a feed once, saving nothing; local files only when the operator typed them. */
  probeFeed(location: string, options: { allowLocalFiles: boolean }): Promise<ProbeFeedResult>;
  /** Fetches a document an admin named by URL (an OPML file to import) under the feed fetcher's rules; throws a DigestError. */
  fetchDocument(url: string): Promise<string>;
  delivery: DeliveryHooks;
  /** Each workspace's monthly LLM budget, read from the stored usage (the digest gate and `/digest ask` use the same one). */
  budget: BudgetGuard;
  /** Where a relative path the operator types is resolved from. */
  cwd: string;
}
