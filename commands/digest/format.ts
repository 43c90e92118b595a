import type { Digest, DigestPiece } from '../../src/domain/digest.ts';
import { literal } from '../../src/text/literal-text.ts';

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

/** "**2. Title** — Source · 5 min read"; the title and source name are feed text, shown literally. */
export function pieceHeading(piece: DigestPiece): string {
  return `**${piece.position}. ${literal(piece.title)}** — ${literal(piece.sourceName)} · ${piece.readMinutes} min read`;
}

/** The digest's header and its list of pieces, as `/digest latest` shows it. */
export function digestOverview(digest: Digest): string {
  const lines = [`**${literal(digest.title)}**`, literal(digest.headerLine), `_${digest.readMinutes} min read in total_`, ''];
  for (const piece of digest.pieces) lines.push(`• ${pieceHeading(piece)}`, `  ${piece.url}`);
  if (digest.summarisedOffline) lines.push('', '_Some pieces were summarised offline (no LLM), so they have no "Why it matters" or "What you can build" sections._');
  lines.push('', 'Follow up with `/digest piece N`, `/digest takeaways N` or `/digest ask N <question>`.');
  return lines.join('\n');
}
