import type { ChannelRef } from '../domain/channel.ts';

/**
 * Something a poster learnt about a channel while posting that is not the step's own result: whether it can read
 * the channel's history, which a resumed step needs to find a message it may already have posted (Discord's
 * read-back, Slack's conversations.history). The runtime turns these into admin alerts; the step itself goes on.
 */
export interface PosterObservation {
  kind: 'history';
  channel: ChannelRef;
  readable: boolean;
  /** Why not, in the platform's words (missing permission or scope), when it cannot. */
  detail: string | null;
}

/** Where a poster reports what it observed; absent: nobody listens. */
export type ObservePoster = (observation: PosterObservation) => void;
