import { cleanRenderedText } from '../../src/text/bidi.ts';
import { parseHttpUrl } from '../../src/text/http-url.ts';

/**
 * Escapes the three characters Slack treats as control characters in message text. That alone makes
 * `<!channel>`, `<!here>`, `<@U123>`, `<!subteam^…>` and spoofed `<url|label>` links inert. Slack has
 * no escape for `*`, `_`, `~` or backticks, so feed text can still italicise itself, but never ping.
 * Bidi override and isolate controls, other control characters and lone surrogates are removed too
 * (cleanRenderedText): every rendered text passes here.
 */
export function escapeMrkdwn(text: string): string {
  return cleanRenderedText(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * A URL safe to put inside `<url|label>`: http(s) only, and none of `|`, `<`, `>` or whitespace, which
 * would end the link early or smuggle in a label. `&` is escaped, as Slack decodes entities in links.
 */
export function safeSlackLinkUrl(url: string): string | undefined {
  if (/[|<>\s]/.test(url)) return undefined;
  const parsed = parseHttpUrl(url);
  if (parsed === undefined || /[|<>\s]/.test(parsed.href)) return undefined;
  return parsed.href.replace(/&/g, '&amp;');
}
