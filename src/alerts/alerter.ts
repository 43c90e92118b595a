import type { AlertPart } from '../domain/alert-post.ts';
import { channelIdOf, type Channel, type ChannelRef, type Platform } from '../domain/channel.ts';
import { parseWorkspaceKey, workspaceKeyOf, type WorkspaceKey } from '../domain/workspace.ts';
import type { DigestPoster } from '../deliver/digest-poster.ts';
import type { Logger } from '../log/logger.ts';
import type { AlertStateKey, AlertStateRecord } from '../store/ports/operations.ts';
import type { Store } from '../store/store.ts';
import { isSourceEvent, type AlertEvent } from './alert-event.ts';
import { blocksPostingThere, channelOfDetail, describeChange, observe, severity, workspaceOfEvent, type Observation } from './alert-rules.ts';

export interface AlerterOptions {
  store: Pick<Store, 'alertStates' | 'workspaces' | 'subscribers' | 'getChannel'>;
  posterFor(platform: Platform): DigestPoster | undefined;
  now: () => Date;
  logger: Logger;
  /**
   * A change to a better state (a recovery) is announced only once this long has passed since the alert's last
   * announcement, so a flapping source yields at most two messages in this time, and a recovery that does not
   * hold is never announced at all. A change to a worse state is announced at once. Default one hour.
   */
  settleMs?: number;
  /** Changes listed per message; more are counted in a last line. Default 15. */
  maxLines?: number;
}

/** What one notify call posted, for logs and tests. */
export interface NotifyReport {
  posted: { target: ChannelRef; changes: number }[];
  /** Changes held back until they settle. */
  held: number;
}

export interface Alerter {
  /**
   * Records each observation in its alert's state machine (one per workspace, kind and subject) and posts, per
   * destination, one message listing the changes admins must hear about, including held-back changes that have
   * now settled. Never throws for a platform failure: an unposted change is retried by the next call.
   */
  notify(events: readonly AlertEvent[]): Promise<NotifyReport>;
}

export const DEFAULT_SETTLE_MS = 60 * 60_000;

interface Announcement {
  record: AlertStateRecord;
  previous: string;
  concerned: Channel[];
}

