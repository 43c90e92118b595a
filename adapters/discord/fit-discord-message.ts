import type { APIEmbed, APIEmbedField } from 'discord.js';
import { fitLink, type FittedLink } from '../../src/text/fit-link.ts';
import { PLATFORM_LIMITS } from '../../src/text/platform-limits.ts';
import { truncateText } from '../../src/text/split-text.ts';
import { toWellFormed } from '../../src/text/well-formed.ts';

const LIMITS = PLATFORM_LIMITS.discord;

/**
 * The longest link posted: the Link field holds at most 1024 characters. (The embed `url` has no documented limit;
 * Discord refuses ones past 2048, so the same link is always safe there too.)
 */
export const DISCORD_MAX_LINK = LIMITS.fieldValue;

/** A piece's link as Discord can carry it (see fitLink). */
export function discordLink(url: string): FittedLink {
  return fitLink(url, DISCORD_MAX_LINK);
}

/**
 * Text as Discord counts it: well-formed Unicode (a lone surrogate fails the whole message), trimmed (Discord
 * trims before measuring, so blank text is missing text), and within `limit`. Empty when nothing is left.
 */
export function fitDiscordText(text: string, limit: number): string {
  const clean = toWellFormed(text).trim();
  return clean.length <= limit ? clean : truncateText(clean, limit).trim();
}

/** Message content: within 2000 characters and never empty (an empty message is refused). */
export function fitDiscordContent(content: string, fallback: string): string {
  return fitDiscordText(content, LIMITS.content) || fitDiscordText(fallback, LIMITS.content);
}

/** A thread name: 1–100 characters. */
export function fitThreadName(name: string, fallback: string): string {
  return fitDiscordText(name, LIMITS.threadName) || fallback;
}

/**
 * The last guard before an embed goes out, whatever the renderer built: every text field well-formed, trimmed and
 * within its limit (an empty one is left out, never sent), the url only when it is http(s) and short enough, at most
 * 25 fields, and the 6000-character total kept by shortening the description, then the fields from the end.
 * The renderer splits long text across messages so nothing is lost; this only catches what it did not foresee.
 */
export function fitEmbed(embed: APIEmbed): APIEmbed {
  const out: APIEmbed = {};
  const title = fitDiscordText(embed.title ?? '', LIMITS.embedTitle);
  if (title !== '') out.title = title;
  const link = embed.url === undefined ? undefined : discordLink(embed.url);
  if (link?.kind === 'link') out.url = link.href;
  const description = fitDiscordText(embed.description ?? '', LIMITS.embedDescription);
  if (description !== '') out.description = description;
  const fields: APIEmbedField[] = [];
  for (const field of embed.fields ?? []) {
    const value = fitDiscordText(field.value, LIMITS.fieldValue);
    if (value === '') continue;
    const name = fitDiscordText(field.name, LIMITS.fieldName) || '\u200b';
    fields.push({ name, value, ...(field.inline === undefined ? {} : { inline: field.inline }) });
  }
  if (fields.length > 0) out.fields = fields.slice(0, LIMITS.embedFields);
  const footer = fitDiscordText(embed.footer?.text ?? '', LIMITS.footerText);
  if (footer !== '') out.footer = { text: footer };
  keepWithinTotal(out);
  // Discord refuses an embed with nothing in it; a title always renders.
  if (out.title === undefined && out.description === undefined && out.fields === undefined && out.footer === undefined) out.title = '\u200b';
  return out;
}

/** The characters Discord adds up across title, description, field names and values, and footer. */
export function embedSize(embed: APIEmbed): number {
  let size = (embed.title ?? '').length + (embed.description ?? '').length + (embed.footer?.text ?? '').length;
  for (const field of embed.fields ?? []) size += field.name.length + field.value.length;
  return size;
}

function keepWithinTotal(embed: APIEmbed): void {
  let over = embedSize(embed) - LIMITS.embedTotal;
  if (over <= 0) return;
  if (embed.description !== undefined) {
    const room = embed.description.length - over;
    if (room >= 2) embed.description = truncateText(embed.description, room);
    else delete embed.description;
    over = embedSize(embed) - LIMITS.embedTotal;
  }
  while (over > 0 && embed.fields !== undefined && embed.fields.length > 0) {
    embed.fields = embed.fields.slice(0, -1);
    if (embed.fields.length === 0) delete embed.fields;
    over = embedSize(embed) - LIMITS.embedTotal;
  }
  if (over > 0 && embed.footer !== undefined) embed.footer = { text: truncateText(embed.footer.text, Math.max(1, embed.footer.text.length - over)) };
}
