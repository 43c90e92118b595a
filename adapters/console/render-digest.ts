import type { Digest, DigestPiece } from '../../src/domain/digest.ts';
import { cleanRenderedText } from '../../src/text/bidi.ts';
import { withoutLiteralMarks } from '../../src/text/literal-text.ts';
import { metaLineOfDigest } from '../../src/digest/digest-title.ts';
import { fewerTakeawaysNote, messagesOfDigest, offlineNotice, pieceSourceLine } from '../../src/digest/piece-chrome.ts';
import { DEFAULT_MESSAGES, type Messages } from '../../src/i18n/index.ts';
import type { Styler, Word } from './wrap-text.ts';
import { toWords, wrapWords } from './wrap-text.ts';

/** How to render: columns to wrap at, and whether ANSI styling is allowed. */
export interface RenderOptions {
  width: number;
  color: boolean;
}

/** Shown once per edition when any piece had no LLM (English; other languages come from the catalogue). */
export const OFFLINE_NOTE = DEFAULT_MESSAGES.offlineNotice;

const BOLD = '\u001b[1m';
const DIM = '\u001b[2m';
const RESET = '\u001b[0m';

/**
 * Feed text is untrusted: escape sequences and other control characters could move the cursor,
 * retitle the terminal or hide text, so everything but tabs and newlines becomes a space. Bidi override and
 * isolate controls (which reorder what follows) and the literal-text brackets of command replies are removed.
 */
export function stripControl(text: string): string {
  // eslint-disable-next-line no-control-regex
  return cleanRenderedText(withoutLiteralMarks(text).replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, ' '));
}

interface Painter {
  width: number;
  words: Styler;
  line(text: string, tone: 'bold' | 'dim' | 'plain'): string[];
  paragraphs(text: string, firstPrefix?: string, restPrefix?: string): string[];
}

function painter(options: RenderOptions): Painter {
  const width = Math.max(1, Math.floor(options.width));
  const wrap = (tone: 'bold' | 'dim' | 'plain'): Styler => (word: Word) => {
    if (!options.color) return word.text;
    if (tone === 'dim') return `${DIM}${word.text}${RESET}`;
    return tone === 'bold' || word.bold ? `${BOLD}${word.text}${RESET}` : word.text;
  };
  return {
    width,
    words: wrap('plain'),
    line: (text, tone) => wrapWords(toWords(stripControl(text)), width, wrap(tone)),
    paragraphs: (text, firstPrefix = '', restPrefix = firstPrefix) =>
      stripControl(text)
        .split(/\n\s*\n/)
        .map((p) => p.trim())
        .filter((p) => p !== '')
        .flatMap((p, i) => [...(i === 0 ? [] : ['']), ...wrapWords(toWords(p), width, wrap('plain'), firstPrefix, restPrefix)]),
  };
}

/** `30 March 2026 · 9 min read · AI Research · Digest`, with the date taken from the title. */
export function metaLineOf(digest: Digest): string {
  return metaLineOfDigest(digest);
}

/** The header block: title, meta line, header line, the numbered list, and the offline note. */
export function renderHeader(digest: Digest, options: RenderOptions): string {
  const p = painter(options);
  const lines = [
    ...p.line(digest.title, 'bold'),
    ...p.line(metaLineOf(digest), 'dim'),
    '',
    ...p.line(digest.headerLine, 'plain'),
  ];
  if (digest.pieces.length > 0) {
    lines.push('');
    for (const piece of digest.pieces) {
      const number = `${piece.position}. `;
      lines.push(...wrapWords(toWords(stripControl(`${piece.title} (${piece.sourceName})`)), p.width, p.words, number, ' '.repeat(number.length)));
    }
  }
  const notice = offlineNotice(digest);
  if (notice !== null) lines.push('', ...p.line(notice, 'dim'));
  return lines.join('\n');
}

/** One piece: `N. Title`, source line, why it was picked, summary, the LLM-only sections when present, takeaways, link. */
export function renderPiece(piece: DigestPiece, options: RenderOptions, m: Messages = DEFAULT_MESSAGES): string {
  const p = painter(options);
  const number = `${piece.position}. `;
  const bold: Styler = (word) => (options.color ? `${BOLD}${word.text}${RESET}` : word.text);
  const lines = [
    ...wrapWords(toWords(stripControl(piece.title)), p.width, bold, number, ' '.repeat(number.length)),
    ...p.line(pieceSourceLine(piece, m), 'dim'),
    ...(piece.reason.trim() === '' ? [] : p.line(piece.reason, 'dim')),
    '',
    ...p.paragraphs(piece.summary.summary),
  ];
  const section = (heading: string, body: string | null): void => {
    if (body === null || body.trim() === '') return;
    lines.push('', ...p.line(heading, 'bold'), ...p.paragraphs(body));
  };
  section(m.whyItMatters, piece.summary.whyItMatters);
  section(m.whatToBuild, piece.summary.whatToBuild);
  const takeaways = piece.summary.keyTakeaways.filter((t) => t.trim() !== '');
  if (takeaways.length > 0) lines.push('', ...p.line(m.keyTakeaways, 'bold'));
  for (const takeaway of takeaways) lines.push(...p.paragraphs(takeaway, '• ', '  '));
  const fewer = fewerTakeawaysNote(piece, m);
  if (fewer !== null) lines.push(...(takeaways.length > 0 ? [] : ['']), ...p.line(fewer, 'dim'));
  // A piece without a link shows none (no empty line where it would be).
  if (piece.url.trim() !== '') lines.push('', ...p.line(piece.url, 'plain'));
  return lines.join('\n');
}

/** The whole edition as terminal text, wrapped to `width`, ANSI-styled only when `color` is true. */
export function renderDigest(digest: Digest, options: RenderOptions): string {
  const rule = '─'.repeat(Math.min(Math.max(1, Math.floor(options.width)), 40));
  const m = messagesOfDigest(digest);
  const blocks = [renderHeader(digest, options), ...digest.pieces.map((piece) => renderPiece(piece, options, m))];
  return blocks.join(`\n\n${options.color ? `${DIM}${rule}${RESET}` : rule}\n\n`) + '\n';
}
