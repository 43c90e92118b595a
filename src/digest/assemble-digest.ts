import { randomUUID } from 'node:crypto';
import type { Digest, DigestPiece, PassedPiece } from '../domain/digest.ts';
import type { OfflineReason } from '../i18n/messages.ts';
import type { Piece } from '../domain/piece.ts';
import type { PieceSummary } from '../domain/summary.ts';
import { messagesFor } from '../i18n/index.ts';
import { distinctInOrder } from './header-line.ts';
import { editionReadMinutes, readMinutes } from './read-time.ts';

/** One selected and summarised piece, in edition order. */
export interface AssemblyPiece {
  piece: Piece;
  sourceName: string;
  summary: PieceSummary;
  summarisedBy: 'llm' | 'offline' | 'offline-fallback';
  /** The reason line, already in the channel's language. */
  reason: string;
  /** Other sources that carried the story. */
  alsoOn?: string[];
}

/** Everything an edition is built from; `now` dates the title and `createdAt`. */
export interface AssembleDigestInput {
  id?: string;
  channelId: string;
  edition: string;
  /** The digest's name, e.g. "AI Research Digest". */
  name: string;
  /** IANA timezone the title's date is read in (the channel's). */
  timeZone: string;
  /** BCP 47 language of the channel: the chrome's catalogue (English when it has none). */
  language?: string;
  now: Date;
  pieces: AssemblyPiece[];
  /** Candidates left out, for `/digest passed`. */
  passed?: PassedPiece[];
  /** How many new pieces were looked at (for the "nothing worth your time" notice). */
  checked?: number;
  /** Why the edition was summarised offline on purpose, when it was. */
  offlineReason?: OfflineReason;
}

/** The words a reader reads in an edition: what its read time is the time to read. */
export function editionTexts(digest: Pick<Digest, 'title' | 'headerLine' | 'pieces'>): string[] {
  return [digest.title, digest.headerLine, ...digest.pieces.flatMap((p) => [
    `${p.position}. ${p.title}`,
    p.sourceName,
    p.summary.summary,
    p.summary.whyItMatters ?? '',
    p.summary.whatToBuild ?? '',
    ...p.summary.keyTakeaways,
    p.reason,
  ])];
}

/**
 * Builds the platform-neutral Digest: numbered pieces, title, header line and read time in the
 * channel's language. With no pieces it is the "nothing worth your time today" notice.
 */
export function assembleDigest(input: AssembleDigestInput): Digest {
  const language = input.language ?? 'en';
  const m = messagesFor(language);
  const pieces: DigestPiece[] = input.pieces.map((p, index) => ({
    position: index + 1,
    pieceId: p.piece.id,
    title: p.piece.title,
    sourceName: p.sourceName,
    url: p.piece.url,
    readMinutes: readMinutes(p.piece.wordCount),
    summary: p.summary,
    summarisedBy: p.summarisedBy,
    reason: p.reason,
    ...(p.alsoOn !== undefined && p.alsoOn.length > 0 ? { alsoOn: p.alsoOn } : {}),
  }));
  const title = m.title(input.name, m.date(input.now, input.timeZone));
  const headerLine = pieces.length > 0
    ? m.headerLine(pieces.length, distinctInOrder(pieces.map((p) => p.sourceName)))
    : `${m.nothingWorthYourTime} ${m.nothingWorthDetail(input.checked ?? input.passed?.length ?? 0)}`;
  return {
    id: input.id ?? randomUUID(),
    channelId: input.channelId,
    edition: input.edition,
    title,
    headerLine,
    createdAt: input.now,
    readMinutes: editionReadMinutes(editionTexts({ title, headerLine, pieces }), language),
    summarisedOffline: pieces.some((p) => p.summarisedBy !== 'llm'),
    pieces,
    language,
    passed: input.passed ?? [],
    ...(input.offlineReason === undefined ? {} : { offlineReason: input.offlineReason }),
  };
}
