import type { ComponentStatus } from './status-registry.ts';

/** The scheduler's next slot over every scheduled channel. Informational: a quiet week is not a failure. */
export function schedulerStatus(next: readonly { channelId: string; at: Date | undefined }[], now: Date): ComponentStatus {
  const upcoming = next.filter((n): n is { channelId: string; at: Date } => n.at !== undefined).sort((a, b) => a.at.getTime() - b.at.getTime());
  const first = upcoming[0];
  if (first === undefined) return { ok: true, critical: false, detail: next.length === 0 ? 'no scheduled channels' : 'no upcoming slot', channels: next.length, nextSlot: null };
  const inMinutes = Math.max(0, Math.round((first.at.getTime() - now.getTime()) / 60_000));
  return { ok: true, critical: false, detail: `next slot in ${inMinutes} min (channel ${first.channelId})`, channels: next.length, nextSlot: first.at.toISOString() };
}
