import type { SourceComment, StoredThreadComment } from '../domain/discussion.ts';

/** One comment a discussion digest may cite: a reply in the team's thread or a public comment of the source. */
export interface DiscussionComment {
  /** Stable within one digest: `t:<message id>` or `s:<guid>`. */
  id: string;
  origin: 'thread' | 'source';
  author: string;
  /** Untrusted text as written. */
  text: string;
  permalink: string;
  postedAt: Date | null;
  /** Reactions to it plus replies naming it: how much it was engaged with. */
  engagement: number;
}

export type DiscussionSectionKey = 'debating' | 'experiments' | 'priorWork' | 'questions';

/** The sections of a discussion digest, in the order they are shown. */
export const DISCUSSION_SECTIONS: readonly { key: DiscussionSectionKey; heading: string }[] = [
  { key: 'debating', heading: 'What readers are debating' },
  { key: 'experiments', heading: 'Experiments proposed' },
  { key: 'priorWork', heading: 'Prior work pointed to' },
  { key: 'questions', heading: 'Open questions' },
];

/** One point of a section: who said it, where, and a short quote that is verbatim in that comment. */
export interface DiscussionPoint {
  commentId: string;
  author: string;
  permalink: string;
  origin: DiscussionComment['origin'];
  /** The model's one-line gist; null offline, where the quote speaks for itself. */
  point: string | null;
  quote: string;
}

/** A piece's discussion, grouped; only sections with points are listed. */
export interface DiscussionDigest {
  sections: { key: DiscussionSectionKey; points: DiscussionPoint[] }[];
  /** Comments there were in all, and how many of them were read (a long thread is bounded). */
  total: number;
  read: number;
  /** 'offline': the most-engaged comments quoted and grouped, nothing written by a model. */
  summarisedBy: 'llm' | 'offline' | 'offline-fallback';
}

/** True when the digest has anything to post. */
export function hasPoints(digest: DiscussionDigest): boolean {
  return digest.sections.some((s) => s.points.length > 0);
}

/** The thread's replies and the source's comments as one list, each with its engagement. */
export function discussionComments(thread: readonly StoredThreadComment[], source: readonly SourceComment[]): DiscussionComment[] {
  const repliesTo = new Map<string, number>();
  for (const c of thread) if (c.replyTo !== null) repliesTo.set(c.replyTo, (repliesTo.get(c.replyTo) ?? 0) + 1);
  for (const c of source) if (c.inReplyTo !== null) repliesTo.set(c.inReplyTo, (repliesTo.get(c.inReplyTo) ?? 0) + 1);
  return [
    ...thread.map((c): DiscussionComment => ({
      id: `t:${c.messageId}`,
      origin: 'thread',
      author: c.authorName,
      text: c.text,
      permalink: c.permalink,
      postedAt: c.postedAt,
      engagement: c.reactions + (repliesTo.get(c.messageId) ?? 0),
    })),
    ...source.map((c): DiscussionComment => ({
      id: `s:${c.guid}`,
      origin: 'source',
      author: c.author,
      text: c.text,
      permalink: c.permalink,
      postedAt: c.postedAt,
      engagement: (repliesTo.get(c.guid) ?? 0) + (repliesTo.get(c.permalink) ?? 0),
    })),
  ].filter((c) => c.text.trim() !== '');
}

/** Limits on what one discussion digest reads: a thread of 500 replies is cut to these before any model sees it. */
export const DISCUSSION_BOUNDS = { comments: 60, charsPerComment: 1_500, totalChars: 30_000 } as const;

/**
 * The comments a digest reads: the most engaged first (then the earliest), at most `bounds.comments`, each cut to
 * `charsPerComment`, stopping before `totalChars`. Deterministic for the same input, so its cache key is stable.
 */
export function boundComments(comments: readonly DiscussionComment[], bounds: { comments: number; charsPerComment: number; totalChars: number } = DISCUSSION_BOUNDS): DiscussionComment[] {
  const ranked = [...comments].sort((a, b) => b.engagement - a.engagement || (a.postedAt?.getTime() ?? Infinity) - (b.postedAt?.getTime() ?? Infinity) || a.id.localeCompare(b.id));
  const kept: DiscussionComment[] = [];
  let chars = 0;
  for (const comment of ranked) {
    if (kept.length >= bounds.comments) break;
    const text = comment.text.length > bounds.charsPerComment ? comment.text.slice(0, bounds.charsPerComment) : comment.text;
    if (chars + text.length > bounds.totalChars) break;
    chars += text.length;
    kept.push({ ...comment, text });
  }
  return kept;
}
