import type { KnownBlock } from '@slack/types';
import type { Reply } from '../../commands/reply.ts';
import { withoutLiteralMarks } from '../../src/text/literal-text.ts';
import { PLATFORM_LIMITS } from '../../src/text/platform-limits.ts';
import { truncateText } from '../../src/text/split-text.ts';
import { escapeMrkdwn } from './escape-mrkdwn.ts';
import { sections } from './render-digest-blocks.ts';

const LIMITS = PLATFORM_LIMITS.slack;

/** A command answer as `respond()` takes it. */
export interface SlackReply {
  response_type: 'ephemeral' | 'in_channel';
  text: string;
  blocks: KnownBlock[];
}

/**
 * Converts the platform-neutral reply markup to Slack mrkdwn. The whole text is escaped first (feed
 * titles and summaries appear in it verbatim), then `**bold**` becomes `*bold*`; `_italic_`, `• `
 * bullets and backtick code spans are already Slack's syntax, and bare URLs stay as typed.
 */
export function toSlackMrkdwn(text: string): string {
  // Slack has no escape for `*` or `_`, so literal feed text needs nothing beyond the escaping every text gets.
  return escapeMrkdwn(withoutLiteralMarks(text)).replace(/\*\*(?=\S)([^\n]*?\S)\*\*/g, '*$1*');
}

/** A Reply as verbatim mrkdwn sections (≤ 3000 characters each, ≤ 50 blocks) with the same text as the fallback. */
export function renderReply(reply: Reply): SlackReply {
  const mrkdwn = toSlackMrkdwn(reply.text.trim() === '' ? 'Done.' : reply.text);
  let blocks: KnownBlock[] = sections(mrkdwn, undefined, { escape: false });
  if (blocks.length > LIMITS.blocks) {
    blocks = [...blocks.slice(0, LIMITS.blocks - 1), ...sections('_…answer cut short: too long for one Slack message._', undefined, { escape: false })];
  }
  return { response_type: reply.visibility, text: truncateText(mrkdwn, LIMITS.fallbackText), blocks };
}
