import type { Platform } from '../../domain/channel.ts';
import { announceMissingMessageContent, messageContentRestored } from '../../discussion/announce-degraded.ts';
import type { DiscussionService } from '../../discussion/discussion-service.ts';
import type { ThreadEvent } from '../../discussion/thread-events.ts';
import type { Logger } from '../../log/logger.ts';
import type { Store } from '../../store/store.ts';
import type { PlatformExtension, RunningPlatform } from './runtime-ports.ts';

/** How long stop() waits for answers under way (an LLM call) before leaving them to the ledger's resume. */
const STOP_PATIENCE_MS = 10_000;

/**
 * The runtime's hook for reader discussion: the callbacks adapters are given, then — once the platforms are up —
 * the reply posters attached, admins told once if Discord withholds message content, and a sweep every
 * `everyMs` (pending replies resumed, due discussion digests posted). The runtime starts and stops it as a
 * PlatformExtension.
 */
export function createDiscussionExtension(options: { service: DiscussionService; store: Store; now: () => Date; logger: Logger; everyMs: number }): PlatformExtension & {
  adapterHooks: { onEvent: (event: ThreadEvent) => Promise<unknown>; onMessageContent: (available: boolean, guildIds: string[]) => void };
} {
  const { service, logger } = options;
  const reports: { available: boolean; guildIds: string[] }[] = [];
  let timer: ReturnType<typeof setInterval> | undefined;
  let sweeping: Promise<unknown> = Promise.resolve();
  const sweep = (): void => {
    sweeping = sweeping.then(() => service.sweep()).catch((error: unknown) => logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'discussion sweep failed; retried on the next one'));
  };
  return {
    name: 'reader discussion',
    /** What each adapter is started with. */
    adapterHooks: {
      onEvent: (event: ThreadEvent) => service.handleEvent(event),
      onMessageContent: (available: boolean, guildIds: string[]) => void reports.push({ available, guildIds }),
    },
    async start(platforms: readonly RunningPlatform[]): Promise<void> {
      for (const p of platforms) if (p.replyPoster !== undefined) service.attach(p.platform, p.replyPoster);
      const posterFor = (platform: Platform) => platforms.find((p) => p.platform === platform)?.poster;
      for (const report of reports.splice(0)) {
        if (report.available) await messageContentRestored(options.store, report.guildIds, options.now());
        else await announceMissingMessageContent({ store: options.store, posterFor, guildIds: report.guildIds, now: options.now, logger });
      }
      sweep();
      timer = setInterval(sweep, options.everyMs);
      timer.unref();
    },
    /** Stops the sweeps and waits for what is under way (answers, a sweep); what did not finish resumes from the ledger. */
    async stop(): Promise<void> {
      if (timer !== undefined) clearInterval(timer);
      let giveUp: ReturnType<typeof setTimeout> | undefined;
      const patience = new Promise<void>((resolve) => {
        giveUp = setTimeout(resolve, STOP_PATIENCE_MS);
      });
      await Promise.race([Promise.all([sweeping, service.idle()]), patience]);
      clearTimeout(giveUp);
    },
  };
}

export type DiscussionExtension = ReturnType<typeof createDiscussionExtension>;
