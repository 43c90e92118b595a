import { randomUUID } from 'node:crypto';
import type { Digest, DigestPiece } from '../domain/digest.ts';
import type { Piece } from '../domain/piece.ts';
import type { PieceSummary } from '../domain/summary.ts';
import { digestTitle } from './digest-title.ts';
import { headerLine } from './header-line.ts';
import { readMinutes } from './read-time.ts';

/** One selected and summarised piece, in edition order. */
export interface AssemblyPiece {
  piece: Piece;
  sourceName: string;
  summary: PieceSummary;
  summarisedBy: 'llm' | 'offline' | 'offline-fallback';
  reason: string;
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
  now: Date;
  pieces: AssemblyPiece[];
}

/** Builds the platform-neutral Digest: numbered pieces, read times, title and header line. */
export function assembleDigest(input: AssembleDigestInput): Digest {
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
  }));
  // The total is the sum of the shown per-piece times so a reader adding them up gets the same number.
  const total = pieces.reduce((sum, p) => sum + p.readMinutes, 0);
  return {
    id: input.id ?? randomUUID(),
    channelId: input.channelId,
    edition: input.edition,
    title: digestTitle(input.name, input.now, input.timeZone),
    headerLine: headerLine(pieces.map((p) => p.sourceName), pieces.length),
    createdAt: input.now,
    readMinutes: total,
    summarisedOffline: pieces.some((p) => p.summarisedBy !== 'llm'),
    pieces,
  };
}
