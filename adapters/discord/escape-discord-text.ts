import { escapeMarkdown } from 'discord.js';
import { cleanRenderedText } from '../../src/text/bidi.ts';
import { parseHttpUrl } from '../../src/text/http-url.ts';

const ZWSP = '\u200b';

/**
 * Makes mentions inert when read: `allowedMentions` already stops the ping, but `@everyone` or `<@&123>`
 * would still render as a highlighted mention and look like one. A zero-width space breaks the syntax.
 * Bidi override and isolate controls, other control characters and lone surrogates are removed too
 * (cleanRenderedText): every rendered text passes here.
 */
export function neutraliseDiscordMentions(text: string): string {
  return cleanRenderedText(text)
    .replace(/@(everyone|here)/gi, `@${ZWSP}$1`)
    .replace(/<(@[!&]?|#|\/)(?=[\w:-]*\d)/g, `<${ZWSP}$1`)
    // A masked link in feed text could disguise where it points.
    .replace(/\]\(/g, `]${ZWSP}(`);
}

/** Feed text shown as plain text (titles, source names): no markdown, no mentions. */
export function escapeFeedText(text: string): string {
  return neutraliseDiscordMentions(escapeMarkdown(text));
}

/** A link target safe inside `[label](<url>)`: http(s) only, no characters that end the link early. */
export function safeLinkUrl(url: string): string | undefined {
  return parseHttpUrl(url)?.href.replace(/[()<> ]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}
