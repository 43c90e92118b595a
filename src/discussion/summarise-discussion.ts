import { createHash } from 'node:crypto';
import type { BudgetGuard } from '../budget/workspace-budget.ts';
import { withUsageWorkspace } from '../budget/usage-scope.ts';
import type { WorkspaceKey } from '../domain/workspace.ts';
import type { Logger } from '../log/logger.ts';
import type { AskAnswerCache } from '../store/ports/operations.ts';
import { boundComments, hasPoints, type DiscussionComment, type DiscussionDigest } from './discussion-model.ts';
import { DISCUSSION_PROMPT_VERSION, parseDiscussionReply, verifyDiscussion, type DiscussionReply, type DiscussionRequest } from './llm-discussion.ts';
import { offlineDiscussion } from './offline-discussion.ts';

/** The piece a discussion is about, as the digest showed it. */
export interface DiscussedPiece {
  contentHash: string;
  title: string;
  sourceName: string;
  summary: string;
}

export interface SummariseDiscussionInput {
  workspace: WorkspaceKey;
  piece: DiscussedPiece;
  comments: readonly DiscussionComment[];
  language: string;
}

export interface DiscussionSummariserOptions {
  /** Null when no LLM is configured: every digest is the offline one. */
  llm: ((request: DiscussionRequest) => Promise<DiscussionReply>) | null;
  model: string;
  /** Where replies are kept by content, so the same discussion is digested once (the LLM answer cache). */
  cache: AskAnswerCache;
  /** The workspace's monthly budget: spent, and the digest is made offline. */
  budget?: BudgetGuard;
  now: () => Date;
  logger: Logger;
}

/** What the cache stores a discussion digest under, in the ask-answer cache's key space. */
const CACHE_QUESTION = '\u0000discussion-digest';

/** Identifies one bounded discussion: the piece's text and every comment read, as read. */
export function discussionHash(piece: DiscussedPiece, comments: readonly DiscussionComment[], language: string): string {
  return createHash('sha256').update(JSON.stringify([piece.contentHash, language, comments.map((c) => [c.id, c.author, c.text])])).digest('hex');
}

/**
 * Digests a piece's discussion: bounded first (a thread of 500 replies reaches the model as at most
 * DISCUSSION_BOUNDS), then from the cache, else by the model within the workspace's budget, every point checked
 * against its comment. Without a model, over budget, on a model failure, or when nothing the model said survives the
 * check, it is the offline digest: the commenters' own sentences, grouped. Never throws for the model's sake.
 */
export function createDiscussionSummariser(options: DiscussionSummariserOptions): (input: SummariseDiscussionInput) => Promise<DiscussionDigest> {
  const { logger } = options;
  return async (input) => {
    const comments = boundComments(input.comments);
    const total = input.comments.length;
    const offline = (summarisedBy: DiscussionDigest['summarisedBy']): DiscussionDigest => ({ ...offlineDiscussion(comments, total), summarisedBy });
    if (options.llm === null || comments.length === 0) return offline('offline');
    if (options.budget !== undefined && !(await options.budget.allowsLlm(input.workspace))) {
      logger.info({ workspace: input.workspace }, 'discussion digest made offline: the workspace’s LLM budget is spent');
      return offline('offline');
    }
    const key = {
      contentHash: discussionHash(input.piece, comments, input.language),
      question: CACHE_QUESTION,
      language: input.language,
      model: options.model,
      promptVersion: DISCUSSION_PROMPT_VERSION,
    };
    try {
      let reply = parseDiscussionReply(await options.cache.getAskAnswer(key));
      if (reply === undefined) {
        const request: DiscussionRequest = { title: input.piece.title, sourceName: input.piece.sourceName, pieceSummary: input.piece.summary, comments, language: input.language };
        reply = await withUsageWorkspace(input.workspace, () => options.llm!(request));
        await options.cache.putAskAnswer(key, reply, options.now());
      }
      const { digest, dropped } = verifyDiscussion(reply, comments, total);
      if (dropped > 0) logger.info({ dropped }, 'discussion digest: points whose quote is not in the comment they cite were dropped');
      return hasPoints(digest) ? digest : offline('offline-fallback');
    } catch (error) {
      logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'discussion digest: the LLM failed; quoting the comments instead');
      return offline('offline-fallback');
    }
  };
}
