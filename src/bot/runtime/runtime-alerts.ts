import type { AlertEvent } from '../../alerts/alert-event.ts';
import { createAlerter } from '../../alerts/alerter.ts';
import { eventsFromIngest } from '../../alerts/ingest-events.ts';
import { checkQuietSources } from '../../alerts/quiet-source.ts';
import { eventFromBudget, eventFromPoster, eventsFromDelivery, eventsFromDigest } from '../../alerts/runtime-events.ts';
import type { BudgetGuard } from '../../budget/workspace-budget.ts';
import type { Channel, ChannelRef, Platform } from '../../domain/channel.ts';
import type { Digest } from '../../domain/digest.ts';
import { workspaceKeyOf, type WorkspaceKey } from '../../domain/workspace.ts';
import type { DeliveryOutcome } from '../../deliver/deliver-digest.ts';
import type { DigestPoster } from '../../deliver/digest-poster.ts';
import type { PosterObservation } from '../../deliver/poster-observation.ts';
import type { SourceIngestReport } from '../../ingest/index.ts';
import type { Logger } from '../../log/logger.ts';
import type { Store } from '../../store/store.ts';
import { feedsToFetch } from '../use-cases/ingest.ts';

/**
 * What the runtime observes, turned into admin alerts (src/alerts): every observation goes to the alerter, which
 * keeps one state machine per (workspace, kind, subject) in the store and posts one message per change of state.
 */
export interface RuntimeAlerts {
  /** After an ingest cycle: failing, empty and bot-walled feeds from its reports, then quiet feeds and budgets. */
  afterIngest(reports: readonly SourceIngestReport[]): Promise<void>;
  /** After a channel's digest was built: whether the LLM answered, and the workspace's budget. */
  afterBuild(channel: Channel, digest: Digest): Promise<void>;
  /** After a delivery attempt (a scheduled one, a manual one or a resumed one). */
  afterDelivery(channel: ChannelRef, edition: string, outcome: DeliveryOutcome): Promise<void>;
  /** What a poster noticed (it cannot read a channel's history). */
  fromPoster(observation: PosterObservation): void;
  /** Posts held-back recoveries that have settled and retries messages a platform refused. */
  sweep(): Promise<void>;
  /** Resolves once every observation handed over so far has been dealt with. */
  idle(): Promise<void>;
}

export interface RuntimeAlertsDeps {
  store: Store;
  posterFor(platform: Platform): DigestPoster | undefined;
  now: () => Date;
  logger: Logger;
  /** Only then does a digest summarised offline say something about the LLM. */
  llmConfigured: boolean;
  /** Absent: budgets are not watched (no LLM). */
  budget?: BudgetGuard | undefined;
  /** The alerter's flap damping (default one hour). */
  settleMs?: number;
}

export function createRuntimeAlerts(deps: RuntimeAlertsDeps): RuntimeAlerts {
  const { store, logger } = deps;
  const alerter = createAlerter({ store, posterFor: deps.posterFor, now: deps.now, logger, ...(deps.settleMs === undefined ? {} : { settleMs: deps.settleMs }) });
  // One notify at a time, in the order things were observed, so a state never moves backwards.
  let queue: Promise<void> = Promise.resolve();
  const notify = (events: () => Promise<readonly AlertEvent[]>): Promise<void> => {
    const run = queue.then(async () => {
      const list = await events();
      await alerter.notify(list);
    }).catch((error: unknown) => logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'could not check admin alerts; the next check tries again'));
    queue = run;
    return run;
  };

  const budgetEvents = async (workspaces: Iterable<WorkspaceKey>): Promise<AlertEvent[]> => {
    if (deps.budget === undefined) return [];
    const events: AlertEvent[] = [];
    for (const workspace of new Set(workspaces)) events.push(eventFromBudget(await deps.budget.status(workspace)));
    return events;
  };

  return {
    afterIngest(reports) {
      return notify(async () => {
        const failing = new Map<string, number>();
        for (const report of reports) {
          if (!report.failing) continue;
          failing.set(report.sourceId, (await store.getSource(report.sourceId))?.fetchState.consecutiveFailures ?? 0);
        }
        const quiet = await checkQuietSources({ activity: store.sourceActivity, sources: await feedsToFetch(store), now: deps.now() });
        // Questions spend the budget too, between digests: each cycle looks at every workspace with a channel.
        const workspaces = (await store.listChannels()).filter((c) => c.ref.platform !== 'console').map((c) => workspaceKeyOf(c.ref));
        return [...eventsFromIngest(reports, failing), ...quiet, ...(await budgetEvents(workspaces))];
      });
    },
    afterBuild(channel, digest) {
      return notify(async () => [...eventsFromDigest(channel.ref, digest, deps.llmConfigured), ...(await budgetEvents([workspaceKeyOf(channel.ref)]))]);
    },
    afterDelivery(channel, edition, outcome) {
      return notify(async () => eventsFromDelivery(channel, edition, outcome));
    },
    fromPoster(observation) {
      void notify(async () => [eventFromPoster(observation)]);
    },
    sweep() {
      return notify(async () => []);
    },
    idle: () => queue,
  };
}
