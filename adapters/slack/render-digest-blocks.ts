import type { ContextBlock, HeaderBlock, KnownBlock, MrkdwnElement, SectionBlock } from '@slack/types';
import type { Digest, DigestPiece } from '../../src/domain/digest.ts';
import { metaLineOfDigest } from '../../src/digest/digest-title.ts';
import { fewerTakeawaysNote, messagesOfDigest, offlineNotice, pieceSourceLine } from '../../src/digest/piece-chrome.ts';
import { DEFAULT_MESSAGES, type Messages } from '../../src/i18n/index.ts';
import { PLATFORM_LIMITS } from '../../src/text/platform-limits.ts';
import { splitText, truncateText } from '../../src/text/split-text.ts';
import { escapeMrkdwn, safeSlackLinkUrl } from './escape-mrkdwn.ts';
import { fitBlocks, fitFallbackText, SLACK_MAX_LINK_LABEL, slackLink, slackLinkMrkdwn } from './fit-slack-blocks.ts';

const LIMITS = PLATFORM_LIMITS.slack;

/** One chat.postMessage worth of content: Block Kit blocks within every limit, and the notification text. */
export interface SlackMessageContent {
  blocks: KnownBlock[];
  /** Shown in notifications and by clients that cannot render blocks; escaped like the blocks. */
  text: string;
}

/** A mrkdwn text object; `verbatim` stops Slack auto-linking names, channels and URLs in it. */
export function mrkdwn(text: string): MrkdwnElement {
  return { type: 'mrkdwn', text, verbatim: true };
}

/**
 * Splits RAW text so that every chunk fits `limit` after escaping (escaping lengthens text), and escapes
 * each chunk: cutting before escaping means an entity like `&amp;` is never cut in half. A chunk whose
 * escaped form is too long is split again with a proportionally smaller raw limit.
 */
export function splitEscaped(raw: string, limit: number): string[] {
  const out: string[] = [];
  const visit = (text: string, rawLimit: number): void => {
    for (const chunk of splitText(text, rawLimit)) {
      const escaped = escapeMrkdwn(chunk);
      // At a raw limit of 2 nothing smaller is possible; the limits used here are far above 10.
      if (escaped.length <= limit || rawLimit <= 2) out.push(escaped);
      else visit(chunk, Math.max(2, Math.min(rawLimit - 1, Math.floor((rawLimit * limit) / escaped.length))));
    }
  };
  visit(raw, limit);
  return out;
}

/** Raw text truncated so that its escaped form fits `limit`, then escaped. */
export function fitEscaped(raw: string, limit: number): string {
  let room = limit;
  let escaped = escapeMrkdwn(truncateText(raw, room));
  while (escaped.length > limit && room > 1) {
    room = Math.max(1, room - (escaped.length - limit));
    escaped = escapeMrkdwn(truncateText(raw, room));
  }
  return escaped;
}

/**
 * Sections of raw text, escaped and split to fit 3000 characters each; `heading` (already mrkdwn) leads
 * the first. `escape: false` is for text that is already escaped mrkdwn.
 */
export function sections(raw: string, heading?: string, options: { escape?: boolean } = {}): SectionBlock[] {
  const prefix = heading === undefined ? '' : `${heading}\n`;
  const limit = LIMITS.sectionText - prefix.length;
  const chunks = options.escape === false ? splitText(raw, limit) : splitEscaped(raw, limit);
  if (chunks.length === 0) return heading === undefined ? [] : [{ type: 'section', text: mrkdwn(heading) }];
  return chunks.map((chunk, i) => ({ type: 'section', text: mrkdwn(i === 0 ? prefix + chunk : chunk) }));
}

/** The parent message: header block with the title, the header line, read time (and the edition's web page), and the list of pieces. */
export function renderHeaderMessage(digest: Digest, options: { editionUrl?: string | undefined } = {}): SlackMessageContent {
  const pageUrl = options.editionUrl === undefined ? undefined : safeSlackLinkUrl(options.editionUrl);
  const title = digest.title.trim() || 'Research digest';
  // plain_text is never parsed for mentions, but Slack decodes entities in it, so escaping is harmless and uniform.
  const header: HeaderBlock = { type: 'header', text: { type: 'plain_text', text: fitEscaped(title, LIMITS.headerText), emoji: false } };
  const m = messagesOfDigest(digest);
  const notice = offlineNotice(digest);
  const readTime: ContextBlock = {
    type: 'context',
    elements: [mrkdwn(`_${fitEscaped(metaLineOfDigest(digest), 500)}${notice === null ? '' : ` · ${fitEscaped(notice, 400)}`}_${pageUrl === undefined ? '' : ` · <${pageUrl}|Read this edition on the web>`}`)],
  };
  const list = digest.pieces.map((piece) => pieceListLine(piece, m)).join('\n');
  const blocks: KnownBlock[] = [header, ...sections(digest.headerLine), readTime, ...sections(list, undefined, { escape: false })];
  return { blocks: fitBlocks(blocks).slice(0, LIMITS.blocks), text: fallbackText(`${title} — ${digest.headerLine}`) };
}

