import type { AlertMention } from './workspace.ts';

/** A piece of an alert: text (untrusted parts included, e.g. a feed's name or error), or a link to a channel. */
export type AlertPart = string | { channel: string };

/**
 * An admin alert in platform-neutral form. Adapters render channel parts as their own channel links, make every
 * text part inert (no mention in it can ping), and let exactly `mention` notify when one is given.
 */
export interface AlertPost {
  parts: readonly AlertPart[];
  mention: AlertMention | null;
}

/** Accepts the older plain-text form. */
export function toAlertPost(alert: string | AlertPost): AlertPost {
  return typeof alert === 'string' ? { parts: [alert], mention: null } : alert;
}

/** Renders the parts with per-platform text escaping and channel links. */
export function renderAlertParts(parts: readonly AlertPart[], render: { text(part: string): string; channel(id: string): string }): string {
  return parts.map((part) => (typeof part === 'string' ? render.text(part) : render.channel(part.channel))).join('');
}
