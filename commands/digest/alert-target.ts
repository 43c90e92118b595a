import type { AlertMention } from '../../src/domain/workspace.ts';
import { CommandError } from '../dispatch-with.ts';

/**
 * The channel an admin named, as the platforms hand it over: Discord turns `#channel` into `<#id>`, Slack (with
 * escaping on) into `<#C123|name>`; a bare id works everywhere. `here` is the channel the command was typed in.
 */
export function parseChannelReference(text: string, here: string): string {
  const trimmed = text.trim();
  if (/^(here|this)$/i.test(trimmed)) return here;
  const link = /^<#([A-Za-z0-9]+)(?:\|[^>]*)?>$/.exec(trimmed);
  if (link !== null) return link[1]!;
  const bare = /^#?([A-Z0-9]{6,30}|\d{6,25})$/.exec(trimmed);
  if (bare !== null) return bare[1]!;
  throw new CommandError(`"${trimmed.slice(0, 40)}" is not a channel I can recognise.`, {
    hint: 'Pick the channel with # so it becomes a link (Discord, and Slack with escaping on), give its id, or write `here`.',
  });
}

/**
 * Whom alerts mention: a Discord role (`<@&id>`) or user (`<@id>`), a Slack user group (`<!subteam^S…>`) or user
 * (`<@U…>`), or a bare id (digits: a Discord role; S…: a Slack user group; U…/W…: a Slack user).
 */
export function parseMention(text: string): AlertMention {
  const trimmed = text.trim();
  const role = /^<@&(\d{1,25})>$/.exec(trimmed) ?? /^(\d{6,25})$/.exec(trimmed);
  if (role !== null) return { kind: 'role', id: role[1]! };
  const group = /^<!subteam\^([A-Z0-9]{2,30})(?:\|[^>]*)?>$/.exec(trimmed) ?? /^(S[A-Z0-9]{2,30})$/.exec(trimmed);
  if (group !== null) return { kind: 'user-group', id: group[1]! };
  const user = /^<@!?([A-Z0-9]{2,30}|\d{1,25})(?:\|[^>]*)?>$/.exec(trimmed) ?? /^([UW][A-Z0-9]{2,30})$/.exec(trimmed);
  if (user !== null) return { kind: 'user', id: user[1]! };
  throw new CommandError(`"${trimmed.slice(0, 40)}" is not a role, user group or user I can mention.`, {
    hint: 'Pick it with @ so it becomes a mention (a Discord role, a Slack user group, or a user), or give its id.',
  });
}

/** How `settings show` names a mention: as the platform's own mention syntax, which the reply renders inert. */
export function describeMention(mention: AlertMention): string {
  if (mention.kind === 'user-group') return `user group ${mention.id}`;
  return `${mention.kind} ${mention.id}`;
}

/** "2000000", "2,000,000", "2M", "500k", "1.5m"; null for off/none. */
export function parseTokens(text: string): number | null {
  const trimmed = text.trim().toLowerCase().replace(/[,_\s]/g, '');
  if (/^(off|none|no|unlimited)$/.test(trimmed)) return null;
  const match = /^(\d+(?:\.\d+)?)([km]?)$/.exec(trimmed);
  if (match === null) {
    throw new CommandError(`"${text.trim().slice(0, 30)}" is not a number of tokens.`, { hint: 'Write e.g. 2000000, 2M or 500k, or off for no budget.' });
  }
  const scale = match[2] === 'm' ? 1_000_000 : match[2] === 'k' ? 1_000 : 1;
  return Math.round(Number(match[1]) * scale);
}
