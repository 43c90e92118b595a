import type { LedgerLocation } from '../domain/discussion.ts';
import type { Digest } from '../domain/digest.ts';
import { parseSidePostEdition } from '../domain/side-posts.ts';
import type { Store } from '../store/store.ts';
import type { EventScope } from './thread-events.ts';

/** A message placed under one of the bot's digests: which channel and digest, and which piece when it names one. */
export interface PlacedMessage {
  /** The stored channel id. */
  channelId: string;
  digest: Digest;
  /** The piece position, or null when the message is about the digest as a whole. */
  position: number | null;
  /** How the piece was found, for logs and tests. */
  by: 'reply' | 'reply-to-reply' | 'number-in-text' | 'only-piece' | 'none';
}

/** `piece:3` or `piece:3:2` → 3. */
function positionOfSlot(slot: string): number | null {
  const match = /^piece:(\d+)(?::\d+)?$/.exec(slot);
  return match === null ? null : Number(match[1]);
}

/**
 * A piece number the text names: "2. …", "#2 …", "re 2: …", "piece 2" or "(piece #2)" anywhere; only numbers the
 * digest has count. Slack threads are flat, so this is how a reply there says which piece it is about.
 */
export function pieceNumberInText(text: string, positions: readonly number[]): number | null {
  const body = text.replace(/^(?:\s*(?:<@[^>]+>|@\S+)[\s,:]*)+/u, '').trim();
  const candidates = [
    /^(?:re:?\s*)?#?(\d{1,2})\s*[.):–—-](?:\s|$)/iu.exec(body)?.[1],
    /^#(\d{1,2})\b/u.exec(body)?.[1],
    /\b(?:piece|item|article|paper|post)\s*#?\s*(\d{1,2})\b/iu.exec(body)?.[1],
  ];
  for (const candidate of candidates) {
    if (candidate === undefined) continue;
    const n = Number(candidate);
    if (positions.includes(n)) return n;
  }
  return null;
}

/**
 * Finds the digest a message is under, from the ids it refers to: a ledger slot of the bot's own (a piece message,
 * the header, its thread, a discussion reply or an answer), or a reply already stored under a piece. Undefined for
 * anything else, which is therefore never kept.
 */
export async function placeMessage(store: Store, scope: EventScope, refersTo: readonly string[], text: string): Promise<PlacedMessage | undefined> {
  if (refersTo.length === 0) return undefined;
  const locations = await store.discussion.locateMessages(scope, refersTo);
  let fallback: { channelId: string; digestId: string } | undefined;
  for (const id of refersTo) {
    for (const location of locations.filter((l) => l.platformMessageId === id)) {
      const found = await positionOfLocation(store, location);
      if (found === undefined) continue;
      if (found.position !== null) return withDigest(store, found.channelId, found.digestId, found.position, 'reply');
      fallback ??= found;
    }
    const comment = await store.discussion.findThreadComment(scope, id);
    if (comment !== undefined) {
      if (comment.position !== null) return withDigest(store, comment.channelId, comment.digestId, comment.position, 'reply-to-reply');
      fallback ??= { channelId: comment.channelId, digestId: comment.digestId };
    }
  }
  if (fallback === undefined) return undefined;
  const placed = await withDigest(store, fallback.channelId, fallback.digestId, null, 'none');
  if (placed === undefined) return undefined;
  const positions = placed.digest.pieces.map((p) => p.position);
  const named = pieceNumberInText(text, positions);
  if (named !== null) return { ...placed, position: named, by: 'number-in-text' };
  if (positions.length === 1) return { ...placed, position: positions[0]!, by: 'only-piece' };
  return placed;
}

async function positionOfLocation(store: Store, location: LedgerLocation): Promise<{ channelId: string; digestId: string; position: number | null } | undefined> {
  if (location.digestId === null) return undefined;
  const side = parseSidePostEdition(location.edition);
  if (side?.kind === 'discussion') return { channelId: location.channelId, digestId: side.digestId, position: side.position };
  if (side?.kind === 'answer') {
    const question = await store.discussion.getThreadComment(location.channelId, side.messageId);
    return { channelId: location.channelId, digestId: location.digestId, position: question?.position ?? null };
  }
  return { channelId: location.channelId, digestId: location.digestId, position: positionOfSlot(location.slot) };
}

async function withDigest(store: Store, channelId: string, digestId: string, position: number | null, by: PlacedMessage['by']): Promise<PlacedMessage | undefined> {
  const digest = await store.getDigest(digestId);
  if (digest === undefined || digest.channelId !== channelId) return undefined;
  if (position !== null && !digest.pieces.some((p) => p.position === position)) return { channelId, digest, position: null, by: 'none' };
  return { channelId, digest, position, by };
}
