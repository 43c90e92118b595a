import type { BudgetLevel } from '../budget/workspace-budget.ts';
import type { ChannelRef } from '../domain/channel.ts';
import type { WorkspaceKey } from '../domain/workspace.ts';

/** The parts of a source an alert names. */
export interface AlertSource {
  id: string;
  name: string;
  url: string;
}

/**
 * What the runtime observed, healthy or not: it reports every observation (a source fetched fine, a delivery that
 * went through) and the alerter turns changes of state into messages. Sources concern every workspace reading
 * them; the rest name their workspace or channel.
 */
export type AlertEvent =
  | { kind: 'source-failing'; source: AlertSource; failing: boolean; error: string | null; consecutiveFailures: number }
  | { kind: 'source-quiet'; source: AlertSource; quiet: boolean; silentForMs: number; usualIntervalMs: number | null }
  | { kind: 'feed-empty'; source: AlertSource; empty: boolean }
  | { kind: 'full-text-blocked'; source: AlertSource; blocked: boolean; pages: number; reason: string | null }
  | { kind: 'llm-unavailable'; workspace: WorkspaceKey; unavailable: boolean; reason: string | null; channel: ChannelRef | null }
  | { kind: 'llm-budget'; workspace: WorkspaceKey; level: BudgetLevel; used: number; limit: number | null; resetsAt: Date }
  | { kind: 'channel-permission'; channel: ChannelRef; permission: 'post' | 'read-history'; missing: boolean; detail: string | null }
  /** `refusedPieces`: a delivery that went out without pieces the platform refused for good (`error` says which). */
  | { kind: 'delivery'; channel: ChannelRef; failed: boolean; edition: string; error: string | null; willRetry: boolean; refusedPieces?: number };

export type AlertKind = AlertEvent['kind'];

/** Events about a source; every other kind names its workspace or channel. */
export type SourceAlertEvent = Extract<AlertEvent, { source: AlertSource }>;

export function isSourceEvent(event: AlertEvent): event is SourceAlertEvent {
  return 'source' in event;
}
