import type { APIEmbed, APIEmbedField } from 'discord.js';
import type { Digest, DigestPiece } from '../../src/domain/digest.ts';
import { stripBidiControls } from '../../src/text/bidi.ts';
import { metaLineOfDigest } from '../../src/digest/digest-title.ts';
import { fewerTakeawaysNote, messagesOfDigest, offlineNotice, pieceSourceLine } from '../../src/digest/piece-chrome.ts';
import { DEFAULT_MESSAGES, type Messages } from '../../src/i18n/index.ts';
import { PLATFORM_LIMITS } from '../../src/text/platform-limits.ts';
import { splitText, truncateText } from '../../src/text/split-text.ts';
import { escapeFeedText, neutraliseDiscordMentions, safeLinkUrl } from './escape-discord-text.ts';
import { discordLink, embedSize, fitDiscordContent, fitDiscordText, fitEmbed, fitThreadName } from './fit-discord-message.ts';

const LIMITS = PLATFORM_LIMITS.discord;

/** One Discord message of a piece: a single embed, within every per-message limit. */
export interface PieceMessage {
  embeds: APIEmbed[];
}

/** The header message content: title (linking the edition's web page when there is one), meta line, header line, offline notice and the numbered list of pieces (≤ 2000). */
export function renderHeaderContent(digest: Digest, options: { editionUrl?: string | undefined } = {}): string {
  const pageUrl = options.editionUrl === undefined ? undefined : safeLinkUrl(options.editionUrl);
  const title = fitDiscordText(escapeFeedText(digest.title), 500) || DEFAULT_TITLE;
  const m = messagesOfDigest(digest);
  const notice = offlineNotice(digest);
  const top = [
    pageUrl === undefined ? `**${title}**` : `**[${title}](<${pageUrl}>)**`,
    `_${escapeFeedText(metaLineOfDigest(digest))}_`,
    ...(digest.headerLine.trim() === '' ? [] : [fitDiscordText(escapeFeedText(digest.headerLine), 600)]),
    ...(notice === null ? [] : [`_${escapeFeedText(notice)}_`]),
    '',
  ].join('\n');
  // Share what room is left fairly, so one long title cannot push the others out of the header.
  const perLine = Math.max(40, Math.floor((LIMITS.content - top.length - 1) / Math.max(1, digest.pieces.length)) - 1);
  const lines = digest.pieces.map((piece) => pieceListLine(piece, perLine, m));
  return fitDiscordContent(`${top}\n${lines.join('\n')}`, DEFAULT_TITLE);
}

/** The title shown when a digest or piece has none. */
const DEFAULT_TITLE = 'Research digest';
const UNTITLED = 'Untitled';

/** One line of the header's list, within `room`; linked only when the whole link fits (a cut link would show as raw markdown). */
function pieceListLine(piece: DigestPiece, room: number, m: Messages): string {
  const link = discordLink(piece.url);
  const url = link.kind === 'link' ? safeLinkUrl(link.href) : undefined;
  const title = escapeFeedText(piece.title).trim() || UNTITLED;
  const source = escapeFeedText(piece.sourceName).trim();
  const tail = `${source === '' ? '' : ` — ${source}`} · ${m.minRead(piece.readMinutes)}`;
  const linked = url === undefined ? undefined : `${piece.position}. [${title}](<${url}>)${tail}`;
  if (linked !== undefined && linked.length <= room) return linked;
  return truncateText(`${piece.position}. **${title}**${tail}`, room);
}

/** The thread name: the digest title, cut to Discord's 100 characters. */
export function renderThreadName(digest: Digest): string {
  return fitThreadName(stripBidiControls(digest.title), DEFAULT_TITLE);
}

/**
 * A piece as one or more messages of one embed each: title linking to the piece, summary as the
 * description, then source, Why it matters, What you can build with this and Key takeaways as fields.
 * Text too long for a field or description continues in the next field or message; nothing is dropped.
 */
export function renderPieceMessages(piece: DigestPiece, m: Messages = DEFAULT_MESSAGES): PieceMessage[] {
  const title = truncateText(`${piece.position}. ${escapeFeedText(piece.title).trim() || UNTITLED}`, LIMITS.embedTitle);
  const link = discordLink(piece.url);
  const url = link.kind === 'link' ? link.href : undefined;
  // The reason is the footer's one short line; the source line (with "also on …" and read time) is the Source field.
  const footer = truncateText(neutraliseDiscordMentions(piece.reason.trim() === '' ? m.minRead(piece.readMinutes) : piece.reason), 200);
  const descriptions = splitText(neutraliseDiscordMentions(piece.summary.summary), LIMITS.embedDescription);
  const fewer = fewerTakeawaysNote(piece, m);
  const takeaways = [...piece.summary.keyTakeaways.map((t) => t.trim()).filter((t) => t !== '').map((t) => `• ${t}`), ...(fewer === null ? [] : [`_${fewer}_`])].join('\n');
  const source = fitDiscordText(escapeFeedText(pieceSourceLine(piece, m)), LIMITS.fieldValue);
  const linkValue = linkFieldValue(link);
  const fields: APIEmbedField[] = [
    ...(source === '' ? [] : [{ name: m.sourceLabel, value: source, inline: true }]),
    ...(linkValue === undefined ? [] : [{ name: m.linkLabel, value: linkValue, inline: true }]),
    ...sectionFields(m.whyItMatters, piece.summary.whyItMatters, m),
    ...sectionFields(m.whatToBuild, piece.summary.whatToBuild, m),
    ...sectionFields(m.keyTakeaways, takeaways, m),
  ];
  return packEmbeds({ title, url, footer, descriptions, fields, continued: m.continued(title) }).map((message) => ({ embeds: message.embeds.map(fitEmbed) }));
}

/** What the Link field shows: the link, why it is not one, or nothing for a piece without a link. */
function linkFieldValue(link: ReturnType<typeof discordLink>): string | undefined {
  switch (link.kind) {
    case 'link':
      return link.href;
    case 'too-long':
      return `Too long to post (${link.length.toLocaleString('en')} characters), at ${escapeFeedText(link.host)}`;
    case 'not-http':
      return fitDiscordText(`Not linked (not a web address): ${escapeFeedText(link.text)}`, LIMITS.fieldValue);
    case 'none':
      return undefined;
  }
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
