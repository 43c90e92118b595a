import type { Platform } from '../../domain/channel.ts';
import type { DigestPoster } from '../../deliver/digest-poster.ts';
import type { ThreadReplyPoster } from '../../discussion/thread-reply.ts';
import type { ObservePoster } from '../../deliver/poster-observation.ts';

/** Repeating and one-off waits; injected so runtime tests drive time themselves, with no real timers. */
export interface Timers {
  /** Runs `task` every `ms` until the returned handle is cancelled. */
  every(ms: number, task: () => void): { cancel(): void };
  sleep(ms: number): Promise<void>;
}

/** Process signals the runtime stops on; injected so tests can send them. */
export interface Signals {
  on(signal: 'SIGINT' | 'SIGTERM', handler: () => void): void;
}

/** A started platform adapter: its poster, its own view of its connection (for /healthz) and how to stop it. */
export interface RunningPlatform {
  platform: Platform;
  poster: DigestPoster;
  stop(): Promise<void>;
  health(): { ok: boolean; detail: string };
  /** Replies under digests (reader discussion), where the adapter posts them. */
  replyPoster?: ThreadReplyPoster;
}

/**
 * Work that needs the connected platforms (reader discussion's sweeps, src/bot/runtime/discussion-extension.ts):
 * started once they are up and the schedules run, stopped with the intake, before in-flight work drains.
 */
export interface PlatformExtension {
  name: string;
  start(platforms: readonly RunningPlatform[]): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Something else that runs alongside the bot (the /healthz server, the web archive): started before the platforms
 * connect — so /healthz can say why the bot is not ready yet, and a port in use stops start-up before anything is
 * posted — and stopped after them.
 */
export interface RuntimeService {
  name: string;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** What the runtime gives the platforms it starts: where their posters report what they learn about channels. */
export interface PlatformHooks {
  observe: ObservePoster;
}
