import type { FilterRule } from '../filter/filter-rule.ts';

export type Platform = 'discord' | 'slack' | 'console';

/** Where a digest goes: one channel on one platform workspace. */
export interface ChannelRef {
  platform: Platform;
  /** Discord guild id, Slack team id, or "local" for the console. */
  workspaceId: string;
  /** The platform's channel id. */
  channelId: string;
}

/** Per-channel choices an admin makes with `/digest settings` and `/digest schedule`. */
export interface ChannelSettings {
  /** Pieces per digest, 1–10. */
  pieces: number;
  /** Keywords and topics that raise a piece's score. */
  interests: string[];
  /** BCP 47 language code for summaries. */
  language: string;
  /** 5-field cron expression. */
  cron: string;
  /** IANA timezone the cron is read in. */
  timezone: string;
  schedulePaused: boolean;
  /** Channel (same platform and workspace) for admin alerts; null → the digest channel. */
  adminChannelId: string | null;
  /** Include/exclude keyword and regular-expression filters, applied before selection; absent: none (rows stored before filters). */
  filters?: FilterRule[];
}

export interface Channel {
  /** `${platform}:${workspaceId}:${channelId}` */
  id: string;
  ref: ChannelRef;
  /** The effective settings: the config file's values, then chat's, then the deployment defaults. */
  settings: ChannelSettings;
  /** Which settings a chat or CLI command set (they persist); null for a channel start-up has not classified yet. */
  settingsSetInChat: (keyof ChannelSettings)[] | null;
  createdAt: Date;
  lastDeliveryError: string | null;
  lastDeliveryErrorAt: Date | null;
}

export function channelIdOf(ref: ChannelRef): string {
  return `${ref.platform}:${ref.workspaceId}:${ref.channelId}`;
}
