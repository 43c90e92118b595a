import { formatDay, formatTokens } from '../budget/budget-period.ts';
import type { AlertPart } from '../domain/alert-post.ts';
import { channelIdOf, type ChannelRef } from '../domain/channel.ts';
import { workspaceKeyOf, type WorkspaceKey } from '../domain/workspace.ts';
import type { AlertEvent, AlertSource } from './alert-event.ts';

/** One observation as the state machine keeps it: which machine, the state seen, and the facts for a message. */
export interface Observation {
  family: string;
  subject: string;
  state: string;
  detail: Record<string, unknown>;
}

/** What an event is, as a state: source events are observed once per workspace reading the source (see Alerter). */
export function observe(event: AlertEvent): Observation {
  switch (event.kind) {
    case 'source-failing':
      return { family: event.kind, subject: event.source.id, state: event.failing ? 'failing' : 'ok', detail: { source: event.source, error: event.error, consecutiveFailures: event.consecutiveFailures } };
    case 'source-quiet':
      return { family: event.kind, subject: event.source.id, state: event.quiet ? 'quiet' : 'ok', detail: { source: event.source, silentForMs: event.silentForMs, usualIntervalMs: event.usualIntervalMs } };
    case 'feed-empty':
      return { family: event.kind, subject: event.source.id, state: event.empty ? 'empty' : 'ok', detail: { source: event.source } };
    case 'full-text-blocked':
      return { family: event.kind, subject: event.source.id, state: event.blocked ? 'blocked' : 'ok', detail: { source: event.source, pages: event.pages, reason: event.reason } };
    case 'llm-unavailable':
      return { family: event.kind, subject: 'llm', state: event.unavailable ? 'unavailable' : 'ok', detail: { reason: event.reason, channel: event.channel } };
    case 'llm-budget':
      return { family: event.kind, subject: 'budget', state: event.level, detail: { used: event.used, limit: event.limit, resetsAt: event.resetsAt.toISOString() } };
    case 'channel-permission':
      return { family: `permission-${event.permission}`, subject: channelIdOf(event.channel), state: event.missing ? 'missing' : 'ok', detail: { channel: event.channel, detail: event.detail } };
    case 'delivery':
      return {
        family: event.kind,
        subject: channelIdOf(event.channel),
        state: event.failed ? 'failed' : (event.refusedPieces ?? 0) > 0 ? 'incomplete' : 'ok',
        detail: { channel: event.channel, edition: event.edition, error: event.error, willRetry: event.willRetry, refusedPieces: event.refusedPieces ?? 0 },
      };
  }
}

/** The workspace an event that is not about a source belongs to. */
export function workspaceOfEvent(event: Exclude<AlertEvent, { source: AlertSource }>): WorkspaceKey {
  return 'workspace' in event ? event.workspace : workspaceKeyOf(event.channel);
}

/** 0 healthy, 1 a warning, 2 a problem: a worse state is announced at once, a better one once it has held. */
export function severity(state: string): number {
  return state === 'ok' ? 0 : state === 'warning' || state === 'incomplete' ? 1 : 2;
}

/** The channel a channel-scoped alert is about, if any; an alert it cannot be posted to goes elsewhere. */
export function channelOfDetail(detail: Record<string, unknown>): ChannelRef | null {
  const channel = detail['channel'];
  return isChannelRef(channel) ? channel : null;
}

/** Whether this observation means the bot cannot post in the channel it is about. */
export function blocksPostingThere(family: string, state: string): boolean {
  return family === 'permission-post' && state === 'missing';
}