/** Admin alerts: one message per change of state, grouped per destination, with one optional mention. */
export function createAlerter(options: AlerterOptions): Alerter {
  const { store, logger } = options;
  const settleMs = options.settleMs ?? DEFAULT_SETTLE_MS;
  const maxLines = options.maxLines ?? 15;

  const due = (record: AlertStateRecord, now: Date): boolean => {
    if (record.state === record.announced) return false;
    if (severity(record.state) > severity(record.announced)) return true;
    return record.announcedAt === null || now.getTime() - record.announcedAt.getTime() >= settleMs;
  };

  /** The channels an alert is about, which are where it goes when the workspace has no alert channel. */
  const concernedChannels = async (key: AlertStateKey, detail: Record<string, unknown>, sourceReaders?: Channel[]): Promise<Channel[]> => {
    const { platform, workspaceId } = parseWorkspaceKey(key.workspace);
    if (sourceReaders !== undefined) return sourceReaders;
    if (key.family.startsWith('source-') || key.family === 'feed-empty' || key.family === 'full-text-blocked') {
      return (await store.subscribers.channelsReadingSource(key.subject)).filter((c) => workspaceKeyOf(c.ref) === key.workspace);
    }
    const channel = channelOfDetail(detail);
    if (channel !== null) {
      const stored = await store.getChannel(channelIdOf(channel));
      return stored === undefined ? [] : [stored];
    }
    return store.subscribers.channelsOfWorkspace(platform, workspaceId);
  };

  return {
    async notify(events) {
      const now = options.now();
      const seen = new Set<string>();
      const announcements: Announcement[] = [];
      let held = 0;

      const consider = async (record: AlertStateRecord, concerned: () => Promise<Channel[]>): Promise<void> => {
        seen.add(JSON.stringify(record.key));
        if (record.state === record.announced) return;
        if (!due(record, now)) {
          held += 1;
          return;
        }
        if (await store.alertStates.claimAnnouncement(record.key, record.announced, record.state, now)) {
          announcements.push({ record, previous: record.announced, concerned: await concerned() });
        }
      };

      const readersOf = new Map<string, Promise<Channel[]>>();
      for (const event of events) {
        const observation = observe(event);
        let byWorkspace: Map<WorkspaceKey, Channel[] | undefined>;
        if (isSourceEvent(event)) {
          let readers = readersOf.get(event.source.id);
          if (readers === undefined) readersOf.set(event.source.id, readers = store.subscribers.channelsReadingSource(event.source.id));
          byWorkspace = new Map();
          for (const channel of await readers) {
            const workspace = workspaceKeyOf(channel.ref);
            byWorkspace.set(workspace, [...(byWorkspace.get(workspace) ?? []), channel]);
          }
        } else {
          byWorkspace = new Map([[workspaceOfEvent(event), undefined]]);
        }
        for (const [workspace, readers] of byWorkspace) {
          const record = await recordObservation(workspace, observation, now);
          if (record !== undefined) await consider(record, () => concernedChannels(record.key, record.detail, readers));
        }
      }
      // Changes held back earlier (recoveries waiting to settle) that nothing observed in this call.
      for (const record of await store.alertStates.listUnannounced()) {
        if (!seen.has(JSON.stringify(record.key))) await consider(record, () => concernedChannels(record.key, record.detail));
      }

      const posted = await postAnnouncements(announcements);
      return { posted, held };
    },
  };

  /** Stores an observation unless it changes nothing; undefined when there is nothing to track. */
  async function recordObservation(workspace: WorkspaceKey, observation: Observation, now: Date): Promise<AlertStateRecord | undefined> {
    const key: AlertStateKey = { workspace, family: observation.family, subject: observation.subject };
    const previous = await store.alertStates.getAlertState(key);
    if (previous === undefined && observation.state === 'ok') return undefined;
    if (previous !== undefined && previous.state === observation.state && previous.announced === observation.state) return undefined;
    return store.alertStates.observeAlertState(key, observation.state, observation.detail, now);
  }

  async function postAnnouncements(announcements: Announcement[]): Promise<NotifyReport['posted']> {
    const batches = new Map<string, { target: ChannelRef; viaAlertChannel: boolean; workspace: WorkspaceKey; items: Announcement[] }>();
    const settingsOf = new Map<WorkspaceKey, Awaited<ReturnType<Store['workspaces']['getWorkspaceSettings']>>>();
    for (const announcement of announcements) {
      const { workspace } = announcement.record.key;
      let settings = settingsOf.get(workspace);
      if (settings === undefined) settingsOf.set(workspace, settings = await store.workspaces.getWorkspaceSettings(workspace));
      const targets = settings.alertChannelId !== null
        ? [{ ref: { ...parseWorkspaceKey(workspace), channelId: settings.alertChannelId }, viaAlertChannel: true }]
        : fallbackTargets(announcement);
      if (targets.length === 0) {
        logger.warn({ workspace, family: announcement.record.key.family, subject: announcement.record.key.subject }, 'admin alert has no channel to go to; set one with /digest settings alerts');
      }
      for (const { ref, viaAlertChannel } of targets) {
        const id = channelIdOf(ref);
        const batch = batches.get(id) ?? { target: ref, viaAlertChannel, workspace, items: [] };
        batch.items.push(announcement);
        batches.set(id, batch);
      }
    }

    const posted: NotifyReport['posted'] = [];
    for (const batch of batches.values()) {
      const poster = options.posterFor(batch.target.platform);
      const settings = settingsOf.get(batch.workspace);
      const worse = batch.items.some((a) => severity(a.record.state) > severity(a.previous));
      const mention = batch.viaAlertChannel && worse ? (settings?.alertMention ?? null) : null;
      // The console has no channel to choose: its terminal is the alert channel, so no reminder to set one.
      const parts = composeMessage(batch.items, maxLines, !batch.viaAlertChannel && batch.target.platform !== 'console');
      try {
        if (poster === undefined) throw new Error(`${batch.target.platform} is not connected`);
        await poster.postAlert(batch.target, { parts, mention });
        posted.push({ target: batch.target, changes: batch.items.length });
      } catch (error) {
        logger.warn({ channel: channelIdOf(batch.target), err: error instanceof Error ? error.message : String(error) }, 'could not post an admin alert; it is retried with the next check');
        // Give the changes back, so the next notify announces them again.
        for (const item of batch.items) await store.alertStates.claimAnnouncement(item.record.key, item.record.state, item.previous, options.now());
      }
    }
    return posted;
  }
}

/** Without an alert channel: each concerned channel's own admin channel, or the channel itself, where posting works. */
function fallbackTargets(announcement: Announcement): { ref: ChannelRef; viaAlertChannel: boolean }[] {
  const blocked = blocksPostingThere(announcement.record.key.family, announcement.record.state) ? channelOfDetail(announcement.record.detail) : null;
  const targets = new Map<string, ChannelRef>();
  for (const channel of announcement.concerned) {
    const ref = channel.settings.adminChannelId === null ? channel.ref : { ...channel.ref, channelId: channel.settings.adminChannelId };
    if (blocked !== null && channelIdOf(blocked) === channelIdOf(ref)) continue;
    targets.set(channelIdOf(ref), ref);
  }
  return [...targets.values()].map((ref) => ({ ref, viaAlertChannel: false }));
}

/** One change as it is; several as a list, capped, with the rest counted. */
function composeMessage(items: readonly Announcement[], maxLines: number, viaFallback: boolean): AlertPart[] {
  const lines = items.map((a) => describeChange(a.record.key.family, a.record.state, a.previous, a.record.detail));
  const parts: AlertPart[] = [];
  if (lines.length === 1) parts.push(...lines[0]!);
  else {
    parts.push(`${lines.length} changes:`);
    for (const line of lines.slice(0, maxLines)) parts.push('\n• ', ...line);
    if (lines.length > maxLines) parts.push(`\n• …and ${lines.length - maxLines} more; see /digest sources list and /digest settings show.`);
  }
  if (viaFallback) parts.push('\n(Admins: send these alerts to one channel with /digest settings alerts <channel>.)');
  return parts;
}
