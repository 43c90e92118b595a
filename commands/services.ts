import type { ArchiveService } from '../src/archive/archive-service.ts';
import type { Bot } from '../src/bot/bot.ts';
import type { DiscussionCommands } from '../src/discussion/discussion-service.ts';
import type { Logger } from '../src/log/logger.ts';
import type { GuardedAsk } from '../src/budget/guarded-ask.ts';
import type { DigestStore } from '../src/store/ports/digests.ts';
import type { LeaseStore } from '../src/store/ports/leases.ts';
import type { PieceStore } from '../src/store/ports/pieces.ts';

export type { PostDigestNowResult, ProbeFeedResult } from '../src/bot/deps.ts';

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

/** Everything command handlers may use; the app wires the real ones, tests pass a real bot on a real store. */
export interface CommandServices {
  /** The use cases: every command that changes something calls one of these. */
  bot: Bot;
  /** What member commands read (digests and the pieces in them), and the leases adapters claim retried requests with. */
  store: DigestStore & PieceStore & LeaseStore;
  now(): Date;
  /** Null when no LLM is configured. */
  askPiece: ((input: AskPieceInput) => Promise<AskPieceOutput>) | null;
  /** `askPiece` under cost control (answer cache, per-member and per-channel limits, the workspace's budget); used when present. */
  guardedAsk?: GuardedAsk | undefined;
  /** The web archive's settings and links. */
  archive: ArchiveService;
  /** Where unexpected handler failures are logged; optional so tests can omit it. */
  logger?: Logger;
  /** Reader discussion (discussion digests, saved pieces, their settings); absent where it is not wired. */
  discussion?: DiscussionCommands;
}
