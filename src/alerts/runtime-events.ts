import type { BudgetStatus } from '../budget/workspace-budget.ts';
import type { ChannelRef } from '../domain/channel.ts';
import type { Digest } from '../domain/digest.ts';
import type { DeliveryOutcome, FailedPiece } from '../deliver/deliver-digest.ts';
import type { PosterObservation } from '../deliver/poster-observation.ts';
import { workspaceKeyOf } from '../domain/workspace.ts';
import type { AlertEvent } from './alert-event.ts';

/**
 * What a delivery attempt says about the channel: delivered (its alerts clear), delivered without pieces the
 * platform refused for good (the per-piece refusals the ledger records), or failed, and if the platform refused
 * for lack of permission, that the bot can no longer post there. An attempt another instance is making (busy) or
 * already made says nothing.
 */
export function eventsFromDelivery(channel: ChannelRef, edition: string, outcome: DeliveryOutcome): AlertEvent[] {
  if (outcome.status === 'delivered') {
    const refused = outcome.failedPieces.length;
    const delivered: AlertEvent = refused === 0
      ? { kind: 'delivery', channel, failed: false, edition, error: null, willRetry: false }
      : { kind: 'delivery', channel, failed: false, edition, error: describeRefusals(outcome.failedPieces), willRetry: false, refusedPieces: refused };
    return [
      delivered,
      { kind: 'channel-permission', channel, permission: 'post', missing: false, detail: null },
    ];
  }
  if (outcome.status !== 'failed') return [];
  const events: AlertEvent[] = [{ kind: 'delivery', channel, failed: true, edition, error: outcome.error, willRetry: !outcome.permanent }];
  if (outcome.reason === 'permission') events.push({ kind: 'channel-permission', channel, permission: 'post', missing: true, detail: outcome.error });
  return events;
}

/**
 * What a built digest says about the LLM, when one is configured: unavailable when pieces fell back to the
 * offline summary because the LLM failed, available when it summarised them all. A digest summarised offline on
 * purpose (the budget) or with nothing to summarise says nothing about the LLM.
 */
export function eventsFromDigest(channel: ChannelRef, digest: Digest, llmConfigured: boolean): AlertEvent[] {
  if (!llmConfigured || digest.offlineReason !== undefined || digest.pieces.length === 0) return [];
  const failed = digest.pieces.filter((p) => p.summarisedBy === 'offline-fallback').length;
  return [{
    kind: 'llm-unavailable',
    workspace: workspaceKeyOf(channel),
    channel,
    unavailable: failed > 0,
    reason: failed > 0 ? `it failed on ${failed} of ${digest.pieces.length} pieces` : null,
  }];
}

/** A workspace's budget level as an alert observation. */
export function eventFromBudget(status: BudgetStatus): AlertEvent {
  return { kind: 'llm-budget', workspace: status.workspace, level: status.level, used: status.used, limit: status.limit, resetsAt: status.resetsAt };
}

/** Which pieces were refused and why: `piece 2 ("Title"): the platform's reason`. */
function describeRefusals(failed: readonly FailedPiece[]): string {
  return failed.map((f) => {
    const title = f.title.replace(/\s+/g, ' ').trim();
    return `piece ${f.position} ("${title.length > 60 ? `${title.slice(0, 59)}…` : title}"): ${f.reason}`;
  }).join('; ');
}

/** A poster's finding that it can (or cannot) read a channel's history, as the read-history permission alert. */
export function eventFromPoster(observation: PosterObservation): AlertEvent {
  return { kind: 'channel-permission', channel: observation.channel, permission: 'read-history', missing: !observation.readable, detail: observation.detail };
}
