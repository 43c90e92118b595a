import type { ArchiveService } from '../src/archive/archive-service.ts';
import type { Channel, ChannelSettings } from '../src/domain/channel.ts';
import type { Digest } from '../src/domain/digest.ts';
import type { Logger } from '../src/log/logger.ts';
import type { Store } from '../src/store/store.ts';
import type { GuardedAsk } from '../src/budget/guarded-ask.ts';
import type { WorkspaceKey } from '../src/domain/workspace.ts';

/** What probing a feed URL once (under the ingest safety rules) found. */
export type ProbeFeedResult = { ok: true; title: string; itemCount: number } | { ok: false; error: string; hint?: string };

/** Input to answering a question from one piece's stored text. */
export interface AskPieceInput {
  title: string;
  sourceName: string;
  text: string;
  question: string;
  language: string;
}

/** The LLM's answer: `answered` false when the text does not answer the question. */
export interface AskPieceOutput {
  answered: boolean;
  answer: string;
  quote: string | null;
}

/** Outcome of `/digest post`. */
export type PostDigestNowResult =
  /** `failedPieces`: pieces the platform refused for good; the others were posted. */
  | { posted: true; digest: Digest; failedPieces?: { position: number; title: string; reason: string }[] }
  /** `partly`: the header (and maybe some pieces) did reach the channel before it failed. */
  | { posted: false; reason: string; partly?: boolean };

/** Everything command handlers may use; the app wires the real ones, tests pass small fakes. */
export interface CommandServices {
  store: Store;
  defaults: ChannelSettings;
  now(): Date;
  probeFeed(url: string): Promise<ProbeFeedResult>;
  /** Null when no LLM is configured. */
  askPiece: ((input: AskPieceInput) => Promise<AskPieceOutput>) | null;
  /** `askPiece` under cost control (answer cache, per-member and per-channel limits, the workspace's budget); used when present. */
  guardedAsk?: GuardedAsk | undefined;
  /** `/digest usage`: the workspace's LLM usage this month, its budget and the limits, as text. */
  usageReport?: ((workspace: WorkspaceKey) => Promise<string>) | undefined;
  postDigestNow(channel: Channel): Promise<PostDigestNowResult>;
  /** Tells the scheduler a channel's schedule changed. */
  scheduleChanged(channel: Channel): void;
  /** The web archive's settings and links; absent where no archive is wired (some tests). */
  archive?: ArchiveService;
  /** Where unexpected handler failures are logged; optional so tests can omit it. */
  logger?: Logger;
}
