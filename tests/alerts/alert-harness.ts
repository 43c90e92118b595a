import type { AlertPost } from '../../src/domain/alert-post.ts';
import type { ChannelRef, ChannelSettings, Platform } from '../../src/domain/channel.ts';
import type { DigestPoster } from '../../src/deliver/digest-poster.ts';
import { silentLogger } from '../../src/log/logger.ts';
import { createAlerter, type Alerter } from '../../src/alerts/alerter.ts';
import type { Store } from '../../src/store/store.ts';
import { channelSettings } from '../fixtures/channel-settings.ts';

export const SETTINGS: ChannelSettings = channelSettings();

/** One alert as a poster received it, rendered plainly: channel links as #id. */
export interface PostedAlert {
  channel: string;
  text: string;
  mention: AlertPost['mention'];
}

/** A DigestPoster that keeps the alerts it is given (and can be told to fail); the other steps are unused here. */
export function recordingPoster(platform: Platform): DigestPoster & { alerts: PostedAlert[]; failNext: number } {
  const poster = {
    platform,
    alerts: [] as PostedAlert[],
    failNext: 0,
    postHeader: () => Promise.reject(new Error('not used')),
    openThread: () => Promise.reject(new Error('not used')),
    postPiece: () => Promise.reject(new Error('not used')),
    async postAlert(channel: ChannelRef, alert: string | AlertPost) {
      if (poster.failNext > 0) {
        poster.failNext -= 1;
        throw new Error('platform said 500');
      }
      const post = typeof alert === 'string' ? { parts: [alert], mention: null } : alert;
      poster.alerts.push({ channel: channel.channelId, text: post.parts.map((p) => (typeof p === 'string' ? p : `#${p.channel}`)).join(''), mention: post.mention });
      return { id: String(poster.alerts.length) };
    },
  };
  return poster;
}

/** An alerter over a store with a recording poster per platform and a settable clock. */
export function alerterFor(store: Store, clock: { now: Date }, options: { settleMs?: number; maxLines?: number } = {}): { alerter: Alerter; discord: ReturnType<typeof recordingPoster>; slack: ReturnType<typeof recordingPoster> } {
  const discord = recordingPoster('discord');
  const slack = recordingPoster('slack');
  const alerter = createAlerter({
    store,
    now: () => clock.now,
    logger: silentLogger(),
    ...options,
    posterFor: (platform) => (platform === 'discord' ? discord : platform === 'slack' ? slack : undefined),
  });
  return { alerter, discord, slack };
}