/** One line of the header's list; linked only when the whole link fits in one section (a cut link shows as raw text). */
function pieceListLine(piece: DigestPiece, m: Messages): string {
  const title = fitEscaped(piece.title.trim() || 'Untitled', 300);
  const link = slackLink(piece.url);
  const url = link.kind === 'link' ? safeSlackLinkUrl(link.href) : undefined;
  const tail = ` — ${fitEscaped(piece.sourceName, 200)} · ${fitEscaped(m.minRead(piece.readMinutes), 50)}`;
  const linked = url === undefined ? undefined : `${piece.position}. *<${url}|${title}>*${tail}`;
  return linked !== undefined && linked.length <= LIMITS.sectionText ? linked : `${piece.position}. *${title}*${tail}`;
}

/**
 * A piece as one or more threaded replies: title and source, the summary, Why it matters, What you can
 * build with this, Key takeaways, the link and why it was picked. Long text continues in further sections,
 * and past 50 blocks in a further message; nothing is dropped.
 */
export function renderPieceMessages(piece: DigestPiece, m: Messages = DEFAULT_MESSAGES): SlackMessageContent[] {
  const { summary } = piece;
  // Bounded so the title line always leaves room in its 3000-character section.
  const title = fitEscaped(piece.title.trim() || 'Untitled', 500);
  const fewer = fewerTakeawaysNote(piece, m);
  const blocks: KnownBlock[] = [
    ...sections(truncateText(pieceSourceLine(piece, m), 400), `*${piece.position}. ${title}*`),
    ...sections(summary.summary.trim() === '' ? '(no summary)' : summary.summary),
    ...optionalSections(m.whyItMatters, summary.whyItMatters),
    ...optionalSections(m.whatToBuild, summary.whatToBuild),
    ...optionalSections(m.keyTakeaways, summary.keyTakeaways.map((t) => t.trim()).filter((t) => t !== '').map((t) => `• ${t}`).join('\n')),
    ...(fewer === null ? [] : [{ type: 'context', elements: [mrkdwn(`_${fitEscaped(fewer, 500)}_`)] } satisfies ContextBlock]),
    ...linkSections(piece.url, m),
  ];
  if (piece.reason.trim() !== '') blocks.push({ type: 'context', elements: [mrkdwn(`_${fitEscaped(piece.reason, 1000)}_`)] });

  const fallback = fallbackText(`${piece.position}. ${piece.title} — ${piece.sourceName}`, 1000);
  const messages: SlackMessageContent[] = [];
  const fitted = fitBlocks(blocks);
  for (let at = 0; at < fitted.length; at += LIMITS.blocks) {
    messages.push({ blocks: fitted.slice(at, at + LIMITS.blocks), text: at === 0 ? fallback : `${fallback} (continued)` });
  }
  return messages;
}

/** The link's section: `<url|Read the original>`, why it is not linked, or nothing for a piece without a link. */
function linkSections(url: string, m: Messages): SectionBlock[] {
  const text = renderLink(url, m);
  return text === undefined ? [] : [{ type: 'section', text: mrkdwn(text) }];
}

/**
 * `<url|Read the original>` for an http(s) URL that fits (shortened if need be); a note saying where a link too
 * long to post points; other text as inert text (verbatim stops auto-linking); undefined for no link.
 */
export function renderLink(url: string, m: Messages = DEFAULT_MESSAGES): string | undefined {
  const link = slackLink(url);
  switch (link.kind) {
    case 'link':
      return slackLinkMrkdwn(link.href, fitEscaped(m.readOriginal, SLACK_MAX_LINK_LABEL));
    case 'too-long':
      return `Original: too long to post (${link.length.toLocaleString('en')} characters), at ${escapeMrkdwn(link.host)}`;
    case 'not-http':
      return `Original (not linked: not a plain http(s) URL): ${fitEscaped(link.text, 2000)}`;
    case 'none':
      return undefined;
  }
}

/** One escaped line for chat.postMessage `text` (Slack reads it as mrkdwn too); never empty. */
export function fallbackText(raw: string, limit: number = LIMITS.fallbackText): string {
  return fitFallbackText(fitEscaped(raw.replace(/\s+/g, ' ').trim(), limit), 'Research digest');
}

function optionalSections(heading: string, text: string | null): SectionBlock[] {
  if (text === null || text.trim() === '') return [];
  return sections(text, `*${heading}*`);
}
