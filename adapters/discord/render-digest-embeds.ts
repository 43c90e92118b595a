import type { APIEmbed, APIEmbedField } from 'discord.js';
import type { Digest, DigestPiece } from '../../src/domain/digest.ts';
import { stripBidiControls } from '../../src/text/bidi.ts';
import { metaLineOfDigest } from '../../src/digest/digest-title.ts';
import { fewerTakeawaysNote, messagesOfDigest, offlineNotice, pieceSourceLine } from '../../src/digest/piece-chrome.ts';
import { DEFAULT_MESSAGES, type Messages } from '../../src/i18n/index.ts';
import { PLATFORM_LIMITS } from '../../src/text/platform-limits.ts';
import { splitText, truncateText } from '../../src/text/split-text.ts';
import { escapeFeedText, neutraliseDiscordMentions, safeLinkUrl } from './escape-discord-text.ts';

const LIMITS = PLATFORM_LIMITS.discord;

/** One Discord message of a piece: a single embed, within every per-message limit. */
export interface PieceMessage {
  embeds: APIEmbed[];
}

/** The header message content: title (linking the edition's web page when there is one), meta line, header line, offline notice and the numbered list of pieces (≤ 2000). */
export function renderHeaderContent(digest: Digest, options: { editionUrl?: string | undefined } = {}): string {
  const pageUrl = options.editionUrl === undefined ? undefined : safeLinkUrl(options.editionUrl);
  const title = escapeFeedText(digest.title);
  const m = messagesOfDigest(digest);
  const notice = offlineNotice(digest);
  const top = [
    pageUrl === undefined ? `**${title}**` : `**[${title}](<${pageUrl}>)**`,
    `_${escapeFeedText(metaLineOfDigest(digest))}_`,
    escapeFeedText(digest.headerLine),
    ...(notice === null ? [] : [`_${escapeFeedText(notice)}_`]),
    '',
  ].join('\n');
  // Share what room is left fairly, so one long title cannot push the others out of the header.
  const perLine = Math.max(40, Math.floor((LIMITS.content - top.length - 1) / Math.max(1, digest.pieces.length)) - 1);
  const lines = digest.pieces.map((piece) => truncateText(pieceListLine(piece, m), perLine));
  return truncateText(`${top}\n${lines.join('\n')}`, LIMITS.content);
}

function pieceListLine(piece: DigestPiece, m: Messages): string {
  const url = safeLinkUrl(piece.url);
  const title = escapeFeedText(piece.title);
  const linked = url === undefined ? `**${title}**` : `[${title}](<${url}>)`;
  return `${piece.position}. ${linked} — ${escapeFeedText(piece.sourceName)} · ${m.minRead(piece.readMinutes)}`;
}

/** The thread name: the digest title, cut to Discord's 100 characters. */
export function renderThreadName(digest: Digest): string {
  return truncateText(stripBidiControls(digest.title).trim() || 'Research digest', LIMITS.threadName);
}

/**
 * A piece as one or more messages of one embed each: title linking to the piece, summary as the
 * description, then source, Why it matters, What you can build with this and Key takeaways as fields.
 * Text too long for a field or description continues in the next field or message; nothing is dropped.
 */
export function renderPieceMessages(piece: DigestPiece, m: Messages = DEFAULT_MESSAGES): PieceMessage[] {
  const title = truncateText(`${piece.position}. ${escapeFeedText(piece.title)}`, LIMITS.embedTitle);
  const url = safeLinkUrl(piece.url);
  // The reason is the footer's one short line; the source line (with "also on …" and read time) is the Source field.
  const footer = truncateText(neutraliseDiscordMentions(piece.reason.trim() === '' ? m.minRead(piece.readMinutes) : piece.reason), 200);
  const descriptions = splitText(neutraliseDiscordMentions(piece.summary.summary), LIMITS.embedDescription);
  const fewer = fewerTakeawaysNote(piece, m);
  const takeaways = [...piece.summary.keyTakeaways.map((t) => `• ${t}`), ...(fewer === null ? [] : [`_${fewer}_`])].join('\n');
  const fields: APIEmbedField[] = [
    { name: m.sourceLabel, value: truncateText(escapeFeedText(pieceSourceLine(piece, m)), LIMITS.fieldValue), inline: true },
    { name: m.linkLabel, value: url ?? truncateText(escapeFeedText(piece.url), LIMITS.fieldValue), inline: true },
    ...sectionFields(m.whyItMatters, piece.summary.whyItMatters, m),
    ...sectionFields(m.whatToBuild, piece.summary.whatToBuild, m),
    ...sectionFields(m.keyTakeaways, takeaways, m),
  ];
  return packEmbeds({ title, url, footer, descriptions, fields, continued: m.continued(title) });
}

function sectionFields(name: string, text: string | null, m: Messages): APIEmbedField[] {
  if (text === null || text.trim() === '') return [];
  return splitText(neutraliseDiscordMentions(text), LIMITS.fieldValue).map((value, i) => ({ name: i === 0 ? name : m.continued(name), value }));
}

interface EmbedParts {
  title: string;
  /** The title of a continuation message. */
  continued: string;
  url: string | undefined;
  footer: string;
  descriptions: string[];
  fields: APIEmbedField[];
}

/** Fills embeds in order, starting a new message whenever the next part would break a per-message limit. */
function packEmbeds(parts: EmbedParts): PieceMessage[] {
  const continued = truncateText(parts.continued, LIMITS.embedTitle);
  const embeds: APIEmbed[] = [];
  const start = (description?: string): APIEmbed => {
    const first = embeds.length === 0;
    const embed: APIEmbed = { title: first ? parts.title : continued, ...(parts.url && first ? { url: parts.url } : {}), fields: [] };
    if (description !== undefined) embed.description = description;
    embeds.push(embed);
    return embed;
  };
  let current: APIEmbed | undefined;
  for (const description of parts.descriptions) current = start(description);
  current ??= start();
  for (const field of parts.fields) {
    const fields = current.fields ?? [];
    if (fields.length >= LIMITS.embedFields || embedSize(current) + field.name.length + field.value.length + parts.footer.length > LIMITS.embedTotal) {
      current = start();
    }
    current.fields = [...(current.fields ?? []), field];
  }
  const last = embeds[embeds.length - 1];
  if (last) last.footer = { text: parts.footer };
  return embeds.map((embed) => ({ embeds: [embed] }));
}

function embedSize(embed: APIEmbed): number {
  let size = (embed.title ?? '').length + (embed.description ?? '').length + (embed.footer?.text ?? '').length;
  for (const field of embed.fields ?? []) size += field.name.length + field.value.length;
  return size;
}
