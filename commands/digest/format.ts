import type { Digest, DigestPiece } from '../../src/domain/digest.ts';
import { literal } from '../../src/text/literal-text.ts';
import { metaLineOfDigest } from '../../src/digest/digest-title.ts';
import { messagesOfDigest, offlineNotice, pieceSourceLine } from '../../src/digest/piece-chrome.ts';
import { DEFAULT_MESSAGES, type Messages } from '../../src/i18n/index.ts';

/** "20 November 2026" in the channel's timezone. */
export function longDate(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone, day: 'numeric', month: 'long', year: 'numeric' }).format(at);
}

/** "2026-11-20" in the channel's timezone. */
export function isoDate(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

/** "Mon 23 November 2026, 09:00 GMT" in the given timezone. */
export function dateTime(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'short', day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZoneName: 'short' }).format(at);
}

/** "**2. Title** — Source · also on X · 5 min read", in the edition's language (5 min: the source's own reading time); feed text shown literally. */
export function pieceHeading(piece: DigestPiece, m: Messages = DEFAULT_MESSAGES): string {
  return `**${piece.position}. ${literal(piece.title)}** — ${literal(pieceSourceLine(piece, m))} · ${m.minRead(piece.readMinutes)}`;
}

/** The digest's header and its list of pieces, each with why it was picked, as `/digest latest` shows it. */
export function digestOverview(digest: Digest): string {
  const m = messagesOfDigest(digest);
  const lines = [`**${literal(digest.title)}**`, `_${metaLineOfDigest(digest)}_`, literal(digest.headerLine), ''];
  for (const piece of digest.pieces) {
    lines.push(`• ${pieceHeading(piece, m)}`);
    // The reason names interests and source names: feed and admin text, shown literally.
    if (piece.reason.trim() !== '') lines.push(`  _${literal(piece.reason)}_`);
    lines.push(`  ${piece.url}`);
  }
  const notice = offlineNotice(digest);
  if (notice !== null) lines.push('', `_${notice}_`);
  lines.push('', digest.pieces.length > 0
    ? 'Follow up with `/digest piece N`, `/digest takeaways N` or `/digest ask N <question>`; `/digest passed` lists what was left out.'
    : '`/digest passed` lists what was looked at and left out.');
  return lines.join('\n');
}
