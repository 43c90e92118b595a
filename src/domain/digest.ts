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
  /** Total read time of the edition in minutes (≈230 words per minute). */
  readMinutes: number;
  /** True when any piece was summarised offline; the rendering says so. */
  summarisedOffline: boolean;
  pieces: DigestPiece[];
}

export interface DigestPiece {
  /** 1-based position in the edition: the N in `/digest takeaways N`. */
  position: number;
  pieceId: string;
  title: string;
  sourceName: string;
  url: string;
  readMinutes: number;
  summary: PieceSummary;
  /** How it was summarised; 'offline-fallback' when the LLM failed for this piece. */
  summarisedBy: 'llm' | 'offline' | 'offline-fallback';
  /** One line saying why it was picked, e.g. "matches interests: reward hacking; 12 min read". */
  reason: string;
}
