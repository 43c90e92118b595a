import { costConfigSchema } from '../../../src/budget/cost-config.ts';
import type { CommandServices } from '../../../commands/services.ts';
import { testServices } from '../../bot/test-bot.ts';
import { discussionConfigSchema } from '../../../src/config/discussion-schema.ts';
import { createDiscussionService, type DiscussionLlm, type DiscussionService } from '../../../src/discussion/discussion-service.ts';
import type { RecordOutcome } from '../../../src/discussion/record-thread-event.ts';
import type { ThreadEvent } from '../../../src/discussion/thread-events.ts';
import type { ChannelSettings } from '../../../src/domain/channel.ts';
import type { Logger } from '../../../src/log/logger.ts';
import type { Store } from '../../../src/store/store.ts';
import { channelSettings } from '../../fixtures/channel-settings.ts';

export const SETTINGS: ChannelSettings = channelSettings({ pieces: 3 });

/** The command services an adapter needs to start; the discussion tests do not run commands through them. */
export function bareServices(store: Store, now: () => Date): CommandServices {
  return testServices(store, { now }).services;
}

/** The discussion service, with a way to wait until it has handled a number of events (no sleeping). */
export function discussionFor(store: Store, options: { llm?: DiscussionLlm | null; now: () => Date; logger: Logger }) {
  const service: DiscussionService = createDiscussionService({
    store,
    config: discussionConfigSchema.parse({}),
    cost: costConfigSchema.parse({}),
    llm: options.llm ?? null,
    recordUsage: () => undefined,
    holder: 'e2e',
    now: options.now,
    logger: options.logger,
  });
  const outcomes: (RecordOutcome | undefined)[] = [];
  const waiters: { n: number; resolve: () => void }[] = [];
  const onEvent = async (event: ThreadEvent): Promise<void> => {
    const outcome = await service.handleEvent(event);
    await service.idle();
    outcomes.push(outcome);
    for (const w of waiters.filter((x) => outcomes.length >= x.n)) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve();
    }
  };
  /** Resolves once `n` events in all have been handled (and what they started, such as an answer, has finished). */
  const handled = (n: number, timeoutMs = 5_000): Promise<(RecordOutcome | undefined)[]> =>
    new Promise((resolve, reject) => {
      if (outcomes.length >= n) return resolve(outcomes);
      const timer = setTimeout(() => reject(new Error(`only ${outcomes.length} of ${n} discussion events were handled: ${JSON.stringify(outcomes)}`)), timeoutMs);
      waiters.push({ n, resolve: () => {
        clearTimeout(timer);
        resolve(outcomes);
      } });
    });
  return { service, onEvent, outcomes, handled };
}
