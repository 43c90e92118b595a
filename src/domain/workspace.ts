import type { ChannelRef, Platform } from './channel.ts';

/** One Discord server, Slack workspace or the local console: `${platform}:${workspaceId}`. */
export type WorkspaceKey = `${Platform}:${string}`;

export function workspaceKeyOf(ref: Pick<ChannelRef, 'platform' | 'workspaceId'>): WorkspaceKey {
  return `${ref.platform}:${ref.workspaceId}`;
}

/** The platform and workspace id a key stands for. */
export function parseWorkspaceKey(key: WorkspaceKey): Pick<ChannelRef, 'platform' | 'workspaceId'> {
  const at = key.indexOf(':');
  return { platform: key.slice(0, at) as Platform, workspaceId: key.slice(at + 1) };
}

/**
 * Who an admin alert pings, besides being posted: a Discord role, a Slack user group, or one user. Only this
 * mention is ever allowed to notify; everything else in an alert (feed titles, errors) stays inert.
 */
export interface AlertMention {
  kind: 'role' | 'user-group' | 'user';
  /** The platform's id: Discord role or user snowflake, Slack subteam (S…) or user (U…/W…) id. */
  id: string;
}

/** Settings that belong to a whole workspace rather than one channel, set by its admins. */
export interface WorkspaceSettings {
  /** Where admin alerts go (a channel of this workspace); null: to the channels concerned. */
  alertChannelId: string | null;
  alertMention: AlertMention | null;
  /** Monthly LLM token budget (prompt + completion); null: the config file's default applies. */
  monthlyTokenBudget: number | null;
}

export const DEFAULT_WORKSPACE_SETTINGS: WorkspaceSettings = { alertChannelId: null, alertMention: null, monthlyTokenBudget: null };
