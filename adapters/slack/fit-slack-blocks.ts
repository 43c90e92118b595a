import type { KnownBlock } from '@slack/types';
import { fitLink, type FittedLink } from '../../src/text/fit-link.ts';
import { PLATFORM_LIMITS } from '../../src/text/platform-limits.ts';
import { toWellFormed } from '../../src/text/well-formed.ts';
import { safeSlackLinkUrl } from './escape-mrkdwn.ts';

const LIMITS = PLATFORM_LIMITS.slack;

/** What a link's own section wraps around it by default: `<url|Read the original>` (the edition's language may say it otherwise). */
const LINK_LABEL = 'Read the original';
/** The longest label a link carries (escaped). */
export const SLACK_MAX_LINK_LABEL = 100;

/** The longest link posted (escaped, as Slack counts it): the link's section holds it and its label in 3000 characters. */
export const SLACK_MAX_LINK = LIMITS.sectionText - '<|>'.length - SLACK_MAX_LINK_LABEL;

/** A piece's link as Slack can carry it (see fitLink); measured escaped, because `&` becomes `&amp;`. */
export function slackLink(url: string): FittedLink {
  const fitted = fitLink(url, SLACK_MAX_LINK, (href) => href.replace(/&/g, '&amp;').length);
  // A URL with `|`, `<`, `>` or whitespace cannot sit inside `<url|label>` at all.
  if (fitted.kind === 'link' && safeSlackLinkUrl(fitted.href) === undefined) return { kind: 'not-http', text: fitted.href };
  return fitted;
}

/** The link's mrkdwn: `<url|Read the original>`; only for a fitted link. `label` is escaped mrkdwn of at most SLACK_MAX_LINK_LABEL. */
export function slackLinkMrkdwn(href: string, label: string = LINK_LABEL): string {
  return `<${safeSlackLinkUrl(href) ?? ''}|${label}>`;
}

/**
 * Escaped mrkdwn cut to `limit` without breaking what escaping or linking made: never inside an entity (`&amp;`)
 * or a `<url|label>`, so Slack never shows half of one. Trimmed; empty when nothing is left.
 */
export function fitMrkdwn(text: string, limit: number): string {
  const clean = toWellFormed(text).trim();
  if (clean.length <= limit) return clean;
  let cut = clean.slice(0, limit - 1);
  const amp = cut.lastIndexOf('&');
  if (amp !== -1 && !cut.slice(amp).includes(';')) cut = cut.slice(0, amp);
  const open = cut.lastIndexOf('<');
  if (open !== -1 && !cut.slice(open).includes('>')) cut = cut.slice(0, open);
  if (/[\ud800-\udbff]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut.trimEnd()}…`;
}

function fitTextObject<T extends { text: string }>(object: T, limit: number): T | undefined {
  const text = fitMrkdwn(object.text, limit);
  return text === '' ? undefined : { ...object, text };
}

/**
 * The last guard before a message goes out, whatever the renderer built: every text object well-formed, trimmed
 * and within its limit (an empty one is left out, never sent: Slack refuses empty text with invalid_blocks), at most
 * 10 context elements and section fields. The renderer splits long text across blocks, and blocks across messages
 * (50 each), so nothing is lost; this only catches what it did not foresee.
 */
export function fitBlocks(blocks: readonly KnownBlock[]): KnownBlock[] {
  const out: KnownBlock[] = [];
  for (const block of blocks) {
    if (block.type === 'section') {
      const text = block.text === undefined ? undefined : fitTextObject(block.text, LIMITS.sectionText);
      const fields = block.fields?.map((field) => fitTextObject(field, LIMITS.sectionFieldText)).filter((field) => field !== undefined);
      if (text === undefined && (fields === undefined || fields.length === 0)) continue;
      const fitted = { ...block };
      delete fitted.text;
      delete fitted.fields;
      if (text !== undefined) fitted.text = text;
      if (fields !== undefined && fields.length > 0) fitted.fields = fields.slice(0, LIMITS.sectionFields);
      out.push(fitted);
    } else if (block.type === 'header') {
      const text = fitTextObject(block.text, LIMITS.headerText);
      if (text !== undefined) out.push({ ...block, text });
    } else if (block.type === 'context') {
      const elements = block.elements
        .map((element) => ('text' in element && typeof element.text === 'string' ? fitTextObject(element, LIMITS.sectionText) : element))
        .filter((element) => element !== undefined)
        .slice(0, LIMITS.contextElements);
      if (elements.length > 0) out.push({ ...block, elements });
    } else {
      out.push(block);
    }
  }
  return out;
}

/** The notification text (`text`): within Slack's 40,000 characters and never empty. */
export function fitFallbackText(text: string, fallback: string): string {
  return fitMrkdwn(text, LIMITS.fallbackText) || fallback;
}
