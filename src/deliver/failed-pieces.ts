import type { Channel } from '../domain/channel.ts';
import type { Digest } from '../domain/digest.ts';
import type { Logger } from '../log/logger.ts';
import type { DigestPoster } from './digest-poster.ts';

/** A piece the platform refused for good: which one, and the platform's reason. */
export interface FailedPiece {
  position: number;
  title: string;
  reason: string;
}

const shortTitle = (title: string): string => {
  const clean = title.replace(/\s+/g, ' ').trim();
  return clean === '' ? '(untitled)' : clean.length > 80 ? `${clean.slice(0, 79)}…` : clean;
};

/** One line per refused piece, for the ledger, the channel's last delivery error and the admin alert. */
export function describeFailedPieces(digest: Digest, failed: readonly FailedPiece[]): string {
  const lines = failed.map((f) => `piece ${f.position} ("${shortTitle(f.title)}") was not posted: ${f.reason}`);
  return `"${shortTitle(digest.title)}" was posted without ${failed.length === 1 ? 'one piece' : `${failed.length} pieces`}; ${lines.join('; ')}`;
}

/**
 * Tells the channel's admins (its admin channel, else the channel) exactly which pieces were refused and why; the
 * rest of the digest was posted. A failure to alert is logged, never thrown: the digest itself went out.
 */
export async function alertAdminsOfFailedPieces(input: { poster: DigestPoster; channel: Channel; digest: Digest; failed: readonly FailedPiece[]; logger: Logger }): Promise<void> {
  const { channel } = input;
  const target = channel.settings.adminChannelId === null ? channel.ref : { ...channel.ref, channelId: channel.settings.adminChannelId };
  const text = `${describeFailedPieces(input.digest, input.failed)}. The other pieces were posted.`;
  await input.poster.postAlert(target, text).catch((error: unknown) => {
    input.logger.warn({ channel: channel.id, err: error instanceof Error ? error.message : String(error) }, 'could not tell admins that pieces of a digest were refused');
  });
}