/** The message line for a change into `state` (from `previous`), as text and channel links. */
export function describeChange(family: string, state: string, previous: string, detail: Record<string, unknown>): AlertPart[] {
  const source = sourceName(detail);
  const channel = channelOfDetail(detail);
  const here: AlertPart[] = channel === null ? ['a channel'] : [{ channel: channel.channelId }];
  switch (family) {
    case 'source-failing':
      return state === 'ok'
        ? [`${source} is working again.`]
        : [
          `${source} is failing: ${text(detail['error']) || 'unknown error'}${numberOf(detail['consecutiveFailures']) > 0 ? ` (${numberOf(detail['consecutiveFailures'])} failed fetches in a row)` : ''}. Check it with /digest sources list.`,
        ];
    case 'source-quiet':
      return state === 'ok'
        ? [`${source} is publishing again.`]
        : [`${source} has published nothing new for ${duration(detail['silentForMs'])}, though it usually publishes every ${duration(detail['usualIntervalMs'])}. The feed still answers, so it may have moved or stopped; check its URL.`];
    case 'feed-empty':
      return state === 'ok'
        ? [`${source} has items in its feed again.`]
        : [`${source} answered, but its feed has no items: it may have moved, or the address now serves something else. Check it with /digest sources list.`];
    case 'full-text-blocked':
      return state === 'ok'
        ? [`${source}: article pages load again for full text.`]
        : [
          `${source}: ${numberOf(detail['pages']) > 0 ? `${numberOf(detail['pages'])} article ${numberOf(detail['pages']) === 1 ? 'page' : 'pages'}` : 'its article pages'} could not be fetched for full text (${
            text(detail['reason']) || 'blocked'
          }); summaries use the feed's excerpt instead.`,
        ];
    case 'llm-unavailable':
      return state === 'ok'
        ? ['The LLM is answering again: digests have Why it matters and What you can build with this again.']
        : [channel === null ? "Today's digest was" : "Today's digest in ", ...(channel === null ? [] : [...here, ' was']),
          ` summarised offline because the LLM did not answer (${text(detail['reason']) || 'no reason given'}). Check the LLM server and LLM_MODEL.`];
    case 'llm-budget': {
      const limit = formatTokens(numberOf(detail['limit']));
      const resets = formatDay(new Date(text(detail['resetsAt'])));
      if (state === 'exceeded') return [`This workspace's monthly LLM budget of ${limit} tokens is used up: digests are summarised offline and new questions wait until it resets on ${resets}. See /digest usage.`];
      if (state === 'warning') {
        const percent = Math.floor((numberOf(detail['used']) / Math.max(1, numberOf(detail['limit']))) * 100);
        return [`This workspace has used ${percent} % of its monthly LLM budget (${formatTokens(numberOf(detail['used']))} of ${limit} tokens). At 100 % digests are summarised offline until ${resets}. See /digest usage.`];
      }
      return [previous === 'exceeded' ? 'The LLM budget has room again: digests are summarised by the LLM again.' : 'LLM usage is back under the warning level of the budget.'];
    }
    case 'permission-post':
      return state === 'ok'
        ? ['I can post in ', ...here, ' again.']
        : ['I can no longer post digests in ', ...here, `: ${text(detail['detail']) || 'permission denied'}. Give the bot permission to post (and create threads) there, or pause its schedule.`];
    case 'permission-read-history':
      return state === 'ok'
        ? ['I can read the history of ', ...here, ' again.']
        : ['I cannot read the message history of ', ...here,
          `${
            text(detail['detail']) ? ` (${text(detail['detail'])})` : ''
          }, so after a restart I cannot check what was already posted and a digest message may appear twice. Give the bot Read Message History (Discord) or channels:history (Slack).`];
    case 'delivery':
      if (state === 'ok') return ['Digests reach ', ...here, previous === 'incomplete' ? ' in full again.' : ' again.'];
      if (state === 'incomplete') {
        return ['The digest in ', ...here,
          ` went out without ${numberOf(detail['refusedPieces']) === 1 ? 'one piece' : `${numberOf(detail['refusedPieces'])} pieces`} the platform refused: ${text(detail['error']) || 'no reason given'}. The other pieces were posted.`];
      }
      return ['The digest for ', ...here, ` could not be delivered: ${text(detail['error']) || 'unknown error'}. ${detail['willRetry'] === true ? 'It will be retried.' : 'It will not be retried; the next edition tries again.'}`];
    default:
      return [`${family} is now ${state}.`];
  }
}

function sourceName(detail: Record<string, unknown>): string {
  const source = detail['source'] as Partial<AlertSource> | undefined;
  return `Source "${text(source?.name) || 'unnamed'}" (${text(source?.id)})`;
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function numberOf(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

/** "9 days", "5 hours", "40 minutes". */
export function duration(value: unknown): string {
  const ms = numberOf(value);
  const minutes = Math.round(ms / 60_000);
  if (minutes < 120) return `${minutes} ${minutes === 1 ? 'minute' : 'minutes'}`;
  const hours = Math.round(ms / 3_600_000);
  if (hours < 48) return `${hours} hours`;
  const days = Math.round(ms / 86_400_000);
  return `${days} days`;
}

function isChannelRef(value: unknown): value is ChannelRef {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v['platform'] === 'string' && typeof v['workspaceId'] === 'string' && typeof v['channelId'] === 'string';
}
