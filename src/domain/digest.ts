import type { OfflineReason, PassedReason } from '../i18n/messages.ts';
import type { PieceSummary } from './summary.ts';

/** One edition for one channel, platform-neutral: adapters render it, follow-up commands address its pieces. */
export interface Digest {
  id: string;
  channelId: string;
  /** The scheduled slot this edition fills (ISO instant), or `manual:<ISO>` for `/digest post` and previews. */
  edition: string;
  /** e.g. "AI Research Digest — 30 March 2026" */
  title: string;
  /** e.g. "4 pieces selected from AI Alignment Forum, The Gradient — only the ones worth your time." */
  headerLine: string;
  createdAt: Date;
  /** Time to read the edition itself, in minutes (190 words a minute, rounded up), not the sources. */
  readMinutes: number;
  /** True when any piece was summarised offline; the rendering says so. */
  summarisedOffline: boolean;
  /** Set when the whole edition was summarised offline on purpose (the workspace's LLM budget was spent); the notice says why. */
  offlineReason?: OfflineReason;
  pieces: DigestPiece[];
  /** BCP 47 language of the channel it was built for; renderers take the chrome's catalogue from it (absent: English). */
  language?: string;
  /** New pieces that were looked at and left out, and why (`/digest passed`); the best-scored first. */
  passed?: PassedPiece[];
}

/** A candidate the edition left out. */
export interface PassedPiece {
  pieceId: string;
  title: string;
  sourceName: string;
  url: string;
  reason: PassedReason;
}

export interface DigestPiece {
  /** 1-based position in the edition: the N in `/digest takeaways N`. */
  position: number;
  pieceId: string;
  title: string;
  sourceName: string;
  url: string;
  /** The source's own reading time ("23 min read" on the original). */
  readMinutes: number;
  summary: PieceSummary;
  /** How it was summarised; 'offline-fallback' when the LLM failed for this piece. */
  summarisedBy: 'llm' | 'offline' | 'offline-fallback';
  /** One line saying why it was picked, naming its evidence: "matches your interests: reward hacking · full text 14 min". */
  reason: string;
  /** Other sources that carried the same story (crossposts merged by dedupe), shown as "also on …". */
  alsoOn?: string[];
}
