/**
 * The chrome every renderer shows around a piece, in the edition's language, defined once so the
 * console, Discord, Slack and the commands say the same thing: the source line ("AI Alignment Forum ·
 * also on LessWrong"), the note when fewer than three takeaways were genuinely there,
 * and the edition's offline notice.
 */
import type { Digest, DigestPiece } from '../domain/digest.ts';
import { messagesFor, type Messages } from '../i18n/index.ts';

/** The catalogue for a built edition (English for editions stored before they carried a language). */
export function messagesOfDigest(digest: Pick<Digest, 'language'>): Messages {
  return messagesFor(digest.language ?? 'en');
}

/**
 * `AI Alignment Forum · also on LessWrong · summarised offline`. The source's own reading time is in
 * the reason line ("full text 23 min"), so it is not said twice.
 */
export function pieceSourceLine(piece: DigestPiece, m: Messages): string {
  const parts = [piece.sourceName];
  if (piece.alsoOn !== undefined && piece.alsoOn.length > 0) parts.push(m.alsoOn(piece.alsoOn));
  if (piece.summarisedBy !== 'llm') parts.push(m.summarisedOffline);
  return parts.join(' · ');
}

/** Said under the takeaways when fewer than three were genuinely there; null otherwise. */
export function fewerTakeawaysNote(piece: DigestPiece, m: Messages): string | null {
  const shown = piece.summary.keyTakeaways.length;
  return shown < 3 ? m.fewerTakeaways(shown) : null;
}

/** The edition-level note when any piece had no LLM (saying why, when it was on purpose); null otherwise. */
export function offlineNotice(digest: Pick<Digest, 'summarisedOffline' | 'language' | 'offlineReason'>): string | null {
  if (!digest.summarisedOffline) return null;
  const m = messagesOfDigest(digest);
  return digest.offlineReason === undefined ? m.offlineNotice : m.offlineBecause(digest.offlineReason);
}
