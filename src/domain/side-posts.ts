/**
 * Posts the bot makes under an existing digest (a discussion digest, an answer to a question in the thread) go
 * through the same delivery ledger as digests: claimed once per (channel, edition), each message recorded as soon
 * as the platform accepts it, resumed after a crash. Their editions carry a prefix, so digest code can tell them
 * apart from digest editions (slot ISO instants and `manual:<ISO>`).
 */
export type SidePost =
  | { kind: 'discussion'; digestId: string; position: number }
  | { kind: 'answer'; messageId: string };

const DISCUSSION = 'discussion:';
const ANSWER = 'answer:';

/** The ledger edition of a side post. */
export function sidePostEdition(post: SidePost): string {
  return post.kind === 'discussion' ? `${DISCUSSION}${post.digestId}:${post.position}` : `${ANSWER}${post.messageId}`;
}

/** The side post an edition stands for, or null for a digest edition. */
export function parseSidePostEdition(edition: string): SidePost | null {
  if (edition.startsWith(DISCUSSION)) {
    const rest = edition.slice(DISCUSSION.length);
    const at = rest.lastIndexOf(':');
    const position = Number(rest.slice(at + 1));
    if (at <= 0 || !Number.isInteger(position) || position < 1) return null;
    return { kind: 'discussion', digestId: rest.slice(0, at), position };
  }
  if (edition.startsWith(ANSWER) && edition.length > ANSWER.length) return { kind: 'answer', messageId: edition.slice(ANSWER.length) };
  return null;
}

/** True for a digest's own edition; false for a side post posted under one. */
export function isDigestEdition(edition: string): boolean {
  return !edition.startsWith(DISCUSSION) && !edition.startsWith(ANSWER);
}

/** LIKE patterns of side-post editions, for queries that must leave them out. */
export const SIDE_POST_EDITION_PATTERNS = [`${DISCUSSION}%`, `${ANSWER}%`] as const;
