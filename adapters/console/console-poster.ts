import { renderAlertParts, toAlertPost, type AlertPost } from '../../src/domain/alert-post.ts';
import type { ChannelRef } from '../../src/domain/channel.ts';
import type { Digest, DigestPiece } from '../../src/domain/digest.ts';
import type { DigestPoster, PostedMessage, ThreadRef } from '../../src/deliver/digest-poster.ts';
import { messagesOfDigest } from '../../src/digest/piece-chrome.ts';
import { renderHeader, renderPiece, stripControl } from './render-digest.ts';

/** Where and how the console poster writes. */
export interface ConsolePosterOptions {
  write: (text: string) => void;
  width: number;
  color: boolean;
}

/** A DigestPoster that prints to a terminal; the "thread" is simply the pieces that follow the header. */
export function createConsolePoster(options: ConsolePosterOptions): DigestPoster {
  let next = 0;
  const emit = (text: string): PostedMessage => {
    options.write(text.endsWith('\n') ? text : `${text}\n`);
    next += 1;
    return { id: String(next) };
  };
  const render = { width: options.width, color: options.color };
  return {
    platform: 'console',
    postHeader: async (_channel: ChannelRef, digest: Digest) => emit(renderHeader(digest, render)),
    openThread: async (_channel: ChannelRef, header: PostedMessage): Promise<ThreadRef> => ({ id: header.id, fallback: false }),
    postPiece: async (_channel: ChannelRef, _thread: ThreadRef, digest: Digest, piece: DigestPiece) => [emit(`\n${renderPiece(piece, render, messagesOfDigest(digest))}`)],
    // The terminal is the console's admin channel; there is no one to mention.
    postAlert: async (_channel: ChannelRef, alert: string | AlertPost) => emit(`Alert: ${renderAlertParts(toAlertPost(alert).parts, { text: stripControl, channel: (id) => `#${stripControl(id)}` })}`),
  };
}
